import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Client } from '@temporalio/client';
import { roundFigures, roundInputFromPlan } from '../client/rounds';
import { projectRoot } from '../config/paths';
import { checkPlan, planSchema, proposeVisits, type Plan } from '../domain/plan';
import { addDays, type LocalDate } from '../domain/dates';
import { inspectionWorkflowId } from '../workflows/ids';
import { selfInspectionWorkflowId } from '../workflows/ids';
import { clock, skipTo } from './kit/inspection';
import { eventually, sharedCalendar, timeSkippingEnv } from './kit/temporal';
import { saveHistory } from './kit/histories';
import { smallRoundPlan } from './kit/round-plan';
import { useWorkerStack } from './kit/stack';
import { type InspectionState, stateQuery, updates } from '../workflows/inspection/contract';
import { progressQuery, ROUND_WORKFLOW, roundWorkflowId, type RoundWorkflow } from '../workflows/round/contract';
import { recordSelfInspectionReport, type SelfInspectionState, selfInspectionStateQuery } from '../workflows/self-inspection/contract';

/**
 * A whole round of the 34 units of the 2026 plan, time-skipped to its end with scripted units:
 * most report on time, some late, one never, one is cancelled, three are brought in mid-process
 * (notified, drafting, remediating), one remediates late. The summary's figures must match the script.
 */
const cal = sharedCalendar();
const wd = (d: LocalDate, n: number) => cal.addWorkingDays(d, n);
const BY = 'Phòng Kiểm soát TTHC';

const stack = useWorkerStack(timeSkippingEnv);

type Behaviour =
  'on_time' | 'late' | 'never' | 'cancelled' | 'late_remediation' | 'imported_notified' | 'imported_drafting' | 'imported_remediating';

describe('a whole round (time-skipping)', () => {
  it('runs 34 inspections and 6 self-inspections to the end and summarises them', async () => {
    const { today } = await clock(stack.env);
    const shipped = parse(fs.readFileSync(path.join(projectRoot, 'plans', 'haiphong-2026.yaml'), 'utf8')) as Record<string, unknown>;
    const units = (shipped.units as { name: string }[]).map((u) => ({ ...u })) as Plan['units'];
    // Three units brought in mid-process, with their facts so far.
    const remediatingVisit = wd(today, -25);
    Object.assign(units[0]!, {
      visit: { start: remediatingVisit, end: wd(remediatingVisit, 1) },
      current: {
        stage: 'remediating',
        report: { receivedOn: wd(remediatingVisit, -3), indicators: { onlineReceived: 70, satisfaction: 97 } },
        openingMeeting: remediatingVisit,
        closingMeeting: { date: wd(remediatingVisit, 1), preliminaryResults: 'Sơ bộ' },
        conclusion: {
          signer: 'Trần Văn B',
          signedOn: wd(remediatingVisit, 10),
          recommendations: [
            { text: 'Đã xong trước khi nhập', deadline: wd(today, -2), doneOn: wd(today, -3) },
            { text: 'Còn đang khắc phục', deadline: wd(today, 15) },
          ],
        },
      },
    });
    const draftingVisit = wd(today, -4);
    Object.assign(units[1]!, {
      visit: { start: draftingVisit, end: draftingVisit },
      current: { stage: 'drafting', openingMeeting: draftingVisit, closingMeeting: { date: draftingVisit, preliminaryResults: 'Sơ bộ' } },
    });
    Object.assign(units[2]!, { visit: { start: wd(today, 5), end: wd(today, 6) }, current: { stage: 'notified' } });
    // The Office has filled in the Trưởng đoàn, who signs every conclusion below.
    const team = shipped.team as { lead: Record<string, unknown> };
    const plan = planSchema.parse({
      ...shipped,
      team: { ...team, lead: { ...team.lead, name: 'Trần Văn B' } },
      units,
      window: { from: addDays(today, -60), to: addDays(today, 400) },
    });
    const { proposed, unplaced } = proposeVisits(plan, cal, today);
    expect(unplaced).toEqual([]);
    for (const u of plan.units) u.visit ??= proposed.get(u.name);
    expect(checkPlan(plan, cal, today).problems).toEqual([]);

    const behaviour = new Map<string, Behaviour>(
      plan.units.map((u, i) => [
        u.name,
        i === 0
          ? 'imported_remediating'
          : i === 1
            ? 'imported_drafting'
            : i === 2
              ? 'imported_notified'
              : i < 7
                ? 'late'
                : i === 7
                  ? 'never'
                  : i === 8
                    ? 'cancelled'
                    : i === 9
                      ? 'late_remediation'
                      : 'on_time',
      ]),
    );

    const input = roundInputFromPlan(plan);
    const roundHandle = await stack.env.client.workflow.start(ROUND_WORKFLOW, {
      taskQueue: stack.worker.options.taskQueue,
      workflowId: roundWorkflowId(plan.round),
      args: [input],
    });
    await eventually(
      async () => {
        const p = await roundHandle.query(progressQuery);
        return p.started === 40 ? p : undefined;
      },
      30_000,
      'every child to start',
    );

    const handle = (unit: string) => stack.env.client.workflow.getHandle(inspectionWorkflowId(plan.year, unit));
    for (const u of plan.units)
      await eventually(
        async () => ((await handle(u.name).query(stateQuery)).deadlines.length ? true : undefined),
        10_000,
        `${u.name} ready`,
      );

    // The script: every unit's actions, in time order.
    type Action = { at: LocalDate; time: string; unit: string; run: () => Promise<unknown> };
    const actions: Action[] = [];
    const signAndRemediate = (unit: string, from: LocalDate, lateRemediation: boolean) => {
      const signed = wd(from, 3);
      const deadline = wd(signed, 10);
      actions.push({
        at: signed,
        time: '10:00',
        unit,
        run: () =>
          handle(unit).executeUpdate(updates.signConclusion, {
            args: [{ signer: 'Trần Văn B', signedOn: signed, recommendations: [{ text: 'Khắc phục thiếu sót', deadline }], by: BY }],
          }),
      });
      const doneOn = lateRemediation ? wd(deadline, 3) : wd(signed, 4); // before the reminder, 5 working days ahead
      actions.push({
        at: doneOn,
        time: '10:00',
        unit,
        run: () =>
          handle(unit).executeUpdate(updates.recordRemediationReport, {
            args: [{ receivedOn: doneOn, done: [{ id: 'R1', evidence: 'Báo cáo khắc phục' }], by: BY }],
          }),
      });
    };
    for (const u of plan.units) {
      const b = behaviour.get(u.name)!;
      const { start, end } = u.visit!;
      const s = await handle(u.name).query(stateQuery);
      const reportBy = s.deadlines.find((d) => d.id === 'report')?.date;
      if (b === 'imported_remediating') {
        actions.push({
          at: wd(today, 2),
          time: '10:00',
          unit: u.name,
          run: () =>
            handle(u.name).executeUpdate(updates.recordRemediationReport, {
              args: [{ receivedOn: wd(today, 2), done: [{ id: 'R2', evidence: 'Xong' }], by: BY }],
            }),
        });
        continue;
      }
      if (b === 'imported_drafting') {
        signAndRemediate(u.name, today, false);
        continue;
      }
      if (b === 'cancelled') {
        const when = wd(s.deadlines.find((d) => d.id === 'notice')!.date, 1);
        actions.push({
          at: when,
          time: '11:00',
          unit: u.name,
          run: () => handle(u.name).executeUpdate(updates.cancel, { args: [{ reason: 'Đơn vị sáp nhập', by: BY }] }),
        });
        continue;
      }
      if (b === 'late')
        actions.push({
          at: start,
          time: '09:00',
          unit: u.name,
          run: () =>
            handle(u.name).executeUpdate(updates.recordReport, {
              args: [{ receivedOn: start, indicators: { onlineReceived: 60, satisfaction: 90 }, by: BY }],
            }),
        });
      if (b === 'on_time' || b === 'late_remediation' || b === 'imported_notified') {
        // On time: before the first reminder; the imported unit reports on its deadline day.
        const on = b === 'imported_notified' ? reportBy! : wd(reportBy!, -4);
        actions.push({
          at: on,
          time: '10:00',
          unit: u.name,
          run: () =>
            handle(u.name).executeUpdate(updates.recordReport, {
              args: [{ receivedOn: on, indicators: { onlineReceived: 85, satisfaction: 96 }, by: BY }],
            }),
        });
      }
      actions.push({
        at: start,
        time: '09:30',
        unit: u.name,
        run: () => handle(u.name).executeUpdate(updates.recordOpeningMeeting, { args: [{ date: start, by: BY }] }),
      });
      actions.push({
        at: end,
        time: '16:00',
        unit: u.name,
        run: () =>
          handle(u.name).executeUpdate(updates.recordClosingMeeting, { args: [{ date: end, preliminaryResults: 'Sơ bộ', by: BY }] }),
      });
      signAndRemediate(u.name, end, b === 'late_remediation');
    }
    actions.sort((a, b) => `${a.at}T${a.time}`.localeCompare(`${b.at}T${b.time}`));
    for (const a of actions) {
      const { now } = await clock(stack.env);
      const target = new Date(`${a.at}T${a.time}:00+07:00`).getTime();
      if (target > now) await skipTo(stack.env, a.at, a.time);
      await a.run();
    }

    const self = (unit: string) => stack.env.client.workflow.getHandle(selfInspectionWorkflowId(plan.year, unit));
    const selfUnits = plan.selfInspection!.units.map((u) => u.name);
    const { today: end } = await clock(stack.env);
    for (const u of selfUnits.slice(0, 4)) await self(u).executeUpdate(recordSelfInspectionReport, { args: [{ receivedOn: end, by: BY }] });

    const inspections: InspectionState[] = [];
    for (const u of plan.units) inspections.push(await handle(u.name).query(stateQuery));
    const selfStates: SelfInspectionState[] = [];
    for (const u of selfUnits) selfStates.push(await self(u).query(selfInspectionStateQuery));
    const figures = roundFigures({ round: plan.round, asOf: end, inspections, selfInspections: selfStates });

    const count = (...bs: Behaviour[]) => [...behaviour.values()].filter((b) => bs.includes(b)).length;
    expect(figures.inspections).toBe(34);
    expect(figures.byStage).toEqual({ closed: 33, cancelled: 1 });
    expect(figures.reportsReceived).toBe(count('on_time', 'late', 'late_remediation', 'imported_notified', 'imported_remediating'));
    expect(figures.reportsLate).toBe(count('late'));
    expect(figures.recommendations).toBe(34 - count('cancelled', 'imported_remediating') + 2);
    expect(figures.recommendationsDone).toBe(figures.recommendations);
    expect(figures.overdue).toEqual([]);
    expect(figures.selfReceived).toEqual(selfUnits.slice(0, 4));
    expect(figures.selfMissing).toEqual(selfUnits.slice(4));
    expect(figures.kpi.find((k) => k.id === 'onlineReceived')).toMatchObject({
      reported: figures.reportsReceived,
      met: count('on_time', 'late_remediation', 'imported_notified'),
    });

    const byName = new Map(inspections.map((s) => [s.config.unit.name, s]));
    const kinds = (unit: string) => byName.get(unit)!.emails.map((e) => e.kind);
    const [remediating, drafting, notified, , , , , never, , lateRemediation, onTime] = plan.units.map((u) => u.name);
    // Brought in mid-process: facts kept as imported, nothing sent for the past.
    expect(
      byName
        .get(remediating!)!
        .history.filter((h) => h.imported)
        .map((h) => h.action),
    ).toContain('Kết luận kiểm tra (nhập từ trước)');
    expect(kinds(remediating!)).toEqual([]);
    expect(kinds(drafting!)).toEqual(['conclusion', 'conclusion_notice']);
    // The imported unit gets only the reminders due after it was brought in (3 and 0 working days before).
    const notifiedState = byName.get(notified!)!;
    const dueAfterImport = [3, 0].filter(
      (k) =>
        new Date(`${wd(notifiedState.deadlines.find((d) => d.id === 'report')!.date, -k)}T08:00:00+07:00`).getTime() >=
        Date.parse(notifiedState.history[0]!.at),
    );
    expect(dueAfterImport.length).toBeGreaterThan(0);
    // Each report comes without the forms of II.2: the unit is reminded of them the next working day.
    expect(kinds(notified!)).toEqual([
      ...dueAfterImport.map(() => 'report_reminder'),
      'report_forms_reminder',
      'conclusion',
      'conclusion_notice',
    ]);
    expect(kinds(never!)).toEqual([
      'notice',
      'report_reminder',
      'report_reminder',
      'report_overdue_escalation',
      'conclusion',
      'conclusion_notice',
    ]);
    expect(kinds(lateRemediation!)).toEqual([
      'notice',
      'report_forms_reminder',
      'conclusion',
      'conclusion_notice',
      'remediation_reminder',
      'remediation_overdue_escalation',
    ]);
    expect(kinds(onTime!)).toEqual(['notice', 'report_forms_reminder', 'conclusion', 'conclusion_notice']);
    expect(byName.get(never!)!.report).toBeUndefined();

    for (const u of selfUnits.slice(4)) await self(u).executeUpdate(recordSelfInspectionReport, { args: [{ receivedOn: end, by: BY }] });
    await eventually(
      async () => {
        const d = await roundHandle.describe();
        return d.status.name === 'COMPLETED' ? d : undefined;
      },
      30_000,
      'the round to complete',
    );
    const progress = await new Client({ connection: stack.env.connection }).workflow
      .getHandle<RoundWorkflow>(roundHandle.workflowId)
      .result();
    expect(progress).toMatchObject({ total: 40, started: 40, finished: 40 });
    await saveHistory(stack.env, roundHandle.workflowId, 'kit-round-34-units-6-self-inspections');
    await saveHistory(stack.env, handle(remediating!).workflowId, 'kit-child-imported-remediating');
    await saveHistory(stack.env, handle(drafting!).workflowId, 'kit-child-imported-drafting');
    await saveHistory(stack.env, handle(never!).workflowId, 'kit-child-report-never-sent');
    await saveHistory(stack.env, self(selfUnits[0]!).workflowId, 'kit-self-inspection-reported');
  }, 300_000);
});

describe('a round that grows large', () => {
  it('continues as new, carrying its progress, and still sees every child finish', async () => {
    const { today } = await clock(stack.env);
    const plan = smallRoundPlan('can-round', 2027, 6, today);
    const input = { ...roundInputFromPlan(plan), historyLimit: 12 };
    const h = await stack.env.client.workflow.start(ROUND_WORKFLOW, {
      taskQueue: stack.worker.options.taskQueue,
      workflowId: roundWorkflowId('can-round'),
      args: [input],
    });
    const firstRun = (await h.describe()).runId;
    await eventually(async () => ((await h.query(progressQuery)).started === 6 ? true : undefined), 30_000, 'all started');
    expect((await h.describe()).runId).not.toBe(firstRun);
    for (const u of plan.units) {
      const child = stack.env.client.workflow.getHandle(inspectionWorkflowId(2027, u.name));
      await eventually(async () => ((await child.query(stateQuery)).deadlines.length ? true : undefined), 10_000, 'ready');
      await child.executeUpdate(updates.cancel, { args: [{ reason: 'Kiểm thử', by: BY }] });
    }
    await eventually(async () => ((await h.describe()).status.name === 'COMPLETED' ? true : undefined), 30_000, 'the round to complete');
    const progress = await new Client({ connection: stack.env.connection }).workflow.getHandle<RoundWorkflow>(h.workflowId).result();
    expect(progress).toMatchObject({ total: 6, started: 6, finished: 6 });
    expect(progress.children.every((c) => c.finalStage === 'cancelled')).toBe(true);
  }, 120_000);
});

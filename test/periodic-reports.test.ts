import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { addDays, type LocalDate } from '../domain/dates';
import { periodBefore, periodById, periodEndingIn, previousPeriod, reportDue } from '../domain/periods';
import { loadReportingUnits, loadTaskPlan } from '../loaders/task-plan';
import { periodFigures } from '../client/reports';
import {
  PERIODIC_REPORT_TYPE,
  periodicReportOptions,
  periodicReportStateQuery,
  recordPeriodicReport,
  type PeriodicReportState,
} from '../workflows/periodic-report/contract';
import { periodicReportWorkflowId } from '../workflows/ids';
import { clock, skipTo } from './kit/inspection';
import { saveHistory, upsertedAttributes } from './kit/histories';
import { useWorkerStack } from './kit/stack';
import { eventually, sharedCalendar, timeSkippingEnv } from './kit/temporal';
import { periodMarkdown } from '../client/cli/period-report';

const cal = sharedCalendar();

describe('reporting periods (Nghị định 09/2019/NĐ-CP, Điều 12)', () => {
  it('cuts the data off on the 14th: monthly, quarterly, six-monthly, annual', () => {
    expect(periodEndingIn('monthly', 2026, 11)).toEqual({
      kind: 'monthly',
      id: '2026-11',
      label: 'tháng 11/2026',
      from: '2026-10-15',
      to: '2026-11-14',
    });
    expect(periodEndingIn('monthly', 2026, 1)).toMatchObject({ from: '2025-12-15', to: '2026-01-14' });
    expect(periodEndingIn('quarterly', 2026, 12)).toEqual({
      kind: 'quarterly',
      id: '2026-Q4',
      label: 'quý IV/2026',
      from: '2026-09-15',
      to: '2026-12-14',
    });
    expect(periodEndingIn('quarterly', 2026, 3)).toMatchObject({ from: '2025-12-15', to: '2026-03-14' });
    expect(periodEndingIn('sixMonthly', 2026, 6)).toEqual({
      kind: 'sixMonthly',
      id: '2026-H1',
      label: '6 tháng đầu năm 2026',
      from: '2025-12-15',
      to: '2026-06-14',
    });
    expect(periodEndingIn('annual', 2026, 12)).toEqual({
      kind: 'annual',
      id: '2026',
      label: 'năm 2026',
      from: '2025-12-15',
      to: '2026-12-14',
    });
  });

  it('finds the period a schedule firing on the 15th reports, its predecessor, and a period by id', () => {
    expect(periodBefore('monthly', '2026-11-15').id).toBe('2026-11');
    expect(periodBefore('monthly', '2026-11-14').id).toBe('2026-10');
    expect(periodBefore('quarterly', '2026-12-15').id).toBe('2026-Q4');
    expect(periodBefore('quarterly', '2026-11-15').id).toBe('2026-Q3');
    expect(periodBefore('annual', '2026-01-20').id).toBe('2025');
    expect(previousPeriod(periodById('2026-01')!).id).toBe('2025-12');
    expect(previousPeriod(periodById('2026-Q1')!).id).toBe('2025-Q4');
    expect(periodById('2026-13')).toBeUndefined();
    expect(reportDue(cal, periodById('2026-11')!, 3)).toBe('2026-11-18');
  });
});

/**
 * A year of monthly and quarterly reporting for 3 units, time-skipped: one reports on time, one
 * late, one never. The consolidated figures name the late and the missing unit for every period.
 */
describe('a year of periodic reports (time-skipping)', () => {
  const stack = useWorkerStack(timeSkippingEnv);
  const file = path.join(projectRoot, 'plans', 'kstthc-2026.yaml');
  const plan = loadTaskPlan(file);
  const units = loadReportingUnits(file, plan).slice(0, 3);
  const [onTime, late, never] = units.map((u) => u.name) as [string, string, string];

  it('requests, reminds, escalates, records and consolidates 12 months and 4 quarters', async () => {
    const year = Number((await clock(stack.env)).today.slice(0, 4)) + 1;
    const started: { id: string; due: LocalDate }[] = [];
    const statesOf = async (periodId: string) => {
      const out: Record<string, PeriodicReportState> = {};
      for (const u of units)
        out[u.name] = await stack.env.client.workflow
          .getHandle(periodicReportWorkflowId(plan.id, periodId, u.name))
          .query(periodicReportStateQuery);
      return out;
    };
    for (let month = 1; month <= Number(process.env.KIEMTRA_TEST_MONTHS ?? 12); month++) {
      const day = `${year}-${String(month).padStart(2, '0')}-15`;
      await skipTo(stack.env, day, '08:30');
      const kinds = month % 3 === 0 ? (['monthly', 'quarterly'] as const) : (['monthly'] as const);
      const dues: LocalDate[] = [];
      for (const kind of kinds) {
        const input = {
          plan: plan.id,
          planTitle: plan.title,
          kind,
          units,
          contacts: { coordinator: plan.coordinator, center: plan.center },
          submitWorkingDaysAfterCutoff: plan.reporting.submitWorkingDaysAfterCutoff,
          scheduledFor: day,
        };
        // The reports a period starts, started here directly: the Java test server stops skipping
        // time after an update to a child whose parent has completed (reportingPeriod is tested apart).
        const period = periodBefore(kind, day);
        const r = { period, due: reportDue(cal, period, plan.reporting.submitWorkingDaysAfterCutoff) };
        for (const o of periodicReportOptions(input, period, r.due))
          await stack.env.client.workflow.start(PERIODIC_REPORT_TYPE, { ...o, taskQueue: stack.worker.options.taskQueue });
        started.push({ id: r.period.id, due: r.due });
        dues.push(r.due);
        await eventually(async () => ((await statesOf(r.period.id))[onTime]!.deadline ? true : undefined), 20_000, 'the reports to load');
        await stack.env.client.workflow
          .getHandle(periodicReportWorkflowId(plan.id, r.period.id, onTime))
          .executeUpdate(recordPeriodicReport, {
            args: [{ receivedOn: day, indicators: { onlineReceived: 70 + month, satisfaction: 96 }, by: 'A' }],
          });
      }
      const lateDay = cal.addWorkingDays(dues[0]!, 2);
      await skipTo(stack.env, lateDay, '10:00');
      for (const p of started.slice(-kinds.length)) {
        await stack.env.client.workflow.getHandle(periodicReportWorkflowId(plan.id, p.id, late)).executeUpdate(recordPeriodicReport, {
          args: [{ receivedOn: lateDay, indicators: { onlineReceived: 85, satisfaction: 90 }, by: 'A' }],
        });
      }
    }
    expect(started.map((s) => s.id)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].flatMap((m) => [
        `${year}-${String(m).padStart(2, '0')}`,
        ...(m % 3 === 0 ? [`${year}-Q${m / 3}`] : []),
      ]),
    );

    const first = (await statesOf(`${year}-01`))[never]!;
    expect(first.status).toBe('report_missing');
    expect(first.emails.map((e) => e.kind)).toEqual([
      'periodic_report_request',
      'periodic_report_reminder',
      'periodic_report_overdue_escalation',
    ]);

    const nov = periodById(`${year}-11`)!;
    const data = (p: typeof nov, s: Record<string, PeriodicReportState>, before: Record<string, PeriodicReportState>) => ({
      planTitle: plan.title,
      asOf: addDays(nov.to, 20),
      period: p,
      previous: previousPeriod(p),
      units: units.map((u) => ({ unit: u.name, report: s[u.name], previous: before[u.name] })),
    });
    const novData = data(nov, await statesOf(nov.id), await statesOf(`${year}-10`));
    const figures = periodFigures(novData);
    expect(figures).toMatchObject({ period: `${year}-11`, units: 3, received: 2, late: [late], missing: [never] });
    const online = figures.byTarget.find((t) => t.id === 'onlineReceived')!;
    expect(online).toMatchObject({ reported: 2, met: 2, average: (81 + 85) / 2, previousAverage: (80 + 85) / 2, trend: 0.5 });
    expect(figures.misses).toEqual([{ unit: late, target: 'satisfaction', text: 'Mức độ hài lòng của người dân, doanh nghiệp 90% < 95%' }]);
    const md = periodMarkdown(novData);
    expect(md).toContain(`# Báo cáo tổng hợp kết quả kiểm soát thủ tục hành chính tháng 11/${year}`);
    expect(md).toContain(`Chưa báo cáo: ${never}.`);
    expect(md).toContain(`Báo cáo muộn: ${late}.`);
    expect(md).toContain('tăng 0,5%');

    const q4 = periodById(`${year}-Q4`)!;
    expect(periodFigures(data(q4, await statesOf(q4.id), await statesOf(`${year}-Q3`)))).toMatchObject({
      received: 2,
      late: [late],
      missing: [never],
    });
    // The start options set every attribute; only changes are upserted.
    const upserts = (unit: string) =>
      stack.env.client.workflow
        .getHandle(periodicReportWorkflowId(plan.id, `${year}-01`, unit))
        .fetchHistory()
        .then(upsertedAttributes);
    const settled = ['InspectionNextDeadline', 'InspectionOverdue', 'InspectionStage'];
    expect(await upserts(onTime)).toEqual([['InspectionNextDeadline', 'InspectionStage']]);
    expect(await upserts(late)).toEqual([['InspectionOverdue'], settled]);
    expect(await upserts(never)).toEqual([['InspectionOverdue'], settled]);
    await saveHistory(
      stack.env,
      periodicReportWorkflowId(plan.id, `${year}-01`, never),
      'periodic-report-diffed-publish-reminded-escalated-missing',
    );
    await saveHistory(stack.env, periodicReportWorkflowId(plan.id, `${year}-01`, late), 'periodic-report-diffed-publish-late');
  }, 300_000);
});

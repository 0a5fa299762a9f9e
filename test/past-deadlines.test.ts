import { describe, expect, it } from 'vitest';
import { formatLocalDateTime, localDateOf } from '../domain/dates';
import { liveDates } from './kit/live-dates';
import { nextSendMoment, PAST_AT_START } from '../domain/send-times';
import { clock, COORDINATOR, emailLines, inspectionInput, skipTo, state } from './kit/inspection';
import { useWorkerStack } from './kit/stack';
import { eventually, sharedCalendar, timeSkippingEnv } from './kit/temporal';
import { INSPECTION_WORKFLOW, inspectionStartOptions } from '../workflows/inspection/contract';
import { SELF_INSPECTION_WORKFLOW, selfInspectionStartOptions, selfInspectionStateQuery } from '../workflows/self-inspection/contract';
import path from 'node:path';
import { projectRoot } from '../config/paths';
import { addDays } from '../domain/dates';
import { periodBefore, reportDue } from '../domain/periods';
import { deadlinePassedAt } from '../domain/send-times';
import { loadReportingUnits, loadTaskPlan } from '../loaders/task-plan';
import { periodicReportWorkflowId } from '../workflows/ids';
import { notRequestedText, periodicReportStateQuery } from '../workflows/periodic-report/contract';
import { REPORTING_PERIOD_TYPE, type ReportingPeriodInput, type ReportingPeriodWorkflow } from '../workflows/reporting-period/contract';
import { saveHistory } from './kit/histories';

/**
 * A deadline already past when a workflow starts (an import, a late start, a self-inspection that
 * begins after its date) is escalated once, at the first 08:00 of a working day after the start,
 * and the state says so; nothing is sent for a reminder whose moment has passed.
 */
const cal = sharedCalendar();
const stack = useWorkerStack(timeSkippingEnv);
const at = (ms: number) => formatLocalDateTime(ms);

describe('deadlines already past at the start (time-skipping)', () => {
  it('an imported inspection whose report is overdue escalates once at the next 08:00', async () => {
    const { now } = await clock(stack.env);
    const visit = liveDates(cal, now).reportOverdue;
    const options = inspectionStartOptions(
      { ...inspectionInput('UBND phường An Biên', visit), round: 'past', current: { stage: 'on_site' } },
      stack.worker.options.taskQueue,
    );
    const handle = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, options);
    const due = nextSendMoment(cal, now);
    const first = await eventually(
      async () => {
        const s = await state(handle);
        return s.pendingReminders.length ? s : undefined;
      },
      20_000,
      'the inspection to load',
    );
    expect(first.emails).toEqual([]);
    expect(first.overdue).toEqual(['report']);
    expect(first.pendingReminders[0]).toMatchObject({
      label: `Báo cáo quá hạn: báo điều phối viên (${PAST_AT_START})`,
      at: new Date(due).toISOString(),
    });
    expect(first.history.map((h) => h.action)).toContain(`Báo cáo quá hạn: báo điều phối viên (${PAST_AT_START}): gửi lúc ${at(due)}`);

    await skipTo(stack.env, localDateOf(due), '08:30');
    const after = await state(handle);
    expect(emailLines(after)).toEqual([`report_overdue_escalation → ${COORDINATOR} @ ${at(due)} (sent)`]);
    expect(after.pendingReminders.map((p) => p.label)).not.toContain(`Báo cáo quá hạn: báo điều phối viên (${PAST_AT_START})`);
    await handle.terminate('test done');
  });

  it('a self-inspection that starts after its deadline escalates once at the next 08:00', async () => {
    const { now, today } = await clock(stack.env);
    const input = inspectionInput('Sở Công Thương', { start: today, end: today });
    const options = selfInspectionStartOptions(
      {
        round: 'past',
        year: Number(today.slice(0, 4)),
        unit: input.unit,
        before: cal.addWorkingDays(today, -8),
        basis: 'Kế hoạch, Mục V.4',
        contacts: input.contacts,
      },
      stack.worker.options.taskQueue,
    );
    const handle = await stack.env.client.workflow.start(SELF_INSPECTION_WORKFLOW, options);
    const due = nextSendMoment(cal, now);
    const first = await eventually(
      async () => {
        const s = await handle.query(selfInspectionStateQuery);
        return s.pending.length ? s : undefined;
      },
      20_000,
      'the self-inspection to load',
    );
    expect(first.overdue).toBe(true);
    expect(first.emails).toEqual([]);
    expect(first.pending).toEqual([
      { at: new Date(due).toISOString(), label: `Báo cáo tự kiểm tra quá hạn: báo điều phối viên (${PAST_AT_START})` },
    ]);
    expect(first.history.map((h) => h.action).join('\n')).toContain(`đã qua khi bắt đầu theo dõi: báo điều phối viên lúc ${at(due)}`);

    await skipTo(stack.env, localDateOf(due), '08:30');
    const after = await handle.query(selfInspectionStateQuery);
    expect(after.emails.map((e) => `${e.kind} → ${e.to.join(',')} @ ${at(Date.parse(e.requestedAt))} (${e.status})`)).toEqual([
      `self_inspection_overdue_escalation → ${COORDINATOR} @ ${at(due)} (sent)`,
    ]);
    expect(after.pending).toEqual([]);
    await handle.terminate('test done');
  });

  it('a reporting period started after its deadline asks no unit and marks none missing a second later', async () => {
    const file = path.join(projectRoot, 'plans', 'kstthc-2026.yaml');
    const plan = loadTaskPlan(file);
    const units = loadReportingUnits(file, plan).slice(0, 3);
    const { now, today } = await clock(stack.env);
    // The monthly period of two months ago (a Schedule catching up after an outage, a backfill):
    // its deadline, and the close 30 days after it, are both behind us.
    const day = `${addDays(today, -62).slice(0, 7)}-15`;
    const period = periodBefore('monthly', day);
    const due = reportDue(cal, period, plan.reporting.submitWorkingDaysAfterCutoff);
    expect(deadlinePassedAt(addDays(due, 30), now)).toBe(true);
    const input: ReportingPeriodInput = {
      plan: plan.id,
      planTitle: plan.title,
      kind: 'monthly',
      units,
      contacts: { coordinator: plan.coordinator, center: plan.center },
      submitWorkingDaysAfterCutoff: plan.reporting.submitWorkingDaysAfterCutoff,
      scheduledFor: day,
    };
    const workflowId = `period-late-${period.id}`;
    const sentBefore = stack.smtp.messages.length;
    const result = await stack.env.client.workflow.execute<ReportingPeriodWorkflow>(REPORTING_PERIOD_TYPE, {
      workflowId,
      taskQueue: stack.worker.options.taskQueue,
      args: [input],
    });
    const ids = units.map((u) => periodicReportWorkflowId(plan.id, period.id, u.name));
    expect(result).toMatchObject({ period: { id: period.id }, due, reports: ids, notRequested: {} });
    const states = () => Promise.all(ids.map((id) => stack.env.client.workflow.getHandle(id).query(periodicReportStateQuery)));
    await eventually(async () => ((await states()).every((s) => s.notRequested) ? true : undefined), 20_000, 'the reports to load');

    // A second later, and the next morning: nothing sent, nothing escalated, nothing closed as missing.
    await stack.env.sleep(1_000);
    await skipTo(stack.env, addDays(today, 1), '09:00');
    for (const s of await states()) {
      expect(s).toMatchObject({ status: 'report_waiting', overdue: false, emails: [] });
      expect(s.notRequested!.text).toBe(notRequestedText(due, Date.parse(s.notRequested!.at)));
      expect(s.pending.map((p) => p.label)).toEqual(['Đóng kỳ báo cáo: không nhận được báo cáo (kỳ mở sau hạn, không đề nghị)']);
      expect(s.history.map((h) => h.action)).toContain(s.notRequested!.text);
    }
    expect(stack.smtp.messages.slice(sentBefore).flatMap((m) => m.envelopeTo)).toEqual([]);

    // Its close, 30 days after the start, is in the rules' tests (test/periodic-report-rules.test.ts): the
    // Java test server stops skipping time once a child of a completed parent completes.
    await saveHistory(stack.env, workflowId, 'reporting-period-past-deadline-not-requested');
    await saveHistory(stack.env, ids[0]!, 'periodic-report-past-deadline-not-requested');
    for (const id of ids) await stack.env.client.workflow.getHandle(id).terminate('test done');
  });
});

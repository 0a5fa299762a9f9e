import { describe, expect, it } from 'vitest';
import { formatLocalDateTime, localDateOf } from '../domain/dates';
import { liveDates } from './kit/live-dates';
import { nextSendMoment, PAST_AT_START } from '../domain/send-times';
import { clock, COORDINATOR, emailLines, inspectionInput, skipTo, state } from './kit/inspection';
import { useWorkerStack } from './kit/stack';
import { eventually, sharedCalendar, timeSkippingEnv } from './kit/temporal';
import { INSPECTION_WORKFLOW, inspectionStartOptions } from '../workflows/inspection/contract';
import { SELF_INSPECTION_WORKFLOW, selfInspectionStartOptions, selfInspectionStateQuery } from '../workflows/self-inspection/contract';

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
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client } from '@temporalio/client';
import { projectRoot } from '../config/paths';
import { formatLocalDateTime, localDateOf } from '../domain/dates';
import { planTaskInputs } from '../client/tasks';
import { loadTaskPlan } from '../loaders/task-plan';
import { at8, nextSendMoment, overdueAt, PAST_AT_START } from '../domain/send-times';
import {
  completeTask,
  extendTask,
  PLAN_TASK_TYPE,
  planTaskStartOptions,
  planTaskStateQuery,
  type PlanTaskState,
  type PlanTaskWorkflow,
} from '../workflows/plan-task/contract';
import { clock, skipTo } from './kit/inspection';
import { saveHistory, upsertedAttributes } from './kit/histories';
import { useWorkerStack } from './kit/stack';
import { eventually, sharedCalendar, timeSkippingEnv } from './kit/temporal';

/** A dated task of the 2026 plan, time-skipped: reminders, escalation, extension, completion. */
const cal = sharedCalendar();
const stack = useWorkerStack(timeSkippingEnv);
const plan = loadTaskPlan(path.join(projectRoot, 'plans', 'kstthc-2026.yaml'));
const COORDINATOR = plan.coordinator.email;
const LEAD = 'vp-ubnd@haiphong.example';
const lines = (s: PlanTaskState) =>
  s.emails.map((e) => `${e.kind} → ${e.to.join(',')} @ ${formatLocalDateTime(Date.parse(e.requestedAt))} (${e.status})`);
const at = (d: string) => formatLocalDateTime(at8(d));

function input(id: string, due: string) {
  const base = planTaskInputs(plan).find((i) => i.task.id === id)!;
  return { ...base, due, emails: [LEAD] };
}

describe('a dated task of the yearly plan (time-skipping)', () => {
  it('reminds the lead agency 10, 3 and 0 working days before, escalates after, then follows an extension to completion', async () => {
    const { today } = await clock(stack.env);
    const due = cal.addWorkingDays(today, 12);
    const o = planTaskStartOptions(input('I.2', due), stack.worker.options.taskQueue);
    const handle = await stack.env.client.workflow.start(PLAN_TASK_TYPE, o);
    const late = overdueAt(cal, due);
    await skipTo(stack.env, localDateOf(late), '09:00');
    const escalated = await handle.query(planTaskStateQuery);
    expect(lines(escalated)).toEqual([
      `task_reminder → ${LEAD} @ ${at(cal.addWorkingDays(due, -10))} (sent)`,
      `task_reminder → ${LEAD} @ ${at(cal.addWorkingDays(due, -3))} (sent)`,
      `task_reminder → ${LEAD} @ ${at(due)} (sent)`,
      `task_overdue_escalation → ${COORDINATOR} @ ${formatLocalDateTime(late)} (sent)`,
    ]);
    expect(escalated.overdue).toBe(true);

    const { today: now } = await clock(stack.env);
    const due2 = cal.addWorkingDays(now, 5);
    const extended = await handle.executeUpdate(extendTask, {
      args: [{ due: due2, reason: 'Chờ ý kiến của Bộ Tư pháp', by: 'Phòng KSTTHC' }],
    });
    expect(extended.overdue).toBe(false);
    expect(extended.history.at(-1)?.detail).toContain('lý do: Chờ ý kiến của Bộ Tư pháp');
    await skipTo(stack.env, due2, '09:00');
    // Only the reminders still ahead when the deadline moved: 3 and 0 working days before the new one.
    expect(lines(await handle.query(planTaskStateQuery)).slice(4)).toEqual([
      `task_reminder → ${LEAD} @ ${at(cal.addWorkingDays(due2, -3))} (sent)`,
      `task_reminder → ${LEAD} @ ${at(due2)} (sent)`,
    ]);
    const done = await handle.executeUpdate(completeTask, {
      args: [{ document: 'Quyết định số 12/2026/QĐ-UBND', signedOn: due2, by: 'Phòng KSTTHC' }],
    });
    expect(done.status).toBe('task_done');
    const result = await eventually(
      async () => {
        const d = await handle.describe();
        return d.status.name === 'COMPLETED'
          ? new Client({ connection: stack.env.connection }).workflow.getHandle<PlanTaskWorkflow>(o.workflowId).result()
          : undefined;
      },
      20_000,
      'the task to complete',
    );
    expect(result.product).toEqual({ document: 'Quyết định số 12/2026/QĐ-UBND', signedOn: due2 });
    expect(result.emails).toHaveLength(6);
    // The start options set every attribute; only changes are upserted: overdue at the escalation,
    // the new deadline (no longer overdue) at the extension, the stage (no next deadline) at the end.
    expect(upsertedAttributes(await handle.fetchHistory())).toEqual([
      ['InspectionOverdue'],
      ['InspectionNextDeadline', 'InspectionOverdue'],
      ['InspectionNextDeadline', 'InspectionStage'],
    ]);
    await saveHistory(stack.env, o.workflowId, 'plan-task-diffed-publish-reminded-escalated-extended-done');
  });

  it('a task whose deadline had passed at the start escalates once, at the next 08:00', async () => {
    const { now, today } = await clock(stack.env);
    const due = cal.addWorkingDays(today, -5);
    const handle = await stack.env.client.workflow.start(
      PLAN_TASK_TYPE,
      planTaskStartOptions(input('I.3', due), stack.worker.options.taskQueue),
    );
    const next = nextSendMoment(cal, now);
    const first = await eventually(
      async () => {
        const s = await handle.query(planTaskStateQuery);
        return s.pending.length ? s : undefined;
      },
      20_000,
      'the task to load',
    );
    expect(first.overdue).toBe(true);
    expect(first.pending).toEqual([{ at: new Date(next).toISOString(), label: `Nhiệm vụ quá hạn: báo điều phối viên (${PAST_AT_START})` }]);
    await skipTo(stack.env, localDateOf(next), '09:00');
    expect(lines(await handle.query(planTaskStateQuery))).toEqual([
      `task_overdue_escalation → ${COORDINATOR} @ ${formatLocalDateTime(next)} (sent)`,
    ]);
    await handle.terminate('test done');
  });
});

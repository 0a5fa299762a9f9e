import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { formatLocalDateTime, localInstant } from '../domain/dates';
import type { ApplicationFailure } from '@temporalio/common';
import { planTaskInputs } from '../client/tasks';
import { loadTaskPlan } from '../loaders/task-plan';
import { PAST_AT_START } from '../domain/send-times';
import {
  completePlanTaskInput,
  PLAN_TASK_STATUS_LABELS,
  planTaskStartOptions,
  planTaskStatusLabel,
  type PlanTaskConfig,
  type PlanTaskState,
} from '../workflows/plan-task/contract';
import {
  applyCancel,
  applyComplete,
  applyExtend,
  checkComplete,
  checkExtend,
  initialPlanTaskState,
  isOverdue,
  leadMailboxes,
  planTaskAgenda,
  planTaskDetails,
  refuseClosed,
  setPlanDeadline,
  type PlanTaskContext,
} from '../workflows/plan-task/rules';
import { sharedCalendar } from './kit/shared-data';

/** The failure a refusal throws: its message and its type. */
const failure = (message: string, type: string) => expect.objectContaining({ message, type }) as unknown as ApplicationFailure;

/** A dated task's rules without Temporal, on task I.2 of the 2026 plan moved to Tuesday 30/06/2026. */
const cal = sharedCalendar();
const plan = loadTaskPlan(path.join(projectRoot, 'plans', 'kstthc-2026.yaml'));
const DUE = '2026-06-30';
const LEAD = 'vp-ubnd@haiphong.example';
const config: PlanTaskConfig = completePlanTaskInput({
  ...planTaskInputs(plan).find((i) => i.task.id === 'I.2')!,
  due: DUE,
  emails: [LEAD],
});
const at = (date: string, time = '00:00') => localInstant(date, time).getTime();
const ctx = (startedAt: number): PlanTaskContext => ({ config, cal, startedAt });
const lines = (s: PlanTaskState, c: PlanTaskContext) =>
  planTaskAgenda(s, c).map((i) => `${i.id} ${i.kind} → ${i.to.join(',')} @ ${formatLocalDateTime(i.at)}: ${i.label}`);

/** Task I.2 started at `startedAt` (by default 01/06/2026 09:00), its deadline set. */
function openState(startedAt = at('2026-06-01', '09:00')): PlanTaskState {
  const s = initialPlanTaskState('task-kstthc-2026-i-2', config, startedAt);
  setPlanDeadline(s, ctx(startedAt), startedAt);
  return s;
}

describe("a task's agenda", () => {
  it('reminds the lead agency 10, 3 and 0 working days before at 08:00 and escalates at 08:00 of the next working day', () => {
    const coordinator = config.contacts.coordinator.email;
    expect(lines(openState(), ctx(at('2026-06-01', '09:00')))).toEqual([
      `reminder:${DUE}:10 task_reminder → ${LEAD} @ 16/06/2026 08:00: Nhắc thời hạn nhiệm vụ`,
      `reminder:${DUE}:3 task_reminder → ${LEAD} @ 25/06/2026 08:00: Nhắc thời hạn nhiệm vụ`,
      `reminder:${DUE}:0 task_reminder → ${LEAD} @ 30/06/2026 08:00: Nhắc thời hạn nhiệm vụ`,
      `overdue:${DUE} task_overdue_escalation → ${coordinator} @ 01/07/2026 08:00: Nhiệm vụ quá hạn: báo điều phối viên`,
    ]);
  });

  it('leaves out the reminders whose moment had passed when the deadline was set, at the start or at an extension', () => {
    expect(planTaskAgenda(openState(at('2026-06-20')), ctx(at('2026-06-20'))).map((i) => i.id)).toEqual([
      `reminder:${DUE}:3`,
      `reminder:${DUE}:0`,
      `overdue:${DUE}`,
    ]);
    const s = openState(at('2026-06-01'));
    // Extended on 10/07 to Friday 31/07/2026: 10 working days before is 17/07, still ahead.
    applyExtend(s, { due: '2026-07-31', reason: 'x', by: 'A' }, cal, at('2026-07-10', '10:00'));
    expect(planTaskAgenda(s, ctx(at('2026-06-01'))).map((i) => `${i.id} @ ${formatLocalDateTime(i.at)}`)).toEqual([
      'reminder:2026-07-31:10 @ 17/07/2026 08:00',
      'reminder:2026-07-31:3 @ 28/07/2026 08:00',
      'reminder:2026-07-31:0 @ 31/07/2026 08:00',
      'overdue:2026-07-31 @ 03/08/2026 08:00',
    ]);
    applyExtend(s, { due: '2026-08-14', reason: 'y', by: 'A' }, cal, at('2026-08-10', '10:00'));
    expect(planTaskAgenda(s, ctx(at('2026-06-01'))).map((i) => i.id)).toEqual([
      'reminder:2026-08-14:3',
      'reminder:2026-08-14:0',
      'overdue:2026-08-14',
    ]);
  });

  it('has nothing to do once the task is closed', () => {
    const s = openState();
    applyCancel(s, { reason: 'x', by: 'A' }, at('2026-06-02'));
    expect(planTaskAgenda(s, ctx(at('2026-06-01')))).toEqual([]);
  });

  it('defers an escalation already due at the start to the next 08:00 of a working day, and says so', () => {
    // Started on Saturday 04/07/2026 at 03:00: the next sending moment is Monday 06/07 08:00.
    const s = openState(at('2026-07-04', '03:00'));
    expect(s.history.at(-1)!.action).toBe(
      'Hạn ngày 30/6/2026 (thứ Ba) đã qua khi bắt đầu theo dõi: báo điều phối viên lúc 06/07/2026 08:00',
    );
    expect(lines(s, ctx(at('2026-07-04', '03:00')))).toEqual([
      `overdue:${DUE} task_overdue_escalation → ${config.contacts.coordinator.email} @ 06/07/2026 08:00: Nhiệm vụ quá hạn: báo điều phối viên (${PAST_AT_START})`,
    ]);
  });

  it('sends the reminders to the coordinator when the lead agency has no mailbox', () => {
    const none = { ...config, emails: [] };
    expect(leadMailboxes(none)).toEqual([config.contacts.coordinator.email]);
    expect(planTaskAgenda(openState(), { ...ctx(at('2026-06-01')), config: none })[0]!.to).toEqual([config.contacts.coordinator.email]);
  });

  it('is overdue from the escalation moment while open, never once done', () => {
    const s = openState();
    expect(isOverdue(s, cal, at('2026-07-01', '07:59'))).toBe(false);
    expect(isOverdue(s, cal, at('2026-07-01', '08:00'))).toBe(true);
    applyComplete(
      s,
      { document: 'Quyết định số 12/2026/QĐ-UBND', signedOn: '2026-06-29', by: 'Phòng KSTTHC' },
      Date.parse('2026-07-02T01:00:00.000Z'),
    );
    expect(isOverdue(s, cal, at('2026-07-02'))).toBe(false);
  });
});

describe("a task's updates", () => {
  it('refuses a product signed in the future, and any update once the task is closed, naming its status', () => {
    const s = openState();
    expect(() => checkComplete({ document: 'x', signedOn: '2026-06-11', by: 'A' }, '2026-06-10')).toThrow(
      failure('Ngày văn bản Thứ Năm, 11/06/2026 chưa đến (date in the future)', 'InvalidUpdate'),
    );
    expect(() => checkComplete({ document: 'x', signedOn: '2026-06-10', by: 'A' }, '2026-06-10')).not.toThrow();
    applyCancel(s, { reason: 'Nhiệm vụ gộp vào I.3', by: 'Phòng KSTTHC' }, Date.parse('2026-06-10T02:00:00.000Z'));
    expect(s.cancellation).toEqual({ reason: 'Nhiệm vụ gộp vào I.3', by: 'Phòng KSTTHC', at: '2026-06-10T02:00:00.000Z' });
    expect(() => refuseClosed(s)).toThrow(failure('Nhiệm vụ I.2 đã hủy (task not open)', 'InvalidUpdate'));
  });

  it('extends only to a day after today and after the current deadline', () => {
    const s = openState();
    expect(() => checkExtend(s, { due: '2026-06-10', reason: 'x', by: 'A' }, '2026-06-10')).toThrow(/\(new deadline not in the future\)$/);
    expect(() => checkExtend(s, { due: DUE, reason: 'x', by: 'A' }, '2026-06-10')).toThrow(
      failure('Thời hạn mới phải sau thời hạn hiện tại Thứ Ba, 30/06/2026 (not later than the current deadline)', 'InvalidUpdate'),
    );
    expect(() => checkExtend(s, { due: '2026-07-15', reason: 'x', by: 'A' }, '2026-06-10')).not.toThrow();
    const loading = initialPlanTaskState('task-kstthc-2026-i-2', config, at('2026-06-01'));
    expect(() => checkExtend(loading, { due: '2026-07-15', reason: 'x', by: 'A' }, '2026-06-10')).toThrow(
      failure('Nhiệm vụ đang khởi tạo, vui lòng thử lại sau giây lát (calendar snapshot not loaded yet)', 'NotReady'),
    );
  });

  it('an extension moves the deadline (to a working day), records why, and clears the overdue flag', () => {
    const s = openState();
    s.overdue = true;
    applyExtend(s, { due: '2026-08-15', reason: 'Chờ ý kiến của Bộ Tư pháp', by: 'Phòng KSTTHC' }, cal, at('2026-07-02', '10:00'));
    // 15/08/2026 is a Saturday: the deadline ends on Monday 17/08 (BLDS 2015, Điều 148).
    expect(s.deadline!.date).toBe('2026-08-17');
    expect(s.overdue).toBe(false);
    expect(s.extensions).toEqual([
      {
        from: DUE,
        to: '2026-08-15',
        reason: 'Chờ ý kiến của Bộ Tư pháp',
        by: 'Phòng KSTTHC',
        at: new Date(at('2026-07-02', '10:00')).toISOString(),
      },
    ]);
    expect(s.history.at(-1)).toMatchObject({
      actor: 'Phòng KSTTHC',
      action: 'Gia hạn nhiệm vụ',
      detail: 'Thứ Ba, 30/06/2026 → Thứ Bảy, 15/08/2026; lý do: Chờ ý kiến của Bộ Tư pháp',
    });
    expect(planTaskDetails(s)).toContain('- Thời hạn: Thứ Hai, 17/08/2026 (gia hạn 1 lần)');
  });
});

describe("a task's labels and start options", () => {
  it('has one Vietnamese label per status, used by the details and the CLI', () => {
    expect(PLAN_TASK_STATUS_LABELS).toEqual({ task_open: 'đang thực hiện', task_done: 'đã hoàn thành', task_cancelled: 'đã hủy' });
    expect(planTaskStatusLabel('task_done')).toBe('đã hoàn thành');
    expect(planTaskStatusLabel('something_else')).toBe('something_else');
    const s = openState();
    s.overdue = true;
    expect(planTaskDetails(s).split('\n')[0]).toBe('**Nhiệm vụ I.2**: đang thực hiện (**quá hạn**)');
    applyComplete(
      s,
      { document: 'Quyết định số 12/2026/QĐ-UBND', signedOn: '2026-06-29', link: 'https://vanban.haiphong.example/12', by: 'A' },
      Date.parse('2026-06-30T01:00:00.000Z'),
    );
    expect(planTaskDetails(s)).toBe(
      [
        '**Nhiệm vụ I.2**: đã hoàn thành',
        '',
        `- ${config.task.content}`,
        `- Chủ trì: ${config.task.lead.join('; ')}`,
        '- Thời hạn: Thứ Ba, 30/06/2026',
        '- Sản phẩm: Quyết định số 12/2026/QĐ-UBND, ngày 29/6/2026 (thứ Hai)',
      ].join('\n'),
    );
  });

  it('starts a task open, not overdue, with its deadline day as the next deadline, and the input complete', () => {
    const o = planTaskStartOptions({ ...config, schemaVersion: undefined }, 'q');
    expect(o.workflowId).toBe('task-kstthc-2026-i-2');
    expect(o.args[0]).toMatchObject({ schemaVersion: 1, remindersWorkingDaysBefore: [10, 3, 0] });
    expect(
      Object.fromEntries((o.typedSearchAttributes as { key: { name: string }; value: unknown }[]).map((p) => [p.key.name, p.value])),
    ).toEqual({
      InspectionRound: 'kstthc-2026',
      InspectionUnit: config.task.lead[0],
      InspectionKind: 'task',
      InspectionStage: 'task_open',
      InspectionOverdue: false,
      InspectionNextDeadline: localInstant(DUE, '23:59'),
    });
  });
});

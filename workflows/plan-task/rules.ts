import type { WorkingCalendar } from '../../domain/calendar';
import { dateInText, formatDateVi, formatLocalDateTime, type LocalDate } from '../../domain/dates';
import { forwardDeadline } from '../../domain/deadlines';
import type { EmailKind } from '../../emails/kinds';
import { at8, nextSendMoment, overdueAt, PAST_AT_START } from '../../domain/send-times';
import { SYSTEM, record } from '../kit/history';
import { notReady, refuse } from '../kit/refusal';
import { PLAN_TASK_STATUS_LABELS, type PlanTaskConfig, type PlanTaskState, type PlanTaskUpdatePayloads } from './contract';
import { markdownText } from '../../domain/safe-text';

/**
 * The rules of a dated task, pure (no Temporal): its timed agenda, when an update is refused, what
 * an update changes, and the text the Web UI shows. The workflow wires them; the unit tests
 * (test/plan-task-rules.test.ts) run them without a server.
 */

/** What the workflow knows besides the state: its input, its calendar and when it started. */
export interface PlanTaskContext {
  config: PlanTaskConfig;
  cal: WorkingCalendar;
  /** When the workflow started (epoch milliseconds): an escalation already due then is deferred. */
  startedAt: number;
}

/** A timed action: a reminder to the lead agency or the escalation to the coordinator. */
export interface PlanTaskAgendaItem {
  /** Includes the deadline, so an extended deadline makes new items. */
  id: string;
  /** Epoch milliseconds. */
  at: number;
  kind: Extract<EmailKind, 'task_reminder' | 'task_overdue_escalation'>;
  to: string[];
  /** The timer's name in the Web UI and the history line when it fires. */
  label: string;
}

/** Who gets a task's reminders: the lead agency's mailboxes, else the coordinator. */
export const leadMailboxes = (config: PlanTaskConfig): string[] =>
  config.emails.length ? config.emails : [config.contacts.coordinator.email];

/** When the current deadline was set: at the last extension, else at the start (epoch milliseconds). */
export function deadlineSetAt(s: PlanTaskState, startedAt: number): number {
  const last = s.extensions.at(-1);
  return last ? Date.parse(last.at) : startedAt;
}

/**
 * Every timed action of the current deadline, sorted by time (fired or not): a reminder the given
 * working days before it (unless its moment had passed when the deadline was set), and the
 * escalation at 08:00 of the working day after it, or at the next 08:00 if that had passed at the
 * start. None before the deadline is set (the calendar not loaded yet) or once the task is closed.
 */
export function planTaskAgenda(s: PlanTaskState, ctx: PlanTaskContext): PlanTaskAgendaItem[] {
  if (!s.deadline || !isOpen(s)) return [];
  const due = s.deadline.date;
  const { cal, config, startedAt } = ctx;
  const lead = leadMailboxes(config);
  const coordinator = [config.contacts.coordinator.email];
  const reminders = config.remindersWorkingDaysBefore.map((k) => ({
    id: `reminder:${due}:${k}`,
    at: at8(cal.addWorkingDays(due, -k)),
    kind: 'task_reminder' as const,
    to: lead,
    label: 'Nhắc thời hạn nhiệm vụ',
  }));
  const late = overdueAt(cal, due);
  const escalation =
    late < startedAt
      ? {
          id: `overdue:${due}`,
          at: nextSendMoment(cal, startedAt),
          kind: 'task_overdue_escalation' as const,
          to: coordinator,
          label: `Nhiệm vụ quá hạn: báo điều phối viên (${PAST_AT_START})`,
        }
      : {
          id: `overdue:${due}`,
          at: late,
          kind: 'task_overdue_escalation' as const,
          to: coordinator,
          label: 'Nhiệm vụ quá hạn: báo điều phối viên',
        };
  const since = deadlineSetAt(s, startedAt);
  // A stable sort by time alone, as before the kit: ids never tie on one instant here.
  return [...reminders.filter((r) => r.at >= since), escalation].sort((a, b) => a.at - b.at);
}

/** Whether the task still runs. */
export const isOpen = (s: PlanTaskState): boolean => s.status === 'task_open';

/** Whether a task's deadline is missed at `now` (only an open task is overdue). */
export function isOverdue(s: PlanTaskState, cal: WorkingCalendar, now: number): boolean {
  return isOpen(s) && s.deadline !== undefined && now >= overdueAt(cal, s.deadline.date);
}

/** The refusal of any update once the task is closed, naming its status. */
export function refuseClosed(s: PlanTaskState): never {
  refuse(`Nhiệm vụ ${s.taskId} ${PLAN_TASK_STATUS_LABELS[s.status]}`, 'task not open');
}

/** A product cannot be signed in the future. */
export function checkComplete(p: PlanTaskUpdatePayloads['complete'], today: LocalDate): void {
  if (p.signedOn > today) refuse(`Ngày văn bản ${formatDateVi(p.signedOn)} chưa đến`, 'date in the future');
}

/** A new deadline must be after today and after the current one (not ready before it is set). */
export function checkExtend(s: PlanTaskState, p: PlanTaskUpdatePayloads['extend'], today: LocalDate): void {
  const current = s.deadline ?? notReady('calendar snapshot not loaded yet', 'Nhiệm vụ');
  if (p.due <= today) refuse(`Thời hạn mới ${formatDateVi(p.due)} phải sau hôm nay`, 'new deadline not in the future');
  if (p.due <= current.date)
    refuse(`Thời hạn mới phải sau thời hạn hiện tại ${formatDateVi(current.date)}`, 'not later than the current deadline');
}

/** The task done, with its product. */
export function applyComplete(s: PlanTaskState, p: PlanTaskUpdatePayloads['complete'], now: number): void {
  s.product = { document: p.document, signedOn: p.signedOn, link: p.link };
  s.status = 'task_done';
  s.overdue = false;
  record(s.history, {
    at: new Date(now).toISOString(),
    actor: p.by,
    action: 'Báo cáo hoàn thành nhiệm vụ',
    detail: `${p.document}, ${dateInText(p.signedOn)}${p.link ? `; ${p.link}` : ''}`,
  });
}

/** The deadline moved, with its reason; reminders already past now are not sent (see `deadlineSetAt`). */
export function applyExtend(s: PlanTaskState, p: PlanTaskUpdatePayloads['extend'], cal: WorkingCalendar, now: number): void {
  const at = new Date(now).toISOString();
  const from = s.deadline!.date;
  s.extensions.push({ from, to: p.due, reason: p.reason, by: p.by, at });
  s.deadline = forwardDeadline(cal, 'task', p.due, `Gia hạn: ${p.reason}`);
  s.overdue = now >= overdueAt(cal, p.due);
  record(s.history, {
    at,
    actor: p.by,
    action: 'Gia hạn nhiệm vụ',
    detail: `${formatDateVi(from)} → ${formatDateVi(p.due)}; lý do: ${p.reason}`,
  });
}

/** The task no longer followed, with the reason. */
export function applyCancel(s: PlanTaskState, p: PlanTaskUpdatePayloads['cancel'], now: number): void {
  const at = new Date(now).toISOString();
  s.status = 'task_cancelled';
  s.overdue = false;
  s.cancellation = { reason: p.reason, by: p.by, at };
  record(s.history, { at, actor: p.by, action: 'Hủy theo dõi nhiệm vụ', detail: p.reason });
}

/** The task's current details in the Web UI (Markdown). */
export function planTaskDetails(s: PlanTaskState): string {
  return [
    `**Nhiệm vụ ${s.taskId}**: ${PLAN_TASK_STATUS_LABELS[s.status]}${s.overdue ? ' (**quá hạn**)' : ''}`,
    '',
    `- ${markdownText(s.content)}`,
    `- Chủ trì: ${markdownText(s.lead.join('; '))}`,
    `- Thời hạn: ${formatDateVi(s.deadline!.date)}${s.extensions.length ? ` (gia hạn ${s.extensions.length} lần)` : ''}`,
    ...(s.product ? [`- Sản phẩm: ${markdownText(s.product.document)}, ${dateInText(s.product.signedOn)}`] : []),
  ].join('\n');
}

/** A task as it starts: open, its deadline not set until the calendar is loaded. */
export function initialPlanTaskState(workflowId: string, config: PlanTaskConfig, now: number): PlanTaskState {
  return {
    workflowId,
    plan: config.plan,
    taskId: config.task.id,
    content: config.task.content,
    lead: config.task.lead,
    status: 'task_open',
    overdue: false,
    extensions: [],
    pending: [],
    emails: [],
    history: [
      {
        at: new Date(now).toISOString(),
        actor: SYSTEM,
        action: `Bắt đầu theo dõi nhiệm vụ ${config.task.id}`,
        detail: `thời hạn theo Kế hoạch: ${config.task.deadlineText}`,
      },
    ],
  };
}

/** The deadline of the plan, set once the calendar is loaded; a deadline already missed is said in history. */
export function setPlanDeadline(s: PlanTaskState, ctx: PlanTaskContext, now: number): void {
  const { cal, config, startedAt } = ctx;
  s.deadline = forwardDeadline(cal, 'task', config.due, `nhiệm vụ ${config.task.id} của ${config.planTitle}`);
  if (overdueAt(cal, config.due) < startedAt) {
    record(s.history, {
      at: new Date(now).toISOString(),
      actor: SYSTEM,
      action: `Hạn ${dateInText(config.due)} đã qua khi bắt đầu theo dõi: báo điều phối viên lúc ${formatLocalDateTime(nextSendMoment(cal, startedAt))}`,
    });
  }
}

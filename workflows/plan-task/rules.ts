import type { WorkingCalendar } from '../../domain/calendar';
import { formatDateVi, type LocalDate } from '../../domain/dates';
import { forwardDeadline } from '../../domain/deadlines';
import type { EmailKind } from '../../emails/kinds';
import { at8, nextSendMoment, overdueAt, PAST_AT_START } from '../inspection/agenda';
import { PLAN_TASK_STATUS_LABELS, type PlanTaskConfig, type PlanTaskState, type PlanTaskUpdatePayloads } from './contract';

/**
 * The rules of a dated task, pure (no Temporal): its timed agenda, when an update is refused, what
 * an update changes, and the text the Web UI shows. The workflow wires them; the unit tests
 * (test/plan-task-rules.test.ts) run them without a server.
 */

/** What the workflow knows besides the state: its input, its calendar and two moments. */
export interface PlanTaskContext {
  config: PlanTaskConfig;
  cal: WorkingCalendar;
  /** When the workflow started (epoch milliseconds): an escalation already due then is deferred. */
  startedAt: number;
  /** When the current deadline was set (start or extension): reminders due before it are not sent. */
  deadlineSetAt: number;
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
export const leadMailboxes = (config: PlanTaskConfig): string[] => (config.emails.length ? config.emails : [config.contacts.coordinator.email]);

/**
 * Every timed action of the current deadline, sorted by time (fired or not): a reminder the given
 * working days before it (unless its moment had passed when the deadline was set), and the
 * escalation at 08:00 of the working day after it, or at the next 08:00 if that had passed at the start.
 */
export function planTaskAgenda(due: LocalDate, ctx: PlanTaskContext): PlanTaskAgendaItem[] {
  const { cal, config, startedAt } = ctx;
  const lead = leadMailboxes(config);
  const coordinator = [config.contacts.coordinator.email];
  const reminders = config.remindersWorkingDaysBefore.map((k) => ({ id: `reminder:${due}:${k}`, at: at8(cal.addWorkingDays(due, -k)), kind: 'task_reminder' as const, to: lead, label: 'Nhắc thời hạn nhiệm vụ' }));
  const late = overdueAt(cal, due);
  const escalation =
    late < startedAt
      ? { id: `overdue:${due}`, at: nextSendMoment(cal, startedAt), kind: 'task_overdue_escalation' as const, to: coordinator, label: `Nhiệm vụ quá hạn: báo điều phối viên (${PAST_AT_START})` }
      : { id: `overdue:${due}`, at: late, kind: 'task_overdue_escalation' as const, to: coordinator, label: 'Nhiệm vụ quá hạn: báo điều phối viên' };
  return [...reminders.filter((r) => r.at >= ctx.deadlineSetAt), escalation].sort((a, b) => a.at - b.at);
}

/** Whether the task still runs. */
export const isOpen = (s: PlanTaskState): boolean => s.status === 'task_open';

/** Whether a task's deadline is missed at `now` (only an open task is overdue). */
export function isOverdue(s: PlanTaskState, cal: WorkingCalendar, now: number): boolean {
  return isOpen(s) && s.deadline !== undefined && now >= overdueAt(cal, s.deadline.date);
}

/** Why an update is refused: Vietnamese for the user, English for the log. */
export interface Refusal {
  vi: string;
  en: string;
}

/** Every update needs an open task. */
export function refuseUnlessOpen(s: PlanTaskState): Refusal | undefined {
  return isOpen(s) ? undefined : { vi: `Nhiệm vụ ${s.taskId} ${PLAN_TASK_STATUS_LABELS[s.status]}`, en: 'task not open' };
}

/** A product cannot be signed in the future. */
export function refuseComplete(s: PlanTaskState, p: PlanTaskUpdatePayloads['complete'], today: LocalDate): Refusal | undefined {
  return refuseUnlessOpen(s) ?? (p.signedOn > today ? { vi: `Ngày văn bản ${formatDateVi(p.signedOn)} chưa đến`, en: 'date in the future' } : undefined);
}

/** A new deadline must be after today and after the current one (the deadline must be set). */
export function refuseExtend(s: PlanTaskState & { deadline: NonNullable<PlanTaskState['deadline']> }, p: PlanTaskUpdatePayloads['extend'], today: LocalDate): Refusal | undefined {
  const closed = refuseUnlessOpen(s);
  if (closed) return closed;
  if (p.due <= today) return { vi: `Thời hạn mới ${formatDateVi(p.due)} phải sau hôm nay`, en: 'new deadline not in the future' };
  if (p.due <= s.deadline.date) return { vi: `Thời hạn mới phải sau thời hạn hiện tại ${formatDateVi(s.deadline.date)}`, en: 'not later than the current deadline' };
  return undefined;
}

/** The task done, with its product. */
export function applyComplete(s: PlanTaskState, p: PlanTaskUpdatePayloads['complete'], nowIso: string): void {
  s.product = { document: p.document, signedOn: p.signedOn, link: p.link };
  s.status = 'task_done';
  s.overdue = false;
  s.history.push({ at: nowIso, actor: p.by, action: 'Báo cáo hoàn thành nhiệm vụ', detail: `${p.document}, ngày ${formatDateVi(p.signedOn)}${p.link ? `; ${p.link}` : ''}` });
}

/** The deadline moved, with its reason; the caller resets `deadlineSetAt`. */
export function applyExtend(s: PlanTaskState, p: PlanTaskUpdatePayloads['extend'], cal: WorkingCalendar, now: number): void {
  const at = new Date(now).toISOString();
  const from = s.deadline!.date;
  s.extensions.push({ from, to: p.due, reason: p.reason, by: p.by, at });
  s.deadline = forwardDeadline(cal, 'task', p.due, `Gia hạn: ${p.reason}`);
  s.overdue = now >= overdueAt(cal, p.due);
  s.history.push({ at, actor: p.by, action: 'Gia hạn nhiệm vụ', detail: `${formatDateVi(from)} → ${formatDateVi(p.due)}; lý do: ${p.reason}` });
}

/** The task no longer followed, with the reason. */
export function applyCancel(s: PlanTaskState, p: PlanTaskUpdatePayloads['cancel'], nowIso: string): void {
  s.status = 'task_cancelled';
  s.overdue = false;
  s.cancellation = { reason: p.reason, by: p.by, at: nowIso };
  s.history.push({ at: nowIso, actor: p.by, action: 'Hủy theo dõi nhiệm vụ', detail: p.reason });
}

/** The task's current details in the Web UI (Markdown). */
export function planTaskDetails(s: PlanTaskState): string {
  return [
    `**Nhiệm vụ ${s.taskId}**: ${PLAN_TASK_STATUS_LABELS[s.status]}${s.overdue ? ' (**quá hạn**)' : ''}`,
    '',
    `- ${s.content}`,
    `- Chủ trì: ${s.lead.join('; ')}`,
    `- Thời hạn: ${formatDateVi(s.deadline!.date)}${s.extensions.length ? ` (gia hạn ${s.extensions.length} lần)` : ''}`,
    ...(s.product ? [`- Sản phẩm: ${s.product.document}, ngày ${formatDateVi(s.product.signedOn)}`] : []),
  ].join('\n');
}

import type { WorkingCalendar } from '../../domain/calendar';
import { dateInText, formatDateVi, formatLocalDateTime, type LocalDate } from '../../domain/dates';
import { nominationDeadline } from '../../domain/nominations';
import { at8, nextSendMoment, overdueAt, PAST_AT_START } from '../../domain/send-times';
import { describeMember, sameName } from '../../domain/team';
import type { NominationEmailKind } from '../../emails/nomination-templates';
import { markdownText } from '../../domain/safe-text';
import { SYSTEM, record } from '../kit/history';
import { refuse } from '../kit/refusal';
import {
  NOMINATION_STATUS_LABELS,
  type NominationConfig,
  type NominationJoined,
  type NominationState,
  type NominationUpdatePayloads,
} from './contract';

/**
 * The rules of one partner department's nomination, pure (no Temporal): the timed agenda (the
 * request, the reminders, the escalation), the checks and changes of its updates, the text of the
 * Web UI. The workflow wires them; test/nomination.test.ts runs them on the time-skipping server.
 */

/** What the workflow knows besides the state. */
export interface NominationContext {
  config: NominationConfig;
  cal: WorkingCalendar;
  /** When the workflow started (epoch milliseconds). */
  startedAt: number;
}

/** A timed action of the agenda. */
export interface NominationAgendaItem {
  id: string;
  /** Epoch milliseconds. */
  at: number;
  kind: Exclude<NominationEmailKind, 'nomination_received'>;
  to: string[];
  /** The timer's name in the Web UI and the history line when it fires. */
  label: string;
}

/** Whether the department has still to answer. */
export const isWaiting = (s: NominationState): boolean => s.status === 'nomination_requested';

/** Who is told when the deadline passes. */
export const escalationMailboxes = (config: NominationConfig): string[] => config.escalateTo ?? [config.contacts.coordinator.email];

/**
 * Every timed action while the department has not answered, sorted by time: the request at the
 * first sending moment (08:00 of a working day), a reminder the given working days before the
 * deadline (unless that moment comes before the request), and the escalation at 08:00 of the
 * working day after the deadline, or with the request if the deadline had already passed.
 */
export function nominationAgenda(s: NominationState, ctx: NominationContext): NominationAgendaItem[] {
  if (!s.deadline || !isWaiting(s)) return [];
  const { cal, config, startedAt } = ctx;
  const due = s.deadline.date;
  const requestAt = nextSendMoment(cal, startedAt);
  const department = config.department.emails;
  const request: NominationAgendaItem = {
    id: 'request',
    at: requestAt,
    kind: 'nomination_request',
    to: department,
    label: 'Gửi đề nghị cử thành viên Đoàn kiểm tra',
  };
  const reminders = config.reminderWorkingDaysBefore
    .map((k) => ({
      id: `reminder:${due}:${k}`,
      at: at8(cal.addWorkingDays(due, -k)),
      kind: 'nomination_reminder' as const,
      to: department,
      label: 'Nhắc hạn cử thành viên Đoàn kiểm tra',
    }))
    .filter((r) => r.at > requestAt);
  const late = overdueAt(cal, due);
  const escalation: NominationAgendaItem = {
    id: `overdue:${due}`,
    at: Math.max(late, requestAt),
    kind: 'nomination_overdue_escalation',
    to: escalationMailboxes(config),
    label:
      late < requestAt ? `Chưa cử thành viên Đoàn: báo điều phối viên (${PAST_AT_START})` : 'Chưa cử thành viên Đoàn: báo điều phối viên',
  };
  // Ids never tie on one instant except the request and a past escalation: the request goes first.
  return [request, ...reminders, escalation].sort((a, b) => a.at - b.at);
}

/** Whether the deadline is missed at `now` (only while the department has not answered). */
export function isOverdue(s: NominationState, cal: WorkingCalendar, now: number): boolean {
  return isWaiting(s) && s.deadline !== undefined && now >= overdueAt(cal, s.deadline.date);
}

/** The refusal of an update once the department has answered or the request was withdrawn. */
export function refuseClosed(s: NominationState): never {
  refuse(`Đề nghị cử thành viên của ${s.department}: ${NOMINATION_STATUS_LABELS[s.status]}`, 'nomination not open');
}

/** A nomination names each person once. */
export function checkNominate(p: NominationUpdatePayloads['nominate']): void {
  p.members.forEach((m, i) => {
    if (p.members.slice(0, i).some((o) => sameName(o.name, m.name))) refuse(`${m.name} được nêu hai lần`, 'duplicate nominee');
  });
}

/** The department's answer recorded; the members join the teams afterwards (`applyJoined`). */
export function applyNominate(s: NominationState, p: NominationUpdatePayloads['nominate'], now: number, today: LocalDate): void {
  s.members = p.members.map((m) => ({ ...m }));
  s.status = 'nomination_received';
  s.overdue = false;
  s.receivedOn = today;
  record(s.history, {
    at: new Date(now).toISOString(),
    actor: p.by,
    action: `Ghi nhận thành viên ${s.department} cử tham gia Đoàn kiểm tra`,
    detail: `${p.members.map(describeMember).join('; ')}${p.document ? `; văn bản: ${p.document}` : ''}`,
  });
}

/** Where the members joined, in history. */
export function applyJoined(s: NominationState, joined: NominationJoined, now: number): void {
  s.joined = joined;
  const at = new Date(now).toISOString();
  record(s.history, {
    at,
    actor: SYSTEM,
    action: 'Bổ sung thành viên vào Đoàn kiểm tra của đợt và các cuộc kiểm tra chưa bắt đầu',
    detail: joined.inspections.length ? joined.inspections.map((i) => i.unit).join('; ') : 'không có cuộc kiểm tra nào chưa bắt đầu',
  });
  if (joined.skipped.length)
    record(s.history, {
      at,
      actor: SYSTEM,
      action: 'Không bổ sung vào các cuộc kiểm tra đã bắt đầu (thay đổi bằng kiemtra team change nếu cần)',
      detail: joined.skipped.map((i) => i.unit).join('; '),
    });
}

/** The request withdrawn by the Office. */
export function applyCancel(s: NominationState, p: NominationUpdatePayloads['cancel'], now: number): void {
  const at = new Date(now).toISOString();
  s.status = 'nomination_cancelled';
  s.overdue = false;
  s.cancellation = { reason: p.reason, by: p.by, at };
  record(s.history, { at, actor: p.by, action: 'Không đề nghị cử thành viên nữa', detail: p.reason });
}

/** The process has ended: the request withdrawn, or the members nominated and joined. */
export const isFinal = (s: NominationState): boolean =>
  s.status === 'nomination_cancelled' || (s.status === 'nomination_received' && s.joined !== undefined);

/** The current details in the Web UI (Markdown). */
export function nominationDetails(s: NominationState): string {
  return [
    `**Cử thành viên Đoàn kiểm tra: ${markdownText(s.department)}**: ${NOMINATION_STATUS_LABELS[s.status]}${s.overdue ? ' (**quá hạn**)' : ''}`,
    '',
    ...(s.deadline ? [`- Hạn cử: ${formatDateVi(s.deadline.date)}`] : []),
    ...s.members.map((m) => `- Thành viên: ${markdownText(describeMember(m))}`),
  ].join('\n');
}

/** A nomination as it starts: waiting, its deadline set once the calendar is loaded. */
export function initialNominationState(workflowId: string, config: NominationConfig, now: number): NominationState {
  return {
    workflowId,
    round: config.round,
    department: config.department.name,
    status: 'nomination_requested',
    overdue: false,
    members: [],
    pending: [],
    emails: [],
    history: [
      {
        at: new Date(now).toISOString(),
        actor: SYSTEM,
        action: `Đề nghị ${config.department.name} cử ${config.department.seats} thành viên tham gia Đoàn kiểm tra`,
      },
    ],
  };
}

/** The deadline, once the calendar is loaded; one already missed is said in history. */
export function setNominationDeadline(s: NominationState, ctx: NominationContext, now: number): void {
  const { cal, config, startedAt } = ctx;
  s.deadline = nominationDeadline(cal, config.due);
  record(s.history, {
    at: new Date(now).toISOString(),
    actor: SYSTEM,
    action: `Hạn cử thành viên: ${formatDateVi(s.deadline.date)}`,
    detail: s.deadline.rule,
  });
  if (overdueAt(cal, s.deadline.date) < startedAt)
    record(s.history, {
      at: new Date(now).toISOString(),
      actor: SYSTEM,
      action: `Hạn ${dateInText(s.deadline.date)} đã qua khi bắt đầu theo dõi: báo điều phối viên lúc ${formatLocalDateTime(nextSendMoment(cal, startedAt))}`,
    });
}

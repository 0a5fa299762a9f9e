import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { WorkingCalendar } from '../../domain/calendar';
import { dateInText, formatDateVi, formatLocalDateTime, localInstant, type LocalDate } from '../../domain/dates';
import { at8, byTime, deferPast, nextSendMoment, overdueAt, PAST_AT_START, type TimedItem } from '../../domain/send-times';
import { SA } from '../search-attributes';
import type { SelfInspectionConfig } from './input';
import type { SelfInspectionState } from './types';

/**
 * The self-inspection's rules, pure: its timed items (reminders before the deadline, the
 * escalation after it), whether it is overdue, and what the Web UI shows. From the state alone.
 */

/** A timed item of the self-inspection: an email to the unit or to the coordinator. */
export interface SelfAgendaItem extends TimedItem {
  kind: 'self_inspection_request' | 'self_inspection_reminder' | 'self_inspection_overdue_escalation';
  to: 'unit' | 'coordinator';
}

export const REQUEST_LABEL = 'Đề nghị tự kiểm tra và gửi báo cáo theo Đề cương Phụ lục I';
export const REMINDER_LABEL = 'Nhắc hạn báo cáo tự kiểm tra';
export const ESCALATION_LABEL = 'Báo cáo tự kiểm tra quá hạn: báo điều phối viên';

/**
 * The items still to come for a state waiting for its report: the request with the outline of
 * Phụ lục I at the first sending moment after the start (`request`, executions started from
 * December 2026; none when the deadline is already past), one reminder per configured working-day
 * offset and the escalation. Nothing is sent for a moment already past at the start, except the
 * escalation, which goes out once at the next sending moment (and says so).
 */
export function selfAgenda(
  state: SelfInspectionState,
  reminders: readonly number[],
  cal: WorkingCalendar,
  startedAt: number,
  request = false,
): SelfAgendaItem[] {
  if (state.stage !== 'self_waiting' || !state.deadline) return [];
  const due = state.deadline.date;
  const days = [...new Set(reminders.map((k) => cal.addWorkingDays(due, -k)))];
  const requestAt = nextSendMoment(cal, startedAt);
  const items: SelfAgendaItem[] = [
    ...(request && requestAt < overdueAt(cal, due)
      ? [{ id: 'request', at: requestAt, label: REQUEST_LABEL, kind: 'self_inspection_request', to: 'unit' } as const]
      : []),
    ...days.map((day): SelfAgendaItem => ({
      id: `reminder:${day}`,
      at: at8(day),
      label: REMINDER_LABEL,
      kind: 'self_inspection_reminder',
      to: 'unit',
    })),
    {
      id: `overdue:${due}`,
      at: overdueAt(cal, due),
      label: ESCALATION_LABEL,
      kind: 'self_inspection_overdue_escalation',
      to: 'coordinator',
    },
  ];
  return deferPast(items, cal, startedAt, (i) => i.to === 'coordinator')
    .filter((i) => i.at >= startedAt)
    .sort(byTime);
}

/** What history says of an escalation deferred because its moment had passed at the start. */
export function deferredNote(deadline: LocalDate, item: SelfAgendaItem): string | undefined {
  return item.label.endsWith(`(${PAST_AT_START})`)
    ? `Hạn ${dateInText(deadline)} đã qua khi bắt đầu theo dõi: báo điều phối viên lúc ${formatLocalDateTime(item.at)}`
    : undefined;
}

/** Whether the report is missed at `now` (epoch milliseconds). */
export function isOverdue(state: SelfInspectionState, cal: WorkingCalendar, now: number): boolean {
  return state.stage === 'self_waiting' && state.deadline !== undefined && now >= overdueAt(cal, state.deadline.date);
}

/** The search attributes and the Vietnamese current details of a state whose `overdue` is current. */
export function selfView(
  state: SelfInspectionState,
  config: SelfInspectionConfig,
): { attributes: SearchAttributeUpdatePair[]; details: string } {
  const waiting = state.stage === 'self_waiting';
  const deadline = state.deadline;
  return {
    attributes: [
      { key: SA.round, value: config.round },
      { key: SA.unit, value: config.unit.name },
      { key: SA.unitKind, value: config.unit.kind },
      { key: SA.kind, value: 'self' },
      { key: SA.stage, value: state.stage },
      { key: SA.overdue, value: state.overdue },
      { key: SA.nextDeadline, value: waiting && deadline ? localInstant(deadline.date, '23:59') : null },
    ],
    details: [
      `**${config.unit.name}**: ${waiting ? 'chờ báo cáo tự kiểm tra' : `đã nộp báo cáo tự kiểm tra ${dateInText(state.receivedOn!)}`}`,
      '',
      ...(deadline ? [`- Hạn: ${formatDateVi(deadline.date)} (${deadline.rule})`] : []),
      ...(state.overdue ? ['- **Quá hạn**'] : []),
    ].join('\n'),
  };
}

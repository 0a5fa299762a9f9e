import type { WorkingCalendar } from '../../domain/calendar';
import { addDays, formatDate, formatDateVi, localInstant, type LocalDate } from '../../domain/dates';
import { evaluateIndicators, type YearTargets } from '../../domain/kpi';
import type { EmailKind } from '../../emails/kinds';
import { at8, nextSendMoment, overdueAt, PAST_AT_START } from '../inspection/agenda';
import type { PeriodicReportConfig, PeriodicReportState, PeriodicReportUpdatePayloads } from './contract';

/**
 * The rules of a unit's periodic report, pure (no Temporal): its timed agenda, when the report is
 * refused, what recording it changes, and the text the Web UI shows. Unit-tested without a server
 * (test/periodic-report-rules.test.ts).
 */

/** A timed action: an email, or the close of the period for a unit that never reported. */
export interface PeriodicReportAgendaItem {
  id: 'request' | 'reminder' | 'escalation' | 'close';
  /** Epoch milliseconds. */
  at: number;
  /** The email it sends; none for the close. */
  kind?: Extract<EmailKind, 'periodic_report_request' | 'periodic_report_reminder' | 'periodic_report_overdue_escalation'>;
  to: string[];
  /** The timer's name in the Web UI and the history line when it fires. */
  label: string;
}

/**
 * Every timed action of a report whose deadline is `due`, sorted by time (fired or not): the
 * request at the start, a reminder at 08:00 of the due day (if still ahead), the escalation at the
 * overdue moment (or the next 08:00 if that had passed at the start), and the close
 * `closeAfterDays` after the due day (at once if that had passed at the start).
 */
export function periodicReportAgenda(config: PeriodicReportConfig, due: LocalDate, cal: WorkingCalendar, startedAt: number): PeriodicReportAgendaItem[] {
  const coordinator = [config.contacts.coordinator.email];
  const late = overdueAt(cal, due);
  const closeAt = localInstant(addDays(due, config.closeAfterDays), '23:59').getTime();
  const items: PeriodicReportAgendaItem[] = [
    { id: 'request', at: startedAt, kind: 'periodic_report_request', to: config.unit.emails, label: 'Đề nghị báo cáo định kỳ' },
    ...(at8(due) > startedAt ? [{ id: 'reminder' as const, at: at8(due), kind: 'periodic_report_reminder' as const, to: config.unit.emails, label: 'Nhắc hạn báo cáo định kỳ' }] : []),
    late < startedAt
      ? { id: 'escalation', at: nextSendMoment(cal, startedAt), kind: 'periodic_report_overdue_escalation', to: coordinator, label: `Báo cáo định kỳ quá hạn: báo điều phối viên (${PAST_AT_START})` }
      : { id: 'escalation', at: late, kind: 'periodic_report_overdue_escalation', to: coordinator, label: 'Báo cáo định kỳ quá hạn: báo điều phối viên' },
    { id: 'close', at: Math.max(closeAt, startedAt), to: [], label: 'Đóng kỳ báo cáo: đơn vị không báo cáo' },
  ];
  // A stable sort: at equal moments the order above holds (the request before anything else).
  return items.sort((a, b) => a.at - b.at);
}

/** Whether the report is still awaited. */
export const isWaiting = (s: PeriodicReportState): boolean => s.status === 'report_waiting';

/** Whether the report is overdue at `now` (only an awaited one is). */
export function isOverdue(s: PeriodicReportState, cal: WorkingCalendar, now: number): boolean {
  return isWaiting(s) && s.deadline !== undefined && now >= overdueAt(cal, s.deadline.date);
}

/** Why an update is refused: Vietnamese for the user, English for the log. */
export interface Refusal {
  vi: string;
  en: string;
}

/** A report is recorded once, received no later than today and no earlier than the cut-off. */
export function refuseRecord(s: PeriodicReportState, p: PeriodicReportUpdatePayloads['recordPeriodicReport'], today: LocalDate): Refusal | undefined {
  if (!isWaiting(s)) return { vi: `Báo cáo ${s.period.label} đã được ghi nhận`, en: 'already recorded' };
  if (p.receivedOn > today) return { vi: `Ngày nhận ${formatDateVi(p.receivedOn)} chưa đến`, en: 'date in the future' };
  if (p.receivedOn < s.period.to) return { vi: `Ngày nhận ${formatDateVi(p.receivedOn)} trước ngày chốt số liệu ${formatDateVi(s.period.to)}`, en: 'before the cut-off' };
  return undefined;
}

/** The report received: its indicators evaluated against the year's targets, lateness against the deadline. */
export function applyRecord(s: PeriodicReportState, p: PeriodicReportUpdatePayloads['recordPeriodicReport'], targets: YearTargets, nowIso: string): void {
  s.receivedOn = p.receivedOn;
  s.late = s.deadline !== undefined && p.receivedOn > s.deadline.date;
  s.indicators = p.indicators;
  const kpi = evaluateIndicators(p.indicators, targets.targets);
  s.kpi = kpi;
  s.notes = p.notes;
  if (p.files) s.files = p.files;
  s.status = 'report_received';
  s.overdue = false;
  s.history.push({ at: nowIso, actor: p.by, action: `Nhận báo cáo ${s.period.label}`, detail: `ngày ${formatDateVi(p.receivedOn)}${s.late ? ' (muộn)' : ''}; ${kpi.filter((k) => !k.met).length}/${kpi.length} chỉ tiêu chưa đạt` });
}

/** The first line of the history: what was asked for. */
export function requestEntry(config: PeriodicReportConfig, nowIso: string) {
  return { at: nowIso, actor: 'hệ thống', action: `Đề nghị báo cáo ${config.period.label}`, detail: `số liệu từ ${formatDate(config.period.from)} đến ${formatDate(config.period.to)}` };
}

/** The report's current details in the Web UI (Markdown). */
export function periodicReportDetails(s: PeriodicReportState): string {
  const status = s.status === 'report_received' ? `đã nhận ngày ${formatDateVi(s.receivedOn!)}${s.late ? ' (muộn)' : ''}` : s.status === 'report_missing' ? 'không nhận được' : 'đang chờ';
  return [
    `**${s.unit}**: báo cáo ${s.period.label} ${status}`,
    '',
    `- Số liệu từ ${formatDate(s.period.from)} đến ${formatDate(s.period.to)}; hạn ${formatDateVi(s.deadline!.date)}`,
    ...(s.overdue ? ['- **Quá hạn**'] : []),
  ].join('\n');
}

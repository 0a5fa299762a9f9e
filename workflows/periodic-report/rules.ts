import type { WorkingCalendar } from '../../domain/calendar';
import { addDays, dateInText, formatDate, formatDateVi, localDateOf, localInstant, type LocalDate } from '../../domain/dates';
import { evaluateIndicators, type YearTargets } from '../../domain/kpi';
import type { EmailKind } from '../../emails/kinds';
import { at8, nextSendMoment, overdueAt, PAST_AT_START } from '../../domain/send-times';
import { record, SYSTEM } from '../kit/history';
import { refuse } from '../kit/refusal';
import { notRequestedText, type PeriodicReportConfig, type PeriodicReportState, type PeriodicReportUpdatePayloads } from './contract';
import { markdownText } from '../../domain/safe-text';

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
 * Every timed action of a report, sorted by time (fired or not): the request at the start, a
 * reminder at 08:00 of the due day (if still ahead), the escalation at the overdue moment (or the
 * next 08:00 if that had passed at the start), and the close `closeAfterDays` after the due day
 * (at once if that had passed at the start). None before the deadline is set or once it is settled.
 */
export function periodicReportAgenda(
  s: PeriodicReportState,
  config: PeriodicReportConfig,
  cal: WorkingCalendar,
  startedAt: number,
): PeriodicReportAgendaItem[] {
  if (!s.deadline || !isWaiting(s)) return [];
  const due = s.deadline.date;
  const coordinator = [config.contacts.coordinator.email];
  const late = overdueAt(cal, due);
  const closeAt = localInstant(addDays(due, config.closeAfterDays), '23:59').getTime();
  // Started after its deadline: nothing is sent; the report stays open for a late recording as long
  // after the start as a requested one stays open after its deadline.
  if (s.notRequested) {
    const fromStart = localInstant(addDays(localDateOf(startedAt), config.closeAfterDays), '23:59').getTime();
    return [
      {
        id: 'close',
        at: Math.max(closeAt, fromStart),
        to: [],
        label: 'Đóng kỳ báo cáo: không nhận được báo cáo (kỳ mở sau hạn, không đề nghị)',
      },
    ];
  }
  const items: PeriodicReportAgendaItem[] = [
    { id: 'request', at: startedAt, kind: 'periodic_report_request', to: config.unit.emails, label: 'Đề nghị báo cáo định kỳ' },
    ...(at8(due) > startedAt
      ? [
          {
            id: 'reminder' as const,
            at: at8(due),
            kind: 'periodic_report_reminder' as const,
            to: config.unit.emails,
            label: 'Nhắc hạn báo cáo định kỳ',
          },
        ]
      : []),
    late < startedAt
      ? {
          id: 'escalation',
          at: nextSendMoment(cal, startedAt),
          kind: 'periodic_report_overdue_escalation',
          to: coordinator,
          label: `Báo cáo định kỳ quá hạn: báo điều phối viên (${PAST_AT_START})`,
        }
      : {
          id: 'escalation',
          at: late,
          kind: 'periodic_report_overdue_escalation',
          to: coordinator,
          label: 'Báo cáo định kỳ quá hạn: báo điều phối viên',
        },
    { id: 'close', at: Math.max(closeAt, startedAt), to: [], label: 'Đóng kỳ báo cáo: đơn vị không báo cáo' },
  ];
  // A stable sort: at equal moments the order above holds (the request before anything else).
  return items.sort((a, b) => a.at - b.at);
}

/** Whether the report is still awaited. */
export const isWaiting = (s: PeriodicReportState): boolean => s.status === 'report_waiting';

/** Whether the report is overdue at `now` (only an awaited one is). */
export function isOverdue(s: PeriodicReportState, cal: WorkingCalendar, now: number): boolean {
  return isWaiting(s) && !s.notRequested && s.deadline !== undefined && now >= overdueAt(cal, s.deadline.date);
}

/** The refusal of a report once the period is settled for the unit: received, or closed as missing. */
export function refuseSettled(s: PeriodicReportState): never {
  if (s.status === 'report_missing') refuse(`Kỳ báo cáo ${s.period.label} đã đóng`, 'period closed');
  refuse(`Báo cáo ${s.period.label} đã được ghi nhận`, 'already recorded');
}

/** A report is received no later than today and no earlier than the cut-off. */
export function checkRecord(s: PeriodicReportState, p: PeriodicReportUpdatePayloads['recordPeriodicReport'], today: LocalDate): void {
  if (p.receivedOn > today) refuse(`Ngày nhận ${formatDateVi(p.receivedOn)} chưa đến`, 'date in the future');
  if (p.receivedOn < s.period.to)
    refuse(`Ngày nhận ${formatDateVi(p.receivedOn)} trước ngày chốt số liệu ${formatDateVi(s.period.to)}`, 'before the cut-off');
}

/** The report received: its indicators evaluated against the year's targets, lateness against the deadline. */
export function applyRecord(
  s: PeriodicReportState,
  p: PeriodicReportUpdatePayloads['recordPeriodicReport'],
  targets: YearTargets,
  now: number,
): void {
  s.receivedOn = p.receivedOn;
  s.late = s.deadline !== undefined && p.receivedOn > s.deadline.date;
  s.indicators = p.indicators;
  const kpi = evaluateIndicators(p.indicators, targets.targets);
  s.kpi = kpi;
  s.notes = p.notes;
  if (p.files) s.files = p.files;
  s.status = 'report_received';
  s.overdue = false;
  record(s.history, {
    at: new Date(now).toISOString(),
    actor: p.by,
    action: `Nhận báo cáo ${s.period.label}`,
    detail: `${dateInText(p.receivedOn)}${s.late ? ', muộn hạn' : ''}; ${kpi.filter((k) => !k.met).length}/${kpi.length} chỉ tiêu chưa đạt`,
  });
}

/**
 * A report whose deadline had passed when it started (`startedAt`) asks nothing of its unit: marked
 * so, with a history line.
 */
export function markNotRequested(s: PeriodicReportState, startedAt: number): void {
  const text = notRequestedText(s.deadline!.date, startedAt);
  s.notRequested = { at: new Date(startedAt).toISOString(), text };
  record(s.history, { at: new Date(startedAt).toISOString(), actor: SYSTEM, action: text });
}

/** A report as it starts: awaited, its deadline not set until the calendar is loaded. */
export function initialPeriodicReportState(workflowId: string, config: PeriodicReportConfig, now: number): PeriodicReportState {
  return {
    workflowId,
    plan: config.plan,
    unit: config.unit.name,
    period: config.period,
    status: 'report_waiting',
    overdue: false,
    pending: [],
    emails: [],
    history: [
      {
        at: new Date(now).toISOString(),
        actor: SYSTEM,
        action: `Đề nghị báo cáo ${config.period.label}`,
        detail: `số liệu từ ${formatDate(config.period.from)} đến ${formatDate(config.period.to)}`,
      },
    ],
  };
}

/** The report's current details in the Web UI (Markdown). */
export function periodicReportDetails(s: PeriodicReportState): string {
  const status =
    s.status === 'report_received'
      ? `đã nhận ${dateInText(s.receivedOn!)}${s.late ? ', muộn hạn' : ''}`
      : s.status === 'report_missing'
        ? 'không nhận được'
        : 'đang chờ';
  return [
    `**${markdownText(s.unit)}**: báo cáo ${markdownText(s.period.label)} ${status}`,
    '',
    `- Số liệu từ ${formatDate(s.period.from)} đến ${formatDate(s.period.to)}; hạn ${dateInText(s.deadline!.date)}`,
    ...(s.overdue ? ['- **Quá hạn**'] : []),
    ...(s.notRequested ? [`- ${s.notRequested.text}`] : []), // dates only: nothing to escape
  ].join('\n');
}

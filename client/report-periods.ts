import type { Client } from '@temporalio/client';
import type { WorkingCalendar } from '../domain/calendar';
import { addDays, formatDate, formatDateVi, localDateOf, yearOf, type LocalDate } from '../domain/dates';
import { reportDue, type ReportingPeriod } from '../domain/periods';
import { didYouMean } from '../domain/closest-names';
import { deadlinePassedAt } from '../domain/send-times';
import { slugify } from '../domain/slug';
import { ROUND_ID_PATTERN } from '../domain/validation';
import { periodicReportWorkflowId } from '../workflows/ids';
import { periodicReportStateQuery, type PeriodicReportState } from '../workflows/periodic-report/contract';
import { SA } from '../workflows/search-attributes';

/**
 * Opening a reporting period by hand (`kiemtra reports start`) and where each unit's report of a
 * period stands (`kiemtra reports status`): the deadline rules of an opening, the reports of a
 * period found through visibility, and each unit's line of the status table.
 */

/** The deadline a coordinator gives when opening a period: a date, or a number of working days from today. */
export interface OpeningDeadline {
  deadline?: LocalDate;
  workingDays?: number;
}

/** What opening a period would do, or why it must not. */
export type OpeningDecision =
  | {
      ok: true;
      /** The units' deadline. */
      due: LocalDate;
      /** The usual deadline: the plan's working days after the cut-off. */
      usualDue: LocalDate;
      /** Whether `due` replaces the usual deadline (the input carries it). */
      overridden: boolean;
      /** Set when the usual deadline had passed: said to the coordinator on stderr. */
      warning?: string;
    }
  | { ok: false; refusal: string; warning?: string };

/**
 * True when a period can be reported under a plan of `year`: it does not end before that year. A
 * plan's Schedules go on after its year (a 2026 Schedule opens 2027-01 and later), so later periods are kept.
 */
export const periodInPlanYear = (p: ReportingPeriod, year: number): boolean => yearOf(p.to) >= year;

/**
 * The deadline of a period opened now (pure): the usual one while it has not passed; a new one
 * when given (`--deadline`, forwarded to a working day, or `--working-days` from today), which must
 * fall after today; refused when the usual one has passed and no new one is given, or when the
 * period's data have not ended yet. So no request goes out with a past deadline.
 */
export function openingDeadline(
  cal: WorkingCalendar,
  period: ReportingPeriod,
  submitWorkingDaysAfterCutoff: number,
  given: OpeningDeadline,
  now: number,
): OpeningDecision {
  const today = localDateOf(now);
  if (given.deadline !== undefined && given.workingDays !== undefined)
    return { ok: false, refusal: 'chỉ dùng một trong hai: --deadline <ngày> hoặc --working-days <số>.' };
  if (today <= period.to)
    return {
      ok: false,
      refusal: `kỳ báo cáo ${period.label} chưa kết thúc: số liệu đến hết ngày ${formatDate(period.to)}; kỳ mở từ ngày ${formatDate(addDays(period.to, 1))}.`,
    };
  const usualDue = reportDue(cal, period, submitWorkingDaysAfterCutoff);
  const passed = deadlinePassedAt(usualDue, now);
  const warning = passed ? `Cảnh báo: hạn nộp thông thường của kỳ ${period.label} (${formatDateVi(usualDue)}) đã qua.` : undefined;
  if (given.workingDays !== undefined) {
    if (!Number.isInteger(given.workingDays) || given.workingDays < 1 || given.workingDays > 60)
      return { ok: false, refusal: `số ngày làm việc "${given.workingDays}" không hợp lệ: cần từ 1 đến 60.`, warning };
    return { ok: true, due: cal.addWorkingDays(today, given.workingDays), usualDue, overridden: true, warning };
  }
  if (given.deadline !== undefined) {
    if (given.deadline <= today)
      return {
        ok: false,
        refusal: `hạn nộp ${formatDate(given.deadline)} không sau hôm nay (${formatDate(today)}): chọn một ngày sau hôm nay; chưa mở kỳ nào.`,
        warning,
      };
    return { ok: true, due: cal.nextWorkingDayOnOrAfter(given.deadline), usualDue, overridden: true, warning };
  }
  if (passed)
    return {
      ok: false,
      refusal: `chưa mở kỳ ${period.label}: cần hạn nộp mới, --deadline <ngày> hoặc --working-days <số> (số ngày làm việc kể từ hôm nay), để các đơn vị không nhận đề nghị có hạn đã qua.`,
      warning,
    };
  return { ok: true, due: usualDue, usualDue, overridden: false };
}

/** One unit's report of a period, as `reports status` shows it. */
export type ReportStanding =
  /** Received by its deadline. */
  | 'sent'
  /** Received after its deadline. */
  | 'sent_late'
  /** Awaited, its deadline not passed. */
  | 'waiting'
  /** Awaited, its deadline passed. */
  | 'overdue'
  /** Closed as missing. */
  | 'missing'
  /** Opened after its deadline: the unit was never asked. */
  | 'not_requested'
  /** No report process: the period was not opened for this unit. */
  | 'not_opened';

/** The standings in Vietnamese, and in the table's order: who is late or missing first. */
export const STANDING_LABELS: Record<ReportStanding, string> = {
  overdue: 'quá hạn, chưa gửi',
  missing: 'không gửi (đã đóng)',
  not_requested: 'chưa được đề nghị',
  not_opened: 'chưa mở kỳ',
  waiting: 'chưa gửi, còn hạn',
  sent_late: 'đã gửi, muộn',
  sent: 'đã gửi',
};
const ORDER = Object.keys(STANDING_LABELS) as ReportStanding[];

/** A unit's line of the status table. */
export interface ReportStatusRow {
  unit: string;
  standing: ReportStanding;
  due?: LocalDate;
  receivedOn?: LocalDate;
  workflowId?: string;
}

/** The standing of a report (pure): from its state, as of `now`. */
export function standingOf(s: PeriodicReportState | undefined, now: number): ReportStanding {
  if (!s) return 'not_opened';
  if (s.status === 'report_received') return s.late ? 'sent_late' : 'sent';
  if (s.status === 'report_missing') return s.notRequested ? 'not_requested' : 'missing';
  if (s.notRequested) return 'not_requested';
  return s.overdue || (s.deadline && deadlinePassedAt(s.deadline.date, now)) ? 'overdue' : 'waiting';
}

/** The rows of a period's status (pure): every unit of the plan, and any other unit that has a report. */
export function statusRows(units: readonly string[], reports: ReadonlyMap<string, PeriodicReportState>, now: number): ReportStatusRow[] {
  const byUnit = new Map([...reports.values()].map((s) => [slugify(s.unit), s]));
  const names = [...units, ...[...reports.values()].map((s) => s.unit).filter((u) => !units.some((n) => slugify(n) === slugify(u)))];
  return names
    .map((unit) => {
      const s = byUnit.get(slugify(unit));
      return {
        unit,
        standing: standingOf(s, now),
        due: s?.deadline?.date,
        receivedOn: s?.receivedOn,
        workflowId: s?.workflowId,
      };
    })
    .sort((a, b) => ORDER.indexOf(a.standing) - ORDER.indexOf(b.standing) || a.unit.localeCompare(b.unit, 'vi'));
}

/** How many units stand each way. */
export function standingCounts(rows: readonly ReportStatusRow[]): Record<ReportStanding, number> {
  const counts = Object.fromEntries(ORDER.map((k) => [k, 0])) as Record<ReportStanding, number>;
  for (const r of rows) counts[r.standing]++;
  return counts;
}

/**
 * Every unit's report of a period under a plan, found through visibility (the plan's reports whose
 * id is the period's), each with its state; where the server has no visibility, the ids of the
 * plan's units. A report the engine no longer has is left out (the record store keeps it).
 */
export async function findPeriodReports(
  client: Client,
  plan: string,
  period: ReportingPeriod,
  units: readonly string[],
): Promise<Map<string, PeriodicReportState>> {
  if (!ROUND_ID_PATTERN.test(plan)) throw new RangeError(`invalid plan id ${plan}`);
  const prefix = periodicReportWorkflowId(plan, period.id, 'x').slice(0, -1);
  const ids = new Set(units.map((u) => periodicReportWorkflowId(plan, period.id, u)));
  try {
    for await (const wf of client.workflow.list({ query: `WorkflowType = 'periodicReport' AND InspectionRound = '${plan}'` }))
      if (wf.workflowId.startsWith(prefix) && wf.typedSearchAttributes.get(SA.unit) !== undefined) ids.add(wf.workflowId);
  } catch (err) {
    // The time-skipping test server has no visibility: the plan's units' ids are all there is.
    if ((err as { code?: number }).code !== 12) throw err;
  }
  const out = new Map<string, PeriodicReportState>();
  const list = [...ids];
  for (let i = 0; i < list.length; i += 16) {
    const batch = await Promise.all(
      list.slice(i, i + 16).map((id) =>
        client.workflow
          .getHandle(id)
          .query(periodicReportStateQuery)
          .catch((err: unknown) => {
            if ((err as Error).name === 'WorkflowNotFoundError') return undefined;
            throw err;
          }),
      ),
    );
    batch.forEach((s, j) => {
      if (s) out.set(list[i + j]!, s);
    });
  }
  return out;
}

/**
 * Why a unit's report of a period was not found, for a person: the period was never opened (with
 * the command that opens it), or the unit's name is not one of the period's (with the closest
 * names, compared without diacritics). Found through visibility; undefined without it.
 */
export async function reportNotFoundHint(client: Client, plan: string, period: ReportingPeriod, unit: string): Promise<string | undefined> {
  if (!ROUND_ID_PATTERN.test(plan)) return undefined;
  const prefix = periodicReportWorkflowId(plan, period.id, 'x').slice(0, -1);
  const names: string[] = [];
  try {
    for await (const wf of client.workflow.list({ query: `WorkflowType = 'periodicReport' AND InspectionRound = '${plan}'` }))
      if (wf.workflowId.startsWith(prefix)) names.push(wf.typedSearchAttributes.get(SA.unit) ?? '');
  } catch (err) {
    if ((err as { code?: number }).code === 12) return undefined;
    throw err;
  }
  if (!names.length)
    return `kỳ báo cáo ${period.label} của ${plan} chưa mở: mở bằng \`kiemtra reports start ${period.id}\` (xem kiemtra reports start --help).`;
  return `không tìm thấy báo cáo ${period.label} của "${unit}" trong ${plan}.${didYouMean(unit, names.filter(Boolean))}`;
}

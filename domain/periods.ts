import type { WorkingCalendar } from './calendar';
import { dateInText, type LocalDate } from './dates';

/**
 * Reporting periods of Điều 2.1 of the 2026 plan ("hằng tháng, quý và năm"), with the data cut-off
 * of Nghị định 09/2019/NĐ-CP, Điều 12: a period runs from the 15th of a month to the 14th of its
 * last month. Monthly: 15th of the previous month to the 14th; quarterly: 15th of the month before
 * the quarter to the 14th of its last month; six-monthly: 15/12 to 14/6; annual: 15/12 to 14/12.
 */

export const PERIOD_KINDS = ['monthly', 'quarterly', 'sixMonthly', 'annual'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** The months a period of a kind ends in, and how many months it spans. */
const SHAPE: Record<PeriodKind, { endMonths: number[]; span: number }> = {
  monthly: { endMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], span: 1 },
  quarterly: { endMonths: [3, 6, 9, 12], span: 3 },
  sixMonthly: { endMonths: [6], span: 6 },
  annual: { endMonths: [12], span: 12 },
};

/** A reporting period. */
export interface ReportingPeriod {
  kind: PeriodKind;
  /** `2026-11`, `2026-Q4`, `2026-H1`, `2026`. */
  id: string;
  /** As a Vietnamese reader sees it: "tháng 11/2026". */
  label: string;
  /** First and last day of its data (the cut-off). */
  from: LocalDate;
  to: LocalDate;
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const ROMAN = ['I', 'II', 'III', 'IV'];

/** The period of a kind whose data ends on the 14th of `month` of `year`. */
export function periodEndingIn(kind: PeriodKind, year: number, month: number): ReportingPeriod {
  if (!SHAPE[kind].endMonths.includes(month)) throw new RangeError(`no ${kind} period ends in ${year}-${month}`);
  const span = SHAPE[kind].span;
  const startMonth = ((month - span - 1 + 12) % 12) + 1;
  const startYear = month - span < 1 ? year - 1 : year;
  const q = month / 3;
  const id =
    kind === 'monthly'
      ? iso(year, month, 1).slice(0, 7)
      : kind === 'quarterly'
        ? `${year}-Q${q}`
        : kind === 'sixMonthly'
          ? `${year}-H1`
          : String(year);
  const label =
    kind === 'monthly'
      ? `tháng ${month}/${year}`
      : kind === 'quarterly'
        ? `quý ${ROMAN[q - 1]}/${year}`
        : kind === 'sixMonthly'
          ? `6 tháng đầu năm ${year}`
          : `năm ${year}`;
  return { kind, id, label, from: iso(startYear, startMonth, 15), to: iso(year, month, 14) };
}

/** The latest period of a kind whose data ended before `date` (the day a schedule fires, the 15th). */
export function periodBefore(kind: PeriodKind, date: LocalDate): ReportingPeriod {
  let year = Number(date.slice(0, 4));
  let month = Number(date.slice(5, 7));
  if (Number(date.slice(8, 10)) <= 14) month--;
  for (;;) {
    if (month < 1) {
      month = 12;
      year--;
    }
    if (SHAPE[kind].endMonths.includes(month)) return periodEndingIn(kind, year, month);
    month--;
  }
}

/** The period of the same kind just before this one (for trends). */
export function previousPeriod(p: ReportingPeriod): ReportingPeriod {
  return periodBefore(p.kind, p.from);
}

/** A period by its id: `2026-11`, `2026-Q4`, `2026-H1`, `2026`. Undefined when malformed. */
export function periodById(id: string): ReportingPeriod | undefined {
  let m = /^(\d{4})-(\d{2})$/.exec(id);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return periodEndingIn('monthly', Number(m[1]), Number(m[2]));
  m = /^(\d{4})-Q([1-4])$/.exec(id);
  if (m) return periodEndingIn('quarterly', Number(m[1]), Number(m[2]) * 3);
  m = /^(\d{4})-H1$/.exec(id);
  if (m) return periodEndingIn('sixMonthly', Number(m[1]), 6);
  m = /^(\d{4})$/.exec(id);
  if (m) return periodEndingIn('annual', Number(m[1]), 12);
  return undefined;
}

/** The day a period's report is due: `workingDays` working days after its cut-off. */
export function reportDue(cal: WorkingCalendar, p: ReportingPeriod, workingDays: number): LocalDate {
  return workingDays === 0 ? cal.nextWorkingDayOnOrAfter(p.to) : cal.addWorkingDays(p.to, workingDays);
}

/** The schedule of a kind: the 15th of each month its periods end in, 08:00 Hải Phòng time. */
export function scheduleMonths(kind: PeriodKind): number[] {
  return SHAPE[kind].endMonths;
}

/**
 * Every period, of every kind, whose data ended before `date` and within the `months` before it:
 * the latest first (by cut-off, then the shorter period first). Where to look for a unit's latest
 * periodic report.
 */
export function recentPeriods(date: LocalDate, months = 12): ReportingPeriod[] {
  const out: ReportingPeriod[] = [];
  const since = `${Number(date.slice(0, 4)) - Math.floor(months / 12)}-${date.slice(5)}`;
  for (const kind of PERIOD_KINDS) {
    for (let p = periodBefore(kind, date); p.to >= since; p = previousPeriod(p)) out.push(p);
  }
  const span = (p: ReportingPeriod) => PERIOD_KINDS.indexOf(p.kind);
  return out.sort((a, b) => (a.to === b.to ? span(a) - span(b) : a.to < b.to ? 1 : -1));
}

/** "5 chỉ tiêu lấy từ báo cáo định kỳ tháng 10/2026 của đơn vị, nhận ngày 20/10/2026 (thứ Ba)". */
export function prefilledText(p: { period: string; receivedOn: LocalDate; indicators: readonly string[] }): string {
  return `${p.indicators.length} chỉ tiêu lấy từ báo cáo định kỳ ${p.period} của đơn vị, nhận ${dateInText(p.receivedOn)}`;
}

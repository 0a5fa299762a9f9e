import { addDays, formatDateNd30, type LocalDate } from './dates';
import type { WorkingCalendar } from './calendar';

/**
 * Legal deadlines, each recorded with how it was counted.
 *
 * Conventions (Bộ luật Dân sự 2015, Điều 147–148, and the 2026 inspection plan):
 * - the start day is not counted; a period ends at 24:00 of its last day;
 * - "N working days before D": step back N working days from D (D not counted);
 * - "at least 02 days before the visit": 2 calendar days before D; a due date on a day off moves BACK
 *   to the previous working day, because the Center is closed that day;
 * - "before date X": due on the last working day before X;
 * - forward periods ending on a day off end at the end of the next working day (Điều 148);
 * - the conclusion is due within 15 working days after the last visit day (Thông tư 02/2017/TT-VPCP).
 */

/** How a deadline's period is counted. */
export type CountUnit = 'working_days' | 'calendar_days';

/** A deadline with its rule, so a person can check it. */
export interface Deadline {
  /** Stable id, e.g. `notice`, `report`, `conclusion`, `remediation:R1`. */
  id: string;
  /** The last day the action may happen (until 24:00 local time). */
  date: LocalDate;
  unit: CountUnit;
  /** The length of the period; 0 for "before date X" deadlines. */
  count: number;
  /** The date the period is counted from. */
  anchor: LocalDate;
  direction: 'before' | 'after';
  /** The rule, in Vietnamese, as shown to coordinators. */
  rule: string;
  /** The legal basis. */
  basis: string;
  /** True when a year without an official schedule was involved. */
  provisional: boolean;
}

/** The notice period before a periodic inspection. */
export const NOTICE_WORKING_DAYS = 7;
/** The unit's report is due this many calendar days before the visit. */
export const REPORT_CALENDAR_DAYS = 2;
/** The conclusion is due within this many working days after the last visit day. */
export const CONCLUSION_WORKING_DAYS = 15;

const PLAN = 'Kế hoạch kiểm tra công tác kiểm soát TTHC năm 2026 của Ủy ban nhân dân thành phố Hải Phòng';

function provisional(cal: WorkingCalendar, ...dates: LocalDate[]): boolean {
  return dates.some((d) => cal.isProvisional(d));
}

/** The notice must be sent 7 working days before the first visit day (Mục III.3.b, V.1.b of the plan). */
export function noticeDeadline(cal: WorkingCalendar, visitStart: LocalDate): Deadline {
  const date = cal.addWorkingDays(visitStart, -NOTICE_WORKING_DAYS);
  return {
    id: 'notice',
    date,
    unit: 'working_days',
    count: NOTICE_WORKING_DAYS,
    anchor: visitStart,
    direction: 'before',
    rule: `${NOTICE_WORKING_DAYS} ngày làm việc trước ngày Đoàn kiểm tra đến làm việc (không tính ngày đến làm việc)`,
    basis: `điểm b khoản 3 Mục III và điểm b khoản 1 Mục V của ${PLAN}`,
    provisional: provisional(cal, date, visitStart),
  };
}

/**
 * The first day a periodic visit may start when its notice can go out no earlier than `today`:
 * 7 working days counted from today, or from the next working day when today is a day off (the
 * notice of a visit proposed on a Saturday cannot be due the Friday before).
 */
export function earliestNoticedVisit(cal: WorkingCalendar, today: LocalDate): LocalDate {
  return cal.addWorkingDays(cal.nextWorkingDayOnOrAfter(today), NOTICE_WORKING_DAYS);
}

/**
 * The unit's report reaches the Center at least 02 days before the visit (Mục V.3.a): 2 calendar
 * days before; on a day off, the previous working day.
 */
export function reportDeadline(cal: WorkingCalendar, visitStart: LocalDate): Deadline {
  const date = cal.previousWorkingDayOnOrBefore(addDays(visitStart, -REPORT_CALENDAR_DAYS));
  return {
    id: 'report',
    date,
    unit: 'calendar_days',
    count: REPORT_CALENDAR_DAYS,
    anchor: visitStart,
    direction: 'before',
    rule: `trước ít nhất 0${REPORT_CALENDAR_DAYS} ngày kể từ ngày Đoàn kiểm tra đến làm việc; nếu rơi vào ngày nghỉ thì lùi về ngày làm việc liền trước`,
    basis: `điểm a khoản 3 Mục V của ${PLAN}`,
    provisional: provisional(cal, date, visitStart),
  };
}

/** The conclusion within 15 working days after the last visit day (Thông tư 02/2017/TT-VPCP). */
export function conclusionDeadline(cal: WorkingCalendar, visitEnd: LocalDate): Deadline {
  const date = cal.addWorkingDays(visitEnd, CONCLUSION_WORKING_DAYS);
  return {
    id: 'conclusion',
    date,
    unit: 'working_days',
    count: CONCLUSION_WORKING_DAYS,
    anchor: visitEnd,
    direction: 'after',
    rule: `trong ${CONCLUSION_WORKING_DAYS} ngày làm việc kể từ ngày làm việc cuối cùng của Đoàn kiểm tra`,
    basis: 'Điều 46 Thông tư số 02/2017/TT-VPCP ngày 31/10/2017',
    provisional: provisional(cal, date, visitEnd),
  };
}

/** A deadline "before date X": the last working day before X. */
export function beforeDateDeadline(cal: WorkingCalendar, id: string, x: LocalDate, basis: string): Deadline {
  const date = cal.addWorkingDays(x, -1);
  return {
    id,
    date,
    unit: 'working_days',
    count: 0,
    anchor: x,
    direction: 'before',
    rule: `trước ngày ${formatDateNd30(x)}: ngày làm việc cuối cùng trước ngày đó`,
    basis,
    provisional: provisional(cal, date, x),
  };
}

/**
 * A forward deadline set on a date ("by 30/5/2026"): if that day is a day off, the period ends at the
 * end of the next working day (Bộ luật Dân sự 2015, Điều 148).
 */
export function forwardDeadline(cal: WorkingCalendar, id: string, due: LocalDate, basis: string): Deadline {
  const date = cal.nextWorkingDayOnOrAfter(due);
  return {
    id,
    date,
    unit: 'calendar_days',
    count: 0,
    anchor: due,
    direction: 'after',
    rule:
      date === due
        ? 'đến hết ngày được ấn định'
        : 'ngày được ấn định là ngày nghỉ: thời hạn kết thúc vào cuối ngày làm việc tiếp theo (BLDS 2015, Điều 148)',
    basis,
    provisional: provisional(cal, date, due),
  };
}

/** The deadlines of one inspection. A surprise inspection (đột xuất) has no notice and no report. */
export interface InspectionDeadlines {
  notice?: Deadline;
  report?: Deadline;
  conclusion?: Deadline;
}

/** Computes the deadlines of an inspection from its visit dates. */
export function inspectionDeadlines(
  cal: WorkingCalendar,
  visit: { start: LocalDate; end?: LocalDate; surprise?: boolean },
): InspectionDeadlines {
  return {
    ...(visit.surprise ? {} : { notice: noticeDeadline(cal, visit.start), report: reportDeadline(cal, visit.start) }),
    ...(visit.end ? { conclusion: conclusionDeadline(cal, visit.end) } : {}),
  };
}

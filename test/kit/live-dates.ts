import type { WorkingCalendar } from '../../domain/calendar';
import { addDays, localDateOf, type LocalDate } from '../../domain/dates';
import { NOTICE_WORKING_DAYS } from '../../domain/deadlines';

/** A visit's first and last day. */
export interface VisitDays {
  start: LocalDate;
  end: LocalDate;
}

/**
 * Dates for driving inspections against the real clock: the dev-server, browser, CLI end-to-end
 * and fault tests, and the benchmarks. Each keeps the property its name promises whatever the hour
 * (00:00–08:00 included), the weekday, a holiday's eve, Tết or New Year's Eve;
 * `test/live-dates.test.ts` checks every property for every hour of a year.
 */
export interface LiveDates {
  /** The local date of `now`. */
  today: LocalDate;
  /**
   * A one-day periodic visit whose 08:00 notice moment has already passed, so a new inspection
   * sends its notice at once and is `notified`; its visit, its report deadline and the report's
   * escalation are all more than a day away.
   */
  noticeDue: VisitDays;
  /** A one-day periodic visit whose notice moment is more than a day away: it stays `scheduled`. */
  noticeLater: VisitDays;
  /**
   * A one-day visit that began at least five working days ago: imported `on_site` without a
   * report, its report is already overdue, while its conclusion is not due for more than a day.
   */
  reportOverdue: VisitDays;
  /** The last working day on or before today: an imported on-site visit that has begun. */
  visited: LocalDate;
  /** A working day after today, for a draft conclusion's response deadline. */
  responseBy: LocalDate;
  /** A working day after `responseBy`, for a recommendation's remediation deadline. */
  remediationBy: LocalDate;
}

/** The {@link LiveDates} of an instant (epoch milliseconds, or a Date). */
export function liveDates(cal: WorkingCalendar, now: number | Date): LiveDates {
  const today = localDateOf(now);
  // The notice moment is 08:00 of the notice day, so a notice day strictly before today has
  // passed at any hour of today.
  const lastWorkingDayBefore = cal.previousWorkingDayOnOrBefore(addDays(today, -1));
  const noticeDue = cal.addWorkingDays(lastWorkingDayBefore, NOTICE_WORKING_DAYS);
  const noticeLater = cal.addWorkingDays(today, NOTICE_WORKING_DAYS + 5);
  const reportOverdue = cal.addWorkingDays(today, -5);
  const responseBy = cal.addWorkingDays(today, 3);
  return {
    today,
    noticeDue: { start: noticeDue, end: noticeDue },
    noticeLater: { start: noticeLater, end: noticeLater },
    reportOverdue: { start: reportOverdue, end: reportOverdue },
    visited: cal.previousWorkingDayOnOrBefore(today),
    responseBy,
    remediationBy: cal.addWorkingDays(responseBy, 7),
  };
}

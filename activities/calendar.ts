import type { CalendarData, WorkingCalendar } from '../domain/calendar';

/**
 * Calendar activities. A workflow takes a snapshot of the years it spans once, at its start: the
 * snapshot is recorded in history, so validators and timers compute working days deterministically
 * and a later update of the calendar data never changes what a replay sees.
 */
export function createCalendarActivities(cal: WorkingCalendar) {
  return {
    /** The schedules of the years from `fromYear` to `toYear`, official or provisional. */
    async calendarSnapshot(range: { fromYear: number; toYear: number }): Promise<CalendarData> {
      return cal.snapshot(range.fromYear, range.toYear);
    },
  };
}

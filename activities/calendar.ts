import type { WorkingCalendar } from '../domain/calendar';
import type { DayInfo } from '../domain/calendar';
import type { LocalDate } from '../domain/dates';
import { beforeDateDeadline, forwardDeadline, inspectionDeadlines, type Deadline, type InspectionDeadlines } from '../domain/deadlines';

/**
 * Calendar activities: workflows get every date through these, so the answer is recorded in
 * history and a later update of the calendar data never changes what a replay sees.
 */
export function createCalendarActivities(cal: WorkingCalendar) {
  return {
    /** The notice, report and conclusion deadlines of an inspection. */
    async computeInspectionDeadlines(visit: { start: LocalDate; end?: LocalDate; surprise?: boolean }): Promise<InspectionDeadlines> {
      return inspectionDeadlines(cal, visit);
    },
    /** A deadline "before date X" (self-inspection reports). */
    async computeBeforeDateDeadline(input: { id: string; before: LocalDate; basis: string }): Promise<Deadline> {
      return beforeDateDeadline(cal, input.id, input.before, input.basis);
    },
    /** A forward deadline on a set date, moved to the next working day if needed (Điều 148). */
    async computeForwardDeadline(input: { id: string; due: LocalDate; basis: string }): Promise<Deadline> {
      return forwardDeadline(cal, input.id, input.due, input.basis);
    },
    /** Adds (or, negative, subtracts) working days. */
    async addWorkingDays(input: { date: LocalDate; days: number }): Promise<LocalDate> {
      return cal.addWorkingDays(input.date, input.days);
    },
    /** What the calendar says of several dates. */
    async describeDays(dates: LocalDate[]): Promise<DayInfo[]> {
      return dates.map((d) => cal.dayInfo(d));
    },
  };
}

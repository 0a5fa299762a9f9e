import type { WorkingCalendar } from './calendar';
import { localDateOf, localInstant, type LocalDate } from './dates';

/**
 * When the system sends: reminders and escalations go out at 08:00 local time on working days.
 * Pure (no Temporal, no I/O), shared by every workflow type with a timed agenda.
 */

/** The hour of the working day at which the system sends. */
export const SEND_TIME = '08:00';

/** 08:00 local time of a date (epoch milliseconds): when reminders and escalations go out. */
export const at8 = (d: LocalDate): number => localInstant(d, SEND_TIME).getTime();

/** The moment a deadline counts as missed: 08:00 of the first working day after it. */
export function overdueAt(cal: WorkingCalendar, deadline: LocalDate): number {
  return at8(cal.addWorkingDays(deadline, 1));
}

/** The first 08:00 of a working day at or after an instant (epoch milliseconds). */
export function nextSendMoment(cal: WorkingCalendar, at: number): number {
  const day = localDateOf(at);
  if (cal.isWorkingDay(day) && at8(day) >= at) return at8(day);
  return at8(cal.addWorkingDays(day, 1));
}

/** What a deferred escalation's label says, in the Web UI and in history. */
export const PAST_AT_START = 'hạn đã qua khi bắt đầu theo dõi';

/** A timed item of an agenda: an id, an instant (epoch milliseconds) and the label of its timer. */
export interface TimedItem {
  id: string;
  at: number;
  label: string;
}

/** Orders timed items by instant, then by id, so equal instants always come in the same order. */
export const byTime = (a: TimedItem, b: TimedItem): number => a.at - b.at || a.id.localeCompare(b.id);

/**
 * An escalation whose moment had already passed when the workflow started (an import, a late
 * start) goes out once, at the first 08:00 of a working day after the start, and says so in its
 * label. Other items are kept as they are. Returns the items sorted by time.
 */
export function deferPast<T extends TimedItem>(
  items: readonly T[],
  cal: WorkingCalendar,
  startedAt: number,
  isEscalation: (item: T) => boolean,
): T[] {
  const at = nextSendMoment(cal, startedAt);
  return items.map((i) => (isEscalation(i) && i.at < startedAt ? { ...i, at, label: `${i.label} (${PAST_AT_START})` } : i)).sort(byTime);
}

/**
 * Whether a deadline has passed at an instant: its day is over in Hải Phòng (the day is Vietnam's,
 * not UTC's: at 03:00 on the next morning it has passed, while UTC still shows the deadline's day).
 * A period's report request is not sent when its deadline has passed by the time the request would
 * go out (a reporting period started late: a Schedule's catch-up after an outage, a backfill): a
 * request for a date already gone, followed by "closed as missing", would help no one.
 */
export function deadlinePassedAt(deadline: LocalDate, at: number): boolean {
  return localDateOf(at) > deadline;
}

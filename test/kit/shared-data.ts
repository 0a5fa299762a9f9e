import type { WorkingCalendar } from '../../domain/calendar';
import type { YearTargets } from '../../domain/kpi';
import { loadWorkingCalendar } from '../../loaders/calendar';
import { loadYearTargets } from '../../loaders/targets';

// The shipped data the tests share; no Temporal here, so the unit tier can use it.
let calendar: WorkingCalendar | undefined;
/** The project's calendar, loaded once per test file. */
export function sharedCalendar(): WorkingCalendar {
  calendar ??= loadWorkingCalendar();
  return calendar;
}

let targets: YearTargets[] | undefined;
/** The shipped yearly plans' targets, loaded once per test file. */
export function sharedTargets(): YearTargets[] {
  targets ??= loadYearTargets();
  return targets;
}

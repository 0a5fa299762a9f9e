/**
 * Builds the activities the worker registers. Dependencies (calendar data, mail transport) are
 * passed in, so tests use the same functions with their own real servers.
 */
export interface ActivityDeps {
  /** Reserved for the calendar and email activities. */
  readonly now?: () => Date;
}

/** Creates every activity of the kiemtra worker. */
export function createActivities(_deps: ActivityDeps = {}) {
  return {};
}

/** The activity interface that workflows import as a type only. */
export type Activities = ReturnType<typeof createActivities>;

import { currentOrigin, type Origin } from './origin';

/**
 * One history-entry type and one way to record an entry, for every workflow type: what the
 * `state` query shows as the process's history and what the units' pages and the CLI list.
 */

/** The actor of what the system does by itself. */
export const SYSTEM = 'hệ thống';

/** One entry of a process's history. */
export interface HistoryEntry {
  /** ISO instant. */
  at: string;
  /** Who did it: a person's name, or {@link SYSTEM}. */
  actor: string;
  /** What was done, in Vietnamese. */
  action: string;
  detail?: string;
  /** Who did it as the client layer authenticated it (the update's origin), apart from `actor`. */
  via?: Origin;
}

/**
 * Appends an entry to a history. `at` defaults to the workflow's clock (deterministic in a
 * workflow); `detail` is left out when there is none; `via` is the origin of the update being
 * applied ({@link currentOrigin}), left out when there is none.
 */
export function record<E extends HistoryEntry>(history: E[], entry: Omit<E, 'at'> & { at?: string }): E {
  const { at, detail, ...rest } = entry;
  const via = entry.via ?? currentOrigin();
  const e = {
    at: at ?? new Date().toISOString(),
    ...rest,
    ...(detail !== undefined ? { detail } : {}),
    ...(via ? { via } : {}),
  } as unknown as E;
  history.push(e);
  return e;
}

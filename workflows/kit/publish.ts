import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';

/**
 * One diffed publish of what supervisors see in the Web UI: the search attributes and the
 * "current details". An attribute is upserted only when its value differs from the one the
 * execution already has (set by the start options or by an earlier upsert, as `workflowInfo()`
 * knows it), and the details are set only when their text changed.
 */

type Value = SearchAttributeUpdatePair['value'];

/** Whether two search attribute values are the same (dates by instant, lists element by element). */
export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  const empty = (v: Value | undefined) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  if (empty(a) || empty(b)) return empty(a) && empty(b);
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === (b as unknown[])[i]);
  return a === b;
}

/** The pairs of `wanted` whose value differs from `current(key)`. */
export function changedAttributes(
  wanted: readonly SearchAttributeUpdatePair[],
  current: (pair: SearchAttributeUpdatePair) => Value | undefined,
): SearchAttributeUpdatePair[] {
  return wanted.filter((p) => !sameValue(current(p), p.value));
}

/** A publisher for one execution. */
export interface Publisher {
  /** Upserts the attributes that changed, and sets the details if their text changed. */
  publish(attributes: readonly SearchAttributeUpdatePair[], details: string): void;
}

/** A publisher that diffs against the execution's own search attributes. */
export function createPublisher(): Publisher {
  let shown: string | undefined;
  return {
    publish(attributes, details) {
      const known = workflowInfo().typedSearchAttributes;
      const changed = changedAttributes(attributes, (p) => known.get(p.key) as Value | undefined);
      if (changed.length > 0) upsertSearchAttributes(changed);
      if (details !== shown) {
        shown = details;
        setCurrentDetails(details);
      }
    },
  };
}

/**
 * A publisher for executions started before their type used the diffed one: it upserts every
 * attribute and sets the details on every call, as those executions did, so their histories
 * replay. Choose it with `patched()`: `patched('…-diffed-publish') ? createPublisher() : createUndiffedPublisher()`.
 */
export function createUndiffedPublisher(): Publisher {
  return {
    publish(attributes, details) {
      upsertSearchAttributes([...attributes]);
      setCurrentDetails(details);
    },
  };
}

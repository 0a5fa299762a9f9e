import { CancelledFailure, ChildWorkflowFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/workflow';
import type { ChildEnd } from './contract';

/** The round's pure rules on its children's ends (what it records from a child's close event). */

/**
 * How a child of the round ended when its process did not finish (so it sent no `childFinished`):
 * read from the failure its handle's `result()` rejects with. Deterministic: the failure comes from
 * the child's close event in the round's history.
 */
export function childEndOf(err: unknown): ChildEnd {
  const cause = err instanceof ChildWorkflowFailure ? err.cause : err;
  if (cause instanceof TerminatedFailure) return 'terminated';
  if (cause instanceof CancelledFailure) return 'cancelled';
  if (cause instanceof TimeoutFailure) return 'timed_out';
  return 'failed';
}

/** The stage a child's result (its final state) names, if any. */
export function stageOfResult(result: unknown): string | undefined {
  const stage = typeof result === 'object' && result !== null ? (result as { stage?: unknown }).stage : undefined;
  return typeof stage === 'string' ? stage : undefined;
}

import { describe, expect, it } from 'vitest';
import {
  ApplicationFailure,
  CancelledFailure,
  ChildWorkflowFailure,
  RetryState,
  TerminatedFailure,
  TimeoutFailure,
  TimeoutType,
} from '@temporalio/common';
import { childEndOf, stageOfResult } from '../workflows/round/rules';

/** How the round reads a child's end from the failure its `result()` rejects with. */
describe("a round child's end", () => {
  const child = (cause: Error) =>
    new ChildWorkflowFailure(
      'default',
      { workflowId: 'inspection-2028-x', runId: 'r' },
      'inspection',
      RetryState.NON_RETRYABLE_FAILURE,
      cause,
    );

  it('names each way a child ends without finishing its process', () => {
    expect(childEndOf(child(new TerminatedFailure('by the Web UI')))).toBe('terminated');
    expect(childEndOf(child(new CancelledFailure('cancel requested')))).toBe('cancelled');
    expect(childEndOf(child(new TimeoutFailure('run timeout', undefined, TimeoutType.START_TO_CLOSE)))).toBe('timed_out');
    expect(childEndOf(child(ApplicationFailure.create({ message: 'boom' })))).toBe('failed');
    expect(childEndOf(new Error('not a child failure'))).toBe('failed');
  });

  it("reads the stage from a child's final state, and nothing from anything else", () => {
    expect(stageOfResult({ stage: 'closed', unit: 'x' })).toBe('closed');
    expect(stageOfResult({ stage: 3 })).toBeUndefined();
    expect(stageOfResult(undefined)).toBeUndefined();
    expect(stageOfResult('closed')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { isPassingRefusal } from '../client/connect';
import { NOT_READY } from '../workflows/inspection/contract';

describe('refusals the CLI sends again', () => {
  it('retries an inspection still loading its calendar, and a workflow whose last task failed', () => {
    expect(isPassingRefusal(new WorkflowUpdateFailedError('x', ApplicationFailure.nonRetryable('đang khởi tạo', NOT_READY)))).toBe(true);
    const failedTask = Object.assign(
      new Error('9 FAILED_PRECONDITION: Unable to perform workflow execution update due to Workflow Task in failed state.'),
      {
        code: 9,
        details: 'Unable to perform workflow execution update due to Workflow Task in failed state.',
      },
    );
    expect(isPassingRefusal(failedTask)).toBe(true);
    expect(isPassingRefusal(Object.assign(new Error('wrapped'), { cause: failedTask }))).toBe(true);
  });

  it('does not retry a validator refusal or another precondition', () => {
    expect(
      isPassingRefusal(new WorkflowUpdateFailedError('x', ApplicationFailure.nonRetryable('ngày họp không hợp lệ', 'ValidationError'))),
    ).toBe(false);
    expect(
      isPassingRefusal(
        Object.assign(new Error('9 FAILED_PRECONDITION: workflow already completed'), { code: 9, details: 'workflow already completed' }),
      ),
    ).toBe(false);
    expect(isPassingRefusal(new Error('boom'))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { isPassingRefusal } from '../client/connect';
import { isSubmissionId, newSubmissionId, submissionUpdateId } from '../client/submission';
import { submissionIdOf, withRepeatHint } from '../client/cli/args';
import { ExitCode, UserFacingError } from '../config/errors';
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

describe('submission ids', () => {
  it('are new for each submission, and the update id names the update', () => {
    const [a, b] = [newSubmissionId(), newSubmissionId()];
    expect(a).not.toBe(b);
    expect([
      isSubmissionId(a),
      isSubmissionId('lan-gui-so-1'),
      isSubmissionId('x y'),
      isSubmissionId('short'),
      isSubmissionId('a'.repeat(65)),
    ]).toEqual([true, true, false, false, false]);
    expect(submissionUpdateId('recordReport', 'lan-gui-so-1')).toBe('recordReport:lan-gui-so-1');
  });
});

describe('a command whose outcome is unknown', () => {
  it('says how to send it again without recording it twice; a refusal is left as it is', () => {
    const refused = new UserFacingError('Phát hiện này đã được ghi nhận', ExitCode.badInput);
    expect(withRepeatHint(refused)).toBe(refused);
    submissionIdOf('lan-gui-so-7');
    const lost = withRepeatHint(new UserFacingError('mất kết nối tới Temporal: 14 UNAVAILABLE', ExitCode.connection)) as UserFacingError;
    expect([lost.exitCode, lost.message]).toEqual([
      ExitCode.connection,
      'mất kết nối tới Temporal: 14 UNAVAILABLE Nếu không rõ lần gửi đã được ghi nhận chưa, chạy lại đúng lệnh này kèm --submission-id lan-gui-so-7: lần gửi sẽ không bị ghi nhận hai lần.',
    ]);
    expect(withRepeatHint(refused)).toBe(refused);
  });
});

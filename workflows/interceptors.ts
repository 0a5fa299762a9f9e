import type { WorkflowInboundCallsInterceptor, WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { workflowInfo } from '@temporalio/workflow';
import { readOriginHeader, whileHandling, withOrigin } from './kit/origin';
import { refuse } from './kit/refusal';

/**
 * The workflow interceptors every kiemtra worker registers (worker/worker.ts bundles this module
 * with the workflows): the origin of an update or signal, read from its `kiemtra-via` header
 * (workflows/kit/origin.ts), is what the kit stamps on the history entries it records. A malformed
 * header is refused by the update's validator, before anything is written. Kept to the origin
 * module alone: every execution of every type evaluates it.
 */
class OriginInbound implements WorkflowInboundCallsInterceptor {
  validateUpdate: NonNullable<WorkflowInboundCallsInterceptor['validateUpdate']> = (input, next) => {
    if (!readOriginHeader(input.headers).valid)
      refuse('Dữ liệu không hợp lệ: thông tin người gửi (kiemtra-via) không đúng dạng', `invalid origin header of ${input.name}`);
    next(input);
  };

  handleUpdate: NonNullable<WorkflowInboundCallsInterceptor['handleUpdate']> = (input, next) =>
    whileHandling(workflowInfo().runId, input.updateId, readOriginHeader(input.headers).origin, () => next(input));

  handleSignal: NonNullable<WorkflowInboundCallsInterceptor['handleSignal']> = (input, next) =>
    withOrigin(readOriginHeader(input.headers).origin, () => next(input));
}

/** The factory the SDK calls once per execution. */
export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new OriginInbound()] });

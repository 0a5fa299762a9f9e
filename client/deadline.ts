import {
  defaultGrpcRetryOptions,
  isGrpcDeadlineError,
  makeGrpcRetryInterceptor,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type ConnectionOptions,
} from '@temporalio/client';

/**
 * A deadline on every call a client makes, so that a caller who must answer a person (the page
 * server) never waits longer than it can: with the worker down, a query waits for a worker that
 * never comes, and without a deadline a unit's link hangs half a minute.
 */

type Interceptor = NonNullable<ConnectionOptions['interceptors']>[number];
type Deadline = Date | number;

const deadlineMs = (d: Deadline | undefined) => (d === undefined ? Infinity : typeof d === 'number' ? d : d.getTime());

/**
 * A gRPC interceptor that ends every call after `ms` (a call with an earlier deadline keeps its own).
 * It comes before the SDK's retry interceptor, so one deadline covers a call and its retries.
 */
export function callDeadlineInterceptor(ms: number): Interceptor {
  // grpc-js chains interceptors as plain functions, so passing the next call on is a whole interceptor.
  return (options, nextCall) => {
    const mine = Date.now() + ms;
    const next = nextCall(deadlineMs(options.deadline as Deadline | undefined) <= mine ? options : { ...options, deadline: mine });
    return next as ReturnType<Interceptor>;
  };
}

/** The connection interceptors with a deadline on every call, the SDK's retries kept. */
export function withCallDeadline(ms: number, interceptors?: Interceptor[]): Interceptor[] {
  return [callDeadlineInterceptor(ms), ...(interceptors ?? [makeGrpcRetryInterceptor(defaultGrpcRetryOptions())])];
}

/** gRPC codes of a call that did not get through: deadline exceeded, unavailable. */
const UNAVAILABLE_CODES = new Set([4, 14]);

/**
 * Whether an error means Temporal did not answer in time (no worker for a query or an update, the
 * server unreachable), rather than a refusal: the request may be sent again.
 */
export function isTemporalUnavailable(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(err)) return true;
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'number' && UNAVAILABLE_CODES.has(code);
}

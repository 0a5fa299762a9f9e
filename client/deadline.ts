import {
  defaultGrpcRetryOptions,
  isGrpcDeadlineError,
  isGrpcServiceError,
  makeGrpcRetryInterceptor,
  ServiceError,
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

/**
 * gRPC codes of a call that did not get through in time: cancelled, unknown, deadline exceeded,
 * resource exhausted, internal, unavailable. The server ends a call at the caller's deadline too,
 * and then answers with whichever of these its own cancelled work produced ("context deadline
 * exceeded" as INTERNAL or UNAVAILABLE), racing the client's own DEADLINE_EXCEEDED.
 */
const UNAVAILABLE_CODES = new Set([1, 2, 4, 8, 13, 14]);

/** The gRPC status code of an error or of the errors it wraps, if any. */
export function grpcCodeOf(err: unknown): number | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++)
    if (typeof e.code === 'number') return e.code;
  return undefined;
}

/**
 * Whether an error means Temporal did not answer in time or at all (no worker for a query or an
 * update, the server unreachable or overloaded), rather than a refusal or a missing workflow: the
 * request may be sent again. Such errors reach the caller as the client's `ServiceError` (or the
 * update's timeout error) around a gRPC status.
 */
export function isTemporalUnavailable(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(err)) return true;
  if (!(err instanceof ServiceError) && !isGrpcServiceError(err)) return false;
  const code = grpcCodeOf(err);
  return code !== undefined && UNAVAILABLE_CODES.has(code);
}

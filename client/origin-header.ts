import { AsyncLocalStorage } from 'node:async_hooks';
import type { Headers, WorkflowClientInterceptor } from '@temporalio/client';
import { ORIGIN_HEADER, originHeader, type Origin } from '../workflows/kit/origin';

/** The origin of the calls made inside {@link asOrigin}, apart from the client's own. */
const callOrigin = new AsyncLocalStorage<Origin>();

/**
 * Runs `call` with `origin` as the origin its updates, signals and starts carry (the page server's
 * submissions: a unit's link), instead of the client's own ({@link originInterceptor}).
 */
export function asOrigin<T>(origin: Origin | undefined, call: () => Promise<T>): Promise<T> {
  return origin ? callOrigin.run(origin, call) : call();
}

/**
 * The client interceptor that sends who a call is made for in the `kiemtra-via` header
 * (workflows/kit/origin.ts) of every start, update and signal: the origin given by
 * {@link asOrigin}, else `own` (the client's authenticated identity). A header, not a payload
 * field, so a worker built before it (its payload schemas strict) still accepts the update; the
 * header is written into the engine's history with the event.
 */
export function originInterceptor(own: Origin | undefined): WorkflowClientInterceptor {
  const stamp = (headers: Headers): Headers => {
    const origin = callOrigin.getStore() ?? own;
    return origin ? { ...headers, [ORIGIN_HEADER]: originHeader(origin) } : headers;
  };
  return {
    startWithDetails: (input, next) => next({ ...input, headers: stamp(input.headers) }),
    startUpdate: (input, next) => next({ ...input, headers: stamp(input.headers) }),
    startUpdateWithStart: (input, next) =>
      next({ ...input, workflowStartHeaders: stamp(input.workflowStartHeaders), updateHeaders: stamp(input.updateHeaders) }),
    signal: (input, next) => next({ ...input, headers: stamp(input.headers) }),
    signalWithStart: (input, next) => next({ ...input, headers: stamp(input.headers) }),
  };
}

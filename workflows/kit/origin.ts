import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { z } from '../../domain/validation';

/**
 * Where an update came from, as the client layer authenticated it, apart from the free-text `by`
 * the sender types: a coordinator's command (`cli`, with the Temporal client's identity: the API
 * key's or JWT's subject, the mTLS certificate's subject, else `<os user>@<host>`), a unit's page
 * (`link`), or another program (`client`). It travels in the {@link ORIGIN_HEADER} Temporal header,
 * never in the payload: a worker built before it ignores the header, so an execution pinned to an
 * older build (docs/versioning.md) keeps accepting updates from a newer client.
 */
export interface Origin {
  channel: 'cli' | 'link' | 'client';
  /** Who, as authenticated: `nva@may-dieu-phoi`, a JWT's subject, the unit's name for a link. */
  identity: string;
}

/** The Temporal header that carries an {@link Origin} (a JSON payload of the default converter). */
export const ORIGIN_HEADER = 'kiemtra-via';

const originSchema = z.strictObject({
  channel: z.enum(['cli', 'link', 'client']),
  // One line of printable text: no control, format (bidi) or line-breaking characters.
  identity: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+$/u),
});

/** The header's value for an origin. */
export function originHeader(origin: Origin): Payload {
  return defaultPayloadConverter.toPayload(origin);
}

/**
 * The origin a message's headers carry: `origin` undefined when there is no {@link ORIGIN_HEADER};
 * `valid` false when there is one but it does not decode to an {@link Origin}.
 */
export function readOriginHeader(headers: Readonly<Record<string, Payload>> | undefined): { origin?: Origin; valid: boolean } {
  const payload = headers?.[ORIGIN_HEADER];
  if (!payload) return { valid: true };
  let value: unknown;
  try {
    value = defaultPayloadConverter.fromPayload(payload);
  } catch {
    return { valid: false };
  }
  const parsed = originSchema.safeParse(value);
  return parsed.success ? { origin: parsed.data, valid: true } : { valid: false };
}

let current: Origin | undefined;

/**
 * Runs `apply` (synchronous) with `origin` as the origin that {@link currentOrigin} returns, so
 * every history entry it records carries it. Nothing awaits in between, so no other update's
 * apply can interleave.
 */
export function withOrigin<T>(origin: Origin | undefined, apply: () => T): T {
  const previous = current;
  current = origin;
  try {
    return apply();
  } finally {
    current = previous;
  }
}

/** The origin of the update being applied, if it has one. */
export function currentOrigin(): Origin | undefined {
  return current;
}

/** The origins of the updates in flight (read from their headers), by run and update id. */
const inFlight = new Map<string, Origin>();
const key = (runId: string, updateId: string) => `${runId}/${updateId}`;

/**
 * Keeps an update's origin while `handle` (its handler) runs, for {@link originOfUpdate}: the kit's
 * handler waits before it applies, so the origin cannot be a synchronous {@link withOrigin} here.
 * Returns `handle`'s own promise, not one chained to it: an extra microtask would move the
 * update's completion among the workflow's other commands, and a history recorded before this
 * module existed would no longer replay.
 */
export function whileHandling<T>(runId: string, updateId: string, origin: Origin | undefined, handle: () => Promise<T>): Promise<T> {
  if (!origin) return handle();
  const k = key(runId, updateId);
  inFlight.set(k, origin);
  let running: Promise<T>;
  try {
    running = handle();
  } catch (err) {
    inFlight.delete(k);
    throw err;
  }
  const forget = () => void inFlight.delete(k);
  running.then(forget, forget);
  return running;
}

/** The origin of an update in flight ({@link whileHandling}), if its headers carried one. */
export function originOfUpdate(runId: string, updateId: string | undefined): Origin | undefined {
  return updateId === undefined ? undefined : inFlight.get(key(runId, updateId));
}

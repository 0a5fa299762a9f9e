import { z } from '../../domain/validation';

/**
 * Where an update came from, as the client layer authenticated it, apart from the free-text `by`
 * the sender types: a coordinator's command (`cli`, with the Temporal client's identity: the API
 * key's or JWT's subject, the mTLS certificate's subject, else `<os user>@<host>`), a unit's page
 * (`link`), or another program. Carried as the optional `via` field of every update payload
 * (payloads without it, as older clients and saved histories send, are accepted as before).
 */
export interface Origin {
  channel: 'cli' | 'link' | 'client';
  /** Who, as authenticated: `nva@may-dieu-phoi`, `jwt:nva`, the unit's name for a link. */
  identity: string;
}

/** The payload field that carries an {@link Origin}. */
export const ORIGIN_FIELD = 'via';

const originSchema = z.strictObject({
  channel: z.enum(['cli', 'link', 'client']),
  // One line of printable text: no control, format (bidi) or line-breaking characters.
  identity: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+$/u),
});

/**
 * Splits a payload into its {@link Origin} and the rest (what the update's own schema parses).
 * `origin` is undefined when there is none; `valid` is false when a `via` is there but malformed.
 */
export function splitOrigin(payload: unknown): { rest: unknown; origin?: Origin; valid: boolean } {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || !(ORIGIN_FIELD in payload))
    return { rest: payload, valid: true };
  const { [ORIGIN_FIELD]: via, ...rest } = payload as Record<string, unknown>;
  const parsed = originSchema.safeParse(via);
  return parsed.success ? { rest, origin: parsed.data, valid: true } : { rest, valid: false };
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

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LocalDate } from './dates';
import { LINK_ACTIONS, type LinkClaims } from './links';

/**
 * A link's token, signed with HMAC-SHA256 under a key that only the worker, the page server and
 * the coordinators' CLI hold: the key never enters workflow history, and neither does a link.
 * Pure: the key and the day are arguments.
 */

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(`kiemtra-link.${body}`).digest();

/** The token of a link: base64url(claims).base64url(HMAC). */
export function signLink(claims: LinkClaims, key: Buffer): string {
  const body = b64(JSON.stringify(claims));
  return `${body}.${b64(mac(key, body))}`;
}

/**
 * Whether a base64url text is the one spelling of its bytes. The last character of a text whose
 * length is not a multiple of 4 carries 2 or 4 unused bits, so without this check a token has 4 or
 * 16 spellings that decode alike (and would each get their own rate limit, cache entry, log line).
 */
export function isCanonicalBase64url(text: string): boolean {
  return Buffer.from(text, 'base64url').toString('base64url') === text;
}

/** Why a token is refused. */
export type LinkRefusal = 'malformed' | 'forged' | 'expired';

/** Checks a token's signature and expiry on `today`; the claims are trusted only when `ok`. */
export function verifyLink(
  token: string,
  key: Buffer,
  today: LocalDate,
): { ok: true; claims: LinkClaims } | { ok: false; reason: LinkRefusal } {
  const m = /^([A-Za-z0-9_-]{10,2000})\.([A-Za-z0-9_-]{43})$/.exec(token);
  // Only the canonical spelling of each part, checked before the MAC: one link, one token.
  if (!m || !isCanonicalBase64url(m[1]!) || !isCanonicalBase64url(m[2]!)) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(m[2]!, 'base64url');
  const expected = mac(key, m[1]!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let claims: LinkClaims;
  try {
    claims = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as LinkClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    claims.v !== 1 ||
    !LINK_ACTIONS.includes(claims.a) ||
    typeof claims.w !== 'string' ||
    typeof claims.u !== 'string' ||
    !Number.isInteger(claims.g) ||
    !/^\d{4}-\d{2}-\d{2}$/.test(String(claims.exp))
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (today > claims.exp) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

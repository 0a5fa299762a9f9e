import { X509Certificate } from 'node:crypto';
import os from 'node:os';
import type { TemporalSettings } from '../config/temporal';
import type { Origin } from '../workflows/kit/origin';

/** How the client layer knows who it acts for (what Temporal records as the client's identity). */
export interface ClientIdentity {
  /** The Temporal client's `identity`: `nva`, `CN=Nguyễn Văn An,O=UBND`, `nva@may-dieu-phoi`. */
  identity: string;
  /** Where it comes from: a JWT API key's subject, an mTLS certificate's subject, or the OS user. */
  source: 'jwt' | 'certificate' | 'os-user';
}

/** The `sub` of a JWT, or undefined when the key is not a JWT (an opaque Temporal Cloud key). */
function jwtSubject(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof claims.sub === 'string' && claims.sub.trim() ? claims.sub.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** The subject of a PEM certificate (its CN alone when it has one). */
function certificateSubject(pem: Uint8Array | string): string | undefined {
  try {
    const subject = new X509Certificate(typeof pem === 'string' ? pem : Buffer.from(pem)).subject;
    return /^CN=(.+)$/m.exec(subject)?.[1]?.trim() ?? subject.replace(/\n/g, ',');
  } catch {
    return undefined;
  }
}

/** Printable text only: no control or bidi characters reach a workflow's history. */
const printable = (s: string) => s.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '').slice(0, 200);

/**
 * Who the CLI (or another program of the client layer) acts for: the subject of the API key when
 * it is a JWT (an OIDC provider's token), else the subject of the mTLS client certificate, else
 * `<os user>@<host>` (a laptop's `npm start`, where nothing else is configured). An opaque API
 * key names no one: then the OS user too.
 */
export function resolveIdentity(
  settings: Pick<TemporalSettings, 'connectionOptions'>,
  machine: { user: () => string; host: () => string } = { user: () => os.userInfo().username, host: () => os.hostname() },
): ClientIdentity {
  const { apiKey, tls } = settings.connectionOptions;
  const sub = typeof apiKey === 'string' ? jwtSubject(apiKey) : undefined;
  if (sub) return { identity: printable(sub), source: 'jwt' };
  const crt = typeof tls === 'object' && tls ? tls.clientCertPair?.crt : undefined;
  const subject = crt ? certificateSubject(crt) : undefined;
  if (subject) return { identity: printable(subject), source: 'certificate' };
  let user: string;
  try {
    user = machine.user();
  } catch {
    user = process.env.USER ?? 'không rõ';
  }
  return { identity: printable(`${user}@${machine.host()}`), source: 'os-user' };
}

/** Where an update came from, as a person reads it in `kiemtra status` ("người dùng nva trên dòng lệnh"). */
export function originLabel(origin: Origin): string {
  switch (origin.channel) {
    case 'cli':
      return `người dùng ${origin.identity} trên dòng lệnh`;
    case 'link':
      return `qua đường dẫn gửi ${origin.identity}`;
    default:
      return `chương trình ${origin.identity}`;
  }
}

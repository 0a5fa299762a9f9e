import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ExitCode, UserFacingError } from './errors';
import { dataDir, uploadsDir } from './paths';
import { secretFromEnv } from './secrets';
import { z } from '../domain/validation';

/**
 * The settings of the units' pages (signed links, the page server, uploads), validated once at
 * start-up by each process that needs them: the worker (to put links in emails), the page server
 * and the CLI's `kiemtra link`. The key is held in a closure and never logged.
 */
export interface LinkSettings {
  /**
   * The HMAC key, from KIEMTRA_LINK_KEY or the file KIEMTRA_LINK_KEY_FILE (at least 32 bytes),
   * else the data folder's `link.key` that `npm start` made.
   */
  key: () => Buffer;
  /** The address units reach the page server at: KIEMTRA_PUBLIC_URL, else http://localhost:<port>. */
  publicUrl: string;
}

/** The page server's own settings. */
export interface WebSettings extends LinkSettings {
  port: number;
  host: string;
  /** Where uploaded files are kept, content-addressed: KIEMTRA_UPLOADS_DIR, else `.data/uploads`. */
  uploadsDir: string;
  /** The largest file a unit may upload: KIEMTRA_UPLOAD_MAX_MB (default 10). */
  maxUploadBytes: number;
  /** Requests per link per minute: KIEMTRA_WEB_RATE_PER_MINUTE (default 30). */
  ratePerMinute: number;
  /** Requests per client address per minute, whatever they ask for: KIEMTRA_WEB_CLIENT_RATE_PER_MINUTE (default 120). */
  clientRatePerMinute: number;
  /**
   * Refused requests (a forged or malformed link, an unknown page) per client address per minute,
   * after which the address gets only "too many requests" until the minute ends:
   * KIEMTRA_WEB_REFUSED_PER_MINUTE (default 20).
   */
  refusedPerMinute: number;
  /**
   * The reverse proxies whose `X-Forwarded-For` is believed (addresses or CIDR ranges):
   * KIEMTRA_TRUSTED_PROXIES, e.g. `127.0.0.1,10.0.0.0/24`. Empty: the header is ignored and the
   * client is the connection's address.
   */
  trustedProxies: string[];
}

/** The port the page server listens on when KIEMTRA_WEB_PORT is not set. */
export const DEFAULT_WEB_PORT = 8234;

const bad = (what: string, why: string) => new UserFacingError(`${what} không hợp lệ: ${why}.`, ExitCode.badInput);

function readKey(env: NodeJS.ProcessEnv): Buffer | undefined {
  let raw = secretFromEnv(env, 'KIEMTRA_LINK_KEY');
  if (!raw && !env.KIEMTRA_LINK_KEY_FILE) {
    const local = path.join(dataDir(env), 'link.key');
    if (fs.existsSync(local)) raw = fs.readFileSync(local, 'utf8').trim();
  }
  if (!raw) return undefined;
  const key = Buffer.from(raw, 'utf8');
  if (key.length < 32) throw bad('Khóa ký đường dẫn (KIEMTRA_LINK_KEY)', 'cần ít nhất 32 ký tự');
  return key;
}

function port(env: NodeJS.ProcessEnv): number {
  const v = env.KIEMTRA_WEB_PORT ? Number(env.KIEMTRA_WEB_PORT) : DEFAULT_WEB_PORT;
  if (!Number.isInteger(v) || v < 0 || v > 65535) throw bad(`KIEMTRA_WEB_PORT="${env.KIEMTRA_WEB_PORT}"`, 'cổng từ 0 đến 65535');
  return v;
}

function publicUrl(env: NodeJS.ProcessEnv): string {
  const url = env.KIEMTRA_PUBLIC_URL || `http://localhost:${port(env)}`;
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(url)) throw bad(`KIEMTRA_PUBLIC_URL="${url}"`, 'cần dạng https://kiemtra.haiphong.gov.vn');
  return url.replace(/\/+$/, '');
}

/** The link settings, or undefined when no key is configured (emails then carry no links). */
export function loadLinkSettings(env: NodeJS.ProcessEnv = process.env): LinkSettings | undefined {
  const key = readKey(env);
  if (!key) return undefined;
  return { key: () => key, publicUrl: publicUrl(env) };
}

/** The link settings, required (the page server and `kiemtra link`). */
export function requireLinkSettings(env: NodeJS.ProcessEnv = process.env): LinkSettings {
  const s = loadLinkSettings(env);
  if (!s)
    throw new UserFacingError(
      'chưa cấu hình khóa ký đường dẫn: đặt KIEMTRA_LINK_KEY hoặc KIEMTRA_LINK_KEY_FILE (ít nhất 32 ký tự; npm start tự tạo .data/link.key).',
      ExitCode.badInput,
    );
  return s;
}

/** The page server's settings. */
export function loadWebSettings(env: NodeJS.ProcessEnv = process.env): WebSettings {
  const links = requireLinkSettings(env);
  const mb = env.KIEMTRA_UPLOAD_MAX_MB ? Number(env.KIEMTRA_UPLOAD_MAX_MB) : 10;
  if (!(mb > 0 && mb <= 100)) throw bad(`KIEMTRA_UPLOAD_MAX_MB="${env.KIEMTRA_UPLOAD_MAX_MB}"`, 'từ 0 đến 100');
  return {
    ...links,
    port: port(env),
    host: env.KIEMTRA_WEB_HOST || '127.0.0.1',
    uploadsDir: uploadsDir(env),
    maxUploadBytes: Math.round(mb * 1024 * 1024),
    ratePerMinute: perMinute(env, 'KIEMTRA_WEB_RATE_PER_MINUTE', 30),
    clientRatePerMinute: perMinute(env, 'KIEMTRA_WEB_CLIENT_RATE_PER_MINUTE', 120),
    refusedPerMinute: perMinute(env, 'KIEMTRA_WEB_REFUSED_PER_MINUTE', 20),
    trustedProxies: trustedProxies(env),
  };
}

/** A per-minute limit: a whole number from 1 to 10000. */
function perMinute(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  const v = raw ? Number(raw) : fallback;
  if (!Number.isInteger(v) || v < 1 || v > 10_000) throw bad(`${name}="${raw}"`, 'số nguyên từ 1 đến 10000');
  return v;
}

const proxyEntry = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);

/** KIEMTRA_TRUSTED_PROXIES: addresses or CIDR ranges separated by commas; unset or empty is none. */
export function trustedProxies(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.KIEMTRA_TRUSTED_PROXIES ?? '';
  if (raw.trim() === '') return [];
  const entries = raw.split(',').map((e) => e.trim());
  for (const e of entries)
    if (!proxyEntry.safeParse(e).success)
      throw bad(
        `KIEMTRA_TRUSTED_PROXIES="${raw}"`,
        `"${e}" không phải địa chỉ IP hay dải địa chỉ CIDR (cần dạng 127.0.0.1,10.0.0.0/24,::1, cách nhau bằng dấu phẩy)`,
      );
  return entries;
}

/** For `npm start` on one machine: a key file in the data folder, created (mode 600) when missing. */
export function ensureLocalLinkKey(env: NodeJS.ProcessEnv = process.env): string {
  const file = path.join(dataDir(env), 'link.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return file;
}

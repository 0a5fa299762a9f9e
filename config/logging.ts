import pino, { type Logger as PinoLogger } from 'pino';
import { booleanSetting } from './boolean-setting';
import { ExitCode, UserFacingError } from './user-facing-error';
import { z } from '../domain/validation';

/**
 * Structured logs: one JSON object per line (pino) on stderr, for the worker, the page server and
 * the CLI's debug mode. Secrets never reach a log: the link token in a page's path is replaced
 * before anything is written, and fields that could carry a secret or a person's data are censored
 * wherever they appear (see {@link REDACTED_PATHS}).
 */

/** The levels KIEMTRA_LOG_LEVEL accepts (the Temporal SDK's names, any case). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** The level when KIEMTRA_LOG_LEVEL is not set. */
export const DEFAULT_LOG_LEVEL: LogLevelName = 'info';

/** What replaces a secret in a log line. */
export const CENSORED = '[censored]';

/**
 * Fields censored at any depth of a log record: credentials (a password, an API key, the link
 * key, an authorization header or cookie), a link token, and the free text and addresses a unit
 * or a coordinator sends (an email's recipients and body).
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'pass',
  '*.pass',
  '*.auth.pass',
  'apiKey',
  '*.apiKey',
  'key',
  '*.key',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'headers.cookie',
  'headers.authorization',
  'to',
  '*.to',
  'data',
  '*.data',
  'text',
  '*.text',
  'html',
  '*.html',
];

const levelSchema = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(LOG_LEVELS, `phải là một trong ${LOG_LEVELS.join(', ')}`))
  .default(DEFAULT_LOG_LEVEL);

/** Reads KIEMTRA_LOG_LEVEL; a bad value is exit 2. */
export function loadLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevelName {
  const parsed = levelSchema.safeParse(env.KIEMTRA_LOG_LEVEL || undefined);
  if (!parsed.success) {
    throw new UserFacingError(
      `KIEMTRA_LOG_LEVEL="${env.KIEMTRA_LOG_LEVEL}" không hợp lệ: ${parsed.error.issues[0]!.message}.`,
      ExitCode.badInput,
    );
  }
  return parsed.data;
}

/**
 * A JSON logger on stderr, named after its process (`worker`, `web`, `cli`), at `level`.
 * `destination` is for tests; production writes synchronously to fd 2 so the last lines before an
 * exit are not lost.
 */
export function createLogger(
  name: string,
  level: LogLevelName,
  destination: pino.DestinationStream = pino.destination({ fd: 2, sync: true }),
): PinoLogger {
  return pino(
    {
      name,
      level,
      base: { service: `kiemtra-${name}` },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: CENSORED },
      // The last guard: a token anywhere in a line (a message, an error's text) is replaced before it is written.
      hooks: { streamWrite: scrubTokens },
    },
    destination,
  );
}

/** What replaces a link token in a log line. */
export const TOKEN_REDACTED = '[token]';

/**
 * The path of a request to the page server as a log line may show it: no query string or fragment,
 * the segment after `/l/` replaced, and any other segment longer than 16 characters (the server has
 * no such page: it may be a token sent to the wrong path, percent-encoded or not) replaced too.
 */
export function redactLinkPath(url: string): string {
  const path = url.replace(/[?#].*$/s, '');
  return path
    .split('/')
    .map((seg, i, all) => (i > 0 && all[i - 1]?.toLowerCase() === 'l' ? TOKEN_REDACTED : seg.length > 16 ? TOKEN_REDACTED : seg))
    .join('/');
}

/** A link token (base64url claims, a dot, base64url HMAC), plain or with its dot percent-encoded. */
const TOKEN_IN_TEXT = /[A-Za-z0-9_-]{10,}(?:\.|%2[Ee])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;

/** A log line with every link token in it replaced (pino's last hook before the line is written). */
export function scrubTokens(line: string): string {
  return line.replace(TOKEN_IN_TEXT, TOKEN_REDACTED);
}

/** Whether the CLI's debug mode is on (KIEMTRA_DEBUG=true); a value other than true/false is exit 2. */
export function cliDebug(env: NodeJS.ProcessEnv = process.env): boolean {
  return booleanSetting(env, 'KIEMTRA_DEBUG', false);
}

let cliLogger: PinoLogger | undefined;
/**
 * The CLI's debug log: JSON lines on stderr at `debug` when KIEMTRA_DEBUG=true (the connection, each
 * command's outcome and time, an unexpected error's stack), else undefined. What a coordinator
 * reads on stdout is unchanged.
 */
export function cliDebugLogger(env: NodeJS.ProcessEnv = process.env): PinoLogger | undefined {
  if (!cliDebug(env)) return undefined;
  cliLogger ??= createLogger('cli', 'debug');
  return cliLogger;
}

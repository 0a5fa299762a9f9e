import { ExitCode, UserFacingError } from './errors';
import { z } from '../domain/validation';

/** Which backend keeps the records of closed processes (docs/records.md). */
export type RecordBackend = 'files' | 'postgres';

/** The record store's and the engine's retention settings, validated once. */
export interface RecordSettings {
  /** KIEMTRA_RECORDS: `files` (default: under the data folder) or `postgres` (the cluster). */
  backend: RecordBackend;
  /** KIEMTRA_RECORD_INTERVAL (seconds, default 60): how often the worker records closed processes. */
  intervalSeconds: number;
  /**
   * KIEMTRA_RETENTION (default `30d`): how long the engine keeps a closed process, set on the
   * namespace by `npm start` and `npm run cluster`; the worker refuses to start when a closed
   * process near the end of it is still unrecorded.
   */
  retention: { text: string; hours: number };
}

/** The engine's retention when KIEMTRA_RETENTION is not set. */
export const DEFAULT_RETENTION = '30d';

/** The worker's recording interval when KIEMTRA_RECORD_INTERVAL is not set. */
export const DEFAULT_RECORD_INTERVAL_SECONDS = 60;

const retention = z
  .string()
  .trim()
  .regex(/^[1-9]\d{0,4}[dh]$/, 'phải là số ngày hoặc số giờ, ví dụ 30d hoặc 36h')
  .transform((text) => ({ text, hours: Number(text.slice(0, -1)) * (text.endsWith('d') ? 24 : 1) }))
  .refine((r) => r.hours >= 1 && r.hours <= 3650 * 24, 'phải từ 1 giờ đến 3650 ngày');

const schema = z.object({
  KIEMTRA_RECORDS: z.enum(['files', 'postgres'], 'phải là files hoặc postgres').default('files'),
  KIEMTRA_RECORD_INTERVAL: z.coerce
    .number('phải là số giây')
    .int('phải là số nguyên')
    .min(5)
    .max(86_400)
    .default(DEFAULT_RECORD_INTERVAL_SECONDS),
  KIEMTRA_RETENTION: retention.prefault(DEFAULT_RETENTION),
});

/** Reads KIEMTRA_RECORDS, KIEMTRA_RECORD_INTERVAL and KIEMTRA_RETENTION; a bad value is exit 2 naming the variable. */
export function loadRecordSettings(env: NodeJS.ProcessEnv = process.env): RecordSettings {
  const parsed = schema.safeParse({
    KIEMTRA_RECORDS: env.KIEMTRA_RECORDS || undefined,
    KIEMTRA_RECORD_INTERVAL: env.KIEMTRA_RECORD_INTERVAL || undefined,
    KIEMTRA_RETENTION: env.KIEMTRA_RETENTION || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    throw new UserFacingError(`${variable}="${env[variable]}" không hợp lệ: ${issue.message}.`, ExitCode.badInput);
  }
  return {
    backend: parsed.data.KIEMTRA_RECORDS,
    intervalSeconds: parsed.data.KIEMTRA_RECORD_INTERVAL,
    retention: parsed.data.KIEMTRA_RETENTION,
  };
}

/** Retention in words for a banner: "30 ngày", "36 giờ". */
export function retentionLabel(r: RecordSettings['retention']): string {
  return r.hours % 24 === 0 ? `${r.hours / 24} ngày` : `${r.hours} giờ`;
}

/** Retention in seconds, as the engine holds it (client/admin.ts `applyRetention`). */
export function retentionSeconds(r: RecordSettings['retention']): number {
  return r.hours * 3600;
}

/** Retention as a Go duration (`720h`), as `temporal operator namespace update --retention` takes it. */
export function retentionDuration(r: RecordSettings['retention']): string {
  return `${r.hours}h`;
}

/**
 * The margin before the engine deletes a closed process within which it must already be recorded:
 * a tenth of the retention, at least one hour (3 days of 30).
 */
export function retentionMarginHours(r: RecordSettings['retention']): number {
  return Math.max(1, r.hours / 10);
}

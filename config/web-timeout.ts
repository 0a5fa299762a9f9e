import { ExitCode, UserFacingError } from './user-facing-error';
import { z } from '../domain/validation';

/** How long the page server waits for each Temporal call when KIEMTRA_WEB_TEMPORAL_TIMEOUT_MS is not set. */
export const DEFAULT_WEB_TEMPORAL_TIMEOUT_MS = 4_000;

const timeoutSchema = z.coerce.number().int().min(500).max(60_000);

/**
 * The page server's deadline on each Temporal call (KIEMTRA_WEB_TEMPORAL_TIMEOUT_MS, 500–60000 ms,
 * default 4000): past it the unit gets the "temporarily unavailable" page. A bad value is exit 2.
 */
export function loadWebTemporalTimeout(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.KIEMTRA_WEB_TEMPORAL_TIMEOUT_MS;
  if (raw === undefined || raw === '') return DEFAULT_WEB_TEMPORAL_TIMEOUT_MS;
  const parsed = timeoutSchema.safeParse(raw.trim() === '' ? NaN : raw);
  if (!parsed.success)
    throw new UserFacingError(
      `KIEMTRA_WEB_TEMPORAL_TIMEOUT_MS="${raw}" không hợp lệ: cần số mili giây nguyên từ 500 đến 60000.`,
      ExitCode.badInput,
    );
  return parsed.data;
}

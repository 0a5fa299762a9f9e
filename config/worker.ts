import { ExitCode, UserFacingError } from './errors';
import { z } from '../domain/validation';

/** The worker's performance settings, validated once at start-up. */
export interface WorkerTuning {
  /**
   * How many workflows the worker keeps in memory between tasks. An inspection waits days between
   * events, so a small cache costs a short replay now and then and bounds the worker's memory.
   */
  maxCachedWorkflows: number;
  /**
   * How long a stopping worker (SIGINT, SIGTERM) lets activities in flight finish before it asks
   * them to cancel: longer than an SMTP send's time-outs, so a planned stop sends nothing twice.
   */
  shutdownGraceTime: string;
  /** When a stopping worker gives up waiting and exits anyway. */
  shutdownForceTime: string;
}

/** The cache size the worker uses when KIEMTRA_MAX_CACHED_WORKFLOWS is not set. */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 200;

const schema = z.object({
  KIEMTRA_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_MAX_CACHED_WORKFLOWS),
});

/** Reads KIEMTRA_MAX_CACHED_WORKFLOWS; a bad value is exit 2. */
export function loadWorkerTuning(env: NodeJS.ProcessEnv = process.env): WorkerTuning {
  const parsed = schema.safeParse({
    KIEMTRA_MAX_CACHED_WORKFLOWS: env.KIEMTRA_MAX_CACHED_WORKFLOWS || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    throw new UserFacingError(`${variable}="${env[variable]}" không hợp lệ: ${issue.message}.`, ExitCode.badInput);
  }
  return { maxCachedWorkflows: parsed.data.KIEMTRA_MAX_CACHED_WORKFLOWS, shutdownGraceTime: '40 seconds', shutdownForceTime: '90 seconds' };
}

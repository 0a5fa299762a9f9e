import { createHash } from 'node:crypto';
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

/** When a starting worker makes its own version the deployment's current one. */
export type PromotionPolicy = 'if-none' | 'always' | 'never';

/** The worker's Worker Deployment Version (see docs/versioning.md), validated once at start-up. */
export interface WorkerDeploymentSettings {
  /** KIEMTRA_DEPLOYMENT_NAME, default `kiemtra`: one deployment per task queue. */
  deploymentName: string;
  /**
   * KIEMTRA_BUILD_ID; when unset, the worker derives one from the package version and a hash of
   * the workflow bundle it runs ({@link defaultBuildId}), so the same code always gets the same id
   * and changed workflow code always gets a new one.
   */
  buildId?: string;
  /**
   * KIEMTRA_SET_CURRENT: `if-none` (default) makes this version current only when the deployment
   * has none yet (the first deploy, or the move from unversioned workers); `always` makes it
   * current at once (`npm start`); `never` leaves it to the operator
   * (`temporal worker deployment set-current-version`).
   */
  promote: PromotionPolicy;
}

/** The deployment name when KIEMTRA_DEPLOYMENT_NAME is not set. */
export const DEFAULT_DEPLOYMENT_NAME = 'kiemtra';

const deploymentSchema = z.object({
  KIEMTRA_DEPLOYMENT_NAME: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'chỉ gồm chữ không dấu, số, gạch ngang, gạch dưới (không có dấu chấm)')
    .default(DEFAULT_DEPLOYMENT_NAME),
  KIEMTRA_BUILD_ID: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới')
    .optional(),
  KIEMTRA_SET_CURRENT: z.enum(['if-none', 'always', 'never'], 'phải là if-none, always hoặc never').default('if-none'),
});

/** Reads KIEMTRA_DEPLOYMENT_NAME, KIEMTRA_BUILD_ID and KIEMTRA_SET_CURRENT; a bad value is exit 2. */
export function loadWorkerDeployment(env: NodeJS.ProcessEnv = process.env): WorkerDeploymentSettings {
  const raw = {
    KIEMTRA_DEPLOYMENT_NAME: env.KIEMTRA_DEPLOYMENT_NAME || undefined,
    KIEMTRA_BUILD_ID: env.KIEMTRA_BUILD_ID || undefined,
    KIEMTRA_SET_CURRENT: env.KIEMTRA_SET_CURRENT || undefined,
  };
  const parsed = deploymentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    throw new UserFacingError(`${variable}="${env[variable]}" không hợp lệ: ${issue.message}.`, ExitCode.badInput);
  }
  return {
    deploymentName: parsed.data.KIEMTRA_DEPLOYMENT_NAME,
    ...(parsed.data.KIEMTRA_BUILD_ID ? { buildId: parsed.data.KIEMTRA_BUILD_ID } : {}),
    promote: parsed.data.KIEMTRA_SET_CURRENT,
  };
}

/**
 * The build id of a worker whose KIEMTRA_BUILD_ID is not set: `<package version>-<12 hex digits of
 * the SHA-256 of the workflow bundle's code>`, e.g. `0.1.0-3f9a1c0d2e4b`. No git needed: the hash
 * is of the code the worker actually runs.
 */
export function defaultBuildId(packageVersion: string, workflowCode: string): string {
  return `${packageVersion}-${createHash('sha256').update(workflowCode).digest('hex').slice(0, 12)}`;
}

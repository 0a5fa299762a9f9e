import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { z } from 'zod';
import { booleanSetting } from './boolean-setting';
import { UserFacingError, ExitCode } from './errors';

/** The default address of the local dev server started by `npm start`. */
export const DEFAULT_ADDRESS = '127.0.0.1:7233';
/** The task queue the kiemtra worker polls. */
export const DEFAULT_TASK_QUEUE = 'kiemtra';

const addressSchema = z.string().regex(/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/, 'phải có dạng host:port, ví dụ 127.0.0.1:7233');

const settingsSchema = z.object({
  address: addressSchema,
  namespace: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[A-Za-z0-9._-]+$/, 'chỉ gồm chữ, số, dấu chấm, gạch'),
  taskQueue: z.string().min(1).max(200),
});

/** The yes/no variables `@temporalio/envconfig` reads: `true` or `false` only. */
const BOOLEAN_VARIABLES = ['TEMPORAL_TLS', 'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION'] as const;

/** Connection settings for the worker and the CLI, validated once at start-up. */
export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  /** Options for `Connection.connect` / `NativeConnection.connect` (TLS, API key, gRPC metadata). */
  connectionOptions: NativeConnectionOptions;
  /** True when an API key or TLS is configured (Temporal Cloud or a secured cluster). */
  secured: boolean;
}

/**
 * Loads the Temporal connection settings through `@temporalio/envconfig`: TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_* and profiles from TEMPORAL_CONFIG_FILE /
 * TEMPORAL_PROFILE, plus KIEMTRA_TASK_QUEUE. Invalid settings raise a {@link UserFacingError}.
 */
export function loadTemporalSettings(env: NodeJS.ProcessEnv = process.env): TemporalSettings {
  // `@temporalio/envconfig` reads these itself and takes anything but `1`/`true` as false: checked
  // here first, so `TEMPORAL_TLS=TRUE` with an API key is refused instead of sending it in plaintext.
  for (const name of BOOLEAN_VARIABLES) booleanSetting(env, name, false);
  let loaded;
  try {
    loaded = loadClientConnectConfig({
      profile: env.TEMPORAL_PROFILE,
      overrideEnvVars: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string')),
    });
  } catch (err) {
    throw new UserFacingError(`cấu hình kết nối Temporal không hợp lệ: ${(err as Error).message}`, ExitCode.badInput);
  }
  const connectionOptions: NativeConnectionOptions = { ...loaded.connectionOptions };
  const raw = {
    address: connectionOptions.address ?? DEFAULT_ADDRESS,
    namespace: loaded.namespace ?? 'default',
    taskQueue: env.KIEMTRA_TASK_QUEUE ?? DEFAULT_TASK_QUEUE,
  };
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    const variable = { address: 'TEMPORAL_ADDRESS', namespace: 'TEMPORAL_NAMESPACE', taskQueue: 'KIEMTRA_TASK_QUEUE' }[field];
    throw new UserFacingError(
      `${variable ?? field}="${String((raw as Record<string, unknown>)[field])}" không hợp lệ: ${issue.message}.`,
      ExitCode.badInput,
    );
  }
  connectionOptions.address = parsed.data.address;
  return {
    ...parsed.data,
    connectionOptions,
    secured: Boolean(connectionOptions.apiKey || connectionOptions.tls),
  };
}

/** Turns a failure to connect into one line that says what to do. */
export function connectionError(settings: Pick<TemporalSettings, 'address' | 'namespace'>, err: unknown): UserFacingError {
  const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return new UserFacingError(
    `không kết nối được Temporal tại ${settings.address} (namespace ${settings.namespace}). ` +
      `Hãy chạy \`npm start\`, hoặc đặt TEMPORAL_ADDRESS cho đúng máy chủ.`,
    ExitCode.connection,
    reason,
  );
}

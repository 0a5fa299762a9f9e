import { cliDebug, cliDebugLogger } from './logging';
import { translateError } from './translate-error';
import { ExitCode, UserFacingError } from './user-facing-error';

export { ExitCode, UserFacingError } from './user-facing-error';
export { portInUseMessage, translateError } from './translate-error';

/**
 * Runs an entry point: a {@link UserFacingError} becomes one line on stderr and its exit code;
 * anything else is a bug, reported with its message (stack only with KIEMTRA_DEBUG=true).
 */
export async function runMain(main: () => Promise<void>): Promise<void> {
  try {
    cliDebug();
    await main();
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

/**
 * Prints an error for a person and returns the exit code to use. Errors from the file system, the
 * network and Temporal are put in Vietnamese first ({@link translateError}).
 */
export function reportError(raw: unknown): number {
  const debug = debugLogger();
  const err = translateError(raw);
  if (err instanceof UserFacingError) {
    process.stderr.write(`Lỗi: ${err.message}\n`);
    debug?.debug({ exitCode: err.exitCode, ...(err.detail ? { detail: err.detail } : {}) }, err.message);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`Lỗi không mong đợi: ${message}\n`);
  debug?.error({ err }, message);
  return ExitCode.failure;
}

/** The debug logger, or none when KIEMTRA_DEBUG itself is invalid (that error is the one being reported). */
function debugLogger(): ReturnType<typeof cliDebugLogger> {
  try {
    return cliDebugLogger();
  } catch {
    return undefined;
  }
}

import { cliDebugLogger } from './logging';

/**
 * An error whose message is meant for a person (a coordinator or an operator), not a developer.
 * Entry points print `message` as one line and exit with `exitCode`, without a stack trace.
 */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** Exit codes shared by every command: 2 for bad input, 3 when Temporal cannot be reached. */
export const ExitCode = { failure: 1, badInput: 2, connection: 3 } as const;

/**
 * Runs an entry point: a {@link UserFacingError} becomes one line on stderr and its exit code;
 * anything else is a bug, reported with its message (stack only with KIEMTRA_DEBUG=1).
 */
export async function runMain(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

/** Prints an error for a person and returns the exit code to use. */
export function reportError(err: unknown): number {
  const debug = cliDebugLogger();
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

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

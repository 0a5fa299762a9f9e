import { randomUUID } from 'node:crypto';

/**
 * One submission, counted once: each form the page server renders and each CLI invocation carries
 * a submission id, and the Workflow Update it sends takes its id from it. Temporal keeps one update
 * per id in an execution, so sending the same submission again (a double click, a retried command)
 * returns the first result instead of recording it twice.
 */

/** What a submission id looks like: 8–64 letters, digits, `-` or `_` (a UUID fits). */
export const SUBMISSION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** A new submission id. */
export function newSubmissionId(): string {
  return randomUUID();
}

/** Whether a value is a submission id. */
export function isSubmissionId(value: string): boolean {
  return SUBMISSION_ID_PATTERN.test(value);
}

/**
 * The Workflow Update id of a submission: the update's name and the submission id, so an id reused
 * for another update of the same execution is never taken for the first one.
 */
export function submissionUpdateId(update: string, submission: string): string {
  return `${update}:${submission}`;
}

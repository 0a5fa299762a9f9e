import { z } from 'zod';

/**
 * Zod, configured once for every boundary (CLI arguments, plan and data files, update validators):
 * messages in Vietnamese, the language of the people who read them.
 */
z.config(z.locales.vi());

export { z };

/** The path of an issue, down to the offending key for unknown keys. */
export function issuePath(issue: z.core.$ZodIssue): (string | number)[] {
  const base = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  return issue.code === 'unrecognized_keys' ? [...base, issue.keys[0]!] : base;
}

/** One line for an issue: `field.path: message`. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issuePath(issue).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}

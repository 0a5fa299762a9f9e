/**
 * When `npm start` restarts a child that stopped on its own (pure; scripts/supervise.ts applies it).
 * Each consecutive crash waits twice as long as the one before (1 s, 2 s, 4 s … 30 s at most); a
 * child that then ran for a stable period starts again from the first delay. A child that keeps
 * crashing without ever running that long, or that stops because its settings are wrong (exit 2:
 * restarting cannot help), is given up on, and the caller says so and stops everything.
 */

/** The numbers of the policy. */
export interface RestartPolicy {
  /** The wait before the first restart. */
  firstDelayMs: number;
  /** The longest wait between two restarts. */
  maxDelayMs: number;
  /** A run at least this long resets the count of consecutive crashes. */
  stableMs: number;
  /** Consecutive crashes after which the child is given up on. */
  maxCrashes: number;
  /** Exit codes that mean "wrong settings": given up on at once. */
  permanentExitCodes: readonly number[];
}

/** `npm start`'s policy: 1 s → 30 s, reset after a minute up, given up on after 8 crashes in a row. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
  stableMs: 60_000,
  maxCrashes: 8,
  permanentExitCodes: [2],
};

/** How a child ended. */
export interface ChildExit {
  code: number | null;
  signal: string | null;
  /** How long it ran, in milliseconds. */
  ranMs: number;
}

/** What to do after a child stopped on its own. */
export type RestartDecision =
  { action: 'restart'; delayMs: number; crashes: number } | { action: 'give-up'; reason: 'settings' | 'repeated'; crashes: number };

/**
 * The decision after a child's exit, given the consecutive crashes before this one. A run of at
 * least `stableMs` counts as a fresh start (this crash is the first).
 */
export function decideRestart(policy: RestartPolicy, previousCrashes: number, exit: ChildExit): RestartDecision {
  const crashes = exit.ranMs >= policy.stableMs ? 1 : previousCrashes + 1;
  if (exit.code !== null && policy.permanentExitCodes.includes(exit.code)) return { action: 'give-up', reason: 'settings', crashes };
  if (crashes > policy.maxCrashes) return { action: 'give-up', reason: 'repeated', crashes };
  return { action: 'restart', delayMs: restartDelay(policy, crashes), crashes };
}

/** The wait before the restart that follows the `crashes`-th consecutive crash (1-based). */
export function restartDelay(policy: RestartPolicy, crashes: number): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, crashes - 1));
}

/** How a child ended, as an operator reads it: "SIGKILL" or "mã 1". */
export function exitText(exit: Pick<ChildExit, 'code' | 'signal'>): string {
  return exit.signal ?? `mã ${exit.code}`;
}

/** A duration in whole seconds, in Vietnamese ("1 giây", "30 giây"). */
export function secondsText(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))} giây`;
}

/** The longest a child takes to stop once the orchestrator is gone (scripts/orphan-guard.ts). */
export const ORPHAN_GRACE_MS = 5_000;

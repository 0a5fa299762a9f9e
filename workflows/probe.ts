import { sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import { SA } from './search-attributes';

/** Input of {@link harnessProbe}. */
export interface ProbeInput {
  /** Round id written to the `InspectionRound` search attribute, so the probe can be listed. */
  round: string;
  /** How long to sleep, as a Temporal duration ("30 days", "5s"). */
  sleep: string;
}

/** What {@link harnessProbe} reports when it wakes up. */
export interface ProbeReport {
  round: string;
  slept: string;
  startedAt: string;
  finishedAt: string;
}

/**
 * A minimal long-running workflow that proves the harness end to end: it marks itself with a
 * custom search attribute, sleeps for weeks on a durable timer, and reports.
 */
export async function harnessProbe(input: ProbeInput): Promise<ProbeReport> {
  const startedAt = workflowInfo().startTime;
  upsertSearchAttributes([
    { key: SA.round, value: input.round },
    { key: SA.stage, value: 'probe-sleeping' },
  ]);
  await sleep(input.sleep as Duration);
  upsertSearchAttributes([{ key: SA.stage, value: 'probe-done' }]);
  return {
    round: input.round,
    slept: input.sleep,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
  };
}

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities';
import { sharedCalendar, sharedTargets } from './shared-data';
import { workflowBundle } from './temporal';

/** A worker whose calendar snapshot answers late, and how many snapshots it was asked for. */
export interface SlowCalendarWorker {
  worker: Worker;
  /** Calendar snapshots asked for so far. */
  snapshots: () => number;
}

/**
 * A worker with the real activities, except that the calendar snapshot answers after `delayMs`:
 * an update sent right after a start then arrives while the workflow is still loading (the
 * not-ready path of the workflow kit).
 */
export async function slowCalendarWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  mail: ActivityDeps['mail'],
  delayMs: number,
): Promise<SlowCalendarWorker> {
  const real = createActivities({ calendar: sharedCalendar(), targets: sharedTargets(), mail });
  let snapshots = 0;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: {
      ...real,
      calendarSnapshot: async (range: { fromYear: number; toYear: number }) => {
        snapshots++;
        await new Promise((r) => setTimeout(r, delayMs));
        return real.calendarSnapshot(range);
      },
    },
  });
  return { worker, snapshots: () => snapshots };
}

import fs from 'node:fs';
import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';

/** Path of the workflows entry, from source (`.ts`, tests) or from the build (`.js`). */
export function workflowsPath(): string {
  const dir = path.join(__dirname, '..', 'workflows');
  for (const file of ['index.ts', 'index.js']) {
    const candidate = path.join(dir, file);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`workflows entry not found in ${dir}`);
}

/** Options of {@link createKiemtraWorker}. */
export interface KiemtraWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activityDeps: ActivityDeps;
  /** A prebuilt bundle (tests bundle once per file); else the worker bundles the workflows itself. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Extra worker options (tuning, interceptors). */
  tuning?: Partial<Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'maxCachedWorkflows' | 'shutdownGraceTime' | 'shutdownForceTime'>>;
}

/** Creates the kiemtra worker: every workflow in `workflows/` and every activity in `activities/`. */
export async function createKiemtraWorker(options: KiemtraWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: workflowsPath() }),
    activities: createActivities(options.activityDeps),
    ...options.tuning,
  });
}

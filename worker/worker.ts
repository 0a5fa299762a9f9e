import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkerDeploymentVersion } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { createTeamActivities } from './team-activity';

/** Path of a module of `workflows/`, from source (`.ts`, tests) or from the build (`.js`). */
function workflowModule(name: string): string {
  const dir = path.join(__dirname, '..', 'workflows');
  for (const file of [`${name}.ts`, `${name}.js`]) {
    const candidate = path.join(dir, file);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`workflows/${name} not found in ${dir}`);
}

/** Path of the workflows entry, from source (`.ts`, tests) or from the build (`.js`). */
export function workflowsPath(): string {
  return workflowModule('index');
}

/**
 * The workflow interceptor modules every bundle of the kiemtra workflows must include
 * (`bundleWorkflowCode`'s `workflowInterceptorModules`): workflows/interceptors.ts reads the
 * `kiemtra-via` header of each update, the origin the kit records in history.
 */
export function workflowInterceptorModules(): string[] {
  return [workflowModule('interceptors')];
}

/** Options of {@link createKiemtraWorker}. */
export interface KiemtraWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activityDeps: ActivityDeps;
  /**
   * A prebuilt bundle (tests bundle once per file), built with {@link workflowInterceptorModules};
   * else the worker bundles the workflows itself.
   */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /**
   * The Worker Deployment Version this worker belongs to (docs/versioning.md). Without it the
   * worker is unversioned (the tests on the time-skipping server).
   */
  deployment?: WorkerDeploymentVersion;
  /** Extra worker options (tuning, interceptors). */
  tuning?: Partial<
    Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'maxCachedWorkflows' | 'shutdownGraceTime' | 'shutdownForceTime'>
  >;
}

/** Creates the kiemtra worker: every workflow in `workflows/` and every activity in `activities/`. */
export async function createKiemtraWorker(options: KiemtraWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: workflowsPath(), interceptors: { workflowModules: workflowInterceptorModules() } }),
    activities: { ...createActivities(options.activityDeps), ...createTeamActivities() },
    ...(options.deployment
      ? {
          // Each workflow type declares its behaviour (workflows/index.ts) for the executions that
          // start on a versioned worker. The default is for those that started before Worker
          // Versioning: they keep moving to the current code, as they always have, under the
          // `patched()` branches written for them (docs/versioning.md).
          workerDeploymentOptions: { useWorkerVersioning: true, version: options.deployment, defaultVersioningBehavior: 'AUTO_UPGRADE' },
          identity: `${process.pid}@${os.hostname()}/${options.deployment.buildId}`,
        }
      : {}),
    ...options.tuning,
  });
}

import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import type { ActivityDeps } from '../../activities';
import { ensureSearchAttributes } from '../../client/admin';
import { requireTool, temporalCliPath, testServerPath } from '../../config/paths';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { createKiemtraWorker, workflowInterceptorModules, type KiemtraWorkerOptions } from '../../worker/worker';
import { sharedCalendar, sharedTargets } from './shared-data';

export { sharedCalendar, sharedTargets };

/** Mail dependencies for tests that send no email: a transport that fails loudly if used. */
function unusedMail(): ActivityDeps['mail'] {
  return {
    transport: nodemailer.createTransport({ host: '127.0.0.1', port: 1, secure: false, ignoreTLS: true }),
    settings: { from: { address: 'kiemtra@haiphong.example', name: 'kiemtra' }, messageIdDomain: 'haiphong.example' },
  };
}

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundles the workflows (production ones and the test-only probe) once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  quietRuntime();
  bundle ??= bundleWorkflowCode({
    workflowsPath: path.join(__dirname, '..', 'fixtures', 'workflows.ts'),
    workflowInterceptorModules: workflowInterceptorModules(),
    logger: new DefaultLogger('WARN'),
  });
  return bundle;
}

/** A time-skipping environment on the provisioned test server, with the search attributes registered. */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requireTool(testServerPath(), 'test server') } },
  });
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

/** Options of {@link devServerEnv}. */
export interface DevServerOptions {
  /** Serve the Temporal Web UI on this port. */
  uiPort?: number;
  /** Dynamic config values (`--dynamic-config-value key=<JSON value>`), e.g. {@link SHORT_RETENTION_CONFIG}. */
  dynamicConfig?: Record<string, string | number | boolean>;
}

/**
 * Dynamic config under which the dev server accepts a retention of seconds (its minimum is 1 hour
 * otherwise), deletes a closed run within a second of its retention's end, and applies a changed
 * retention within a second (the namespace cache's refresh): for the test that waits until the
 * engine itself has deleted a closed process.
 */
export const SHORT_RETENTION_CONFIG: DevServerOptions['dynamicConfig'] = {
  'system.namespaceMinRetentionLocal': '1s',
  'history.retentionTimerJitterDuration': '1s',
  'system.namespaceCacheRefreshInterval': '1s',
};

/** A full dev-server environment (visibility, search attributes) on the provisioned Temporal CLI. */
export async function devServerEnv(options: DevServerOptions = {}): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  // Each value is one argument to the CLI (no shell): the CLI parses the text after `=` as JSON/YAML.
  const dynamic = Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${JSON.stringify(value)}`,
  ]);
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: requireTool(temporalCliPath(), 'Temporal CLI') },
      ip: '127.0.0.1',
      ...(options.uiPort ? { ui: true, uiPort: options.uiPort } : {}),
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      extraArgs: ['--log-level', 'error', ...dynamic],
    },
  });
}

/** A fresh task queue name, so tests never share pollers. */
export function taskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

/** Creates the real kiemtra worker against a test environment, on its own task queue. */
export async function testWorker(
  env: TestWorkflowEnvironment,
  options: Partial<Omit<KiemtraWorkerOptions, 'connection' | 'namespace'>> = {},
): Promise<Worker> {
  return createKiemtraWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: options.taskQueue ?? taskQueue(),
    workflowBundle: await workflowBundle(),
    ...options,
    activityDeps: options.activityDeps ?? { calendar: sharedCalendar(), targets: sharedTargets(), mail: unusedMail() },
  });
}

/** Polls `probe` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The length of a workflow's history once it is still: the same on two reads 250 ms apart, with no
 * activity and no workflow task pending. What a test compares with after a refused update, so that
 * the tail of earlier work (an email activity, a search-attribute upsert) is not taken for an event
 * the refusal left, even on a loaded machine where an activity waits long to start.
 */
export async function stillHistoryLength(
  handle: {
    fetchHistory(): Promise<{ events?: unknown[] | null }>;
    describe(): Promise<{ raw: { pendingActivities?: unknown[] | null; pendingWorkflowTask?: unknown } }>;
  },
  timeoutMs = 30_000,
): Promise<number> {
  let seen = -1;
  return eventually(
    async () => {
      const n = (await handle.fetchHistory()).events?.length ?? 0;
      const { raw } = await handle.describe();
      const idle = !raw.pendingActivities?.length && !raw.pendingWorkflowTask;
      const still = idle && n === seen;
      seen = n;
      return still ? n : undefined;
    },
    timeoutMs,
    'a still history',
  );
}

/** Waits until a worker polls the workflow task queue `taskQueue` of the `default` namespace. */
export async function waitForWorkflowPoller(connection: Connection, taskQueue: string, what: string, timeoutMs = 30_000): Promise<void> {
  await eventually(
    async () => {
      const tq = await connection.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue },
        taskQueueType: 1,
      });
      return tq.pollers.length > 0 ? true : undefined;
    },
    timeoutMs,
    what,
  );
}

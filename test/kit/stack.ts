import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll } from 'vitest';
import type { ActivityDeps } from '../../activities';
import { startTestSmtp, type TestSmtp } from './smtp';
import { sharedCalendar, sharedTargets, testWorker } from './temporal';

/** A Temporal environment, a real SMTP server and a running kiemtra worker, shared by a test file. */
export interface WorkerStack {
  readonly env: TestWorkflowEnvironment;
  readonly smtp: TestSmtp;
  readonly worker: Worker;
}

/**
 * Starts the stack in `beforeAll` (the environment from `createEnv`, the SMTP server, the worker on
 * its own task queue) and stops all of it in `afterAll`. Its fields are readable once `beforeAll` ran.
 */
export function useWorkerStack(
  createEnv: () => Promise<TestWorkflowEnvironment>,
  options: { mail?: (smtp: TestSmtp) => ActivityDeps['mail']; documents?: () => NonNullable<ActivityDeps['documents']> } = {},
): WorkerStack {
  let env: TestWorkflowEnvironment | undefined;
  let smtp: TestSmtp | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    env = await createEnv();
    smtp = await startTestSmtp();
    worker = await testWorker(env, {
      activityDeps: {
        calendar: sharedCalendar(),
        targets: sharedTargets(),
        mail: options.mail?.(smtp) ?? smtp.mail(),
        ...(options.documents ? { documents: options.documents() } : {}),
      },
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await smtp?.close();
    await env?.teardown();
  });
  const ready = <T>(value: T | undefined, what: string) => started(value, `the test stack's ${what}`);
  return {
    get env() {
      return ready(env, 'environment');
    },
    get smtp() {
      return ready(smtp, 'SMTP server');
    },
    get worker() {
      return ready(worker, 'worker');
    },
  };
}

/** A value set in `beforeAll`, or a clear error when a test file reads it too early. */
export function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not started yet (use it inside a test)`);
  return value;
}

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll } from 'vitest';
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
export function useWorkerStack(createEnv: () => Promise<TestWorkflowEnvironment>): WorkerStack {
  let env: TestWorkflowEnvironment | undefined;
  let smtp: TestSmtp | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    env = await createEnv();
    smtp = await startTestSmtp();
    worker = await testWorker(env, { activityDeps: { calendar: sharedCalendar(), targets: sharedTargets(), mail: smtp.mail() } });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await smtp?.close();
    await env?.teardown();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the test stack's ${what} is not started yet (use it inside a test)`);
    return value;
  };
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

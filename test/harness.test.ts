import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { harnessProbe } from './fixtures/probe-workflow';
import { devServerEnv, eventually, testWorker, timeSkippingEnv } from './kit/temporal';

const DAY = 24 * 60 * 60 * 1000;

describe('time-skipping environment', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a 30-day workflow in seconds of wall time', async () => {
    const worker = await testWorker(env);
    const wallStart = Date.now();
    const before = Number(await env.currentTimeMs());
    const report = await worker.runUntil(
      env.client.workflow.execute(harnessProbe, {
        taskQueue: worker.options.taskQueue,
        workflowId: 'probe-time-skipping',
        args: [{ round: 'probe', sleep: '30 days' }],
      }),
    );
    const after = Number(await env.currentTimeMs());
    expect(report.slept).toBe('30 days');
    expect(after - before).toBeGreaterThanOrEqual(30 * DAY);
    expect(Date.parse(report.finishedAt) - Date.parse(report.startedAt)).toBeGreaterThanOrEqual(30 * DAY);
    expect(Date.now() - wallStart).toBeLessThan(60_000);
  });
});

describe('dev-server environment', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await devServerEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('lists a running workflow by a custom search attribute', async () => {
    const worker = await testWorker(env);
    const round = `probe-${Date.now()}`;
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(harnessProbe, {
        taskQueue: worker.options.taskQueue,
        workflowId: `${round}-wf`,
        args: [{ round, sleep: '30 days' }],
      });
      const found = await eventually(
        async () => {
          const ids: string[] = [];
          for await (const wf of env.client.workflow.list({
            query: `InspectionRound = '${round}' AND InspectionStage = 'probe-sleeping'`,
          })) {
            ids.push(wf.workflowId);
          }
          return ids.length > 0 ? ids : undefined;
        },
        30_000,
        'the probe in visibility',
      );
      expect(found).toEqual([handle.workflowId]);
      await handle.terminate('test done');
    });
  });
});

import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { WorkerDeploymentVersion } from '@temporalio/common';
import type { Worker } from '@temporalio/worker';
import { projectRoot, requireTool, temporalCliPath } from '../config/paths';
import { liveDates } from './kit/live-dates';
import { currentVersion, drainageStatus, promote, setCurrentVersion } from '../worker/deployment';
import { inspectionStartOptions, stateQuery, updates, type InspectionWorkflow } from '../workflows/inspection/contract';
import { cancelTask, planTaskStartOptions, type PlanTaskWorkflow } from '../workflows/plan-task/contract';
import { planTaskInputs } from '../client/tasks';
import { loadTaskPlan } from '../loaders/task-plan';

import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { inspectionInput } from './kit/inspection';
import { eventually, sharedCalendar, taskQueue, testWorker, workflowBundle } from './kit/temporal';

/**
 * Worker Versioning on the Temporal CLI's dev server (Server 1.32): an inspection started on v1
 * stays on v1 after v2 becomes current, while a new one starts on v2; once the old one closes,
 * v1 is drained and its workers can stop. The server's drainage check runs every second here
 * (three minutes by default) so the test need not wait.
 */
describe('Worker Versioning', () => {
  let env: TestWorkflowEnvironment;
  const running: { worker: Worker; done: Promise<void> }[] = [];
  const deploymentName = `kiemtra-test-${randomUUID().slice(0, 8)}`;
  const v1: WorkerDeploymentVersion = { deploymentName, buildId: 'v1' };
  const v2: WorkerDeploymentVersion = { deploymentName, buildId: 'v2' };
  const queue = taskQueue('versioning');

  beforeAll(async () => {
    await workflowBundle();
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: requireTool(temporalCliPath(), 'Temporal CLI') },
        ip: '127.0.0.1',
        searchAttributes: ALL_SEARCH_ATTRIBUTES,
        extraArgs: [
          '--log-level',
          'error',
          '--dynamic-config-value',
          'matching.wv.VersionDrainageStatusRefreshInterval="1s"',
          '--dynamic-config-value',
          'matching.wv.VersionDrainageStatusVisibilityGracePeriod="1s"',
        ],
      },
    });
  }, 120_000);

  afterAll(async () => {
    for (const r of running) r.worker.shutdown();
    await Promise.all(running.map((r) => r.done));
    await env?.teardown();
  });

  async function deploy(version: WorkerDeploymentVersion, on = queue): Promise<void> {
    // No workflow cache: every task replays the history from its start, so the behaviour each
    // type declares is read again from a replayed first task, as after a restart or an eviction.
    const worker = await testWorker(env, { taskQueue: on, deployment: version, tuning: { maxCachedWorkflows: 0 } });
    running.push({ worker, done: worker.run() });
    await setCurrentVersion(env.connection, env.namespace ?? 'default', version, 'versioning-test');
  }

  /** The version and behaviour the server records for an execution. */
  async function versioning(handle: WorkflowHandle): Promise<{ buildId?: string | null; behavior?: number | null }> {
    const info = (await handle.describe()).raw.workflowExecutionInfo?.versioningInfo;
    return { buildId: info?.deploymentVersion?.buildId, behavior: info?.behavior };
  }

  /** The build id of the worker that completed each workflow task, in history order. */
  async function taskBuildIds(handle: WorkflowHandle): Promise<string[]> {
    const history = await handle.fetchHistory();
    return (history.events ?? [])
      .filter((e) => e.workflowTaskCompletedEventAttributes)
      .map((e) => e.workflowTaskCompletedEventAttributes!.deploymentVersion?.buildId ?? '(unversioned)');
  }

  async function startInspection(unit: string, on = queue): Promise<WorkflowHandle<InspectionWorkflow>> {
    const input = { ...inspectionInput(unit, liveDates(sharedCalendar(), Date.now()).noticeLater), round: `versioning-${deploymentName}` };
    const handle = await env.client.workflow.start<InspectionWorkflow>('inspection', inspectionStartOptions(input, on));
    await eventually(
      async () => ((await handle.query(stateQuery)).deadlines.length ? true : undefined),
      30_000,
      `the inspection of ${unit} to start`,
    );
    return handle;
  }

  async function startPlanTask(): Promise<WorkflowHandle<PlanTaskWorkflow>> {
    const plan = loadTaskPlan(path.join(projectRoot, 'plans', 'kstthc-2026.yaml'));
    const base = planTaskInputs(plan).find((i) => i.task.id === 'I.2')!;
    // Due in 40 working days: no reminder for weeks, so it only waits.
    const due = sharedCalendar().addWorkingDays(liveDates(sharedCalendar(), Date.now()).today, 40);
    const options = planTaskStartOptions(
      { ...base, plan: `versioning-${deploymentName}`, due, emails: ['vp-ubnd@haiphong.example'] },
      queue,
    );
    const handle = await env.client.workflow.start<PlanTaskWorkflow>('planTask', options);
    await eventually(async () => ((await versioning(handle)).buildId ? true : undefined), 30_000, 'the plan task to start');
    return handle;
  }

  it('keeps an inspection started on v1 on v1 after v2 becomes current, starts new ones on v2, then drains v1', async () => {
    const ns = env.namespace ?? 'default';
    await deploy(v1);
    expect(await currentVersion(env.connection, ns, deploymentName)).toEqual(v1);
    const old = await startInspection('UBND phường Hồng Bàng');
    const PINNED = 1;
    const AUTO_UPGRADE = 2;
    expect(await versioning(old)).toEqual({ buildId: 'v1', behavior: PINNED });
    // A plan task auto-upgrades (its changes go through patched()): it will move to v2.
    const task = await startPlanTask();
    expect(await versioning(task)).toEqual({ buildId: 'v1', behavior: AUTO_UPGRADE });

    await deploy(v2);
    expect(await currentVersion(env.connection, ns, deploymentName)).toEqual(v2);
    const fresh = await startInspection('UBND phường Lê Chân');
    expect(await versioning(fresh)).toEqual({ buildId: 'v2', behavior: PINNED });
    await eventually(
      async () => ((await drainageStatus(env.connection, ns, v1)) === 'draining' ? true : undefined),
      30_000,
      'v1 to be draining',
    );

    // What docs/versioning.md tells an operator to count: the executions still pinned to v1 (the
    // plan task is on v1 too, until its next task moves it).
    const openOnV1 = () =>
      env.client.workflow
        .count(
          `TemporalWorkerDeploymentVersion = '${deploymentName}:v1' AND TemporalWorkflowVersioningBehavior = 'Pinned' AND ExecutionStatus = 'Running'`,
        )
        .then((c) => c.count);
    await eventually(async () => ((await openOnV1()) === 1 ? true : undefined), 20_000, 'the one execution pinned to v1 in visibility');

    // The old inspection still takes work, and v1's worker does it: it is cancelled (closing it).
    const before = (await taskBuildIds(old)).length;
    await old.executeUpdate(updates.cancel, { args: [{ reason: 'Kiểm thử nâng cấp phiên bản', by: 'Điều phối viên' }] });
    expect((await old.result()).stage).toBe('cancelled');
    const oldTasks = await taskBuildIds(old);
    expect(oldTasks.length).toBeGreaterThan(before);
    expect(new Set(oldTasks)).toEqual(new Set(['v1']));
    expect(new Set(await taskBuildIds(fresh))).toEqual(new Set(['v2']));
    expect(await versioning(fresh)).toEqual({ buildId: 'v2', behavior: PINNED });

    // The auto-upgrading plan task's next task runs on v2.
    await task.executeUpdate(cancelTask, { args: [{ reason: 'Kiểm thử nâng cấp phiên bản', by: 'Phòng KSTTHC' }] });
    const taskTasks = await taskBuildIds(task);
    expect(taskTasks[0]).toBe('v1');
    expect(taskTasks.at(-1)).toBe('v2');
    await task.result();

    // Nothing open is pinned to v1 any more: the server reports it drained, its workers may stop.
    await eventually(async () => ((await openOnV1()) === 0 ? true : undefined), 20_000, 'no execution pinned to v1 in visibility');
    await eventually(
      async () => ((await drainageStatus(env.connection, ns, v1)) === 'drained' ? true : undefined),
      60_000,
      'v1 to be drained',
    );
    await fresh.executeUpdate(updates.cancel, { args: [{ reason: 'Kết thúc kiểm thử', by: 'Điều phối viên' }] });
  }, 180_000);

  it('moves an inspection started on an unversioned worker (before this change) to the first version', async () => {
    const legacyQueue = taskQueue('versioning-legacy');
    const unversioned = await testWorker(env, { taskQueue: legacyQueue });
    const done = unversioned.run();
    const open = await startInspection('UBND xã Tiên Minh', legacyQueue);
    unversioned.shutdown();
    await done;

    const first: WorkerDeploymentVersion = { deploymentName: `${deploymentName}-legacy`, buildId: 'v1' };
    await deploy(first, legacyQueue);
    await open.executeUpdate(updates.cancel, { args: [{ reason: 'Kiểm thử chuyển sang phiên bản', by: 'Điều phối viên' }] });
    expect((await open.result()).stage).toBe('cancelled');
    const tasks = await taskBuildIds(open);
    expect(tasks[0]).toBe('(unversioned)');
    expect(tasks.at(-1)).toBe('v1');
    // It started before versioning: it keeps auto-upgrading (under its patched() branches), not pinned.
    expect(await versioning(open)).toEqual({ buildId: 'v1', behavior: 2 });
  }, 120_000);

  it('lets two workers of one version (the cluster runs two processes) promote it at the same moment', async () => {
    const ns = env.namespace ?? 'default';
    const pairQueue = taskQueue('versioning-pair');
    const version: WorkerDeploymentVersion = { deploymentName: `${deploymentName}-pair`, buildId: 'v1' };
    // One worker here (the SDK allows one per version and queue in a process); the two promotions race as the processes' do.
    const worker = await testWorker(env, { taskQueue: pairQueue, deployment: version });
    running.push({ worker, done: worker.run() });
    const results = await Promise.all([
      promote(env.connection, ns, version, 'if-none', 'a'),
      promote(env.connection, ns, version, 'if-none', 'b'),
    ]);
    expect(results.map((r) => r.current)).toEqual([version, version]);
    expect(await currentVersion(env.connection, ns, version.deploymentName)).toEqual(version);
    // A third start finds it current and changes nothing.
    expect(await promote(env.connection, ns, version, 'if-none', 'c')).toEqual({ current: version, changed: false });
  }, 60_000);
});

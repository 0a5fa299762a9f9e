import { describe, expect, it } from 'vitest';
import { roundInputFromPlan } from '../client/rounds';
import { TERMINATED_KEY } from '../client/terminated';
import { localDateOf } from '../domain/dates';
import { inspectionWorkflowId } from '../workflows/ids';
import { stateQuery, updates } from '../workflows/inspection/contract';
import { checkVisit, progressQuery, ROUND_WORKFLOW, roundWorkflowId, type RoundWorkflow } from '../workflows/round/contract';
import { saveHistory } from './kit/histories';
import { smallRoundPlan } from './kit/round-plan';
import { useWorkerStack } from './kit/stack';
import { devServerEnv, eventually } from './kit/temporal';

/**
 * A child of a round terminated from outside (the Web UI's terminate, `temporal workflow
 * terminate`) sends the round no `childFinished`: the round learns the end from the child's close
 * event, shows the child terminated in its `progress`, frees its visit days for the others, and
 * finishes when the others end. On the dev server: the time-skipping test server never reports a
 * child's termination to its parent (temporalio/sdk-java#2921), a real server does.
 */
const BY = 'Phòng Kiểm soát TTHC';

describe('a round whose child is terminated (dev server)', () => {
  const stack = useWorkerStack(devServerEnv);

  it('learns the end, shows it terminated, frees its days, and finishes when the others end', async () => {
    const today = localDateOf(Date.now());
    const plan = smallRoundPlan('cham-dut-round', 2028, 3, today);
    const h = await stack.env.client.workflow.start(ROUND_WORKFLOW, {
      taskQueue: stack.worker.options.taskQueue,
      workflowId: roundWorkflowId(plan.round),
      args: [roundInputFromPlan(plan)],
    });
    await eventually(async () => ((await h.query(progressQuery)).started === 3 ? true : undefined), 30_000, 'all started');
    const [ended, ...others] = plan.units.map((u) => stack.env.client.workflow.getHandle(inspectionWorkflowId(2028, u.name)));
    for (const c of [ended!, ...others])
      await eventually(async () => ((await c.query(stateQuery)).deadlines.length ? true : undefined), 10_000, 'ready');

    // The first unit's days are taken while it runs...
    const onItsDays = { workflowId: others[0]!.workflowId, ...plan.units[0]!.visit!, by: BY };
    const refused = await h.executeUpdate(checkVisit, { args: [onItsDays] }).catch((e: unknown) => e as Error & { cause?: Error });
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error & { cause?: Error }).cause?.message).toContain(plan.units[0]!.name);

    await ended!.terminate('Kiểm thử: chấm dứt từ Temporal Web UI');
    const seen = await eventually(
      async () => {
        const p = await h.query(progressQuery);
        return p.finished === 1 ? p : undefined;
      },
      30_000,
      'the round to learn the termination',
    );
    expect(seen.ended).toEqual({ [TERMINATED_KEY]: 1 });
    expect(seen.children.find((c) => c.workflowId === ended!.workflowId)).toMatchObject({ status: 'finished', ended: TERMINATED_KEY });
    expect(seen.children.filter((c) => c.workflowId !== ended!.workflowId).map((c) => c.status)).toEqual(['started', 'started']);
    expect((await h.describe()).status.name).toBe('RUNNING');
    // ...and free once it has ended.
    expect(await h.executeUpdate(checkVisit, { args: [onItsDays] })).toEqual({ clashesWith: [] });

    // The others go on: each is cancelled through its own process and tells the round.
    for (const c of others) await c.executeUpdate(updates.cancel, { args: [{ reason: 'Kiểm thử', by: BY }] });
    await eventually(async () => ((await h.describe()).status.name === 'COMPLETED' ? true : undefined), 30_000, 'the round to complete');
    const progress = await stack.env.client.workflow.getHandle<RoundWorkflow>(h.workflowId).result();
    expect(progress).toMatchObject({ total: 3, started: 3, finished: 3, ended: { [TERMINATED_KEY]: 1 } });
    expect(progress.children.map((c) => c.ended ?? c.finalStage)).toEqual([TERMINATED_KEY, 'cancelled', 'cancelled']);
    const events = (await h.fetchHistory()).events ?? [];
    expect(events.some((e) => e.childWorkflowExecutionTerminatedEventAttributes)).toBe(true);
    await saveHistory(stack.env, h.workflowId, 'round-child-terminated');
  }, 120_000);
});

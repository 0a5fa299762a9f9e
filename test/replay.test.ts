import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from './helpers/temporal';

/**
 * Determinism guard: every saved history in test/histories/ must replay against today's workflow
 * code. A change to workflow logic that breaks one must be made with `patched()` (see README).
 */
describe('replay of saved histories', () => {
  const dir = path.join(__dirname, 'histories');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('has saved histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it('fails on a history the code could not have produced', async () => {
    const history = JSON.parse(fs.readFileSync(path.join(dir, files[0]!), 'utf8')) as { events: { activityTaskScheduledEventAttributes?: { activityType: { name: string } } }[] };
    const scheduled = history.events.find((e) => e.activityTaskScheduledEventAttributes)!;
    scheduled.activityTaskScheduledEventAttributes!.activityType.name = 'someOtherActivity';
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, 'tampered')).rejects.toThrow(/[Nn]ondetermin/);
  });

  it.each(files)('replays %s', async (file) => {
    const history: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file.replace(/\.json$/, ''));
  });
});

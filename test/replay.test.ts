import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { workflowBundle } from './kit/temporal';

/**
 * Determinism guard: every saved history in test/histories/ must replay against today's workflow
 * code. A change to workflow logic that breaks one must be made with `patched()` (see README).
 */
describe('replay of saved histories', () => {
  const dir = path.join(__dirname, 'histories');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

  type Saved = {
    events: {
      workflowExecutionStartedEventAttributes?: { workflowType: { name: string }; parentWorkflowExecution?: unknown; input?: unknown };
      activityTaskScheduledEventAttributes?: { activityType: { name: string } };
    }[];
  };
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Saved;

  it('has saved histories of every workflow type: inspections (plain, child, imported), rounds, self-inspections, plan tasks, periodic reports, document registers, nominations, round documents and questions', () => {
    const started = files.map((f) => read(f).events[0]!.workflowExecutionStartedEventAttributes!);
    expect(new Set(started.map((s) => s.workflowType.name))).toEqual(
      new Set([
        'inspection',
        'round',
        'selfInspection',
        'planTask',
        'periodicReport',
        'reportingPeriod',
        'documentRegister',
        'nomination',
        'roundDocument',
        'question',
      ]),
    );
    expect(started.some((s) => s.workflowType.name === 'inspection' && s.parentWorkflowExecution)).toBe(true);
    const input = (s: (typeof started)[number]) =>
      JSON.parse(Buffer.from((s.input as { payloads: { data: string }[] }).payloads[0]!.data, 'base64').toString('utf8')) as {
        current?: unknown;
      };
    expect(started.filter((s) => s.workflowType.name === 'inspection' && input(s).current).length).toBeGreaterThanOrEqual(2);
  });

  it("has saved histories of the workflow kit's new paths (the patches that guard them)", () => {
    type Marker = { markerRecordedEventAttributes?: { markerName: string; details?: Record<string, { payloads: { data: string }[] }> } };
    const patches = (file: string) =>
      (read(file).events as Marker[]).flatMap((e) => {
        const m = e.markerRecordedEventAttributes;
        if (m?.markerName !== 'core_patch') return [];
        return Object.values(m.details ?? {}).flatMap((d) =>
          d.payloads.map((p) => (JSON.parse(Buffer.from(p.data, 'base64').toString('utf8')) as { id?: string }).id),
        );
      });
    const all = files.flatMap(patches);
    expect(all).toContain('kit-diffed-publish');
    expect(all).toContain('self-inspection-on-kit');
    expect(all).toContain('plan-task-diffed-publish');
    expect(all).toContain('periodic-report-diffed-publish');
    expect(all).toContain('reporting-period-stage');
    expect(all).toContain('reporting-period-no-request-past-deadline');
    expect(all).toContain('periodic-report-no-request-past-deadline');
    expect(all).toContain('inspection-repeats-refused');
    expect(all).toContain('round-watches-child-ends');
    expect(all).toContain('inspection-signer-from-team');
    expect(all).toContain('inspection-documents-life');
    expect(all).toContain('inspection-sends-conclusion-notice');
    expect(all).toContain('inspection-meeting-day-checked');
  });

  it("has a saved round that learned a child's termination from its close event", () => {
    const ended = files.filter((f) =>
      (read(f).events as { childWorkflowExecutionTerminatedEventAttributes?: unknown }[]).some(
        (e) => e.childWorkflowExecutionTerminatedEventAttributes,
      ),
    );
    expect(ended).toContain('round-child-terminated.json');
  });

  it('fails with a DeterminismViolationError on a history the code could not have produced', async () => {
    const history = read(files[0]!);
    const scheduled = history.events.find((e) => e.activityTaskScheduledEventAttributes)!;
    scheduled.activityTaskScheduledEventAttributes!.activityType.name = 'someOtherActivity';
    const err = await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, 'tampered').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeterminismViolationError);
    expect((err as Error).message).toMatch(/someOtherActivity/);
  });

  it.each(files)('replays %s', async (file) => {
    const history: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file.replace(/\.json$/, ''));
  });
});

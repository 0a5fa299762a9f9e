import { describe, expect, it } from 'vitest';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { liveDates } from '../domain/live-dates';
import { inspectionInput } from './helpers/inspection';
import { cleanEnv, kiemtra } from './helpers/process';
import { startTestSmtp } from './helpers/smtp';
import { devServerEnv, sharedCalendar, sharedTargets, taskQueue, workflowBundle } from './helpers/temporal';
import { INSPECTION_WORKFLOW, inspectionStartOptions, stateQuery } from '../workflows/inspection/contract';

/**
 * An update that arrives while the inspection is still loading its calendar snapshot is refused
 * as "not ready", never as "date outside the calendar", and the CLI sends it again until it lands.
 * Through the real path: the built CLI, a dev server, the worker with a calendar activity made slow.
 */
describe('an update while the calendar is loading', () => {
  it('is retried by the CLI and lands once the calendar is there', async () => {
    const cal = sharedCalendar();
    const env = await devServerEnv();
    const smtp = await startTestSmtp();
    const queue = taskQueue('not-ready');
    const real = createActivities({ calendar: cal, targets: sharedTargets(), mail: smtp.mail() });
    let snapshots = 0;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: queue,
      workflowBundle: await workflowBundle(),
      activities: {
        ...real,
        calendarSnapshot: async (range: { fromYear: number; toYear: number }) => {
          snapshots++;
          await new Promise((r) => setTimeout(r, 4000));
          return real.calendarSnapshot(range);
        },
      },
    });
    const running = worker.run();
    try {
      const { noticeLater, today } = liveDates(cal, Date.now());
      const input = { ...inspectionInput('UBND phường Lê Chân', noticeLater), round: 'not-ready' };
      const options = inspectionStartOptions(input, queue);
      const handle = await env.client.workflow.start(INSPECTION_WORKFLOW, options);
      const moved = cal.addWorkingDays(noticeLater.start, 3);
      const r = await kiemtra(
        ['reschedule', 'UBND phường Lê Chân', '--year', String(input.year), '--start', moved, '--end', moved, '--reason', 'Trùng lịch họp', '--by', 'Nguyễn Văn A'],
        cleanEnv({ TEMPORAL_ADDRESS: env.connection.options.address }),
      );
      expect(r.stderr).not.toContain('nằm ngoài phạm vi lịch');
      expect(r.code).toBe(0);
      expect(snapshots).toBe(1);
      const s = await handle.query(stateQuery);
      expect(s.visit).toEqual({ start: moved, end: moved });
      expect(s.history.map((h) => h.action)).toContain('Điều chỉnh lịch kiểm tra');
      expect(today <= moved).toBe(true);
    } finally {
      worker.shutdown();
      await running;
      await smtp.close();
      await env.teardown();
    }
  }, 120_000);
});

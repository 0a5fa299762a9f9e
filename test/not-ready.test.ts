import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { liveDates } from './kit/live-dates';
import { inspectionInput } from './kit/inspection';
import { cleanEnv, kiemtra } from './kit/process';
import { startTestSmtp } from './kit/smtp';
import { devServerEnv, sharedCalendar, taskQueue } from './kit/temporal';
import { slowCalendarWorker } from './kit/slow-calendar';
import { INSPECTION_WORKFLOW, inspectionStartOptions, stateQuery, updates } from '../workflows/inspection/contract';
import { INVALID_UPDATE } from '../workflows/kit/refusal';

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
    const { worker, snapshots } = await slowCalendarWorker(env, queue, smtp.mail(), 4000);
    const running = worker.run();
    try {
      const { noticeLater, today } = liveDates(cal, Date.now());
      const input = { ...inspectionInput('UBND phường Lê Chân', noticeLater), round: 'not-ready' };
      const options = inspectionStartOptions(input, queue);
      const handle = await env.client.workflow.start(INSPECTION_WORKFLOW, options);
      const moved = cal.addWorkingDays(noticeLater.start, 3);
      const r = await kiemtra(
        [
          'reschedule',
          'UBND phường Lê Chân',
          '--year',
          String(input.year),
          '--start',
          moved,
          '--end',
          moved,
          '--reason',
          'Trùng lịch họp',
          '--by',
          'Nguyễn Văn A',
        ],
        cleanEnv({ TEMPORAL_ADDRESS: env.connection.options.address }),
      );
      expect(r.stderr).not.toContain('nằm ngoài phạm vi lịch');
      expect(r.code).toBe(0);
      expect(snapshots()).toBe(1);
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

  it('an update accepted while loading is checked again before it applies: a second cancel is refused, the first lands', async () => {
    const cal = sharedCalendar();
    const env = await devServerEnv();
    const smtp = await startTestSmtp();
    const queue = taskQueue('not-ready-twice');
    const { worker } = await slowCalendarWorker(env, queue, smtp.mail(), 3000);
    const running = worker.run();
    try {
      const { noticeLater } = liveDates(cal, Date.now());
      const handle = await env.client.workflow.start(
        INSPECTION_WORKFLOW,
        inspectionStartOptions({ ...inspectionInput('UBND phường Ngô Quyền', noticeLater), round: 'not-ready' }, queue),
      );
      // `cancel` has no check beyond its stage, so both validators accept it while the calendar loads.
      const cancel = (by: string) => handle.executeUpdate(updates.cancel, { args: [{ reason: 'Đơn vị sáp nhập', by }] });
      const [first, second] = await Promise.allSettled([cancel('Nguyễn Văn A'), cancel('Trần Thị B')]);
      const landed = [first, second].filter((r) => r.status === 'fulfilled');
      const refused = [first, second].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      expect(landed).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (refused[0] as WorkflowUpdateFailedError).cause as { type?: string; message: string };
      expect(cause.type).toBe(INVALID_UPDATE);
      expect(cause.message).toBe(
        'Không thể hủy cuộc kiểm tra khi cuộc kiểm tra đang ở giai đoạn "Đã hủy" (update cancel not allowed in stage cancelled)',
      );
      await handle.result();
      const final = await handle.query(stateQuery);
      expect(final.stage).toBe('cancelled');
      expect(final.history.filter((h) => h.action.startsWith('Chuyển giai đoạn')).map((h) => h.detail)).toEqual(['Đơn vị sáp nhập']);
    } finally {
      worker.shutdown();
      await running;
      await smtp.close();
      await env.teardown();
    }
  }, 120_000);
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { projectRoot } from '../config/paths';
import { dateInText, localDateOf } from '../domain/dates';
import { planTaskInputs } from '../client/tasks';
import { loadTaskPlan } from '../loaders/task-plan';
import { NOT_READY } from '../workflows/kit/refusal';
import { extendTask, PLAN_TASK_TYPE, planTaskStartOptions, planTaskStateQuery } from '../workflows/plan-task/contract';
import { cleanEnv, kiemtra } from './kit/process';
import { startTestSmtp } from './kit/smtp';
import { devServerEnv, sharedCalendar, taskQueue } from './kit/temporal';
import { slowCalendarWorker } from './kit/slow-calendar';

/**
 * An extension sent while a plan task is still loading its calendar is refused as not ready (the
 * new deadline cannot be checked against a deadline not set yet), and the CLI sends it again until
 * it lands. Through the real path: the built CLI, a dev server, a slow calendar activity.
 */
describe('a task extended while its calendar is loading', () => {
  it('is retried by the CLI and lands once, checked against the deadline', async () => {
    const cal = sharedCalendar();
    const env = await devServerEnv();
    const smtp = await startTestSmtp();
    const queue = taskQueue('task-not-ready');
    const { worker, snapshots } = await slowCalendarWorker(env, queue, smtp.mail(), 4000);
    const running = worker.run();
    try {
      const plan = loadTaskPlan(path.join(projectRoot, 'plans', 'kstthc-2026.yaml'));
      const today = localDateOf(Date.now());
      const due = cal.addWorkingDays(today, 20);
      const input = { ...planTaskInputs(plan).find((i) => i.task.id === 'I.2')!, due, emails: ['vp-ubnd@haiphong.example'] };
      const handle = await env.client.workflow.start(PLAN_TASK_TYPE, planTaskStartOptions(input, queue));
      const later = cal.addWorkingDays(due, 5);
      // Sent once, without retrying, it is refused as not ready: nothing is recorded.
      const once = await handle.executeUpdate(extendTask, { args: [{ due: later, reason: 'x', by: 'A' }] }).catch((e: unknown) => e);
      expect(once).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((once as WorkflowUpdateFailedError).cause).toMatchObject({
        type: NOT_READY,
        message: 'Nhiệm vụ đang khởi tạo, vui lòng thử lại sau giây lát (calendar snapshot not loaded yet)',
      });
      const r = await kiemtra(
        ['tasks', 'extend', 'I.2', '--plan', plan.id, '--due', later, '--reason', 'Chờ ý kiến của Bộ Tư pháp', '--by', 'Phòng KSTTHC'],
        cleanEnv({ TEMPORAL_ADDRESS: env.connection.options.address }),
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`Đã gia hạn: nhiệm vụ I.2, hạn ${dateInText(cal.nextWorkingDayOnOrAfter(later))}.\n`);
      expect(snapshots()).toBe(1);
      const s = await handle.query(planTaskStateQuery);
      expect(s.extensions.map((e) => [e.from, e.to])).toEqual([[cal.nextWorkingDayOnOrAfter(due), later]]);
      await handle.terminate('test done');
    } finally {
      worker.shutdown();
      await running;
      await smtp.close();
      await env.teardown();
    }
  }, 120_000);
});

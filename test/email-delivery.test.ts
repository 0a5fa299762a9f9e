import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import type { Worker } from '@temporalio/worker';
import type { SendEmailResult } from '../activities/email';
import { projectRoot } from '../config/paths';
import { liveDates } from './kit/live-dates';
import { inspectionInput, state, type InspectionHandle } from './kit/inspection';
import { background, cleanEnv } from './kit/process';
import { startTestSmtp } from './kit/smtp';
import { devServerEnv, eventually, sharedCalendar, sharedTargets, testWorker } from './kit/temporal';
import { INSPECTION_WORKFLOW, inspectionStartOptions } from '../workflows/inspection/contract';

/**
 * A send whose SMTP acceptance was recorded (heartbeat details) is not repeated by the retry of an
 * attempt that failed afterwards. On the dev server, which keeps heartbeat details across a failure.
 */
describe('email delivery across a failure after SMTP acceptance', () => {
  it('retries the attempt without sending the message a second time', async () => {
    const cal = sharedCalendar();
    const env = await devServerEnv();
    const smtp = await startTestSmtp();
    const failed: string[] = [];
    let worker: Worker | undefined;
    let running: Promise<void> | undefined;
    try {
      worker = await testWorker(env, {
        activityDeps: {
          calendar: cal,
          targets: sharedTargets(),
          mail: {
            ...smtp.mail(),
            afterAcceptance: (r: SendEmailResult) => {
              if (failed.includes(r.messageId)) return;
              failed.push(r.messageId);
              throw ApplicationFailure.retryable('injected: the worker lost its connection after the SMTP acceptance', 'InjectedFault');
            },
          },
        },
      });
      running = worker.run();
      const options = inspectionStartOptions(
        { ...inspectionInput('Sở Xây dựng', liveDates(cal, Date.now()).noticeDue), round: 'delivery' },
        worker.options.taskQueue,
      );
      const handle = await env.client.workflow.start(INSPECTION_WORKFLOW, options);
      // The notice goes out at once, fails after acceptance, and is retried after 30 s.
      const sent = await eventually(
        async () => {
          const s = await state(handle);
          return s.emails[0]?.status === 'sent' ? s : undefined;
        },
        90_000,
        'the notice to be recorded as sent',
      );
      const messageId = sent.emails[0]!.messageId!;
      expect(failed).toEqual([messageId]);
      expect(smtp.messages.filter((m) => m.parsed.messageId === messageId)).toHaveLength(1);
      const history = (await handle.fetchHistory()).events ?? [];
      const attempts = history.flatMap((e) => (e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : []));
      expect(attempts).toContain(2);
    } finally {
      worker?.shutdown();
      await running;
      await smtp.close();
      await env.teardown();
    }
  }, 150_000);
});

/**
 * A planned stop (SIGTERM from a deploy, Ctrl-C in `npm start`) lets the sends in flight finish and
 * be recorded before the worker exits, so the next worker sends none of them again.
 */
describe('a graceful worker stop', () => {
  it('finishes the sends in flight and duplicates none of them', async () => {
    const cal = sharedCalendar();
    const env = await devServerEnv();
    const smtp = await startTestSmtp();
    // A slow mail server: every message is in flight for 2 seconds.
    smtp.setDelay(2000);
    const taskQueue = `graceful-${Date.now()}`;
    const workerEnv = cleanEnv({
      TEMPORAL_ADDRESS: env.connection.options.address,
      KIEMTRA_TASK_QUEUE: taskQueue,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
    });
    const startWorker = async () => {
      const w = background(process.execPath, [path.join(projectRoot, 'dist', 'worker', 'main.js')], workerEnv);
      await w.waitFor(/đang nhận việc/, 60_000);
      return w;
    };
    let worker = await startWorker();
    try {
      const units = Array.from({ length: 8 }, (_, i) => `UBND phường Dừng Êm ${i + 1}`);
      const visit = liveDates(cal, Date.now()).noticeDue;
      const handles: InspectionHandle[] = [];
      for (const unit of units) {
        handles.push(
          await env.client.workflow.start(
            INSPECTION_WORKFLOW,
            inspectionStartOptions({ ...inspectionInput(unit, visit), round: 'graceful' }, taskQueue),
          ),
        );
      }
      await eventually(async () => (smtp.inProgress() >= 3 ? true : undefined), 60_000, 'notices in flight at the mail server');
      const inFlight = smtp.inProgress();
      expect(await worker.stop('SIGTERM')).toBe(0);
      // Everything in flight at the stop was delivered before the worker exited.
      expect(smtp.messages.length).toBeGreaterThanOrEqual(inFlight);
      worker = await startWorker();
      const finals = await eventually(
        async () => {
          const all = await Promise.all(handles.map((h) => state(h)));
          return all.every((s) => s.emails[0]?.status === 'sent') ? all : undefined;
        },
        90_000,
        'every notice to be sent',
      );
      const ids = finals.map((s) => s.emails[0]!.messageId!);
      const delivered = smtp.messages.map((m) => m.parsed.messageId!);
      process.stderr.write(
        `graceful stop: ${inFlight} sends in flight at SIGTERM, ${delivered.length} deliveries of ${ids.length} notices\n`,
      );
      expect(delivered.sort()).toEqual([...ids].sort());
    } finally {
      await worker.stop('SIGTERM');
      await smtp.close();
      await env.teardown();
    }
  }, 240_000);
});

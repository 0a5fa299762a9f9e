import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../activities';
import { ensureSearchAttributes } from '../client/admin';
import { findLatestPeriodicReport } from '../client/prefill';
import { PrefillCache, temporalReportSource } from '../client/prefill-cache';
import { projectRoot } from '../config/paths';
import { localDateOf } from '../domain/dates';
import { recentPeriods, reportDue } from '../domain/periods';
import { loadWorkingCalendar } from '../loaders/calendar';
import { loadReportingUnits, loadTaskPlan } from '../loaders/task-plan';
import { loadYearTargets } from '../loaders/targets';
import { startCountingMailCatcher } from '../test/kit/mail-catcher';
import {
  PERIODIC_REPORT_TYPE,
  periodicReportOptions,
  periodicReportStateQuery,
  recordPeriodicReport,
} from '../workflows/periodic-report/contract';
import { startDevServer } from './env';
import { percentile, type BenchResult } from './measure';

/**
 * 8. The report form's pre-fill on the dev server: a unit whose newest periodic report is still
 * awaited and whose three before it were received (completed: a query replays them). The same
 * lookup, `runs` times, uncached (what every view of the form cost before) against the cache warm
 * (what a view costs now: one `describe` of the awaited report). Same server, same worker, same run.
 */
export async function benchPrefill(bundle: WorkflowBundleWithSourceMap, runs = 50): Promise<BenchResult> {
  const cal = loadWorkingCalendar();
  const file = path.join(projectRoot, 'plans', 'kstthc-2026.yaml');
  const plan = loadTaskPlan(file);
  const unit = loadReportingUnits(file, plan)[0]!;
  const server = await startDevServer();
  const connection = await Connection.connect({ address: server.address });
  const native = await NativeConnection.connect({ address: server.address });
  await ensureSearchAttributes(connection, 'default');
  const client = new Client({ connection });
  const catcher = await startCountingMailCatcher(fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-bench-prefill-')));
  const mail = {
    transport: nodemailer.createTransport({ host: '127.0.0.1', port: catcher.port, secure: false, ignoreTLS: true }),
    settings: { from: { address: 'kiemtra@haiphong.example', name: 'kiemtra' }, messageIdDomain: 'haiphong.example' },
  };
  try {
    const worker = await Worker.create({
      connection: native,
      taskQueue: 'bench-prefill',
      workflowBundle: bundle,
      activities: createActivities({ calendar: cal, targets: loadYearTargets(), mail }),
    });
    return await worker.runUntil(async () => {
      const today = localDateOf(Date.now());
      const input = {
        plan: plan.id,
        planTitle: plan.title,
        units: [unit],
        contacts: { coordinator: plan.coordinator, center: plan.center },
      };
      const periods = recentPeriods(today).slice(0, 4);
      for (const [i, period] of periods.entries()) {
        const [o] = periodicReportOptions(input, period, reportDue(cal, period, plan.reporting.submitWorkingDaysAfterCutoff));
        const args = [{ ...o!.args[0], closeAfterDays: 120 }] as const;
        const handle = await client.workflow.start(PERIODIC_REPORT_TYPE, { ...o!, args, taskQueue: 'bench-prefill' });
        while (!(await handle.query(periodicReportStateQuery)).deadline) await new Promise((r) => setTimeout(r, 50));
        if (i > 0)
          await handle.executeUpdate(recordPeriodicReport, {
            args: [{ receivedOn: today, indicators: { onlineReceived: 70 + i, satisfaction: 95 }, by: 'bench' }],
          });
      }
      const time = async (fn: () => Promise<unknown>) => {
        const out: number[] = [];
        for (let i = 0; i < runs; i++) {
          const s = process.hrtime.bigint();
          await fn();
          out.push(Number(process.hrtime.bigint() - s) / 1e6);
        }
        return out;
      };
      const uncached = await time(() => findLatestPeriodicReport(client, [plan.id], unit.name, today));
      const cache = new PrefillCache(temporalReportSource(client));
      await cache.latest([plan.id], unit.name, today); // the one miss, which fills the entry
      const cached = await time(() => cache.latest([plan.id], unit.name, today));
      const found = await cache.latest([plan.id], unit.name, today);
      if (found?.period.id !== periods[1]!.id) throw new Error(`the pre-fill found ${found?.period.id}, not ${periods[1]!.id}`);
      const ms = (v: number) => Number(v.toFixed(2));
      return {
        name: `8. dev server: the report form's pre-fill per view, cached (warm) vs uncached (${runs} views each; newest report awaited, 3 received)`,
        subject: { p50Ms: ms(percentile(cached, 50)), p95Ms: ms(percentile(cached, 95)), misses: cache.counts.misses },
        baseline: { p50Ms: ms(percentile(uncached, 50)), p95Ms: ms(percentile(uncached, 95)) },
        ratio: Number((percentile(uncached, 50) / percentile(cached, 50)).toFixed(1)),
        ratioMeaning: '× faster than uncached (p50)',
      };
    });
  } finally {
    await catcher.close();
    await native.close();
    await connection.close();
    await server.stop();
  }
}

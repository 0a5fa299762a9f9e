import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Worker, NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { projectRoot } from '../config/paths';
import { localDateOf } from '../domain/dates';
import { liveDates } from '../test/kit/live-dates';
import { periodBefore, reportDue } from '../domain/periods';
import { loadWorkingCalendar } from '../loaders/calendar';
import { privateClusterEnv } from '../scripts/cluster-env';
import { PERIODIC_REPORT_TYPE, periodicReportOptions, recordPeriodicReport } from '../workflows/periodic-report/contract';
import { clusterSql } from '../test/kit/cluster-sql';
import { inLanes } from '../test/kit/lanes';
import { startCountingMailCatcher } from '../test/kit/mail-catcher';
import { percentile, type BenchResult } from './measure';
import { trivialUpdate, updateBaseline } from './workflows';
import { INSPECTION_WORKFLOW, inspectionStartOptions } from '../workflows/inspection/contract';

/**
 * 7. National scale on the production topology (`npm run cluster`: four Temporal services on
 * PostgreSQL, two kiemtra workers): one inspection per commune of Vietnam (3,321) and one periodic
 * report per unit, started on the cluster; start throughput, p95 update latency, visibility query
 * latency and PostgreSQL's size, each against minimal workflows on the same cluster in the same run.
 */
const COMMUNES = 3321;
const cal = loadWorkingCalendar();
const contacts = {
  coordinator: { name: 'Phòng Kiểm soát TTHC', email: 'dieuphoi@haiphong.example' },
  teamLead: { name: 'Trưởng đoàn', email: 'truongdoan@haiphong.example' },
  center: { name: 'Trung tâm Phục vụ hành chính công', address: 'Hải Phòng', email: 'tthc@haiphong.example' },
};

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const s = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - s) / 1e6;
}

export async function benchNational(
  bundle: WorkflowBundleWithSourceMap,
  communes = Number(process.env.KIEMTRA_BENCH_COMMUNES ?? COMMUNES),
): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-bench-cluster-'));
  fs.chmodSync(dir, 0o755);
  const catcher = await startCountingMailCatcher(path.join(dir, 'outbox'));
  const env = await privateClusterEnv(dir, {
    ...process.env,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(catcher.port),
    SMTP_SECURE: 'false',
  });
  const cluster = spawn(process.execPath, [path.join(projectRoot, 'dist', 'scripts', 'cluster.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  cluster.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  cluster.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  try {
    const deadline = Date.now() + 1_200_000;
    while (!out.includes('kiemtra cluster đã sẵn sàng')) {
      if (cluster.exitCode !== null || Date.now() > deadline) throw new Error(`the cluster did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
    const client = new Client({ connection });
    const native = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS! });
    const baselineWorker = await Worker.create({ connection: native, taskQueue: 'bench-national', workflowBundle: bundle });
    const baselineRunning = baselineWorker.run();
    try {
      const indices = Array.from({ length: communes }, (_, i) => i);
      const visit = liveDates(cal, Date.now()).noticeLater;
      const period = periodBefore('monthly', localDateOf(Date.now()));
      const due = reportDue(cal, period, 3);
      const unit = (i: number) => ({
        name: `UBND xã Thử nghiệm ${i + 1}`,
        kind: 'commune' as const,
        emails: [`xa${i + 1}@kiemtra.example`],
      });

      // Starts: an inspection and a periodic report per commune, on the two kiemtra workers.
      const startsAt = Date.now();
      await inLanes(indices, 16, async (i) => {
        const u = unit(i);
        await client.workflow.start(
          INSPECTION_WORKFLOW,
          inspectionStartOptions({ round: 'national', year: 2027, unit: u, kind: 'periodic', visit, contacts }, 'kiemtra'),
        );
        const [o] = periodicReportOptions(
          {
            plan: 'national-2026',
            planTitle: 'Kế hoạch kiểm soát TTHC',
            units: [u],
            contacts: { coordinator: contacts.coordinator, center: contacts.center },
          },
          period,
          due,
        );
        await client.workflow.start(PERIODIC_REPORT_TYPE, { ...o!, taskQueue: 'kiemtra' });
      });
      const startSeconds = (Date.now() - startsAt) / 1000;
      const baselineAt = Date.now();
      await inLanes(indices, 16, async (i) => {
        await client.workflow.start(updateBaseline, { taskQueue: 'bench-national', workflowId: `national-baseline-${i}`, args: [1] });
      });
      const baselineSeconds = (Date.now() - baselineAt) / 1000;

      // Updates: 500 periodic reports recorded by the coordinators' update, against trivial updates.
      const sample = indices.slice(0, Math.min(500, communes));
      const today = localDateOf(Date.now());
      const updateMs: number[] = [];
      await inLanes(sample, 16, async (i) => {
        const [o] = periodicReportOptions(
          {
            plan: 'national-2026',
            planTitle: 'x',
            units: [unit(i)],
            contacts: { coordinator: contacts.coordinator, center: contacts.center },
          },
          period,
          due,
        );
        updateMs.push(
          await timed(() =>
            client.workflow.getHandle(o!.workflowId).executeUpdate(recordPeriodicReport, {
              args: [{ receivedOn: today, indicators: { onlineReceived: 80 + (i % 20) }, by: 'Phòng KSTTHC' }],
            }),
          ),
        );
      });
      const baselineUpdateMs: number[] = [];
      await inLanes(sample, 16, async (i) => {
        baselineUpdateMs.push(
          await timed(() => client.workflow.getHandle(`national-baseline-${i}`).executeUpdate(trivialUpdate, { args: [i] })),
        );
      });

      // Visibility queries answered from PostgreSQL: kiemtra's search attributes vs the workflow type.
      const queryMs = async (query: string) => {
        const ms: number[] = [];
        for (let i = 0; i < 20; i++) ms.push(await timed(() => client.workflow.count(query)));
        return ms;
      };
      await new Promise((r) => setTimeout(r, 3000));
      const byStage = await queryMs(`InspectionRound = 'national' AND InspectionStage = 'scheduled'`);
      const overdue = await queryMs(`InspectionKind = 'report-monthly' AND InspectionOverdue = true`);
      const byType = await queryMs(`WorkflowType = 'updateBaseline'`);
      const scheduled = (await client.workflow.count(`InspectionRound = 'national' AND InspectionStage = 'scheduled'`)).count;

      const size = async (db: string) => Number(await clusterSql(dir, env, db, `SELECT pg_database_size('${db}')`));
      const pgMiB = Math.round(((await size('temporal')) + (await size('temporal_visibility'))) / 2 ** 20);

      await connection.close();
      const p95 = (xs: number[]) => Math.round(percentile(xs, 95));
      return [
        {
          name: `7a. national scale on the cluster: ${communes} inspections + ${communes} periodic reports started vs ${communes} minimal workflows`,
          subject: {
            workflows: communes * 2,
            startsPerSecond: Math.round((communes * 2) / startSeconds),
            inspectionsScheduled: scheduled,
            postgresMiB: pgMiB,
            emails: catcher.deliveries.size,
          },
          baseline: { workflows: communes, startsPerSecond: Math.round(communes / baselineSeconds) },
          ratio: Number(((communes * 2) / startSeconds / (communes / baselineSeconds)).toFixed(2)),
          ratioMeaning: '× the baseline start throughput',
        },
        {
          name: '7b. national scale on the cluster: recordPeriodicReport update latency vs a trivial update (16 lanes)',
          subject: { updates: updateMs.length, p50Ms: Math.round(percentile(updateMs, 50)), p95Ms: p95(updateMs) },
          baseline: { updates: baselineUpdateMs.length, p50Ms: Math.round(percentile(baselineUpdateMs, 50)), p95Ms: p95(baselineUpdateMs) },
          ratio: Number((percentile(updateMs, 95) / percentile(baselineUpdateMs, 95)).toFixed(2)),
          ratioMeaning: '× the baseline p95',
        },
        {
          name: '7c. national scale on the cluster: visibility queries on kiemtra search attributes (PostgreSQL) vs by workflow type',
          subject: { byStageP95Ms: p95(byStage), overdueReportsP95Ms: p95(overdue) },
          baseline: { byWorkflowTypeP95Ms: p95(byType) },
          ratio: Number((Math.max(percentile(byStage, 95), percentile(overdue, 95)) / percentile(byType, 95)).toFixed(2)),
          ratioMeaning: '× the baseline p95',
        },
      ];
    } finally {
      baselineWorker.shutdown();
      await baselineRunning;
      await native.close();
    }
  } finally {
    if (cluster.exitCode === null) {
      const exited = new Promise((r) => cluster.once('exit', r));
      cluster.kill('SIGINT');
      await exited;
    }
    await catcher.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

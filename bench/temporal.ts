import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../activities';
import { ensureSearchAttributes } from '../client/admin';
import { roundInputFromPlan } from '../client/rounds';
import { projectRoot, temporalCliPath, testServerPath } from '../config/paths';
import { DEFAULT_MAX_CACHED_WORKFLOWS } from '../config/worker';
import { loadWorkingCalendar } from '../loaders/calendar';
import { loadYearTargets } from '../loaders/targets';
import { inspectionWorkflowId } from '../workflows/ids';
import { localDateOf, localInstant, type LocalDate } from '../domain/dates';
import { liveDates } from '../test/kit/live-dates';
import { planSchema, proposeVisits } from '../domain/plan';
import { createKiemtraWorker } from '../worker/worker';
import { startCountingMailCatcher } from '../test/kit/mail-catcher';
import { parse } from 'yaml';
import { startDevServer } from './env';
import { percentile, type BenchResult } from './measure';
import { timersBaseline, trivialUpdate, updateBaseline } from './workflows';
import {
  INSPECTION_WORKFLOW,
  type InspectionInput,
  inspectionStartOptions,
  stateQuery,
  type UpdateInputs,
  updates,
} from '../workflows/inspection/contract';
import { progressQuery, ROUND_WORKFLOW } from '../workflows/round/contract';

const execFileAsync = promisify(execFile);
const cal = loadWorkingCalendar();
const wd = (d: LocalDate, n: number) => cal.addWorkingDays(d, n);
const contacts = {
  coordinator: { name: 'Phòng Kiểm soát TTHC', email: 'kstthc@haiphong.example' },
  teamLead: { name: 'Trưởng đoàn', email: 'truongdoan@haiphong.example' },
  center: { name: 'Trung tâm Phục vụ hành chính công thành phố', address: 'Hải Phòng', email: 'tthc@haiphong.example' },
};
const SETTINGS = { from: { address: 'kiemtra@haiphong.example', name: 'kiemtra' }, messageIdDomain: 'haiphong.example' };

async function mailDeps() {
  const catcher = await startCountingMailCatcher(fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-bench-mail-')));
  return {
    catcher,
    mail: {
      transport: nodemailer.createTransport({
        host: '127.0.0.1',
        port: catcher.port,
        secure: false,
        ignoreTLS: true,
        pool: true,
        maxConnections: 8,
      }),
      settings: SETTINGS,
    },
  };
}

/** Waits until an inspection has loaded its calendar (its deadlines are computed). */
async function untilLoaded(handle: WorkflowHandle): Promise<void> {
  while (!(await handle.query(stateQuery)).deadlines.length) await new Promise((r) => setTimeout(r, 20));
}

/** A fresh time-skipping test server with a kiemtra worker (and a mail catcher) for `fn`. */
async function withTimeSkipping<T>(
  bundle: WorkflowBundleWithSourceMap,
  fn: (env: TestWorkflowEnvironment, deliveries: () => number) => Promise<T>,
): Promise<T> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerPath() } },
  });
  const { catcher, mail } = await mailDeps();
  try {
    await ensureSearchAttributes(env.connection, 'default');
    const worker = await createKiemtraWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue: 'bench-round',
      workflowBundle: bundle,
      activityDeps: { calendar: cal, targets: loadYearTargets(), mail },
    });
    return await worker.runUntil(fn(env, () => catcher.deliveries.size));
  } finally {
    await catcher.close();
    await env.teardown();
  }
}

/** The subject of benchmark 1: the 34-unit round, every inspection scripted from report to closed. */
async function timeSkippedRound(env: TestWorkflowEnvironment) {
  const today = localDateOf(Number(await env.currentTimeMs()));
  const shipped = parse(fs.readFileSync(path.join(projectRoot, 'plans', 'haiphong-2026.yaml'), 'utf8')) as Record<string, unknown>;
  const plan = planSchema.parse({
    ...shipped,
    selfInspection: undefined,
    window: { from: today, to: localDateOf(Date.parse(`${today}T00:00:00Z`) + 400 * 86_400_000) },
  });
  const { proposed } = proposeVisits(plan, cal, today);
  for (const u of plan.units) u.visit = proposed.get(u.name);
  const input = roundInputFromPlan(plan);
  const started = Date.now();
  const roundHandle = await env.client.workflow.start(ROUND_WORKFLOW, {
    taskQueue: 'bench-round',
    workflowId: 'round-bench',
    args: [input],
  });
  while ((await roundHandle.query(progressQuery)).started < input.inspections.length) await new Promise((r) => setTimeout(r, 100));
  const h = (unit: string) => env.client.workflow.getHandle(inspectionWorkflowId(plan.year, unit));
  for (const u of plan.units) await untilLoaded(h(u.name));
  type Action = { at: number; run: () => Promise<unknown> };
  const actions: Action[] = [];
  for (const u of plan.units) {
    const s = await h(u.name).query(stateQuery);
    const { start, end } = s.visit;
    const reportBy = s.deadlines.find((d) => d.id === 'report')!.date;
    const signed = wd(end, 3);
    const at = (d: LocalDate, t: string) => localInstant(d, t).getTime();
    const up =
      <K extends keyof UpdateInputs>(name: K, p: UpdateInputs[K]) =>
      () =>
        h(u.name).executeUpdate(updates[name] as never, { args: [p] });
    actions.push({
      at: at(wd(reportBy, -4), '10:00'),
      run: up('recordReport', { receivedOn: wd(reportBy, -4), indicators: { onlineReceived: 85 }, by: 'bench' }),
    });
    actions.push({ at: at(start, '09:30'), run: up('recordOpeningMeeting', { date: start, by: 'bench' }) });
    actions.push({ at: at(end, '16:00'), run: up('recordClosingMeeting', { date: end, preliminaryResults: 'Sơ bộ', by: 'bench' }) });
    actions.push({
      at: at(signed, '10:00'),
      run: up('signConclusion', {
        signer: 'B',
        signedOn: signed,
        recommendations: [{ text: 'Khắc phục', deadline: wd(signed, 10) }],
        by: 'bench',
      }),
    });
    actions.push({
      at: at(wd(signed, 4), '10:00'),
      run: up('recordRemediationReport', { receivedOn: wd(signed, 4), done: [{ id: 'R1', evidence: 'x' }], by: 'bench' }),
    });
  }
  actions.sort((a, b) => a.at - b.at);
  for (const a of actions) {
    const now = Number(await env.currentTimeMs());
    if (a.at > now) await env.sleep(a.at - now);
    await a.run();
  }
  // The round ends once every inspection has sent its last email and closed.
  while ((await roundHandle.describe()).status.name === 'RUNNING') await new Promise((r) => setTimeout(r, 50));
  const wallMs = Date.now() - started;
  const statuses = await Promise.all(plan.units.map(async (u) => (await h(u.name).describe()).status.name));
  const completed = statuses.filter((s) => s === 'COMPLETED').length;
  if (completed !== plan.units.length) throw new Error(`only ${completed} of ${plan.units.length} inspections completed`);
  let timers = 0;
  for (const u of plan.units) timers += (await h(u.name).fetchHistory()).events!.filter((e) => Number(e.eventType) === 17).length;
  return { wallMs, inspections: plan.units.length, updates: actions.length, timers };
}

/** The baseline of benchmark 1: `workflows` minimal workflows waiting on `timersEach` timers each. */
async function timersOnly(env: TestWorkflowEnvironment, workflows: number, timersEach: number): Promise<number> {
  const started = Date.now();
  const handles = await Promise.all(
    Array.from({ length: workflows }, (_, i) =>
      env.client.workflow.start(timersBaseline, { taskQueue: 'bench-round', workflowId: `timers-${i}`, args: [timersEach] }),
    ),
  );
  // The test environment's client lets time skip while it waits for a result; one wait at a time.
  for (const handle of handles) await handle.result();
  return Date.now() - started;
}

/**
 * 1. A time-skipped full round of the 34 units against as many minimal workflows with as many
 * timers. Each runs on its own fresh test server (same build): the subject's server is torn down
 * before the baseline starts, so neither inherits the other's state.
 */
export async function benchRound(bundle: WorkflowBundleWithSourceMap): Promise<BenchResult> {
  const subject = await withTimeSkipping(bundle, async (env, deliveries) => ({ ...(await timeSkippedRound(env)), emails: deliveries() }));
  const timersEach = Math.max(1, Math.round(subject.timers / subject.inspections));
  const baselineMs = await withTimeSkipping(bundle, (env) => timersOnly(env, subject.inspections, timersEach));
  return {
    name: `1. time-skipped round of ${subject.inspections} inspections (every stage, scripted) vs ${subject.inspections} minimal workflows with as many timers, each on a fresh test server`,
    subject,
    baseline: { wallMs: baselineMs, workflows: subject.inspections, timersEach },
    ratio: Number((subject.wallMs / baselineMs).toFixed(2)),
    ratioMeaning: '× the baseline wall time (overhead)',
  };
}

/** Runs `fn` over `items` with `lanes` workers; returns the latencies of each call in ms. */
async function lanesOf<T>(items: T[], lanes: number, fn: (item: T) => Promise<number[]>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) latencies.push(...(await fn(items[next++]!)));
    }),
  );
  return latencies;
}

const timed = async (fn: () => Promise<unknown>) => {
  const s = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - s) / 1e6;
};

/** 2 and 4 on one dev server: update throughput, `kiemtra status` latency. */
export async function benchDevServer(bundle: WorkflowBundleWithSourceMap, n: number): Promise<BenchResult[]> {
  const server = await startDevServer();
  const connection = await Connection.connect({ address: server.address });
  const native = await NativeConnection.connect({ address: server.address });
  await ensureSearchAttributes(connection, 'default');
  const client = new Client({ connection });
  const { catcher, mail } = await mailDeps();
  const results: BenchResult[] = [];
  try {
    const worker = await Worker.create({
      connection: native,
      taskQueue: 'bench',
      workflowBundle: bundle,
      activities: createActivities({ calendar: cal, targets: loadYearTargets(), mail }),
      maxCachedWorkflows: 2000,
    });
    await worker.runUntil(async () => {
      const { today, visited, responseBy, remediationBy } = liveDates(cal, Date.now());
      const steps: [keyof UpdateInputs, unknown][] = [
        ['recordOpeningMeeting', { date: visited, by: 'bench' }],
        ['recordClosingMeeting', { date: visited, preliminaryResults: 'Sơ bộ', by: 'bench' }],
        ['issueDraftConclusion', { issuedOn: today, responseBy, recommendations: ['Khắc phục'], by: 'bench' }],
        ['recordUnitResponse', { receivedOn: today, accepted: true, by: 'bench' }],
        [
          'signConclusion',
          { signer: 'B', signedOn: today, recommendations: [{ text: 'Khắc phục', deadline: remediationBy }], by: 'bench' },
        ],
        ['recordRemediationReport', { receivedOn: today, done: [{ id: 'R1', evidence: 'x' }], by: 'bench' }],
      ];
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const input: InspectionInput = {
          round: 'bench',
          year: 2026,
          unit: { name: `Đơn vị thử ${i}`, kind: 'commune', emails: [`u${i}@haiphong.example`] },
          kind: 'surprise',
          visit: { start: visited, end: visited },
          contacts,
          current: { stage: 'on_site' },
        };
        const o = inspectionStartOptions(input, 'bench');
        await client.workflow.start(INSPECTION_WORKFLOW, o);
        ids.push(o.workflowId);
      }
      for (const id of ids) await untilLoaded(client.workflow.getHandle(id));
      const subjectStart = Date.now();
      const latencies = await lanesOf(ids, 16, async (id) => {
        const out: number[] = [];
        for (const [name, p] of steps)
          out.push(await timed(() => client.workflow.getHandle(id).executeUpdate(updates[name] as never, { args: [p] })));
        return out;
      });
      const subjectS = (Date.now() - subjectStart) / 1000;
      const baseIds: string[] = [];
      for (let i = 0; i < n; i++) {
        await client.workflow.start(updateBaseline, { taskQueue: 'bench', workflowId: `baseline-${i}`, args: [steps.length] });
        baseIds.push(`baseline-${i}`);
      }
      const baseStart = Date.now();
      const baseLatencies = await lanesOf(baseIds, 16, async (id) => {
        const out: number[] = [];
        for (let k = 0; k < steps.length; k++)
          out.push(await timed(() => client.workflow.getHandle(id).executeUpdate(trivialUpdate, { args: [k] })));
        return out;
      });
      const baseS = (Date.now() - baseStart) / 1000;
      const tps = latencies.length / subjectS;
      const baseTps = baseLatencies.length / baseS;
      results.push({
        name: `2. dev server: ${n} inspections driven through every stage by the client (16 lanes) vs minimal workflows with a trivial update`,
        subject: {
          updates: latencies.length,
          transitionsPerSecond: Math.round(tps),
          p50Ms: Math.round(percentile(latencies, 50)),
          p95Ms: Math.round(percentile(latencies, 95)),
          emails: catcher.deliveries.size,
        },
        baseline: {
          updates: baseLatencies.length,
          updatesPerSecond: Math.round(baseTps),
          p50Ms: Math.round(percentile(baseLatencies, 50)),
          p95Ms: Math.round(percentile(baseLatencies, 95)),
        },
        ratio: Number((tps / baseTps).toFixed(2)),
        ratioMeaning: '× the baseline throughput',
      });
      // Querying a completed inspection replays it, so the worker must still be running.
      results.push(await benchStatus(server.address, client));
    });
  } finally {
    await catcher.close();
    await native.close();
    await connection.close();
    await server.stop();
  }
  return results.sort((a, b) => a.name.localeCompare(b.name));
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0);
}

/**
 * 3. The worker process's resident memory after loading 1,000 and then 5,000 inspections (each
 * queried, so loaded into the worker; the default cache keeps the most recent ones), against the
 * same worker idle. Gate: 5,000 cost no more than 1.2 times what 1,000 cost, that is the worker's
 * memory is bounded by its cache, not by the number of inspections it has seen.
 */
async function benchMemory(address: string, client: Client, counts: [number, number]): Promise<BenchResult> {
  const catcher = await startCountingMailCatcher(fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-bench-mem-')));
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist', 'worker', 'main.js')], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: address,
      KIEMTRA_TASK_QUEUE: 'bench-mem',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(catcher.port),
    },
    stdio: 'ignore',
  });
  const ids: string[] = [];
  try {
    await new Promise((r) => setTimeout(r, 8000));
    const idle = rssKb(child.pid!);
    const visit = liveDates(cal, Date.now()).noticeLater.start;
    const loadUpTo = async (count: number) => {
      const fresh: string[] = [];
      for (let i = ids.length; i < count; i++) {
        const o = inspectionStartOptions(
          {
            round: 'bench-mem',
            year: 2027,
            unit: { name: `Đơn vị bộ nhớ ${i}`, kind: 'commune', emails: [`m${i}@haiphong.example`] },
            kind: 'periodic',
            visit: { start: visit, end: visit },
            contacts,
          },
          'bench-mem',
        );
        await client.workflow.start(INSPECTION_WORKFLOW, o);
        ids.push(o.workflowId);
        fresh.push(o.workflowId);
      }
      for (const id of fresh) await untilLoaded(client.workflow.getHandle(id));
      await new Promise((r) => setTimeout(r, 3000));
      return rssKb(child.pid!);
    };
    const first = await loadUpTo(counts[0]);
    const second = await loadUpTo(counts[1]);
    const ratio = Number((second / first).toFixed(2));
    return {
      name: `3. worker resident memory after loading ${counts[1]} inspections vs after ${counts[0]} (default cache of ${DEFAULT_MAX_CACHED_WORKFLOWS} workflows)`,
      subject: { rssMiB: Math.round(second / 1024), inspections: counts[1] },
      baseline: { rssMiB: Math.round(first / 1024), inspections: counts[0], idleRssMiB: Math.round(idle / 1024) },
      ratio,
      ratioMeaning: `× the memory after ${counts[0]}`,
      gate: { rule: `${counts[1]} inspections cost no more than 1.2× what ${counts[0]} cost`, passed: ratio <= 1.2 },
    };
  } finally {
    for (const id of ids)
      await client.workflow
        .getHandle(id)
        .terminate('bench done')
        .catch(() => undefined);
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
    await catcher.close();
  }
}

/** 3, on a dev server of its own. */
export async function benchWorkerMemory(): Promise<BenchResult> {
  const server = await startDevServer();
  const connection = await Connection.connect({ address: server.address });
  try {
    await ensureSearchAttributes(connection, 'default');
    return await benchMemory(server.address, new Client({ connection }), [1000, 5000]);
  } finally {
    await connection.close();
    await server.stop();
  }
}

/** 4. `kiemtra status` against `temporal workflow query` for the same workflow. */
async function benchStatus(address: string, client: Client): Promise<BenchResult> {
  const cli = path.join(projectRoot, 'dist', 'client', 'cli', 'cli.js');
  const env = { ...process.env, TEMPORAL_ADDRESS: address, KIEMTRA_YEAR: '2026' };
  const unit = 'Đơn vị thử 0';
  const id = inspectionWorkflowId(2026, unit);
  await client.workflow.getHandle(id).describe();
  const runs = 10;
  // Asynchronous on purpose: the worker answering the query runs in this process.
  const time = async (cmd: string, args: string[]) => {
    const out: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = process.hrtime.bigint();
      await execFileAsync(cmd, args, { env });
      out.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    return out;
  };
  const status = await time(process.execPath, [cli, 'status', unit]);
  const query = await time(temporalCliPath(), ['workflow', 'query', '--address', address, '--workflow-id', id, '--name', 'state']);
  return {
    name: '4. `kiemtra status` vs `temporal workflow query` for the same workflow (process start included)',
    subject: { p50Ms: Math.round(percentile(status, 50)), p95Ms: Math.round(percentile(status, 95)) },
    baseline: { p50Ms: Math.round(percentile(query, 50)), p95Ms: Math.round(percentile(query, 95)) },
    ratio: Number((percentile(status, 50) / percentile(query, 50)).toFixed(2)),
    ratioMeaning: '× the temporal CLI',
  };
}

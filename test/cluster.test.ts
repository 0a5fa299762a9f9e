import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { projectRoot } from '../config/paths';
import { readToolVersions } from '../config/tool-versions';
import { liveDates } from './kit/live-dates';
import { loadPlan } from '../loaders/plan';
import { inspectionWorkflowId } from '../workflows/ids';
import { inspectionInput } from './kit/inspection';
import { inFlightSends, robust, sendCompletions, stepsToClosed } from './kit/faults';
import { privateClusterEnv } from '../scripts/cluster-env';
import { background, cleanEnv, type Background } from './kit/process';
import { sharedCalendar } from './kit/temporal';
import { completeInspectionInput, type InspectionState, type InspectionWorkflow, updates } from '../workflows/inspection/contract';
import { ROUND_WORKFLOW, type RoundInput, roundWorkflowId } from '../workflows/round/contract';
import { clusterSql } from './kit/cluster-sql';
import { inLanes } from './kit/lanes';
import { startCountingMailCatcher, type CountingMailCatcher } from './kit/mail-catcher';
import { describeWithTools, goTool, postgresTool } from './kit/tools';

/**
 * kiemtra on a real Temporal cluster (`npm run cluster`): four Temporal services as separate
 * processes on PostgreSQL, two kiemtra workers. A round of the 34 units of the 2026 plan: 30 are
 * driven through every stage while one kiemtra worker and the history service are killed with -9
 * and restarted; 4 stay with their report overdue. Nothing is lost (stages, one email per
 * Message-ID within the in-flight bound), visibility queries answer from PostgreSQL, and the
 * cluster restarted finds every workflow.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-cluster-'));
// PostgreSQL runs as its own user (as root: `postgres`), which must reach its folder.
fs.chmodSync(dir, 0o755);
const cal = sharedCalendar();
const ROUND = 'cluster-2026';

function clusterEnv(smtpPort: number): Promise<NodeJS.ProcessEnv> {
  return privateClusterEnv(
    dir,
    cleanEnv({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort), SMTP_SECURE: 'false', KIEMTRA_LOG_LEVEL: 'WARN' }),
  );
}

const pids = (): Record<string, number> =>
  JSON.parse(fs.readFileSync(path.join(dir, 'cluster', 'pids.json'), 'utf8')) as Record<string, number>;

describeWithTools('the production topology (npm run cluster)', [goTool(), postgresTool()], () => {
  let cluster: Background | undefined;
  let catcher: CountingMailCatcher | undefined;
  let connection: Connection | undefined;
  afterAll(async () => {
    await connection?.close().catch(() => undefined);
    await cluster?.stop('SIGINT');
    await catcher?.close();
  }, 120_000);

  it('keeps a round of 34 whole through kill -9 of a worker and of the history service, answers visibility from PostgreSQL, and restarts', async () => {
    catcher = await startCountingMailCatcher(path.join(dir, 'outbox'));
    const env = await clusterEnv(catcher.port);
    const start = () => background(process.execPath, [path.join(projectRoot, 'dist', 'scripts', 'cluster.js')], env);
    cluster = start();
    await cluster.waitFor(/kiemtra cluster đã sẵn sàng/, 1_200_000);
    expect(cluster.output()).toContain('frontend, history, matching, worker (4 tiến trình)');
    const running = pids();
    expect(Object.keys(running).sort()).toEqual([
      'frontend',
      'history',
      'kiemtra-worker-1',
      'kiemtra-worker-2',
      'matching',
      'ui',
      'worker',
    ]);
    // The Web UI of the cluster answers, at the pinned version (scripts/versions.env).
    const versions = readToolVersions();
    expect((await fetch(`http://127.0.0.1:${env.KIEMTRA_UI_PORT}/`)).status).toBe(200);
    const uiSettings = (await (await fetch(`http://127.0.0.1:${env.KIEMTRA_UI_PORT}/api/v1/settings`)).json()) as { Version?: string };
    expect(uiSettings.Version).toBe(versions.temporalUiServer);

    connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
    expect((await connection.workflowService.getSystemInfo({})).serverVersion).toBe(versions.temporalServer);
    let client = new Client({ connection });

    // The round: the 2026 plan's 34 units, brought in on site; 4 of them with their report overdue.
    const plan = loadPlan(path.join(projectRoot, 'plans', 'haiphong-2026.yaml')).plan;
    const live = liveDates(cal, Date.now());
    const lagging = new Set(plan.units.slice(30).map((u) => u.name));
    const input: RoundInput = {
      round: ROUND,
      year: 2026,
      inspections: plan.units.map((u) => {
        const visit = lagging.has(u.name) ? live.reportOverdue : { start: live.visited, end: live.visited };
        return completeInspectionInput({
          ...inspectionInput(u.name, visit, lagging.has(u.name) ? 'periodic' : 'surprise'),
          round: ROUND,
          year: 2026,
          current: { stage: 'on_site' },
        });
      }),
      selfInspections: [],
      rules: { oneUnitPerDay: false, maxVisitsPerWeek: 10 },
    };
    expect(input.inspections).toHaveLength(34);
    await client.workflow.start(ROUND_WORKFLOW, { taskQueue: 'kiemtra', workflowId: roundWorkflowId(ROUND), args: [input] });
    const count = async (query: string) => {
      let n = 0;
      for await (const _ of client.workflow.list({ query })) n++;
      return n;
    };
    await robust(async () => {
      const n = await count(`InspectionRound = '${ROUND}' AND InspectionStage = 'on_site'`);
      if (n !== 34) throw new Error(`UNAVAILABLE: ${n} of 34 on site`);
    });

    const steps = stepsToClosed(live);
    const driven = plan.units.filter((u) => !lagging.has(u.name)).map((u) => inspectionWorkflowId(2026, u.name));
    const kills: number[] = [];
    let done = 0;
    let killed: Promise<void> | undefined;
    const killMidway = async () => {
      const before = pids();
      kills.push(Date.now());
      process.kill(before['kiemtra-worker-1']!, 'SIGKILL');
      process.kill(before.history!, 'SIGKILL');
      // The cluster's supervisor restarts both.
      await robust(async () => {
        const now = pids();
        if (now['kiemtra-worker-1'] === before['kiemtra-worker-1'] || now.history === before.history)
          throw new Error('UNAVAILABLE: not restarted yet');
      });
    };
    const drive = async (id: string) => {
      for (const [name, payload] of steps) {
        await robust(() =>
          client.workflow.getHandle(id).executeUpdate(updates[name] as never, { args: [payload], updateId: `${id}:${name}` }),
        );
        done++;
        if (!killed && done >= (driven.length * steps.length) / 3) killed = killMidway();
      }
    };
    await inLanes(driven, 8, drive);
    await killed;
    expect(kills).toHaveLength(1);

    const finals: InspectionState[] = [];
    for (const id of driven) finals.push(await robust(() => client.workflow.getHandle<InspectionWorkflow>(id).result()));
    expect(finals.map((s) => s.stage)).toEqual(driven.map(() => 'closed'));
    for (const s of finals) expect(s.emails.map((e) => `${e.kind}:${e.status}`)).toEqual(['draft_conclusion:sent', 'conclusion:sent']);
    const expected = finals.flatMap((s) => s.emails.map((e) => e.messageId!));
    expect(expected.filter((m) => !catcher!.deliveries.has(m))).toEqual([]);
    const completedAt = new Map<string, number>();
    for (const id of driven) for (const c of await sendCompletions(client, id)) completedAt.set(c.messageId, c.at);
    const inFlight = inFlightSends(catcher.acceptedAt, completedAt, kills, { from: 0, to: 0 });
    const duplicates = [...catcher.deliveries.values()].reduce((a, n) => a + n - 1, 0);
    process.stderr.write(
      `cluster: ${expected.length} emails, ${inFlight.atKills} sends in flight at the kill, ${duplicates} duplicate deliveries\n`,
    );
    expect(duplicates).toBeLessThanOrEqual(inFlight.atKills);

    // Visibility, answered from PostgreSQL (SQL advanced visibility).
    await robust(async () => {
      const closed = await count(`InspectionRound = '${ROUND}' AND InspectionStage = 'closed'`);
      if (closed !== 30) throw new Error(`UNAVAILABLE: ${closed} closed`);
    });
    expect(await count(`InspectionRound = '${ROUND}' AND InspectionOverdue = true`)).toBe(4);
    expect(await count(`InspectionRound = '${ROUND}' AND InspectionVisitDate < '${live.visited}T00:00:00+07:00'`)).toBe(4);
    // The same rows, read from PostgreSQL itself: the round's executions in the visibility table.
    const rows = Number(
      await clusterSql(
        dir,
        env,
        'temporal_visibility',
        `SELECT count(*) FROM executions_visibility WHERE search_attributes::text LIKE '%"${ROUND}"%'`,
      ),
    );
    expect(rows).toBe(await count(`InspectionRound = '${ROUND}'`));
    expect(rows).toBeGreaterThanOrEqual(34);

    // Ctrl-C, start again: every workflow is found.
    await connection.close();
    expect(await cluster.stop('SIGINT')).toBe(0);
    cluster = start();
    await cluster.waitFor(/kiemtra cluster đã sẵn sàng/, 300_000);
    connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
    client = new Client({ connection });
    expect(await count(`InspectionRound = '${ROUND}' AND InspectionStage = 'closed'`)).toBe(30);
    const lagged = await client.workflow.getHandle(inspectionWorkflowId(2026, [...lagging][0]!)).describe();
    expect(lagged.status.name).toBe('RUNNING');
  }, 1_800_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { projectRoot } from '../config/paths';
import { currentVersion, drainageStatus } from '../worker/deployment';
import { privateClusterEnv } from '../scripts/cluster-env';
import { inspectionStartOptions, stateQuery, updates, type InspectionWorkflow } from '../workflows/inspection/contract';
import { inspectionInput } from './kit/inspection';
import { liveDates } from './kit/live-dates';
import { background, cleanEnv, type Background } from './kit/process';
import { eventually, sharedCalendar } from './kit/temporal';
import { describeWithTools, goTool, postgresTool } from './kit/tools';

/**
 * An upgrade on the real cluster (docs/versioning.md, "On `npm run cluster`"): the cluster runs
 * v1 and an inspection starts on it; restarted with `--next-build-id v2` on the same data, it runs
 * v1's two workers and v2's two side by side and makes v2 current. The old inspection's update is
 * completed by a v1 worker while a new inspection runs on v2; once the old one closes, the cluster
 * reports v1 drained. The server's drainage check runs every second here (three minutes by default).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-cluster-upgrade-'));
// PostgreSQL runs as its own user (as root: `postgres`), which must reach its folder.
fs.chmodSync(dir, 0o755);
const dynamicConfig = path.join(dir, 'dynamicconfig.yaml');
fs.writeFileSync(
  dynamicConfig,
  `${fs.readFileSync(path.join(projectRoot, 'cluster', 'config', 'dynamicconfig', 'kiemtra.yaml'), 'utf8')}
matching.wv.VersionDrainageStatusRefreshInterval:
  - value: 1s
matching.wv.VersionDrainageStatusVisibilityGracePeriod:
  - value: 1s
`,
);
const DEPLOYMENT = 'kiemtra';
const v1 = { deploymentName: DEPLOYMENT, buildId: 'v1' };
const v2 = { deploymentName: DEPLOYMENT, buildId: 'v2' };

const pids = (): Record<string, number> =>
  JSON.parse(fs.readFileSync(path.join(dir, 'cluster', 'pids.json'), 'utf8')) as Record<string, number>;

/** The version and behaviour the server records for an execution. */
async function versioning(handle: WorkflowHandle): Promise<{ buildId?: string | null; behavior?: number | null }> {
  const info = (await handle.describe()).raw.workflowExecutionInfo?.versioningInfo;
  return { buildId: info?.deploymentVersion?.buildId, behavior: info?.behavior };
}

/** The build id and identity of the worker that completed each workflow task, in history order. */
async function tasks(handle: WorkflowHandle): Promise<{ buildId: string; identity: string }[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .filter((e) => e.workflowTaskCompletedEventAttributes)
    .map((e) => ({
      buildId: e.workflowTaskCompletedEventAttributes!.deploymentVersion?.buildId ?? '(unversioned)',
      identity: e.workflowTaskCompletedEventAttributes!.identity ?? '',
    }));
}

describeWithTools('an upgrade on the cluster (npm run cluster -- --next-build-id)', [goTool(), postgresTool()], () => {
  let cluster: Background | undefined;
  let connection: Connection | undefined;
  afterAll(async () => {
    await connection?.close().catch(() => undefined);
    await cluster?.stop('SIGINT');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('serves the inspection started on v1 by v1 while a new one runs on v2, then reports v1 drained', async () => {
    const env = await privateClusterEnv(
      dir,
      cleanEnv({ KIEMTRA_BUILD_ID: 'v1', KIEMTRA_LOG_LEVEL: 'WARN', KIEMTRA_CLUSTER_DYNAMIC_CONFIG: dynamicConfig }),
    );
    const start = (args: string[] = []) =>
      background(process.execPath, [path.join(projectRoot, 'dist', 'scripts', 'cluster.js'), ...args], env);
    const PINNED = 1;
    const ns = 'default';

    // v1: the cluster as it runs every day, its two workers making v1 current.
    cluster = start();
    await cluster.waitFor(/kiemtra cluster đã sẵn sàng/, 1_200_000);
    connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
    await eventually(
      async () => ((await currentVersion(connection!, ns, DEPLOYMENT))?.buildId === 'v1' ? true : undefined),
      60_000,
      'v1 current',
    );
    let client = new Client({ connection });
    const visit = liveDates(sharedCalendar(), Date.now()).noticeLater;
    const startInspection = async (unit: string) => {
      const handle = await client.workflow.start<InspectionWorkflow>(
        'inspection',
        inspectionStartOptions({ ...inspectionInput(unit, visit), round: 'upgrade-2026' }, 'kiemtra'),
      );
      // Its first task done: a query is answered once there is one.
      await eventually(
        () =>
          handle.query(stateQuery).then(
            (s) => (s.deadlines.length ? true : undefined),
            () => undefined,
          ),
        60_000,
        `the inspection of ${unit} to start`,
      );
      return handle;
    };
    const oldId = (await startInspection('UBND phường Hồng Bàng')).workflowId;
    expect(await versioning(client.workflow.getHandle(oldId))).toEqual({ buildId: 'v1', behavior: PINNED });

    // v2 beside v1, on the same data.
    await connection.close();
    expect(await cluster.stop('SIGINT')).toBe(0);
    cluster = start(['--next-build-id', 'v2']);
    await cluster.waitFor(/kiemtra cluster đã sẵn sàng/, 300_000);
    expect(cluster.output()).toContain('2 worker kiemtra (phiên bản v1) và 2 worker phiên bản v2');
    expect(
      Object.keys(pids())
        .filter((n) => n.startsWith('kiemtra-'))
        .sort(),
    ).toEqual(['kiemtra-next-worker-1', 'kiemtra-next-worker-2', 'kiemtra-worker-1', 'kiemtra-worker-2']);
    await cluster.waitFor(/kiemtra\/v2 là phiên bản hiện hành thay kiemtra\/v1/, 180_000);
    await cluster.waitFor(/kiemtra\/v1: đang rút \(draining\), còn 1 quy trình ghim đang mở/, 120_000);
    connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
    client = new Client({ connection });
    expect(await currentVersion(connection, ns, DEPLOYMENT)).toEqual(v2);
    expect(await drainageStatus(connection, ns, v1)).toBe('draining');

    const fresh = await startInspection('UBND phường Lê Chân');
    expect(await versioning(fresh)).toEqual({ buildId: 'v2', behavior: PINNED });

    // The old inspection takes an update (its cancellation, closing it), completed by a v1 worker.
    const old = client.workflow.getHandle<InspectionWorkflow>(oldId);
    const before = (await tasks(old)).length;
    await old.executeUpdate(updates.cancel, { args: [{ reason: 'Kiểm thử nâng cấp phiên bản', by: 'Điều phối viên' }] });
    expect((await old.result()).stage).toBe('cancelled');
    const oldTasks = await tasks(old);
    expect(oldTasks.length).toBeGreaterThan(before);
    expect(new Set(oldTasks.map((t) => t.buildId))).toEqual(new Set(['v1']));
    // The tasks since the restart were completed by the cluster's v1 processes (identity <pid>@host/v1).
    const running = pids();
    const v1Pids = new Set([running['kiemtra-worker-1'], running['kiemtra-worker-2']].map(String));
    expect(oldTasks.slice(before).filter((t) => !v1Pids.has(t.identity.split('@')[0]!))).toEqual([]);
    expect(await versioning(old)).toEqual({ buildId: 'v1', behavior: PINNED });
    expect(new Set((await tasks(fresh)).map((t) => t.buildId))).toEqual(new Set(['v2']));
    // The closed inspection still answers a query: v1's workers still run.
    expect((await old.query(stateQuery)).stage).toBe('cancelled');

    await cluster.waitFor(/kiemtra\/v1: đã rút hết \(drained\), còn 0 quy trình ghim đang mở/, 120_000);
    await cluster.waitFor(/kiemtra\/v1 đã rút hết: có thể dừng các worker của nó/, 10_000);
    expect(await drainageStatus(connection, ns, v1)).toBe('drained');
    expect(await currentVersion(connection, ns, DEPLOYMENT)).toEqual(v2);
    await fresh.executeUpdate(updates.cancel, { args: [{ reason: 'Kết thúc kiểm thử', by: 'Điều phối viên' }] });

    process.stderr.write(
      `${cluster
        .output()
        .split('\n')
        .filter((l) => l.startsWith('kiemtra cluster: '))
        .join('\n')}\n`,
    );
    await connection.close();
    connection = undefined;
    expect(await cluster.stop('SIGINT')).toBe(0);

    // Without KIEMTRA_BUILD_ID the old workers take the current version's id: v2 again is refused,
    // v3 runs beside v2 and v2, with nothing pinned open, drains.
    const unset = { ...env };
    delete unset.KIEMTRA_BUILD_ID;
    const again = (next: string) =>
      background(process.execPath, [path.join(projectRoot, 'dist', 'scripts', 'cluster.js'), '--next-build-id', next], unset);
    cluster = again('v2');
    await cluster.waitFor(/kiemtra cluster: đã dừng/, 300_000);
    expect(await cluster.stop('SIGINT')).toBe(2);
    expect(cluster.output()).toContain('Lỗi: kiemtra/v2 đã là phiên bản hiện hành');
    cluster = again('v3');
    await cluster.waitFor(/kiemtra cluster đã sẵn sàng/, 300_000);
    expect(cluster.output()).toContain('2 worker kiemtra (phiên bản v2) và 2 worker phiên bản v3');
    await cluster.waitFor(/kiemtra\/v3 là phiên bản hiện hành thay kiemtra\/v2/, 180_000);
    await cluster.waitFor(/kiemtra\/v2 đã rút hết: có thể dừng/, 120_000);
    expect(await cluster.stop('SIGINT')).toBe(0);
    cluster = undefined;
  }, 1_800_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { openPostgresRecordStore } from '../client/records/postgres-store';
import { loadPostgresRecordSettings } from '../config/records-postgres';
import { projectRoot } from '../config/paths';
import { privateClusterEnv } from '../scripts/cluster-env';
import { recordStoreEnv } from '../scripts/cluster-postgres';
import { stateQuery, updates, type InspectionWorkflow } from '../workflows/inspection/contract';
import { robust, stepsToClosed } from './kit/faults';
import { roundStatuses, threeInspectionsOfRound } from './kit/backup-round';
import { liveDates } from './kit/live-dates';
import { background, cleanEnv, run, type Background } from './kit/process';
import { sampleRecord } from './kit/record-store-cases';
import { sharedCalendar } from './kit/temporal';
import { describeWithTools, goTool, postgresTool } from './kit/tools';

/**
 * Backup and restore of `npm run cluster` (docs/backup.md), and its PostgreSQL passwords kept off
 * every command line. A private cluster starts while every process's command line is read again
 * and again: neither role's password may appear in one. Three inspections (two closed, one on
 * site) and records in the `kiemtra` database; `npm run backup` while it runs (pg_dump, password
 * in a PGPASSFILE); the cluster stops; on a "fresh machine" (another data folder, other ports)
 * `npm run restore` builds a new PostgreSQL from the dumps and a cluster starts on it: every
 * workflow with its run and status, the open one answers and takes the next update, the record
 * store verifies intact. A backup whose dump was altered is refused.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-backup-cluster-'));
// PostgreSQL runs as its own user (as root: `postgres`), which must reach its folder.
fs.chmodSync(root, 0o755);
const machineA = path.join(root, 'machine-a');
const machineB = path.join(root, 'machine-b');
const backupDir = path.join(root, 'backup');
const ROUND = 'backup-cluster';
const cal = sharedCalendar();
const PASSWORDS = {
  'pg-password': `pg-${Math.random().toString(36).slice(2)}x9`,
  'records-password': `rec-${Math.random().toString(36).slice(2)}y7`,
};

const script = (name: string) => path.join(projectRoot, 'dist', 'scripts', `${name}.js`);

/** Every process's command line, every few milliseconds until `stop`, and the lines that hold a secret. */
function watchCommandLines(secrets: string[]) {
  const hits: string[] = [];
  let scans = 0;
  let stopped = false;
  const scan = () => {
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let line: string;
      try {
        line = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        continue;
      }
      if (secrets.some((s) => line.includes(s))) hits.push(`${pid}: ${line}`);
    }
    scans++;
  };
  const loop = (async () => {
    while (!stopped) {
      scan();
      // Every 5 ms: a psql that lives 20 ms is seen, and the scan leaves the 2 cores to the cluster.
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    hits,
    scans: () => scans,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

describeWithTools('backup and restore of npm run cluster', [goTool(), postgresTool()], () => {
  let cluster: Background | undefined;
  let connection: Connection | undefined;
  afterAll(async () => {
    await connection?.close().catch(() => undefined);
    await cluster?.stop('SIGINT');
    fs.rmSync(root, { recursive: true, force: true });
  }, 120_000);

  const startCluster = async (env: NodeJS.ProcessEnv) => {
    const started = Date.now();
    cluster = background(process.execPath, [script('cluster')], env);
    await cluster.waitFor(/kiemtra cluster đã sẵn sàng/, 900_000);
    return Date.now() - started;
  };

  it('keeps the passwords off every command line, and restores every workflow and record on a fresh machine', async () => {
    // The roles' passwords, chosen here so that the watch knows them before PostgreSQL does.
    fs.mkdirSync(path.join(machineA, 'cluster'), { recursive: true });
    fs.chmodSync(machineA, 0o755);
    fs.chmodSync(path.join(machineA, 'cluster'), 0o755);
    for (const [file, secret] of Object.entries(PASSWORDS)) fs.writeFileSync(path.join(machineA, 'cluster', file), secret, { mode: 0o600 });
    const envA = await privateClusterEnv(machineA, cleanEnv({ KIEMTRA_LOG_LEVEL: 'WARN' }));
    const watch = watchCommandLines(Object.values(PASSWORDS));
    const tookA = await startCluster(envA);
    // The workers use the PostgreSQL record store, with the password's file, never the password itself.
    const pids = JSON.parse(fs.readFileSync(path.join(machineA, 'cluster', 'pids.json'), 'utf8')) as Record<string, number>;
    const environ = fs.readFileSync(`/proc/${pids['kiemtra-worker-1']}/environ`, 'utf8').split('\0');
    expect(environ).toEqual(
      expect.arrayContaining([
        'KIEMTRA_RECORDS=postgres',
        `KIEMTRA_RECORDS_PG_PORT=${envA.KIEMTRA_CLUSTER_PG_PORT}`,
        'KIEMTRA_RECORDS_PG_USER=kiemtra',
        `KIEMTRA_RECORDS_PG_PASSWORD_FILE=${path.join(machineA, 'cluster', 'records-password')}`,
      ]),
    );
    for (const secret of Object.values(PASSWORDS)) expect(environ.join('\n')).not.toContain(secret);

    connection = await Connection.connect({ address: envA.TEMPORAL_ADDRESS! });
    let client = new Client({ connection });
    const {
      ids,
      closed: [closed1, closed2],
      open,
    } = await threeInspectionsOfRound(client, ROUND, 'kiemtra', ['UBND xã Sao Lưu 1', 'UBND xã Sao Lưu 2', 'UBND xã Sao Lưu 3']);
    const statuses = () => roundStatuses(client, ROUND);
    const before = await robust(async () => {
      const s = await statuses();
      if (Object.keys(s).length !== 3 || s[closed2] !== 'COMPLETED') throw new Error('UNAVAILABLE: visibility not there yet');
      return s;
    });
    expect(before).toEqual({ [closed1]: 'COMPLETED', [closed2]: 'COMPLETED', [open]: 'RUNNING' });
    const runIds = Object.fromEntries(
      await Promise.all(ids.map(async (id) => [id, (await client.workflow.getHandle(id).describe()).runId])),
    );

    // Records in the cluster's store, as the workers write them (with the workers' settings).
    const storeA = await openPostgresRecordStore(
      loadPostgresRecordSettings(recordStoreEnv(path.join(machineA, 'cluster'), Number(envA.KIEMTRA_CLUSTER_PG_PORT))),
    );
    for (let i = 1; i <= 3; i++) await storeA.put(sampleRecord({ workflowId: `kiem-tra-cum-${i}`, runId: `run-${i}` }));

    const recordsA = await storeA.list();
    await storeA.close();

    // The backup while the cluster runs.
    const backupStarted = Date.now();
    const made = await run(process.execPath, [script('backup'), backupDir], envA);
    const backupTook = Date.now() - backupStarted;
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^kiemtra sao lưu: đã sao lưu cụm \(npm run cluster\) vào /);
    process.stderr.write(
      `backup-cluster: first start ${tookA} ms; backup ${backupTook} ms (${/\d+ tệp, [\d.]+ MB/.exec(made.stdout)?.[0]})\n`,
    );
    expect(watch.hits).toEqual([]);
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')) as {
      setup: string;
      files: { path: string }[];
    };
    expect(manifest.setup).toBe('cluster');
    expect(manifest.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'postgres/temporal.dump',
        'postgres/temporal_visibility.dump',
        'postgres/kiemtra.dump',
        'data/cluster/pg-password',
        'data/cluster/records-password',
      ]),
    );

    // Machine A is gone.
    await connection.close();
    connection = undefined;
    expect(await cluster!.stop('SIGINT')).toBe(0);
    cluster = undefined;

    // A tampered dump is refused before anything is written.
    const tampered = path.join(root, 'tampered');
    fs.cpSync(backupDir, tampered, { recursive: true });
    const dump = path.join(tampered, 'postgres', 'kiemtra.dump');
    const bytes = fs.readFileSync(dump);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    fs.writeFileSync(dump, bytes);
    const refused = await run(process.execPath, [script('restore'), tampered], cleanEnv({ KIEMTRA_DATA_DIR: machineB }));
    expect([refused.code, refused.stderr]).toEqual([
      2,
      `Lỗi: không khôi phục từ ${tampered}: tệp postgres/kiemtra.dump khác với manifest.json (mã sha256 không khớp): bản sao lưu đã bị sửa hoặc hỏng; không có gì bị thay đổi.\n`,
    ]);
    expect(fs.existsSync(machineB)).toBe(false);

    // The fresh machine: restore (a new PostgreSQL from the dumps), then a cluster on other ports.
    const restored = await run(process.execPath, [script('restore'), backupDir], cleanEnv({ KIEMTRA_DATA_DIR: machineB }));
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`vào ${machineB}`);
    const envB = await privateClusterEnv(machineB, cleanEnv({ KIEMTRA_LOG_LEVEL: 'WARN' }));
    const tookB = await startCluster(envB);
    process.stderr.write(`backup-cluster: start on the restored PostgreSQL ${tookB} ms\n`);
    connection = await Connection.connect({ address: envB.TEMPORAL_ADDRESS! });
    client = new Client({ connection });

    expect(await robust(statuses)).toEqual(before);
    for (const id of ids) expect((await client.workflow.getHandle(id).describe()).runId).toBe(runIds[id]);
    for (const id of [closed1, closed2]) expect((await client.workflow.getHandle<InspectionWorkflow>(id).result()).stage).toBe('closed');
    const openB = client.workflow.getHandle(open);
    const restoredState = await robust(() => openB.query(stateQuery));
    expect(restoredState.stage).toBe('on_site');
    const [first, payload] = stepsToClosed(liveDates(cal, Date.now()))[0]!;
    await robust(() => openB.executeUpdate(updates[first] as never, { args: [payload], updateId: `${open}:${first}:after-restore` }));
    expect((await openB.query(stateQuery)).history.length).toBe(restoredState.history.length + 1);

    // The record store: the same chain, intact, with the same passwords as before.
    const storeB = await openPostgresRecordStore(
      loadPostgresRecordSettings(recordStoreEnv(path.join(machineB, 'cluster'), Number(envB.KIEMTRA_CLUSTER_PG_PORT))),
    );
    try {
      expect(await storeB.verify()).toEqual([]);
      const entries = await storeB.list();
      expect(entries.slice(0, recordsA.length)).toEqual(recordsA);
      expect(await storeB.get('kiem-tra-cum-2', 'run-2')).toEqual(sampleRecord({ workflowId: 'kiem-tra-cum-2', runId: 'run-2' }));
      // The workers of the new machine record in PostgreSQL the closed inspections the backup may not have had.
      await robust(async () => {
        const recorded = (await storeB.list()).map((e) => e.workflowId);
        if (!recorded.includes(closed1) || !recorded.includes(closed2)) throw new Error('UNAVAILABLE: not recorded yet');
      });
      expect((await storeB.get(closed1))?.status).toBe('COMPLETED');
      expect(await storeB.verify()).toEqual([]);
    } finally {
      await storeB.close();
    }
    for (const [file, secret] of Object.entries(PASSWORDS))
      expect(fs.readFileSync(path.join(machineB, 'cluster', file), 'utf8')).toBe(secret);

    // Neither password was on a command line at any moment: two starts, a backup, a restore.
    await watch.stop();
    process.stderr.write(`backup-cluster: ${watch.scans()} scans of every process's command line\n`);
    expect(watch.hits).toEqual([]);
    expect(watch.scans()).toBeGreaterThan(1000);
  }, 1_800_000);
});

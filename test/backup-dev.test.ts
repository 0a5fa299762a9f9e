import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { ensureSearchAttributes } from '../client/admin';
import { FileRecordStore } from '../client/records/file-store';
import { ensureLocalLinkKey } from '../config/links';
import { projectRoot } from '../config/paths';
import { stateQuery, updates, type InspectionWorkflow } from '../workflows/inspection/contract';
import { sha256File } from '../scripts/backup-files';
import { headlessDevServer, type HeadlessDevServer } from './kit/dev-server';
import { robust, stepsToClosed } from './kit/faults';
import { roundStatuses, threeInspectionsOfRound } from './kit/backup-round';
import { liveDates } from './kit/live-dates';
import { startCountingMailCatcher, type CountingMailCatcher } from './kit/mail-catcher';
import { cleanEnv, run } from './kit/process';
import { sampleRecord } from './kit/record-store-cases';
import { sharedCalendar } from './kit/temporal';

/**
 * Backup and restore of `npm start`'s data (docs/backup.md): a dev server with a worker runs three
 * inspections (two closed, one still on site) and records are being written, `npm run backup`
 * copies it all while everything runs; on a "fresh machine" (another, empty data folder)
 * `npm run restore` puts it back and a new dev server on the restored SQLite file has every
 * workflow with its status, the open one answers its `state` query and takes the next update, and
 * the record store verifies intact. A tampered backup, one without a manifest and a non-empty data
 * folder are refused and nothing is written.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-backup-dev-'));
const machineA = path.join(root, 'machine-a');
const machineB = path.join(root, 'machine-b');
const backupDir = path.join(root, 'backup');
const ROUND = 'backup-dev';
const QUEUE = 'backup-dev';
const cal = sharedCalendar();

const script = (name: string) => path.join(projectRoot, 'dist', 'scripts', `${name}.js`);
const backup = (data: string, folder: string) => run(process.execPath, [script('backup'), folder], cleanEnv({ KIEMTRA_DATA_DIR: data }));
const restore = (data: string, folder: string) => run(process.execPath, [script('restore'), folder], cleanEnv({ KIEMTRA_DATA_DIR: data }));

function startWorker(address: string, data: string, smtpPort: number): ChildProcess {
  const log = fs.openSync(path.join(root, `worker-${path.basename(data)}.log`), 'a');
  return spawn(process.execPath, [path.join(projectRoot, 'dist', 'worker', 'main.js')], {
    env: cleanEnv({
      TEMPORAL_ADDRESS: address,
      KIEMTRA_TASK_QUEUE: QUEUE,
      KIEMTRA_DATA_DIR: data,
      KIEMTRA_LOG_LEVEL: 'WARN',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_SECURE: 'false',
    }),
    stdio: ['ignore', log, log],
  });
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
}

/** Mode bits of every folder and file under `dir`. */
function modes(dir: string): { folders: Set<string>; files: Set<string> } {
  const folders = new Set<string>([(fs.statSync(dir).mode & 0o777).toString(8)]);
  const files = new Set<string>();
  for (const d of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const mode = (fs.statSync(path.join(d.parentPath, d.name)).mode & 0o777).toString(8);
    (d.isDirectory() ? folders : files).add(mode);
  }
  return { folders, files };
}

describe('backup and restore of npm start (dev server)', () => {
  let catcher: CountingMailCatcher | undefined;
  const servers: HeadlessDevServer[] = [];
  const workers: ChildProcess[] = [];
  const connections: Connection[] = [];
  afterAll(async () => {
    for (const c of connections) await c.close().catch(() => undefined);
    for (const w of workers) await stopChild(w);
    for (const s of servers) await s.stop();
    await catcher?.close();
    fs.rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it('restores every workflow and record on a fresh machine from a backup taken while it ran', async () => {
    fs.mkdirSync(machineA, { recursive: true });
    catcher = await startCountingMailCatcher(path.join(root, 'outbox'));
    const a = await headlessDevServer(path.join(machineA, 'temporal.sqlite'));
    servers.push(a);
    await a.start();
    const connA = await Connection.connect({ address: a.address });
    connections.push(connA);
    await ensureSearchAttributes(connA, 'default');
    workers.push(startWorker(a.address, machineA, catcher.port));
    const clientA = new Client({ connection: connA });

    const {
      ids,
      closed: [closed1, closed2],
      open,
    } = await threeInspectionsOfRound(clientA, ROUND, QUEUE, ['UBND phường Sao Lưu 1', 'UBND phường Sao Lưu 2', 'UBND phường Sao Lưu 3']);
    expect((await clientA.workflow.getHandle(open).query(stateQuery)).stage).toBe('on_site');
    const statuses = (client: Client) => roundStatuses(client, ROUND);
    const before = await statuses(clientA);
    expect(before).toEqual({ [closed1]: 'COMPLETED', [closed2]: 'COMPLETED', [open]: 'RUNNING' });
    const runIds = Object.fromEntries(
      await Promise.all(ids.map(async (id) => [id, (await clientA.workflow.getHandle(id).describe()).runId])),
    );

    // What else the data folder holds: the link key, a unit's uploaded file, the record store.
    const linkKey = ensureLocalLinkKey({ KIEMTRA_DATA_DIR: machineA });
    const upload = path.join(machineA, 'uploads', 'ab', `ab${'0'.repeat(62)}`);
    fs.mkdirSync(path.dirname(upload), { recursive: true });
    fs.writeFileSync(upload, '%PDF-1.7 báo cáo');
    fs.mkdirSync(path.join(machineA, 'uploads', '.incoming'), { recursive: true });
    fs.writeFileSync(path.join(machineA, 'uploads', '.incoming', 'half.part'), 'đang nhận');
    const recordsA = path.join(machineA, 'records');
    const storeA = await FileRecordStore.open(recordsA);
    for (let i = 1; i <= 3; i++) await storeA.put(sampleRecord({ workflowId: `kiem-tra-sao-luu-${i}`, runId: `run-${i}` }));

    // The backup, while the server, the worker and a writer of records run.
    let writing = true;
    const writer = (async () => {
      for (let i = 4; writing; i++) await storeA.put(sampleRecord({ workflowId: `kiem-tra-sao-luu-${i}`, runId: `run-${i}` }));
    })();
    const started = Date.now();
    const made = await backup(machineA, backupDir);
    const took = Date.now() - started;
    writing = false;
    await writer;
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^kiemtra sao lưu: đã sao lưu máy chủ dev \(npm start\) vào /);
    expect(made.stdout).toMatch(/sha256 của manifest.json: [0-9a-f]{64}/);
    process.stderr.write(`backup-dev: backup of a running dev server took ${took} ms (${/\d+ tệp, [\d.]+ MB/.exec(made.stdout)?.[0]})\n`);
    expect(modes(backupDir)).toEqual({ folders: new Set(['700']), files: new Set(['600']) });
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')) as {
      setup: string;
      files: { path: string }[];
    };
    expect(manifest.setup).toBe('dev');
    const names = manifest.files.map((f) => f.path);
    expect(names).toEqual(
      expect.arrayContaining(['data/temporal.sqlite', 'data/link.key', 'data/records/chain.jsonl', `uploads/ab/ab${'0'.repeat(62)}`]),
    );
    expect(names.filter((n) => n.includes('.incoming') || n.endsWith('chain.lock'))).toEqual([]);

    // Machine A is gone.
    for (const w of workers.splice(0)) await stopChild(w);
    await a.stop();
    const recordsAtEnd = await storeA.list();
    await storeA.close();

    // A fresh machine: restore into an empty data folder, start a dev server and a worker on it.
    const restored = await restore(machineB, backupDir);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`vào ${machineB}`);
    expect(modes(machineB)).toEqual({ folders: new Set(['700']), files: new Set(['600']) });
    // The record store as restored, before anything on the new machine writes to it.
    const storeB = await FileRecordStore.open(path.join(machineB, 'records'));
    try {
      expect(await storeB.verify()).toEqual([]);
      const entries = await storeB.list();
      expect(entries.length).toBeGreaterThanOrEqual(3);
      // The copy is the chain as it was at one moment: a prefix of what machine A went on writing.
      expect(entries).toEqual(recordsAtEnd.slice(0, entries.length));
      process.stderr.write(`backup-dev: ${entries.length} of ${recordsAtEnd.length} records were in the chain at the backup\n`);
    } finally {
      await storeB.close();
    }
    const b = await headlessDevServer(path.join(machineB, 'temporal.sqlite'));
    servers.push(b);
    await b.start();
    const connB = await Connection.connect({ address: b.address });
    connections.push(connB);
    const clientB = new Client({ connection: connB });
    workers.push(startWorker(b.address, machineB, catcher.port));

    // Every workflow, with its run and status; the closed ones with their result.
    expect(await statuses(clientB)).toEqual(before);
    for (const id of ids) expect((await clientB.workflow.getHandle(id).describe()).runId).toBe(runIds[id]);
    for (const id of [closed1, closed2]) expect((await clientB.workflow.getHandle<InspectionWorkflow>(id).result()).stage).toBe('closed');
    // The open one answers its query and takes the next update from the worker of the new machine.
    const openB = clientB.workflow.getHandle(open);
    const restoredState = await robust(() => openB.query(stateQuery));
    expect(restoredState.stage).toBe('on_site');
    const [first, payload] = stepsToClosed(liveDates(cal, Date.now()))[0]!;
    expect(first).toBe('recordOpeningMeeting');
    await robust(() => openB.executeUpdate(updates[first] as never, { args: [payload], updateId: `${open}:${first}:after-restore` }));
    const after = await openB.query(stateQuery);
    expect(after.history.length).toBe(restoredState.history.length + 1);

    // The link key, the uploaded file (not the half-received one) and the record store.
    expect(fs.readFileSync(path.join(machineB, 'link.key'), 'utf8')).toBe(fs.readFileSync(linkKey, 'utf8'));
    expect(sha256File(path.join(machineB, 'uploads', 'ab', `ab${'0'.repeat(62)}`))).toBe(sha256File(upload));
    expect(fs.existsSync(path.join(machineB, 'uploads', '.incoming', 'half.part'))).toBe(false);
    // The record store stays whole with what the new machine's worker records from now on.
    // The worker of the new machine records the two closed inspections the backup may not have had.
    const storeAfter = await FileRecordStore.open(path.join(machineB, 'records'));
    try {
      await robust(async () => {
        const recorded = (await storeAfter.list()).map((e) => e.workflowId);
        if (!recorded.includes(closed1) || !recorded.includes(closed2)) throw new Error('UNAVAILABLE: not recorded yet');
      });
      expect(await storeAfter.verify()).toEqual([]);
    } finally {
      await storeAfter.close();
    }
  }, 300_000);

  it('refuses a tampered backup, a backup without its manifest and a non-empty data folder, writing nothing', async () => {
    expect(fs.existsSync(path.join(backupDir, 'manifest.json'))).toBe(true);
    const copy = path.join(root, 'tampered');
    fs.cpSync(backupDir, copy, { recursive: true });
    const fresh = path.join(root, 'machine-c');

    // One byte of the SQLite file changed.
    const db = path.join(copy, 'data', 'temporal.sqlite');
    const bytes = fs.readFileSync(db);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    fs.writeFileSync(db, bytes);
    let r = await restore(fresh, copy);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `Lỗi: không khôi phục từ ${copy}: tệp data/temporal.sqlite khác với manifest.json (mã sha256 không khớp): bản sao lưu đã bị sửa hoặc hỏng; không có gì bị thay đổi.\n`,
    );
    expect(fs.existsSync(fresh)).toBe(false);
    expect(fs.readdirSync(root).filter((n) => n.includes('khoi-phuc'))).toEqual([]);

    // A file added that the manifest does not name; a file removed.
    fs.writeFileSync(db, fs.readFileSync(path.join(backupDir, 'data', 'temporal.sqlite')));
    fs.writeFileSync(path.join(copy, 'data', 'thêm.txt'), 'x');
    r = await restore(fresh, copy);
    expect([r.code, r.stderr]).toEqual([
      2,
      `Lỗi: không khôi phục từ ${copy}: tệp data/thêm.txt không có trong manifest.json; không có gì bị thay đổi.\n`,
    ]);
    fs.rmSync(path.join(copy, 'data', 'thêm.txt'));
    fs.rmSync(path.join(copy, 'data', 'link.key'));
    r = await restore(fresh, copy);
    expect([r.code, r.stderr]).toEqual([2, `Lỗi: không khôi phục từ ${copy}: thiếu tệp data/link.key; không có gì bị thay đổi.\n`]);

    // No manifest: a backup cut short, or not a backup.
    fs.rmSync(path.join(copy, 'manifest.json'));
    r = await restore(fresh, copy);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('không có manifest.json (không phải bản sao lưu của kiemtra, hoặc sao lưu chưa xong)');
    expect(fs.existsSync(fresh)).toBe(false);

    // An intact backup into a data folder that already holds something.
    fs.mkdirSync(fresh);
    fs.writeFileSync(path.join(fresh, 'temporal.sqlite'), 'dữ liệu đang dùng');
    r = await restore(fresh, backupDir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `Lỗi: thư mục dữ liệu ${fresh} không trống: chỉ khôi phục vào thư mục trống (máy mới, hoặc đặt KIEMTRA_DATA_DIR là một thư mục mới); không có gì bị thay đổi.\n`,
    );
    expect(fs.readdirSync(fresh)).toEqual(['temporal.sqlite']);
    expect(fs.readFileSync(path.join(fresh, 'temporal.sqlite'), 'utf8')).toBe('dữ liệu đang dùng');

    // Bad arguments: one line saying how to use it.
    const usage = await run(process.execPath, [script('backup')], cleanEnv({ KIEMTRA_DATA_DIR: machineB }));
    expect([usage.code, usage.stderr]).toEqual([
      2,
      'Lỗi: cần đúng một thư mục sao lưu. Cách dùng: npm run backup -- <thư mục sao lưu mới> [--setup dev|cluster].\n',
    ]);
    const setup = await run(
      process.execPath,
      [script('backup'), path.join(root, 'x'), '--setup', 'prod'],
      cleanEnv({ KIEMTRA_DATA_DIR: machineB }),
    );
    expect([setup.code, setup.stderr]).toEqual([2, 'Lỗi: --setup "prod" không hợp lệ: chỉ nhận dev hoặc cluster.\n']);

    // And a backup never overwrites an earlier one.
    r = await backup(machineB, backupDir);
    expect([r.code, r.stderr]).toEqual([
      2,
      `Lỗi: thư mục sao lưu ${backupDir} đã có dữ liệu: chọn một thư mục mới (không ghi đè bản sao lưu cũ).\n`,
    ]);
  }, 60_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileRecordStore } from '../client/records/file-store';
import { openRecordStore, recordsDir } from '../client/records/open';
import { loadRecordSettings, retentionDuration, retentionLabel, retentionMarginHours } from '../config/records';
import { describeRecordStore, sampleRecord } from './kit/record-store-cases';
import { dueForDeletion, fileManifest } from '../worker/recorder';

let dir = '';
let current: FileRecordStore | undefined;

const chainLines = () => fs.readFileSync(path.join(dir, 'chain.jsonl'), 'utf8').split('\n').filter(Boolean);
const writeChain = (lines: string[]) => fs.writeFileSync(path.join(dir, 'chain.jsonl'), lines.map((l) => `${l}\n`).join(''));

describeRecordStore(
  'files',
  async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-records-'));
    current = await FileRecordStore.open(path.join(dir));
    return current;
  },
  async () => fs.rmSync(dir, { recursive: true, force: true }),
  {
    reopen: () => FileRecordStore.open(dir),
    tamper: {
      alterRecord: async (workflowId, runId) => {
        const file = current!.recordFile(workflowId, runId);
        const record = JSON.parse(fs.readFileSync(file, 'utf8')) as { finalState: unknown };
        record.finalState = { stage: 'closed', recommendations: 'đã sửa' };
        fs.chmodSync(file, 0o600);
        fs.writeFileSync(file, JSON.stringify(record));
      },
      removeRecord: async (workflowId, runId) => fs.rmSync(current!.recordFile(workflowId, runId)),
      alterEntry: async (seq) =>
        writeChain(
          chainLines().map((l) => {
            const e = JSON.parse(l) as { seq: number; closeTime: string };
            return e.seq === seq ? JSON.stringify({ ...e, closeTime: '2026-01-01T00:00:00.000Z' }) : l;
          }),
        ),
      removeEntry: async (seq) => writeChain(chainLines().filter((l) => (JSON.parse(l) as { seq: number }).seq !== seq)),
    },
  },
);

describe('record store on files', () => {
  const fresh = async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-records-'));
    return FileRecordStore.open(path.join(dir, 'records'));
  };

  it('keeps folders 0700 and files 0600, and never lets an id leave its folder', async () => {
    const store = await fresh();
    // A reader of a store not yet written creates nothing.
    expect([await store.list(), await store.verify(), await store.get('x')]).toEqual([[], [], undefined]);
    expect(fs.existsSync(path.join(dir, 'records'))).toBe(false);
    await store.put(sampleRecord({ workflowId: '../../etc/x', runId: '..' }));
    const root = path.join(dir, 'records');
    const mode = (p: string) => fs.statSync(p).mode & 0o777;
    const file = store.recordFile('../../etc/x', '..');
    expect(path.relative(path.join(root, 'runs'), file).startsWith('..')).toBe(false);
    expect([mode(root), mode(path.join(root, 'runs')), mode(path.dirname(file))]).toEqual([0o700, 0o700, 0o700]);
    expect([mode(file), mode(path.join(root, 'chain.jsonl'))]).toEqual([0o600, 0o600]);
    expect(fs.existsSync(path.join(root, 'chain.lock'))).toBe(false);
    expect((await store.get('../../etc/x'))?.runId).toBe('..');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes over a lock left by a process that is gone, and waits for a live one', async () => {
    const store = await fresh();
    const lock = path.join(dir, 'records', 'chain.lock');
    fs.mkdirSync(path.dirname(lock));
    fs.writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, at: '2026-01-01T00:00:00Z' }));
    await store.put(sampleRecord({ workflowId: 'kiem-tra-a', runId: 'r1' }));
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
    let done = false;
    const put = store.put(sampleRecord({ workflowId: 'kiem-tra-b', runId: 'r2' })).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false);
    fs.rmSync(lock);
    await put;
    expect((await store.list()).map((e) => e.seq)).toEqual([1, 2]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds a record whose entry was removed, and a garbled chain line', async () => {
    const store = await fresh();
    for (const id of ['a', 'b']) await store.put(sampleRecord({ workflowId: `kiem-tra-${id}`, runId: `r-${id}` }));
    const chain = path.join(dir, 'records', 'chain.jsonl');
    const lines = fs.readFileSync(chain, 'utf8').split('\n').filter(Boolean);
    fs.writeFileSync(chain, `${lines[0]}\n`);
    expect(await store.verify()).toEqual([{ seq: 0, workflowId: 'kiem-tra-b', kind: 'record-unlisted' }]);
    fs.writeFileSync(chain, `${lines[0]}\n{"seq":2,garbled\n`);
    expect(await store.verify()).toContainEqual({ seq: 2, kind: 'entry-altered' });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('follows, without re-reading, what another handle appended, and reads a rewritten chain again', async () => {
    const one = await fresh();
    const root = path.join(dir, 'records');
    const other = await FileRecordStore.open(root);
    await one.put(sampleRecord({ workflowId: 'kiem-tra-a', runId: 'r-a' }));
    await other.put(sampleRecord({ workflowId: 'kiem-tra-b', runId: 'r-b' }));
    // `one` learns b from the appended line: it links to it and refuses a different record for it.
    expect((await one.put(sampleRecord({ workflowId: 'kiem-tra-c', runId: 'r-c' }))).seq).toBe(3);
    await expect(one.put(sampleRecord({ workflowId: 'kiem-tra-b', runId: 'r-b', status: 'FAILED' }))).rejects.toThrow(/đã có và khác/);
    expect(await one.verify()).toEqual([]);
    // The chain cut back to its first line, then grown past its old size by the other handle:
    // `one`'s cached last line no longer matches, so it reads the whole chain and links to what is there.
    const chain = path.join(root, 'chain.jsonl');
    fs.writeFileSync(chain, `${fs.readFileSync(chain, 'utf8').split('\n')[0]}\n`);
    for (const id of ['d', 'e', 'f']) await other.put(sampleRecord({ workflowId: `kiem-tra-${id}`, runId: `r-${id}` }));
    const g = await one.put(sampleRecord({ workflowId: 'kiem-tra-g', runId: 'r-g' }));
    const entries = await one.list();
    expect(entries.map((e) => e.workflowId)).toEqual(['a', 'd', 'e', 'f', 'g'].map((x) => `kiem-tra-${x}`));
    expect(g.prevHash).toBe(entries[3]!.entryHash);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    // The chain links whole again; only the records whose entries were cut are found.
    expect((await one.verify()).map((d) => [d.kind, d.workflowId]).sort()).toEqual([
      ['record-unlisted', 'kiem-tra-b'],
      ['record-unlisted', 'kiem-tra-c'],
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens under the data folder by KIEMTRA_RECORDS, and asks postgres for its password', async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-data-'));
    const env = { KIEMTRA_DATA_DIR: data };
    const store = await openRecordStore(env);
    await store.put(sampleRecord({ workflowId: 'kiem-tra-a', runId: 'r1' }));
    expect(fs.existsSync(path.join(recordsDir(env), 'chain.jsonl'))).toBe(true);
    await expect(openRecordStore({ ...env, KIEMTRA_RECORDS: 'postgres' })).rejects.toThrow(/^chưa có mật khẩu của kho hồ sơ PostgreSQL/);
    await expect(openRecordStore({ ...env, KIEMTRA_RECORDS: 'sqlite' })).rejects.toThrow(/KIEMTRA_RECORDS="sqlite" không hợp lệ/);
    fs.rmSync(data, { recursive: true, force: true });
  });
});

describe('record settings', () => {
  it('defaults to files, 60 s and 30 days, and names a bad variable', () => {
    const s = loadRecordSettings({});
    expect(s).toEqual({ backend: 'files', intervalSeconds: 60, retention: { text: '30d', hours: 720 } });
    expect([retentionLabel(s.retention), retentionDuration(s.retention), retentionMarginHours(s.retention)]).toEqual([
      '30 ngày',
      '720h',
      72,
    ]);
    expect(retentionLabel(loadRecordSettings({ KIEMTRA_RETENTION: '36h' }).retention)).toBe('36 giờ');
    for (const [name, value] of [
      ['KIEMTRA_RETENTION', '30'],
      ['KIEMTRA_RETENTION', '0d'],
      ['KIEMTRA_RETENTION', '1w'],
      ['KIEMTRA_RECORD_INTERVAL', '1'],
      ['KIEMTRA_RECORD_INTERVAL', 'abc'],
      ['KIEMTRA_RECORDS', 'FILES'],
    ] as const) {
      expect(() => loadRecordSettings({ [name]: value }), `${name}=${value}`).toThrow(`${name}="${value}" không hợp lệ`);
    }
  });
});

describe('the recorder rules', () => {
  const day = 86_400_000;
  const now = Date.parse('2026-12-01T00:00:00Z');
  const at = (ms: number) => ({ closeTime: new Date(ms).toISOString() });

  it('calls a run due for deletion from retention minus the margin (a tenth, at least an hour)', () => {
    const retention = loadRecordSettings({}).retention; // 30 days, margin 3 days
    expect(dueForDeletion([at(now - 26 * day), at(now - 27 * day), at(now - 27 * day - 1), at(now - 40 * day)], now, retention)).toEqual([
      at(now - 27 * day),
      at(now - 27 * day - 1),
      at(now - 40 * day),
    ]);
    const short = loadRecordSettings({ KIEMTRA_RETENTION: '2h' }).retention; // margin 1 hour
    expect(dueForDeletion([at(now - 59 * 60_000), at(now - 60 * 60_000)], now, short)).toEqual([at(now - 60 * 60_000)]);
  });

  it('lists every file a final state refers to, once per content and name', () => {
    const ref = (c: string, name: string, more: object = {}) => ({
      sha256: c.repeat(64),
      name,
      size: 10,
      type: 'application/pdf',
      ...more,
    });
    const state = {
      files: [ref('a', 'bao-cao.pdf', { for: 'báo cáo' }), ref('b', 'minh-chung.png')],
      report: { attachments: [ref('a', 'bao-cao.pdf')], nested: { deeper: [ref('c', 'ket-luan.docx')] } },
      notAFile: { sha256: 'xyz', name: 'x', size: 1 },
    };
    expect(fileManifest(state)).toEqual([
      { name: 'bao-cao.pdf', sha256: 'a'.repeat(64), bytes: 10, role: 'báo cáo' },
      { name: 'minh-chung.png', sha256: 'b'.repeat(64), bytes: 10 },
      { name: 'ket-luan.docx', sha256: 'c'.repeat(64), bytes: 10 },
    ]);
    expect(fileManifest(null)).toEqual([]);
  });
});

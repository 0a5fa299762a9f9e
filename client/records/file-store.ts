import fs from 'node:fs/promises';
import path from 'node:path';
import { ExitCode, UserFacingError } from '../../config/errors';
import {
  canonicalJson,
  chainEntry,
  processRecordSchema,
  recordEntrySchema,
  recordHash,
  verifyChain,
  type ChainDefect,
  type ProcessRecord,
  type RecordEntry,
} from '../../domain/records';
import type { RecordStore } from './store';

/**
 * The record store on files (`npm start`), under `<data folder>/records/`:
 *
 *     chain.jsonl                      the chained list, one RecordEntry a line, append-only
 *     chain.lock                       held while one put reads the chain and appends to it
 *     runs/<workflow id>/<run id>.json  each record's canonical JSON, written once
 *
 * Folders are 0700 and files 0600. A record file is created with `wx` (never overwritten) and
 * synced, with its folder, before its entry is appended and synced. Puts are serialized within the
 * process by a queue and across processes by the lock file (created with `wx`; a lock left by a
 * process that is gone is taken over).
 */
export class FileRecordStore implements RecordStore {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly root: string) {}

  /**
   * Opens the store under `root`, fixing the folders' modes. A missing store reads as empty and is
   * created by the first put, so a reader (`kiemtra status`) never creates folders.
   */
  static async open(root: string): Promise<FileRecordStore> {
    for (const dir of [root, path.join(root, 'runs')]) await fs.chmod(dir, 0o700).catch(() => undefined);
    return new FileRecordStore(root);
  }

  private async ensureFolders(): Promise<void> {
    for (const dir of [this.root, path.join(this.root, 'runs')]) {
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      await fs.chmod(dir, 0o700);
    }
  }

  get chainFile(): string {
    return path.join(this.root, 'chain.jsonl');
  }

  get lockFile(): string {
    return path.join(this.root, 'chain.lock');
  }

  /** Where the record of a run is kept (ids encoded so that none can leave the folder). */
  recordFile(workflowId: string, runId: string): string {
    return path.join(this.root, 'runs', fileName(workflowId), `${fileName(runId)}.json`);
  }

  async has(workflowId: string, runId: string): Promise<boolean> {
    return (await this.entries()).some((e) => e.workflowId === workflowId && e.runId === runId);
  }

  async put(input: ProcessRecord): Promise<RecordEntry> {
    const parsed = processRecordSchema.safeParse(input);
    if (!parsed.success) throw new Error(`not a process record: ${parsed.error.issues[0]?.message ?? ''}`);
    const record = input;
    const run = this.queue.then(async () => {
      await this.ensureFolders();
      return withLock(this.lockFile, () => this.append(record));
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `fn` while no put of any process can write (it holds the lock every put takes): a backup
   * copies the folder in it, so the copy's chain names exactly the records the copy holds.
   */
  async whileLocked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => withLock(this.lockFile, fn));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async append(record: ProcessRecord): Promise<RecordEntry> {
    const { entries, tornTail } = await this.readChain();
    const hash = recordHash(record);
    const existing = entries.find((e) => e.workflowId === record.workflowId && e.runId === record.runId);
    if (existing) {
      if (existing.recordHash === hash) return existing;
      throw conflict(record);
    }
    const file = this.recordFile(record.workflowId, record.runId);
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      const handle = await fs.open(file, 'wx', 0o600);
      try {
        await handle.writeFile(canonicalJson(record), 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Written by a put that stopped before its entry: the same record may go on, another may not.
      if ((await this.readRecordFile(file).catch(() => undefined))?.hash !== hash) throw conflict(record);
    }
    await syncFolder(path.dirname(file));
    const entry = chainEntry(record, entries.at(-1), new Date().toISOString());
    const handle = await fs.open(this.chainFile, 'a', 0o600);
    try {
      await handle.writeFile(`${tornTail ? '\n' : ''}${canonicalJson(entry)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await syncFolder(this.root);
    return entry;
  }

  async get(workflowId: string, runId?: string): Promise<ProcessRecord | undefined> {
    const entry = (await this.entries()).filter((e) => e.workflowId === workflowId && (runId === undefined || e.runId === runId)).at(-1);
    if (!entry) return undefined;
    const read = await this.readRecordFile(this.recordFile(entry.workflowId, entry.runId)).catch(() => undefined);
    const parsed = processRecordSchema.safeParse(read?.value);
    return parsed.success ? parsed.data : undefined;
  }

  async list(filter: { parentWorkflowId?: string; workflowType?: string } = {}): Promise<RecordEntry[]> {
    return (await this.entries()).filter(
      (e) =>
        (filter.parentWorkflowId === undefined || e.parentWorkflowId === filter.parentWorkflowId) &&
        (filter.workflowType === undefined || e.workflowType === filter.workflowType),
    );
  }

  async verify(): Promise<ChainDefect[]> {
    const { entries, badLines } = await this.readChain();
    const defects: ChainDefect[] = badLines.map((seq) => ({ seq, kind: 'entry-altered' }));
    defects.push(
      ...(await verifyChain(entries, async (e) => {
        const read = await this.readRecordFile(this.recordFile(e.workflowId, e.runId)).catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT') return undefined;
          return { value: { unreadable: true }, hash: '' };
        });
        return read?.value as ProcessRecord | undefined;
      })),
    );
    const listed = new Set(entries.map((e) => this.recordFile(e.workflowId, e.runId)));
    for (const file of await this.recordFiles()) {
      if (!listed.has(file)) defects.push({ seq: 0, workflowId: workflowIdOf(file), kind: 'record-unlisted' });
    }
    return defects.sort((a, b) => a.seq - b.seq);
  }

  async close(): Promise<void> {
    await this.queue;
  }

  private async entries(): Promise<RecordEntry[]> {
    return (await this.readChain()).entries;
  }

  /** The chain's well-formed entries, the line numbers of the others, and whether the last line is cut short. */
  private async readChain(): Promise<{ entries: RecordEntry[]; badLines: number[]; tornTail: boolean }> {
    let text: string;
    try {
      text = await fs.readFile(this.chainFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], badLines: [], tornTail: false };
      throw err;
    }
    const entries: RecordEntry[] = [];
    const badLines: number[] = [];
    const lines = text.split('\n');
    const tornTail = lines.at(-1) !== '';
    if (!tornTail) lines.pop();
    lines.forEach((line, i) => {
      const parsed = recordEntrySchema.safeParse(parseJson(line));
      if (parsed.success) entries.push(parsed.data);
      else badLines.push(i + 1);
    });
    return { entries, badLines, tornTail };
  }

  private async readRecordFile(file: string): Promise<{ value: unknown; hash: string }> {
    const value = parseJson(await fs.readFile(file, 'utf8')) ?? { unreadable: true };
    const parsed = processRecordSchema.safeParse(value);
    return { value, hash: parsed.success ? recordHash(parsed.data) : '' };
  }

  private async recordFiles(): Promise<string[]> {
    const runs = path.join(this.root, 'runs');
    const out: string[] = [];
    for (const dir of await fs.readdir(runs).catch(() => [] as string[])) {
      for (const f of await fs.readdir(path.join(runs, dir)).catch(() => [] as string[])) {
        if (f.endsWith('.json')) out.push(path.join(runs, dir, f));
      }
    }
    return out;
  }
}

/** A record refused because its run already has a different one (write-once). */
function conflict(record: ProcessRecord): UserFacingError {
  return new UserFacingError(
    `hồ sơ lưu trữ của ${record.workflowId} (lần chạy ${record.runId}) đã có và khác bản đang ghi; hồ sơ đã ghi không được thay đổi.`,
    ExitCode.failure,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A file name for an id: URI-encoded, dots too, so no id can name `..` or a sub-folder. */
function fileName(id: string): string {
  return encodeURIComponent(id).replace(/\./g, '%2E');
}

function workflowIdOf(file: string): string {
  return decodeURIComponent(path.basename(path.dirname(file)));
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** How long a put waits for another process's lock before it gives up. */
const LOCK_WAIT_MS = 30_000;

/**
 * Runs `fn` holding the lock file (created with `wx`, holding `pid`). A lock whose process is gone
 * (a crash mid-put) is removed and taken; a live one is waited for, up to {@link LOCK_WAIT_MS}.
 */
async function withLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    try {
      const handle = await fs.open(lockFile, 'wx', 0o600);
      await handle.writeFile(JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (await staleLock(lockFile)) continue;
      if (Date.now() > deadline) {
        throw new UserFacingError(
          `kho hồ sơ lưu trữ đang bị khóa bởi tiến trình khác quá ${LOCK_WAIT_MS / 1000} giây (${lockFile}).`,
          ExitCode.failure,
        );
      }
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lockFile, { force: true });
  }
}

/** Removes the lock when its holder is gone (or it is unreadable and old) and says whether it did. */
async function staleLock(lockFile: string): Promise<boolean> {
  let text: string;
  let mtimeMs: number;
  try {
    text = await fs.readFile(lockFile, 'utf8');
    mtimeMs = (await fs.stat(lockFile)).mtimeMs;
  } catch {
    return true; // released meanwhile: try again at once
  }
  const pid = (parseJson(text) as { pid?: unknown } | undefined)?.pid;
  const gone = typeof pid === 'number' ? !alive(pid) : Date.now() - mtimeMs > 10_000;
  if (!gone) return false;
  // Another process may have found it stale too: only the content read above is removed.
  if ((await fs.readFile(lockFile, 'utf8').catch(() => undefined)) === text) await fs.rm(lockFile, { force: true });
  return true;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

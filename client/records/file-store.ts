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
 *
 * A put needs the chain's last entry (to link to) and the runs already recorded (write-once). A
 * handle keeps both from its last put and, under the lock, checks them against the chain file: the
 * same inode, size and modification time, it reads nothing; the file grown with its last line
 * unchanged (another process appended), it reads only the new lines; anything else, it reads the
 * whole chain again. So a first pass over thousands of closed runs stays linear.
 */
export class FileRecordStore implements RecordStore {
  private queue: Promise<unknown> = Promise.resolve();
  private cache: ChainCache | undefined;

  private constructor(
    readonly root: string,
    private readonly cacheChain: boolean,
  ) {}

  /**
   * Opens the store under `root`, fixing the folders' modes. A missing store reads as empty and is
   * created by the first put, so a reader (`kiemtra status`) never creates folders. With
   * `cacheChain: false` every put reads the whole chain (the benchmark's baseline).
   */
  static async open(root: string, o: { cacheChain?: boolean } = {}): Promise<FileRecordStore> {
    for (const dir of [root, path.join(root, 'runs')]) await fs.chmod(dir, 0o700).catch(() => undefined);
    return new FileRecordStore(root, o.cacheChain ?? true);
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
    const chain = await this.chainForPut();
    const hash = recordHash(record);
    const existing = chain.runs.get(runKey(record.workflowId, record.runId));
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
    const entry = chainEntry(record, chain.last, new Date().toISOString());
    const line = Buffer.from(`${canonicalJson(entry)}\n`, 'utf8');
    const handle = await fs.open(this.chainFile, 'a', 0o600);
    try {
      await handle.writeFile(chain.tornTail ? Buffer.concat([Buffer.from('\n'), line]) : line);
      await handle.sync();
      chain.runs.set(runKey(entry.workflowId, entry.runId), entry);
      this.cache = { ...chain, file: fileState(await handle.stat()), last: entry, lastLine: line, tornTail: false };
    } catch (err) {
      this.cache = undefined;
      throw err;
    } finally {
      await handle.close();
    }
    await syncFolder(this.root);
    return entry;
  }

  /**
   * The chain's last entry and recorded runs, for a put holding the lock: the handle's cache when
   * the file is as it left it, completed by the lines appended since, else read whole.
   */
  private async chainForPut(): Promise<ChainCache> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.chainFile, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return (this.cache = emptyCache());
    }
    try {
      const file = fileState(await handle.stat());
      const c = this.cacheChain ? this.cache : undefined;
      if (c && c.file.ino === file.ino && !c.tornTail) {
        if (c.file.size === file.size && c.file.mtimeMs === file.mtimeMs) return c;
        if (file.size > c.file.size) {
          // Appended by another process: the bytes from our last line on, which must be unchanged.
          const from = c.file.size - c.lastLine.length;
          const bytes = await readAt(handle, from, file.size - from);
          if (bytes.subarray(0, c.lastLine.length).equals(c.lastLine)) {
            const added = parseLines(bytes.subarray(c.lastLine.length));
            return (this.cache = extend(c, added, file));
          }
        }
      }
      const all = await readAt(handle, 0, file.size);
      return (this.cache = extend(emptyCache(), parseLines(all), file));
    } finally {
      await handle.close();
    }
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

/** What a put needs of the chain, and the state of the chain file it was read from. */
interface ChainCache {
  file: FileState;
  /** The last well-formed entry. */
  last: RecordEntry | undefined;
  /** The last line's bytes (with its newline), checked before reading only what follows it. */
  lastLine: Buffer;
  /** Each recorded run's entry, by {@link runKey}. */
  runs: Map<string, RecordEntry>;
  /** The file ends inside a line (a put cut short): the next entry starts on a new line. */
  tornTail: boolean;
}

interface FileState {
  ino: number;
  size: number;
  mtimeMs: number;
}

const fileState = (st: { ino: number; size: number; mtimeMs: number }): FileState => ({ ino: st.ino, size: st.size, mtimeMs: st.mtimeMs });

const emptyCache = (): ChainCache => ({
  file: { ino: -1, size: 0, mtimeMs: 0 },
  last: undefined,
  lastLine: Buffer.alloc(0),
  runs: new Map(),
  tornTail: false,
});

const runKey = (workflowId: string, runId: string) => `${workflowId}\n${runId}`;

/** Chain lines (starting at a line's beginning): the well-formed entries, the last line, whether it is cut short. */
function parseLines(bytes: Buffer): { entries: RecordEntry[]; lastLine: Buffer | undefined; tornTail: boolean } {
  const entries: RecordEntry[] = [];
  let start = 0;
  let lastLine: Buffer | undefined;
  while (start < bytes.length) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl === -1 ? bytes.length : nl + 1;
    lastLine = bytes.subarray(start, end);
    const parsed = recordEntrySchema.safeParse(parseJson(lastLine.toString('utf8')));
    if (parsed.success) entries.push(parsed.data);
    start = end;
  }
  return { entries, lastLine, tornTail: lastLine !== undefined && lastLine.at(-1) !== 0x0a };
}

/** The cache with lines read after it. */
function extend(c: ChainCache, added: ReturnType<typeof parseLines>, file: FileState): ChainCache {
  for (const e of added.entries) if (!c.runs.has(runKey(e.workflowId, e.runId))) c.runs.set(runKey(e.workflowId, e.runId), e);
  return {
    file,
    last: added.entries.at(-1) ?? c.last,
    lastLine: added.lastLine ? Buffer.from(added.lastLine) : c.lastLine,
    runs: c.runs,
    tornTail: added.lastLine ? added.tornTail : c.tornTail,
  };
}

async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(buffer, read, length - read, position + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return buffer.subarray(0, read);
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

import fs from 'node:fs';
import path from 'node:path';
import { z } from '../domain/validation';
import { ExitCode, UserFacingError } from '../config/errors';

/**
 * The lock file of `npm start` in the data folder: which orchestrator runs, on which ports, and the
 * pid of each child. A second `npm start` reads it and, rather than failing later on a port in use,
 * stops at once with one line that says what runs and what to do: the first run is still up, or it
 * ended abruptly and left processes behind. A lock whose processes are all gone is stale and replaced.
 */

/** The lock file's name in the data folder. */
export const LOCK_FILE = 'npm-start.lock';

const processSchema = z.object({
  /** How the process is named to an operator (Vietnamese). */
  label: z.string(),
  pid: z.number().int().positive(),
  /** A piece of its command line, so a pid reused by another program is not taken for it. */
  match: z.string(),
});

const lockSchema = z.object({
  orchestrator: processSchema,
  startedAt: z.string(),
  /** The Temporal frontend's address. */
  temporal: z.string(),
  /** The ports this run binds, by what they serve (Vietnamese). */
  ports: z.record(z.string(), z.number().int()),
  children: z.array(processSchema),
});

/** A process named in the lock file. */
export type LockedProcess = z.infer<typeof processSchema>;
/** What the lock file holds. */
export type StartLock = z.infer<typeof lockSchema>;

/** Whether a process of the lock file still runs. */
export type ProcessProbe = (p: LockedProcess) => boolean;

const portsText = (lock: StartLock) =>
  [`Temporal ${lock.temporal}`, ...Object.entries(lock.ports).map(([what, port]) => `${what} cổng ${port}`)].join(', ');
const pidsText = (ps: LockedProcess[]) => ps.map((p) => `${p.label} pid ${p.pid}`).join(', ');

/**
 * The one line a second `npm start` prints for a lock it found (without "Lỗi: "), or undefined when
 * nothing of that run is left (the lock is stale).
 */
export function lockMessage(lock: StartLock, alive: ProcessProbe): string | undefined {
  const children = lock.children.filter(alive);
  if (alive(lock.orchestrator))
    return (
      `kiemtra đang chạy (npm start pid ${lock.orchestrator.pid}${children.length ? `; ${pidsText(children)}` : ''}; ${portsText(lock)}): ` +
      `dùng hệ thống đang chạy, hoặc dừng nó (Ctrl-C trong cửa sổ của nó, hoặc kill ${lock.orchestrator.pid}) rồi chạy lại npm start.`
    );
  if (children.length === 0) return undefined;
  return (
    `lần npm start trước (pid ${lock.orchestrator.pid}) đã dừng đột ngột nhưng còn để lại ${pidsText(children)} (${portsText(lock)}): ` +
    `dừng chúng bằng lệnh kill ${children.map((c) => c.pid).join(' ')} rồi chạy lại npm start.`
  );
}

/**
 * Whether a process runs: it exists, is not a zombie, and (where /proc tells) its command line
 * contains `match`.
 */
export function processRuns(p: LockedProcess): boolean {
  try {
    process.kill(p.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${p.pid}/stat`, 'utf8');
  } catch {
    return true; // no /proc (macOS): the signal's answer is all there is
  }
  if (stat.charAt(stat.lastIndexOf(')') + 2) === 'Z') return false;
  try {
    return fs.readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').replace(/\0/g, ' ').includes(p.match);
  } catch {
    return true;
  }
}

/** The lock of the running `npm start`, held until {@link StartLockFile.release}. */
export class StartLockFile {
  private constructor(
    readonly file: string,
    private lock: StartLock,
  ) {}

  /**
   * Takes the lock in `dir`, or throws one line (exit 2) when another run is up or left processes
   * behind. A stale or unreadable lock is replaced.
   */
  static acquire(dir: string, lock: StartLock, alive: ProcessProbe = processRuns): StartLockFile {
    const file = path.join(dir, LOCK_FILE);
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = fs.openSync(file, 'wx', 0o600);
        fs.writeSync(fd, JSON.stringify(lock, null, 2));
        fs.closeSync(fd);
        return new StartLockFile(file, lock);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      }
      const found = readLock(file);
      const message = found && lockMessage(found, alive);
      if (message) throw new UserFacingError(message, ExitCode.badInput);
      fs.rmSync(file, { force: true });
    }
  }

  /** Records the current children (after a start or a restart). */
  update(children: LockedProcess[], ports: Record<string, number> = this.lock.ports): void {
    this.lock = { ...this.lock, children, ports };
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.lock, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }

  /** Removes the lock (a clean stop). */
  release(): void {
    fs.rmSync(this.file, { force: true });
  }
}

/** The lock in `file`, or undefined when it is missing or not a lock. */
export function readLock(file: string): StartLock | undefined {
  try {
    const parsed = lockSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

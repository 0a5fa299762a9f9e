import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { projectRoot } from '../config/paths';
import type { LockedProcess } from './start-lock';
import {
  decideRestart,
  DEFAULT_RESTART_POLICY,
  exitText,
  secondsText,
  type ChildExit,
  type RestartDecision,
  type RestartPolicy,
} from './restart-policy';

/**
 * The children of `npm start`, kept up: a child that stops on its own is restarted after the
 * policy's delay (scripts/restart-policy.ts), each restart said on stderr in Vietnamese and logged
 * as JSON; one that keeps crashing is given up on, and the orchestrator is told. Every child is
 * started so that it dies with the orchestrator, even on kill -9: its stdin is a pipe only the
 * orchestrator holds (Node children watch it through scripts/orphan-guard.ts); other programs get
 * `setpriv --pdeathsig` where it exists, else run under scripts/orphan-guard-exec.ts.
 */

/** What to run, and how to name it. */
export interface ChildSpec {
  /** The name in JSON logs (`worker`, `web`, `temporal`). */
  name: string;
  /** The name an operator reads (Vietnamese). */
  label: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** A piece of the child's command line that identifies it in the lock file. */
  match: string;
}

/** Where `setpriv` is (util-linux), if this system has it. */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => process.platform === 'linux' && fs.existsSync(p));

/** A Node program (dist/…/main.js), run so that it stops when its stdin pipe closes. */
export function nodeChild(name: string, label: string, main: string, env: NodeJS.ProcessEnv): ChildSpec {
  const guard = path.join(projectRoot, 'dist', 'scripts', 'orphan-guard.js');
  return { name, label, command: process.execPath, args: ['--require', guard, main], env, match: main };
}

/** Another program (the Temporal CLI), run so that the kernel, or a small watcher, stops it with the orchestrator. */
export function programChild(name: string, label: string, program: string, args: string[], match: string): ChildSpec {
  if (SETPRIV) return { name, label, command: SETPRIV, args: ['--pdeathsig', 'TERM', '--', program, ...args], match };
  const exec = path.join(projectRoot, 'dist', 'scripts', 'orphan-guard-exec.js');
  return { name, label, command: process.execPath, args: [exec, program, ...args], match };
}

/** One child kept up by the {@link Supervisor}. */
export class SupervisedChild {
  process!: ChildProcess;
  /** Consecutive crashes (reset by a stable run). */
  crashes = 0;
  /** Restarts since `npm start` began. */
  restarts = 0;
  lastExit: ChildExit | undefined;
  startedAt = 0;
  stopping = false;
  timer: NodeJS.Timeout | undefined;
  constructor(readonly spec: ChildSpec) {}

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Whether the process runs now. */
  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** The child as the lock file names it. */
  locked(): LockedProcess | undefined {
    return this.pid && this.running ? { label: this.spec.label, pid: this.pid, match: this.spec.match } : undefined;
  }
}

export interface SupervisorOptions {
  log: Logger;
  policy?: RestartPolicy;
  /** Called when a child started or stopped (to update the lock file). */
  onChange?: () => void;
  /** Called when a child is given up on; the orchestrator then stops. */
  onGiveUp: (child: SupervisedChild, decision: Extract<RestartDecision, { action: 'give-up' }>) => void;
  /** Where the Vietnamese lines go. */
  say?: (line: string) => void;
}

/** Starts children, restarts those that stop on their own, and stops them all on request. */
export class Supervisor {
  private readonly children: SupervisedChild[] = [];
  private readonly policy: RestartPolicy;
  private readonly say: (line: string) => void;
  private stopping = false;

  constructor(private readonly o: SupervisorOptions) {
    this.policy = o.policy ?? DEFAULT_RESTART_POLICY;
    this.say = o.say ?? ((line) => process.stderr.write(`kiemtra: ${line}\n`));
  }

  /** Starts a child and keeps it up. */
  start(spec: ChildSpec): SupervisedChild {
    const child = new SupervisedChild(spec);
    this.children.push(child);
    this.spawn(child);
    return child;
  }

  /** The children, in the order they were started. */
  all(): readonly SupervisedChild[] {
    return this.children;
  }

  /** The running children as the lock file names them. */
  locked(): LockedProcess[] {
    return this.children.flatMap((c) => c.locked() ?? []);
  }

  private spawn(child: SupervisedChild): void {
    const { spec } = child;
    child.startedAt = Date.now();
    child.process = spawn(spec.command, spec.args, { stdio: ['pipe', 'inherit', 'inherit'], env: spec.env ?? process.env });
    // The pipe is the child's lifeline, never written to; an EPIPE once it is gone is expected.
    child.process.stdin!.on('error', () => undefined);
    let ended = false;
    const onEnd = (code: number | null, signal: string | null) => {
      if (ended) return;
      ended = true;
      this.o.onChange?.();
      if (child.stopping || this.stopping) return;
      this.exited(child, { code, signal, ranMs: Date.now() - child.startedAt });
    };
    child.process.once('exit', (code, signal) => onEnd(code, signal));
    child.process.once('error', (err) => {
      this.o.log.error({ child: spec.name, err: err.message }, 'child failed to start');
      if (child.process.pid === undefined) onEnd(127, null);
    });
    this.o.onChange?.();
  }

  private exited(child: SupervisedChild, exit: ChildExit): void {
    const { spec } = child;
    child.lastExit = exit;
    const decision = decideRestart(this.policy, child.crashes, exit);
    child.crashes = decision.crashes;
    const how = exitText(exit);
    if (decision.action === 'give-up') {
      this.o.log.error(
        { child: spec.name, code: exit.code, signal: exit.signal, crashes: decision.crashes, reason: decision.reason },
        'child given up',
      );
      this.say(
        decision.reason === 'settings'
          ? `${spec.label} dừng vì cấu hình không hợp lệ (${how}, xem lỗi phía trên); khởi động lại không khắc phục được, nên dừng toàn bộ. Sửa cấu hình rồi chạy lại npm start.`
          : `${spec.label} dừng bất ngờ ${decision.crashes - 1} lần liên tiếp (lần cuối: ${how}); không khởi động lại nữa, dừng toàn bộ. Xem lỗi phía trên rồi chạy lại npm start.`,
      );
      this.o.onGiveUp(child, decision);
      return;
    }
    this.o.log.warn(
      {
        child: spec.name,
        pid: child.pid,
        code: exit.code,
        signal: exit.signal,
        ranMs: exit.ranMs,
        crashes: decision.crashes,
        delayMs: decision.delayMs,
      },
      'child exited; restarting',
    );
    this.say(
      `${spec.label} (pid ${child.pid}) đã dừng bất ngờ (${how}); khởi động lại sau ${secondsText(decision.delayMs)}` +
        (decision.crashes > 1 ? ` (lần thứ ${decision.crashes} liên tiếp).` : '.'),
    );
    child.timer = setTimeout(() => {
      child.timer = undefined;
      if (this.stopping || child.stopping) return;
      child.restarts++;
      this.spawn(child);
      this.o.log.info({ child: spec.name, pid: child.pid, restarts: child.restarts }, 'child restarted');
      this.say(`đã khởi động lại ${spec.label} (pid ${child.pid}).`);
    }, decision.delayMs);
  }

  /** Stops every child, the last started first: SIGINT, then SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 20_000): Promise<void> {
    this.stopping = true;
    for (const child of [...this.children].reverse()) {
      child.stopping = true;
      if (child.timer) clearTimeout(child.timer);
      await stopProcess(child.process, timeoutMs);
    }
  }
}

/** Sends SIGINT and waits for the exit, with SIGKILL after `timeoutMs`. */
export function stopProcess(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { callDeadlineInterceptor, grpcCodeOf, isTemporalUnavailable } from '../client/deadline';
import { DEFAULT_WEB_TEMPORAL_TIMEOUT_MS, loadWebTemporalTimeout } from '../config/web-timeout';
import { UserFacingError } from '../config/errors';
import { tightenDataDir } from '../scripts/data-modes';
import { decideRestart, DEFAULT_RESTART_POLICY, restartDelay } from '../scripts/restart-policy';
import { LOCK_FILE, lockMessage, readLock, StartLockFile, type StartLock } from '../scripts/start-lock';
import { unavailablePage } from '../web/unavailable';

/** The pure parts of a supervised `npm start` (test/start-supervise.test.ts runs the real one). */

const P = DEFAULT_RESTART_POLICY;
const crash = (ranMs: number, code: number | null = null, signal: string | null = 'SIGKILL') => ({ code, signal, ranMs });

describe('restart policy', () => {
  it('waits 1 s, 2 s, 4 s … and never more than 30 s between restarts', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => restartDelay(P, n))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    let crashes = 0;
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const d = decideRestart(P, crashes, crash(500));
      expect(d.action).toBe('restart');
      if (d.action === 'restart') delays.push(d.delayMs);
      crashes = d.crashes;
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000]);
  });

  it('starts again from 1 s after a stable run', () => {
    expect(decideRestart(P, 5, crash(P.stableMs))).toEqual({ action: 'restart', delayMs: 1000, crashes: 1 });
    expect(decideRestart(P, 5, crash(P.stableMs - 1))).toEqual({ action: 'restart', delayMs: 30000, crashes: 6 });
  });

  it('gives up on a child that keeps crashing, and at once on a settings error (exit 2)', () => {
    expect(decideRestart(P, P.maxCrashes - 1, crash(100)).action).toBe('restart');
    expect(decideRestart(P, P.maxCrashes, crash(100))).toEqual({ action: 'give-up', reason: 'repeated', crashes: P.maxCrashes + 1 });
    expect(decideRestart(P, 0, crash(100, 2, null))).toEqual({ action: 'give-up', reason: 'settings', crashes: 1 });
    expect(decideRestart(P, 0, crash(100, 1, null)).action).toBe('restart');
  });
});

describe('the lock file of npm start', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-lock-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const lock: StartLock = {
    orchestrator: { label: 'npm start', pid: 100, match: 'start.js' },
    startedAt: '2026-12-01T08:00:00.000Z',
    temporal: '127.0.0.1:7233',
    ports: { 'trang đơn vị': 8234, 'Web UI': 8233 },
    children: [
      { label: 'máy chủ Temporal dev', pid: 101, match: 'start-dev' },
      { label: 'worker', pid: 102, match: 'worker/main.js' },
    ],
  };
  const runs =
    (...pids: number[]) =>
    (p: { pid: number }) =>
      pids.includes(p.pid);

  it('says what runs and what to do while the first start is up', () => {
    expect(lockMessage(lock, runs(100, 101, 102))).toBe(
      'kiemtra đang chạy (npm start pid 100; máy chủ Temporal dev pid 101, worker pid 102; Temporal 127.0.0.1:7233, trang đơn vị cổng 8234, Web UI cổng 8233): ' +
        'dùng hệ thống đang chạy, hoặc dừng nó (Ctrl-C trong cửa sổ của nó, hoặc kill 100) rồi chạy lại npm start.',
    );
  });

  it('names the processes an abrupt end left behind, with the command that stops them', () => {
    expect(lockMessage(lock, runs(102))).toBe(
      'lần npm start trước (pid 100) đã dừng đột ngột nhưng còn để lại worker pid 102 (Temporal 127.0.0.1:7233, trang đơn vị cổng 8234, Web UI cổng 8233): ' +
        'dừng chúng bằng lệnh kill 102 rồi chạy lại npm start.',
    );
    expect(lockMessage(lock, runs())).toBeUndefined();
  });

  it('is taken once: a second start gets one line and exit 2, a stale or damaged lock is replaced', () => {
    const dir = tmp();
    const first = StartLockFile.acquire(dir, lock, runs());
    expect((fs.statSync(path.join(dir, LOCK_FILE)).mode & 0o777).toString(8)).toBe('600');
    let refused: unknown;
    try {
      StartLockFile.acquire(dir, { ...lock, orchestrator: { ...lock.orchestrator, pid: 200 } }, runs(100));
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(UserFacingError);
    expect((refused as UserFacingError).exitCode).toBe(2);
    expect((refused as Error).message).not.toContain('\n');
    expect(readLock(path.join(dir, LOCK_FILE))?.orchestrator.pid).toBe(100);

    first.update([{ label: 'worker', pid: 300, match: 'worker/main.js' }]);
    expect(readLock(path.join(dir, LOCK_FILE))?.children).toEqual([{ label: 'worker', pid: 300, match: 'worker/main.js' }]);
    // Nothing of the first run is left: the lock is stale.
    const second = StartLockFile.acquire(dir, { ...lock, orchestrator: { ...lock.orchestrator, pid: 200 } }, runs());
    expect(readLock(path.join(dir, LOCK_FILE))?.orchestrator.pid).toBe(200);
    second.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);

    fs.writeFileSync(path.join(dir, LOCK_FILE), 'not json');
    StartLockFile.acquire(dir, lock, runs(100, 101, 102)).release();
  });
});

describe('modes of the data folder', () => {
  it('makes every folder 0700 and every file 0600, and leaves symbolic links alone', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-modes-'));
    try {
      fs.mkdirSync(path.join(dir, 'outbox'), { mode: 0o755 });
      fs.mkdirSync(path.join(dir, 'uploads', 'ab'), { recursive: true, mode: 0o755 });
      fs.writeFileSync(path.join(dir, 'outbox', 'a.eml'), 'x', { mode: 0o644 });
      fs.writeFileSync(path.join(dir, 'temporal.sqlite'), 'x', { mode: 0o644 });
      fs.writeFileSync(path.join(dir, 'temporal.sqlite-wal'), 'x', { mode: 0o666 });
      fs.writeFileSync(path.join(dir, 'uploads', 'ab', 'abcd'), 'x', { mode: 0o640 });
      const outside = path.join(os.tmpdir(), `kiemtra-modes-outside-${process.pid}`);
      fs.writeFileSync(outside, 'x', { mode: 0o644 });
      fs.symlinkSync(outside, path.join(dir, 'link'));
      fs.chmodSync(dir, 0o755);

      expect(tightenDataDir(dir)).toBe(8);
      const modes = (d: string): string[] =>
        fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
          const p = path.join(d, e.name);
          if (e.isSymbolicLink()) return [];
          const m = `${path.relative(dir, p)} ${(fs.statSync(p).mode & 0o777).toString(8)}`;
          return e.isDirectory() ? [m, ...modes(p)] : [m];
        });
      expect(modes(dir).sort()).toEqual([
        'outbox 700',
        'outbox/a.eml 600',
        'temporal.sqlite 600',
        'temporal.sqlite-wal 600',
        'uploads 700',
        'uploads/ab 700',
        'uploads/ab/abcd 600',
      ]);
      expect((fs.statSync(dir).mode & 0o777).toString(8)).toBe('700');
      expect((fs.statSync(outside).mode & 0o777).toString(8)).toBe('644');
      expect(tightenDataDir(dir)).toBe(0);
      fs.rmSync(outside);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the page server when Temporal does not answer', () => {
  it('reads its deadline from KIEMTRA_WEB_TEMPORAL_TIMEOUT_MS, and a bad value names the variable', () => {
    expect(loadWebTemporalTimeout({})).toBe(DEFAULT_WEB_TEMPORAL_TIMEOUT_MS);
    expect(loadWebTemporalTimeout({ KIEMTRA_WEB_TEMPORAL_TIMEOUT_MS: '2500' })).toBe(2500);
    for (const bad of ['4s', '100', '90000', '1.5', ' ']) {
      expect(() => loadWebTemporalTimeout({ KIEMTRA_WEB_TEMPORAL_TIMEOUT_MS: bad })).toThrow(
        `KIEMTRA_WEB_TEMPORAL_TIMEOUT_MS="${bad}" không hợp lệ: cần số mili giây nguyên từ 500 đến 60000.`,
      );
    }
  });

  it('puts its deadline on every call, unless the call has an earlier one', () => {
    const seen: unknown[] = [];
    const next = ((o: { deadline?: unknown }) => (seen.push(o.deadline), {})) as never;
    const before = Date.now();
    callDeadlineInterceptor(3000)({ deadline: undefined } as never, next);
    callDeadlineInterceptor(3000)({ deadline: before + 1000 } as never, next);
    callDeadlineInterceptor(3000)({ deadline: new Date(before + 60_000) } as never, next);
    expect(seen[0]).toBeGreaterThanOrEqual(before + 3000);
    expect(seen[1]).toBe(before + 1000);
    expect(seen[2]).toBeLessThan(before + 10_000);
  });

  it('tells "no answer in time" from a refusal', () => {
    expect(isTemporalUnavailable(new WorkflowUpdateRPCTimeoutOrCancelledError('timeout'))).toBe(true);
    const grpc = (code: number) => Object.assign(new Error(`status ${code}`), { code, details: 'x', metadata: {} });
    const service = (code: number) => new ServiceError('Failed to query Workflow', { cause: grpc(code) });
    // The client's own deadline, and what the server answers when it ends the call at that deadline.
    for (const code of [4, 14, 13, 2, 1, 8]) expect(isTemporalUnavailable(service(code)), `code ${code}`).toBe(true);
    expect(grpcCodeOf(service(13))).toBe(13);
    // A missing workflow, a bad request, a refused update, a bug: not "try again later".
    for (const code of [3, 5, 7, 9]) expect(isTemporalUnavailable(service(code)), `code ${code}`).toBe(false);
    expect(isTemporalUnavailable(new WorkflowUpdateFailedError('refused', undefined))).toBe(false);
    expect(isTemporalUnavailable(Object.assign(new Error('bug'), { code: 13 }))).toBe(false);
    expect(isTemporalUnavailable(new Error('bug'))).toBe(false);
  });

  it('says the system is temporarily unavailable, and for a form that sending it again is safe', () => {
    expect(unavailablePage(false)).toContain('Hệ thống tạm thời gián đoạn');
    expect(unavailablePage(false)).not.toContain('Gửi lại là an toàn');
    expect(unavailablePage(true)).toContain('Gửi lại là an toàn: mỗi biểu mẫu chỉ được ghi nhận một lần');
  });
});

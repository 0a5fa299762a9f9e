import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser, type ParsedMail } from 'mailparser';
import { Client, Connection } from '@temporalio/client';
import { projectRoot } from '../config/paths';
import { LOCK_FILE, readLock, type StartLock } from '../scripts/start-lock';
import { inspectionInput, slug } from './kit/inspection';
import { liveDates } from './kit/live-dates';
import { background, cleanEnv, freePort, run, type Background } from './kit/process';
import { eventually, sharedCalendar } from './kit/temporal';
import { openForm, postForm, samplePdf } from './kit/web';
import { INSPECTION_WORKFLOW, inspectionStartOptions, stateQuery, updates } from '../workflows/inspection/contract';

/**
 * A supervised `npm start` (issue 26, items 7 and 9), one boot shared by the cases, in order: it
 * starts over a stale lock and makes the data folder private; a second start is refused with one
 * line; a killed worker and a killed page server are restarted while the rest keeps running; with
 * the worker stopped the units' pages answer at once with a clear page; files stay 0600; and a
 * kill -9 of the orchestrator takes every child with it.
 */

const START = path.join(projectRoot, 'dist', 'scripts', 'start.js');
const UNIT = 'Sở Tài chính';

/** Whether a process runs (a zombie does not). */
function runs(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    return false;
  }
}

/** A pid that ran and is gone. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

/** Every entry under `dir` with its mode, e.g. "outbox/x.eml 600". */
function modes(dir: string, sub = ''): string[] {
  return fs.readdirSync(path.join(dir, sub), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(sub, e.name);
    const line = `${rel} ${(fs.lstatSync(path.join(dir, rel)).mode & 0o777).toString(8)}`;
    return e.isDirectory() ? [line, ...modes(dir, rel)] : [line];
  });
}

describe('a supervised npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-supervise-'));
  const lockFile = path.join(dataDir, LOCK_FILE);
  let env: NodeJS.ProcessEnv;
  let address: string;
  let webPort: number;
  let current: Background | undefined;
  let connection: Connection | undefined;
  let client: Client;
  let workflowId: string;
  let notice: ParsedMail;
  const lock = (): StartLock => readLock(lockFile)!;
  const pidOf = (label: string) => lock().children.find((c) => c.label === label)?.pid;
  const page = (url: string) => url.replace('//localhost:', '//127.0.0.1:');

  beforeAll(async () => {
    const [port, uiPort, smtpPort] = [await freePort(), await freePort(), await freePort()];
    webPort = await freePort();
    address = `127.0.0.1:${port}`;
    env = cleanEnv({
      TEMPORAL_ADDRESS: address,
      KIEMTRA_UI_PORT: String(uiPort),
      KIEMTRA_WEB_PORT: String(webPort),
      KIEMTRA_SMTP_PORT: String(smtpPort),
      KIEMTRA_DATA_DIR: dataDir,
    });
    // What an older run left: a world-readable outbox and folder, and the lock of a run killed
    // with its children (every pid gone).
    fs.mkdirSync(path.join(dataDir, 'outbox'), { mode: 0o755 });
    fs.writeFileSync(path.join(dataDir, 'outbox', 'older.eml'), 'Subject: older\r\n\r\nx', { mode: 0o644 });
    fs.chmodSync(dataDir, 0o755);
    const stale: StartLock = {
      orchestrator: { label: 'npm start', pid: await deadPid(), match: 'start.js' },
      startedAt: new Date().toISOString(),
      temporal: address,
      ports: { 'trang đơn vị': webPort },
      children: [{ label: 'worker', pid: await deadPid(), match: 'worker/main.js' }],
    };
    fs.writeFileSync(lockFile, JSON.stringify(stale));
  });

  afterAll(async () => {
    await connection?.close().catch(() => undefined);
    const left = readLock(lockFile);
    await current?.stop('SIGKILL');
    for (const c of left?.children ?? []) if (runs(c.pid)) process.kill(c.pid, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts over a stale lock, and makes the data folder private (0700, files 0600)', async () => {
    current = background(process.execPath, [START], env);
    await current.waitFor(/kiemtra đã sẵn sàng/, 120_000);
    expect(lock().orchestrator.pid).toBe(current.child.pid);
    expect(lock().children.map((c) => c.label)).toEqual(['máy chủ Temporal dev', 'worker', 'trang đơn vị']);
    expect((fs.statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
    expect((fs.statSync(path.join(dataDir, 'outbox')).mode & 0o777).toString(8)).toBe('700');
    expect((fs.statSync(path.join(dataDir, 'outbox', 'older.eml')).mode & 0o777).toString(8)).toBe('600');
    expect((fs.statSync(path.join(dataDir, 'temporal.sqlite')).mode & 0o777).toString(8)).toBe('600');
    connection = await Connection.connect({ address });
    client = new Client({ connection });
    await eventually(
      async () => ((await fetch(`http://127.0.0.1:${webPort}/healthz`).catch(() => undefined))?.ok ? true : undefined),
      30_000,
      'the page server',
    );
  });

  it('refuses a second start while it runs: one Vietnamese line, exit 2, the first untouched', async () => {
    const before = lock();
    const second = await run(process.execPath, [START], env);
    expect(second.code).toBe(2);
    expect(second.stdout).toBe('');
    const lines = second.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `Lỗi: kiemtra đang chạy (npm start pid ${before.orchestrator.pid}; ` +
        before.children.map((c) => `${c.label} pid ${c.pid}`).join(', ') +
        `; Temporal ${address}, ${Object.entries(before.ports)
          .map(([what, port]) => `${what} cổng ${port}`)
          .join(
            ', ',
          )}): dùng hệ thống đang chạy, hoặc dừng nó (Ctrl-C trong cửa sổ của nó, hoặc kill ${before.orchestrator.pid}) rồi chạy lại npm start.`,
    );
    expect(lock()).toEqual(before);
    expect(before.children.every((c) => runs(c.pid))).toBe(true);
    expect((await fetch(`http://127.0.0.1:${webPort}/healthz`)).ok).toBe(true);
  });

  it('restarts a killed worker within the backoff, says so and logs it; Temporal and the pages keep running; a workflow started before moves on', async () => {
    const o = inspectionStartOptions(inspectionInput(UNIT, liveDates(sharedCalendar(), Date.now()).noticeDue), 'kiemtra');
    workflowId = o.workflowId;
    await client.workflow.start(INSPECTION_WORKFLOW, o);
    await eventually(
      async () => ((await client.workflow.getHandle(workflowId).query(stateQuery)).stage === 'notified' ? true : undefined),
      60_000,
      'the notice',
    );
    // Its email is in the outbox before the kill (a send cut short is retried only after its timeout).
    notice = await eventually(
      async () => {
        for (const f of fs.readdirSync(path.join(dataDir, 'outbox'))) {
          const m = await simpleParser(fs.readFileSync(path.join(dataDir, 'outbox', f)));
          if (m.headers.get('x-kiemtra-kind') === 'notice' && JSON.stringify(m.to).includes(`${slug(UNIT)}@haiphong.example`)) return m;
        }
        return undefined;
      },
      30_000,
      'the notice in the outbox',
    );

    const [server, worker, pages] = [pidOf('máy chủ Temporal dev')!, pidOf('worker')!, pidOf('trang đơn vị')!];
    const killedAt = Date.now();
    process.kill(worker, 'SIGKILL');
    const restarted = await eventually(
      async () => {
        const now = pidOf('worker');
        return now && now !== worker && runs(now) ? now : undefined;
      },
      10_000,
      'a new worker',
    );
    const restartMs = Date.now() - killedAt;
    console.log(`worker restarted ${restartMs} ms after kill -9 (pid ${worker} → ${restarted})`);
    expect(restartMs).toBeLessThan(4_000);
    expect(current!.output()).toContain(`kiemtra: worker (pid ${worker}) đã dừng bất ngờ (SIGKILL); khởi động lại sau 1 giây.`);
    expect(current!.output()).toContain(`kiemtra: đã khởi động lại worker (pid ${restarted}).`);
    const logged = current!
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{') && l.includes('"child exited; restarting"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({ service: 'kiemtra-start', child: 'worker', pid: worker, signal: 'SIGKILL', delayMs: 1000 }),
    );
    expect([pidOf('máy chủ Temporal dev'), pidOf('trang đơn vị')]).toEqual([server, pages]);
    expect(runs(server) && runs(pages)).toBe(true);

    // The inspection started before the kill takes its next step on the new worker.
    const handle = client.workflow.getHandle(workflowId);
    const state = await handle.executeUpdate(updates.acknowledgeNotice, { args: [{ by: UNIT }] });
    expect(state.acknowledged?.by).toBe(UNIT);
  });

  it('restarts a killed page server; the worker and Temporal keep running', async () => {
    const [server, worker, pages] = [pidOf('máy chủ Temporal dev')!, pidOf('worker')!, pidOf('trang đơn vị')!];
    process.kill(pages, 'SIGKILL');
    await eventually(
      async () =>
        (await fetch(`http://127.0.0.1:${webPort}/healthz`).catch(() => undefined))?.ok && pidOf('trang đơn vị') !== pages
          ? true
          : undefined,
      20_000,
      'the page server again',
    );
    expect(current!.output()).toContain(`kiemtra: trang đơn vị (pid ${pages}) đã dừng bất ngờ (SIGKILL); khởi động lại sau 1 giây.`);
    expect([pidOf('máy chủ Temporal dev'), pidOf('worker')]).toEqual([server, worker]);
  });

  it('with the worker stopped, a link page and a form answer within 6 s with a clear page; with the worker back both work, and the form counts once', async () => {
    const report = page([...String(notice.text).matchAll(/https?:\/\/\S+\/l\/[A-Za-z0-9_.-]+/g)].map((x) => x[0])[1]!);
    const form = await openForm(report);
    expect(form.status).toBe(200);
    const submission = /name="_submission" value="([^"]+)"/.exec(form.html)![1]!;
    const fields = { _csrf: form.csrf!, _submission: submission, ind_satisfaction: '96' };
    const files = [{ field: 'files', name: 'bao-cao.pdf', type: 'application/pdf', content: samplePdf('Bao cao') }];

    const worker = pidOf('worker')!;
    process.kill(worker, 'SIGSTOP');
    try {
      let t = Date.now();
      const down = await fetch(report);
      const getMs = Date.now() - t;
      const downHtml = await down.text();
      t = Date.now();
      const posted = await postForm(report, fields, files, form.cookie);
      const postMs = Date.now() - t;
      console.log(`worker stopped: GET answered in ${getMs} ms, POST in ${postMs} ms`);
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('30');
      expect(downHtml).toContain('Hệ thống tạm thời gián đoạn');
      expect(downHtml).not.toContain('Gửi lại là an toàn');
      expect(posted.status).toBe(503);
      expect(posted.html).toContain('Gửi lại là an toàn: mỗi biểu mẫu chỉ được ghi nhận một lần');
      expect(getMs).toBeLessThan(6_000);
      expect(postMs).toBeLessThan(6_000);
    } finally {
      process.kill(worker, 'SIGCONT');
    }
    expect(pidOf('worker')).toBe(worker);

    // The worker runs again: the page opens, the same form sent again is recorded, once.
    const again = await eventually(
      async () => {
        const r = await fetch(report);
        return r.status === 200 ? r : undefined;
      },
      30_000,
      'the page with the worker back',
    );
    expect(await again.text()).toContain('Gửi báo cáo phục vụ kiểm tra');
    const resent = await postForm(report, fields, files, form.cookie);
    expect(resent.status).toBe(303);
    expect((await postForm(report, fields, files, form.cookie)).status).not.toBe(503);
    const s = await client.workflow.getHandle(workflowId).query(stateQuery);
    expect(s.report?.receivedOn).toBeDefined();
    expect(s.history.filter((h) => h.action === 'Ghi nhận báo cáo phục vụ kiểm tra')).toHaveLength(1);
  });

  it('keeps every file of the data folder 0600 and every folder 0700, after emails and an upload', () => {
    const all = modes(dataDir);
    expect(all.some((l) => l.startsWith('uploads/') && !l.startsWith('uploads/.incoming') && l.endsWith(' 600'))).toBe(true);
    expect(all.filter((l) => l.startsWith('outbox/')).length).toBeGreaterThan(1);
    const wrong = all.filter((l) => {
      const [rel, mode] = l.split(' ');
      return mode !== (fs.lstatSync(path.join(dataDir, rel!)).isDirectory() ? '700' : '600');
    });
    expect(wrong).toEqual([]);
    expect((fs.statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
  });

  it('takes every child down with it on kill -9 of the orchestrator', async () => {
    const children = lock().children.map((c) => c.pid);
    expect(children).toHaveLength(3);
    const killedAt = Date.now();
    current!.child.kill('SIGKILL');
    await eventually(async () => (children.every((p) => !runs(p)) ? true : undefined), 10_000, 'the children to stop');
    console.log(`children gone ${Date.now() - killedAt} ms after kill -9 of the orchestrator`);
    expect(Date.now() - killedAt).toBeLessThan(8_000);
  });

  it('after an abrupt end that left a process behind, a start names it and says how to stop it (exit 2)', async () => {
    const orphan = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', path.join('dist', 'worker', 'main.js')], {
      stdio: 'ignore',
    });
    try {
      const left: StartLock = { ...lock(), orchestrator: { ...lock().orchestrator, pid: await deadPid() } };
      left.children = [{ label: 'worker', pid: orphan.pid!, match: 'worker/main.js' }];
      fs.writeFileSync(lockFile, JSON.stringify(left));
      const start = await run(process.execPath, [START], env);
      expect(start.code).toBe(2);
      const lines = start.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^Lỗi: lần npm start trước \\(pid ${left.orchestrator.pid}\\) đã dừng đột ngột nhưng còn để lại worker pid ${orphan.pid} .*: dừng chúng bằng lệnh kill ${orphan.pid} rồi chạy lại npm start\\.$`,
        ),
      );
      expect(runs(orphan.pid!)).toBe(true);
    } finally {
      orphan.kill('SIGKILL');
    }
  });
});

describe('a program run under orphan-guard-exec (where setpriv is missing)', () => {
  it('stops when the process that started it is killed with -9', async () => {
    const exec = path.join(projectRoot, 'dist', 'scripts', 'orphan-guard-exec.js');
    // A parent that starts `sleep` under the guard, as npm start does, and prints the guard's pid.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `const c = require('node:child_process').spawn(process.execPath, [${JSON.stringify(exec)}, 'sleep', '60'], { stdio: ['pipe', 'inherit', 'inherit'] }); console.log(c.pid); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const guard = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(d.toString()))));
    const sleeper = await eventually(
      async () => Number(fs.readFileSync(`/proc/${guard}/task/${guard}/children`, 'utf8').trim().split(' ')[0]) || undefined,
      5_000,
      'the guarded program',
    );
    expect(runs(sleeper)).toBe(true);
    parent.kill('SIGKILL');
    await eventually(async () => (!runs(sleeper) && !runs(guard) ? true : undefined), 8_000, 'the guarded program to stop');
  });
});

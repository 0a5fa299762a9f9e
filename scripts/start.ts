import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { applyRetention, ensureSearchAttributes } from '../client/admin';
import { recordsDir } from '../client/records/open';
import { loadRecordSettings, retentionLabel } from '../config/records';
import { runMain, UserFacingError, ExitCode } from '../config/errors';
import { dataDir, projectRoot, requireTool, temporalCliPath } from '../config/paths';
import { connectionError, loadTemporalSettings, type TemporalSettings } from '../config/temporal';
import { startMailCatcher, type MailCatcher } from '../worker/mail-catcher';
import { ensureLocalLinkKey, loadWebSettings } from '../config/links';

/**
 * `npm start`: one command for the whole local system.
 * 1. Uses the Temporal server at TEMPORAL_ADDRESS if one answers; else, for a loopback address,
 *    starts the Temporal CLI's dev server with its SQLite file in the data folder and its Web UI.
 * 2. Registers the custom search attributes (idempotent).
 * 3. Starts the worker as a child process.
 * Ctrl-C (SIGINT) or SIGTERM stops the worker, then the dev server, and waits for both.
 */

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function splitAddress(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(address.slice(at + 1)) };
}

function isListening(host: string, port: number, timeoutMs = 700): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitForServer(settings: TemporalSettings, child: ChildProcess | undefined, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new UserFacingError(`máy chủ Temporal dev đã dừng khi khởi động (mã ${child.exitCode}).`);
    }
    try {
      const connection = await Connection.connect({ ...settings.connectionOptions, connectTimeout: 2000 });
      await connection.workflowService.getSystemInfo({});
      return connection;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw connectionError(settings, lastError);
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function main(): Promise<void> {
  const settings = loadTemporalSettings();
  const records = loadRecordSettings();
  const { host, port } = splitAddress(settings.address);
  const uiPort = Number(process.env.KIEMTRA_UI_PORT ?? 8233);
  const data = dataDir();
  const children: ChildProcess[] = [];
  const closers: (() => Promise<void>)[] = [];
  let server: ChildProcess | undefined;
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('\nkiemtra: đang dừng worker và máy chủ…\n');
    for (const child of [...children].reverse()) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await waitForExit(child, 20_000);
    }
    for (const close of closers) await close();
    process.stderr.write('kiemtra: đã dừng.\n');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  let serverNote: string;
  /** Starts the dev server again after it stopped while starting (see below); set when we run one. */
  let respawn: (() => ChildProcess) | undefined;
  if (await isListening(host, port)) {
    serverNote = `đang chạy sẵn, dùng máy chủ này`;
  } else if (LOOPBACK.has(host)) {
    const cli = requireTool(temporalCliPath(), 'Temporal CLI');
    fs.mkdirSync(data, { recursive: true });
    const dbFile = path.join(data, 'temporal.sqlite');
    const spawnServer = () =>
      spawn(
        cli,
        [
          'server',
          'start-dev',
          '--ip',
          host,
          '--port',
          String(port),
          '--ui-port',
          String(uiPort),
          '--db-filename',
          dbFile,
          '--namespace',
          settings.namespace,
          '--log-level',
          'error',
        ],
        { stdio: ['ignore', 'inherit', 'inherit'] },
      );
    server = spawnServer();
    children.push(server);
    respawn = () => {
      children.splice(children.indexOf(server!), 1);
      server = spawnServer();
      children.push(server);
      return server;
    };
    serverNote = `máy chủ dev (Temporal CLI), dữ liệu SQLite: ${path.relative(projectRoot, dbFile) || dbFile}`;
  } else {
    throw connectionError(settings, new Error('nothing listening'));
  }

  // The dev server picks its HTTP API port at random; another process can take that port before
  // the server binds it, and the server then stops at once. Start it again, twice at most.
  let connection: Connection | undefined;
  for (let attempt = 1; !connection; attempt++) {
    try {
      connection = await waitForServer(settings, server, 90_000);
    } catch (err) {
      if (!respawn || !server || server.exitCode === null || attempt >= 3) throw err;
      process.stderr.write('kiemtra: máy chủ Temporal dev dừng khi khởi động; khởi động lại…\n');
      respawn();
    }
  }
  try {
    const added = await ensureSearchAttributes(connection, settings.namespace);
    if (added.length > 0) process.stderr.write(`kiemtra: đã đăng ký search attribute: ${added.join(', ')}\n`);
  } catch (err) {
    process.stderr.write(
      `kiemtra: CẢNH BÁO: không đăng ký được search attribute (${(err as Error).message.split('\n')[0]}); ` +
        `hãy đăng ký chúng trên máy chủ này (xem README).\n`,
    );
  }
  let retentionNote = `${retentionLabel(records.retention)} sau khi kết thúc (KIEMTRA_RETENTION)`;
  try {
    await applyRetention(connection, settings.namespace, records.retention.hours);
  } catch (err) {
    retentionNote = `CHƯA ĐẶT ĐƯỢC ${retentionLabel(records.retention)} (${(err as Error).message.split('\n')[0]})`;
    process.stderr.write(`kiemtra: CẢNH BÁO: không đặt được thời gian lưu giữ của namespace ${settings.namespace}: ${retentionNote}.\n`);
  } finally {
    await connection.close();
  }

  let catcher: MailCatcher | undefined;
  const workerEnv = { ...process.env };
  if (!process.env.SMTP_HOST) {
    catcher = await startMailCatcher(path.join(data, 'outbox'), Number(process.env.KIEMTRA_SMTP_PORT ?? 2525));
    Object.assign(workerEnv, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(catcher.port), SMTP_SECURE: 'false' });
    closers.push(() => catcher!.close());
  }
  // The units' pages sign links with a key: the configured one, else a local key file made once.
  if (!process.env.KIEMTRA_LINK_KEY && !process.env.KIEMTRA_LINK_KEY_FILE) workerEnv.KIEMTRA_LINK_KEY_FILE = ensureLocalLinkKey();
  // One version for the local sandbox, made current at each start: the code changes at every edit
  // and the old one is not kept, so pinning executions to it would strand them (docs/versioning.md).
  workerEnv.KIEMTRA_BUILD_ID ??= 'dev';
  workerEnv.KIEMTRA_SET_CURRENT ??= 'always';
  const web = loadWebSettings(workerEnv);
  const workerMain = path.join(projectRoot, 'dist', 'worker', 'main.js');
  const worker = spawn(process.execPath, [workerMain], { stdio: ['ignore', 'inherit', 'inherit'], env: workerEnv });
  children.push(worker);
  const webMain = path.join(projectRoot, 'dist', 'web', 'main.js');
  const pages = spawn(process.execPath, [webMain], { stdio: ['ignore', 'inherit', 'inherit'], env: workerEnv });
  children.push(pages);

  for (const child of children) {
    child.once('exit', (code, signal) => {
      if (stopping) return;
      const name = child === worker ? 'worker' : child === pages ? 'trang đơn vị' : 'máy chủ Temporal dev';
      process.stderr.write(`kiemtra: ${name} đã dừng bất ngờ (${signal ?? `mã ${code}`}).\n`);
      void stop(ExitCode.failure);
    });
  }

  const uiLine = server ? `http://localhost:${uiPort}` : '(Web UI của máy chủ đang chạy sẵn)';
  process.stdout.write(
    [
      '',
      'kiemtra đã sẵn sàng',
      `  Temporal   ${settings.address}, namespace ${settings.namespace}: ${serverNote}`,
      `  Web UI     ${uiLine}`,
      `  Worker     hàng đợi "${settings.taskQueue}" (pid ${worker.pid})`,
      `  Trang đơn vị ${web.publicUrl} (pid ${pages.pid}; đường dẫn trong email, hoặc npx kiemtra link <đơn_vị> <việc>)`,
      catcher
        ? `  Thư đi     hộp thư thử nghiệm smtp://127.0.0.1:${catcher.port}, lưu tại ${catcher.dir} (npx kiemtra outbox)`
        : `  Thư đi     SMTP ${process.env.SMTP_HOST}`,
      `  Lưu giữ    Temporal giữ quy trình ${retentionNote}; hồ sơ lưu trữ: ${recordsDir()} (npx kiemtra records list)`,
      `  Dữ liệu    ${data}`,
      `  Dòng lệnh  npx kiemtra --help`,
      '  Dừng       Ctrl-C',
      '',
    ].join('\n'),
  );
}

void runMain(main);

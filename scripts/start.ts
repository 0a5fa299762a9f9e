import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { applyRetention, ensureSearchAttributes } from '../client/admin';
import { recordsDir } from '../client/records/open';
import { loadRecordSettings, retentionLabel, retentionSeconds, type RecordSettings } from '../config/records';
import { portInUseMessage, runMain, UserFacingError, ExitCode } from '../config/errors';
import { createLogger, loadLogLevel } from '../config/logging';
import { dataDir, projectRoot, requireTool, temporalCliPath } from '../config/paths';
import { connectionError, loadTemporalSettings, type TemporalSettings } from '../config/temporal';
import { z } from '../domain/validation';
import { startMailCatcher, type MailCatcher } from '../worker/mail-catcher';
import { ensureLocalLinkKey, loadWebSettings } from '../config/links';
import { tightenDataDir } from './data-modes';
import { exitText } from './restart-policy';
import { StartLockFile } from './start-lock';
import { nodeChild, programChild, Supervisor, type SupervisedChild } from './supervise';

/**
 * `npm start`: one command for the whole local system.
 * 1. Takes the data folder's lock (a second start, or one after an abrupt end that left processes,
 *    stops with one line) and makes the folder private: umask 077, folders 0700, files 0600.
 * 2. Uses the Temporal server at TEMPORAL_ADDRESS if one answers; else, for a loopback address,
 *    starts the Temporal CLI's dev server with its SQLite file in the data folder and its Web UI.
 * 3. Registers the custom search attributes (idempotent).
 * 4. Starts the mail catcher (without SMTP_HOST), the worker and the page server.
 * The children are supervised (scripts/supervise.ts): one that stops on its own is restarted with
 * backoff while the others stay up, and all of them stop with this process, even on kill -9.
 * Ctrl-C (SIGINT) or SIGTERM stops the page server, the worker, then the dev server, and waits.
 */

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The dev server stopping this many times before it answers is a start-up failure. */
const SERVER_START_ATTEMPTS = 3;

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

/** A port setting (KIEMTRA_UI_PORT, KIEMTRA_SMTP_PORT); a bad value names the variable (exit 2). */
function portSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  const parsed = z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .safeParse(raw || fallback);
  if (!parsed.success) throw new UserFacingError(`${name}="${raw}" không hợp lệ: cần một cổng từ 0 đến 65535.`, ExitCode.badInput);
  return parsed.data;
}

/** Fails with one line (exit 2) when `port` is taken, before anything of this run binds it. */
function assertPortFree(host: string, port: number, what: string, variable: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new UserFacingError(portInUseMessage(port, what, variable), ExitCode.badInput, err.message) : err),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/**
 * Waits until the Temporal server answers. `failed` says why to stop waiting (the dev server we run
 * keeps stopping), else undefined.
 */
async function waitForServer(settings: TemporalSettings, failed: () => string | undefined, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const why = failed();
    if (why) throw new UserFacingError(why);
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

/** Registers the search attributes; a server that refuses gets a warning, not a stop. */
async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  try {
    const added = await ensureSearchAttributes(connection, namespace);
    if (added.length > 0) process.stderr.write(`kiemtra: đã đăng ký search attribute: ${added.join(', ')}\n`);
  } catch (err) {
    process.stderr.write(
      `kiemtra: CẢNH BÁO: không đăng ký được search attribute (${(err as Error).message.split('\n')[0]}); ` +
        `hãy đăng ký chúng trên máy chủ này (xem README).\n`,
    );
  }
}

/** Sets the namespace's retention (KIEMTRA_RETENTION); returns the banner's note, a warning if refused. */
async function setRetention(connection: Connection, namespace: string, retention: RecordSettings['retention']): Promise<string> {
  try {
    await applyRetention(connection, namespace, retentionSeconds(retention));
    return `${retentionLabel(retention)} sau khi kết thúc (KIEMTRA_RETENTION)`;
  } catch (err) {
    const note = `CHƯA ĐẶT ĐƯỢC ${retentionLabel(retention)} (${(err as Error).message.split('\n')[0]})`;
    process.stderr.write(`kiemtra: CẢNH BÁO: không đặt được thời gian lưu giữ của namespace ${namespace}: ${note}.\n`);
    return note;
  }
}

/** The dev server's arguments: its address, its Web UI, its SQLite file in the data folder. */
function devServerArgs(host: string, port: number, uiPort: number, dbFile: string, namespace: string): string[] {
  return [
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
    namespace,
    '--log-level',
    'error',
  ];
}

async function main(): Promise<void> {
  // Everything this run and its children create is the operator's alone (docs/operations.md#modes).
  process.umask(0o077);
  const settings = loadTemporalSettings();
  const records = loadRecordSettings();
  // The dev server has no JWT authorizer: a login on its UI alone would not stop a supervisor's
  // terminate. The door is `npm run cluster` (docs/supervisors.md#the-login).
  if (process.env.KIEMTRA_OIDC_ISSUER)
    throw new UserFacingError(
      'npm start không có đăng nhập OIDC (máy chủ dev không kiểm tra quyền theo JWT): bỏ KIEMTRA_OIDC_ISSUER, hoặc chạy npm run cluster để có Web UI đăng nhập và phân quyền.',
      ExitCode.badInput,
    );
  const { host, port } = splitAddress(settings.address);
  const uiPort = portSetting('KIEMTRA_UI_PORT', 8233);
  const smtpPort = portSetting('KIEMTRA_SMTP_PORT', 2525);
  const data = dataDir();
  const log = createLogger('start', loadLogLevel());
  tightenDataDir(data);

  // The children's settings: the mail catcher's SMTP (below), the units' link key (the configured
  // one, else a local key file made once), one local version made current at each start (the code
  // changes at every edit and the old one is not kept, so pinning executions to it would strand
  // them: docs/versioning.md).
  const childEnv = { ...process.env };
  if (!process.env.KIEMTRA_LINK_KEY && !process.env.KIEMTRA_LINK_KEY_FILE) childEnv.KIEMTRA_LINK_KEY_FILE = ensureLocalLinkKey();
  childEnv.KIEMTRA_BUILD_ID ??= 'dev';
  childEnv.KIEMTRA_SET_CURRENT ??= 'always';
  const web = loadWebSettings(childEnv);
  const useCatcher = !process.env.SMTP_HOST;
  const runsServer = !(await isListening(host, port));
  if (runsServer && !LOOPBACK.has(host)) throw connectionError(settings, new Error('nothing listening'));

  const ports: Record<string, number> = { 'trang đơn vị': web.port };
  if (runsServer) ports['Web UI'] = uiPort;
  if (useCatcher && smtpPort) ports['hộp thư thử nghiệm'] = smtpPort;
  const lock = StartLockFile.acquire(data, {
    orchestrator: { label: 'npm start', pid: process.pid, match: path.basename(__filename) },
    startedAt: new Date().toISOString(),
    temporal: settings.address,
    ports,
    children: [],
  });

  const closers: (() => Promise<void>)[] = [];
  let stopping = false;
  const supervisor = new Supervisor({
    log,
    onChange: () => {
      if (!stopping) lock.update(supervisor.locked());
    },
    onGiveUp: () => void stop(ExitCode.failure),
  });
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('\nkiemtra: đang dừng worker và máy chủ…\n');
    await supervisor.stop();
    for (const close of closers) await close();
    lock.release();
    process.stderr.write('kiemtra: đã dừng.\n');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // Anything that fails from here on stops what was started and frees the lock before it is said.
  try {
    await assertPortFree(web.host, web.port, 'trang đơn vị', 'KIEMTRA_WEB_PORT');
    if (useCatcher) await assertPortFree('127.0.0.1', smtpPort, 'hộp thư thử nghiệm', 'KIEMTRA_SMTP_PORT');
    if (runsServer) await assertPortFree(host, uiPort, 'Temporal Web UI', 'KIEMTRA_UI_PORT');

    // The dev server, when no server answers. Its HTTP API port is picked at random and another
    // process can take it before the server binds it; the server then stops and is restarted.
    let server: SupervisedChild | undefined;
    let serverNote = 'đang chạy sẵn, dùng máy chủ này';
    if (runsServer) {
      const cli = requireTool(temporalCliPath(), 'Temporal CLI');
      const dbFile = path.join(data, 'temporal.sqlite');
      server = supervisor.start(
        programChild('temporal', 'máy chủ Temporal dev', cli, devServerArgs(host, port, uiPort, dbFile, settings.namespace), 'start-dev'),
      );
      serverNote = `máy chủ dev (Temporal CLI), dữ liệu SQLite: ${path.relative(projectRoot, dbFile) || dbFile}`;
    }
    const startFailure = () =>
      server && server.crashes >= SERVER_START_ATTEMPTS
        ? `máy chủ Temporal dev dừng ${server.crashes} lần khi khởi động (lần cuối: ${exitText(server.lastExit!)}); xem lỗi phía trên.`
        : undefined;
    const connection = await waitForServer(settings, startFailure, 90_000);
    let retentionNote: string;
    try {
      await registerSearchAttributes(connection, settings.namespace);
      retentionNote = await setRetention(connection, settings.namespace, records.retention);
    } finally {
      await connection.close();
    }

    let catcher: MailCatcher | undefined;
    if (useCatcher) {
      catcher = await startMailCatcher(path.join(data, 'outbox'), smtpPort);
      Object.assign(childEnv, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(catcher.port), SMTP_SECURE: 'false' });
      closers.push(() => catcher!.close());
    }
    const worker = supervisor.start(nodeChild('worker', 'worker', path.join(projectRoot, 'dist', 'worker', 'main.js'), childEnv));
    const pages = supervisor.start(nodeChild('web', 'trang đơn vị', path.join(projectRoot, 'dist', 'web', 'main.js'), childEnv));

    const uiLine = server
      ? `http://localhost:${uiPort} (không có đăng nhập: chỉ mở trên máy này; ai dùng máy này đều xem và thao tác được)`
      : '(Web UI của máy chủ đang chạy sẵn)';
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
        `  Dữ liệu    ${data} (chỉ tài khoản này đọc được)`,
        `  Dòng lệnh  npx kiemtra --help`,
        '  Dừng       Ctrl-C (worker hoặc trang đơn vị dừng bất ngờ được tự khởi động lại)',
        '',
      ].join('\n'),
    );
  } catch (err) {
    stopping = true;
    await supervisor.stop();
    for (const close of closers) await close();
    lock.release();
    throw err;
  }
}

void runMain(main);

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { msToTs, type WorkerDeploymentVersion } from '@temporalio/common';
import { applyRetention, ensureSearchAttributes } from '../client/admin';
import { loadRecordSettings, retentionSeconds } from '../config/records';
import { ExitCode, reportError, runMain, UserFacingError } from '../config/errors';
import { dataDir, projectRoot } from '../config/paths';
import { discoverJwksUri, loadOidcSettings, uiAuthEnv } from '../config/oidc';
import { loadTemporalSettings } from '../config/temporal';
import { loadWorkerDeployment } from '../config/worker';
import { currentVersion, drainageStatus, setCurrentVersion, versionLabel } from '../worker/deployment';
import { startMailCatcher, type MailCatcher } from '../worker/mail-catcher';
import { recordStoreEnv, setupTemporalSchemas, startClusterPostgres } from './cluster-postgres';

/**
 * `npm run cluster`: kiemtra on a real Temporal cluster, on this machine.
 *  1. PostgreSQL: a cluster of its own under `.data/cluster/pg` (initdb once), with the `temporal`
 *     and `temporal_visibility` databases and the Temporal schemas of the pinned server version,
 *     and `kiemtra`, the record store of closed processes (scripts/cluster-postgres.ts).
 *  2. The four Temporal services (frontend, history, matching, worker), each a process of its own,
 *     configured by cluster/config/kiemtra.yaml; the Web UI (cluster/ui) when it was built.
 *  3. The default namespace and kiemtra's search attributes (idempotent).
 *  4. Two kiemtra workers, and a mail catcher for their emails unless SMTP_HOST is set.
 * `npm run cluster -- --next-build-id <id>` is an upgrade (docs/versioning.md): the two workers of
 * the current version (KIEMTRA_BUILD_ID, else the deployment's current build id) run as before,
 * two workers of version <id> beside them; <id> is made current, and the old version's drainage is
 * printed until it is drained. KIEMTRA_CLUSTER_DYNAMIC_CONFIG names another dynamic config file.
 * A process that dies unexpectedly is restarted (as a service manager would). Ctrl-C stops all of
 * it; the next start finds every workflow. The frontend answers at TEMPORAL_ADDRESS, as with npm start.
 * With KIEMTRA_OIDC_ISSUER (config/oidc.ts) the Web UI asks for a login at that provider and the
 * frontend checks every call's JWT (the workers' is TEMPORAL_API_KEY); a fifth service, the
 * internal-frontend, serves the services' own calls and this script's set-up.
 * Where each process's pid is: `.data/cluster/pids.json` (the cluster test kills some with -9).
 */

const run = promisify(execFile);
const SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
/** The frontend of the services' own calls, run only with the JWT authorizer (KIEMTRA_OIDC_ISSUER). */
const INTERNAL_FRONTEND = 'internal-frontend';
const tools = path.join(projectRoot, '.tools', 'cluster');

interface Ports {
  pg: number;
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  membership: Record<(typeof SERVICES)[number], number>;
  /** The internal-frontend's gRPC, HTTP and membership ports (used with KIEMTRA_OIDC_ISSUER only). */
  internalFrontend: { grpc: number; http: number; membership: number };
  ui: number;
}

/** Ports from the environment, else the defaults of a single-machine cluster. */
function portsFrom(env: NodeJS.ProcessEnv, frontend: number): Ports {
  const n = (name: string, fallback: number) => {
    const v = env[name] ? Number(env[name]) : fallback;
    if (!Number.isInteger(v) || v <= 0 || v > 65535)
      throw new UserFacingError(`${name}="${env[name]}" không hợp lệ: cổng từ 1 đến 65535.`, ExitCode.badInput);
    return v;
  };
  // Temporal keeps membership ports in a smallint column.
  const m = (name: string, fallback: number) => {
    const v = n(name, fallback);
    if (v > 32767) throw new UserFacingError(`${name}="${v}" không hợp lệ: cổng membership phải nhỏ hơn 32768.`, ExitCode.badInput);
    return v;
  };
  return {
    pg: n('KIEMTRA_CLUSTER_PG_PORT', 55432),
    frontend,
    frontendHttp: n('KIEMTRA_CLUSTER_FRONTEND_HTTP_PORT', 7243),
    history: n('KIEMTRA_CLUSTER_HISTORY_PORT', 7234),
    matching: n('KIEMTRA_CLUSTER_MATCHING_PORT', 7235),
    worker: n('KIEMTRA_CLUSTER_WORKER_PORT', 7239),
    membership: {
      frontend: m('KIEMTRA_CLUSTER_FRONTEND_MEMBERSHIP_PORT', 6933),
      history: m('KIEMTRA_CLUSTER_HISTORY_MEMBERSHIP_PORT', 6934),
      matching: m('KIEMTRA_CLUSTER_MATCHING_MEMBERSHIP_PORT', 6935),
      worker: m('KIEMTRA_CLUSTER_WORKER_MEMBERSHIP_PORT', 6939),
    },
    internalFrontend: {
      grpc: n('KIEMTRA_CLUSTER_INTERNAL_FRONTEND_PORT', 7236),
      http: n('KIEMTRA_CLUSTER_INTERNAL_FRONTEND_HTTP_PORT', 7246),
      membership: m('KIEMTRA_CLUSTER_INTERNAL_FRONTEND_MEMBERSHIP_PORT', 6936),
    },
    ui: n('KIEMTRA_UI_PORT', 8233),
  };
}

/** A child process kept alive: restarted when it dies, unless the cluster is stopping. */
class Supervised {
  child: ChildProcess | undefined;
  restarts = 0;
  private stopping = false;
  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: string,
    private readonly onChange: () => void,
  ) {}
  start(): void {
    const out = fs.openSync(this.log, 'a');
    const child = spawn(this.command, this.args, { env: this.env, stdio: ['ignore', out, out], cwd: projectRoot });
    this.child = child;
    this.onChange();
    child.once('exit', (code, signal) => {
      fs.closeSync(out);
      if (this.stopping) return;
      this.restarts++;
      process.stderr.write(`kiemtra cluster: ${this.name} đã dừng bất ngờ (${signal ?? `mã ${code}`}); khởi động lại.\n`);
      setTimeout(() => this.start(), 1000);
    });
  }
  async stop(signal: NodeJS.Signals = 'SIGINT', timeoutMs = 30_000): Promise<void> {
    this.stopping = true;
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill(signal);
    const timer = setTimeout(() => c.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}

async function waitForFrontend(address: string, timeoutMs: number, logs: string): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2000 });
      await connection.workflowService.getSystemInfo({});
      return connection;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  throw new UserFacingError(
    `frontend Temporal không sẵn sàng sau ${timeoutMs / 1000} s (${(last as Error)?.message?.split('\n')[0]}); xem nhật ký trong ${logs}.`,
  );
}

/** The namespace, registered once, keeping closed workflows for KIEMTRA_RETENTION (default 30 days; docs/records.md). */
async function ensureNamespace(connection: Connection, namespace: string): Promise<void> {
  const seconds = retentionSeconds(loadRecordSettings().retention);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const exists = await connection.workflowService.describeNamespace({ namespace }).then(
      () => true,
      () => false,
    );
    if (exists) {
      await applyRetention(connection, namespace, seconds);
      return;
    }
    try {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(seconds * 1000) });
      process.stderr.write(`kiemtra cluster: đã tạo namespace ${namespace}\n`);
    } catch (err) {
      if (!/already/i.test((err as Error).message) && Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Whether `url` answers an HTTP request within `timeoutMs` (the Web UI takes a few seconds to listen). */
async function answers(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** The command line: nothing, or `--next-build-id <id>` (an id as KIEMTRA_BUILD_ID takes). */
function clusterArgs(argv: string[]): { nextBuildId?: string } {
  let values: { 'next-build-id'?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { 'next-build-id': { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch {
    throw new UserFacingError(
      `tham số không hợp lệ: ${argv.join(' ')}. Cách dùng: npm run cluster [-- --next-build-id <mã phiên bản>].`,
      ExitCode.badInput,
    );
  }
  const next = values['next-build-id'];
  if (next === undefined) return {};
  try {
    loadWorkerDeployment({ KIEMTRA_BUILD_ID: next });
  } catch (err) {
    if (err instanceof UserFacingError)
      throw new UserFacingError(err.message.replace(/^KIEMTRA_BUILD_ID=/, '--next-build-id '), ExitCode.badInput);
    throw err;
  }
  return { nextBuildId: next };
}

const DRAINAGE_LABELS = { draining: 'đang rút (draining)', drained: 'đã rút hết (drained)', unspecified: 'chưa rút' } as const;

/**
 * The upgrade of `--next-build-id`: waits for the old version to be known (on new data its first
 * worker makes it current), makes the next one current, then prints the old version's drainage
 * status and its open pinned executions at each change, until the server reports it drained.
 */
async function upgrade(
  address: string,
  namespace: string,
  oldBuildId: string | undefined,
  next: WorkerDeploymentVersion,
  stopping: () => boolean,
): Promise<void> {
  const say = (line: string) => void process.stdout.write(`kiemtra cluster: ${line}\n`);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const connection = await Connection.connect({ address });
  try {
    let old: WorkerDeploymentVersion | undefined = oldBuildId ? { deploymentName: next.deploymentName, buildId: oldBuildId } : undefined;
    for (let tries = 0; !old && tries < 120 && !stopping(); tries++) {
      old = await currentVersion(connection, namespace, next.deploymentName);
      if (!old) await sleep(1000);
    }
    if (!old) throw new UserFacingError(`${next.deploymentName} chưa có phiên bản hiện hành sau 120 s; xem nhật ký của kiemtra-worker-1.`);
    await setCurrentVersion(connection, namespace, next, 'kiemtra-cluster', 120_000);
    say(
      `${versionLabel(next)} là phiên bản hiện hành thay ${versionLabel(old)}: quy trình mới chạy trên ${next.buildId}, quy trình đã ghim vào ${old.buildId} vẫn do worker của ${old.buildId} phục vụ.`,
    );
    const client = new Client({ connection, namespace });
    const pinned = `TemporalWorkerDeploymentVersion = '${old.deploymentName}:${old.buildId}' AND TemporalWorkflowVersioningBehavior = 'Pinned' AND ExecutionStatus = 'Running'`;
    let last = '';
    while (!stopping()) {
      try {
        const [status, open] = await Promise.all([drainageStatus(connection, namespace, old), client.workflow.count(pinned)]);
        const line = `${versionLabel(next)}: hiện hành; ${versionLabel(old)}: ${DRAINAGE_LABELS[status]}, còn ${open.count} quy trình ghim đang mở.`;
        if (line !== last) say(line);
        last = line;
        if (status === 'drained') {
          say(
            `${versionLabel(old)} đã rút hết: có thể dừng các worker của nó (kiemtra-worker-1, kiemtra-worker-2) khi không còn cần truy vấn các quy trình đã đóng của nó; lần chạy sau: KIEMTRA_BUILD_ID=${next.buildId} npm run cluster.`,
          );
          return;
        }
      } catch (err) {
        say(`chưa đọc được trạng thái rút của ${versionLabel(old)} (${(err as Error).message.split('\n')[0]}); thử lại.`);
      }
      await sleep(5000);
    }
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const { nextBuildId } = clusterArgs(process.argv.slice(2));
  const settings = loadTemporalSettings();
  const deployment = loadWorkerDeployment();
  if (nextBuildId && deployment.buildId === nextBuildId)
    throw new UserFacingError(
      `--next-build-id ${nextBuildId} trùng với KIEMTRA_BUILD_ID: phiên bản mới phải khác phiên bản cũ.`,
      ExitCode.badInput,
    );
  const [host, portText] = [
    settings.address.slice(0, settings.address.lastIndexOf(':')),
    settings.address.slice(settings.address.lastIndexOf(':') + 1),
  ];
  if (!['127.0.0.1', 'localhost'].includes(host))
    throw new UserFacingError(
      `npm run cluster chạy cụm trên máy này: TEMPORAL_ADDRESS phải là 127.0.0.1:<cổng> (đang là ${settings.address}).`,
      ExitCode.badInput,
    );
  const ports = portsFrom(process.env, Number(portText));
  const oidc = loadOidcSettings();
  const uiHost = process.env.KIEMTRA_UI_HOST || '127.0.0.1';
  if (!oidc && !['127.0.0.1', 'localhost', '::1'].includes(uiHost))
    throw new UserFacingError(
      `KIEMTRA_UI_HOST=${uiHost}: Web UI chưa có đăng nhập nên chỉ mở trên 127.0.0.1; đặt KIEMTRA_OIDC_ISSUER (docs/supervisors.md) trước khi mở ra mạng.`,
      ExitCode.badInput,
    );
  if (oidc && !settings.connectionOptions.apiKey)
    throw new UserFacingError(
      'KIEMTRA_OIDC_ISSUER đã đặt nên Temporal kiểm tra JWT của mọi lời gọi: đặt TEMPORAL_API_KEY (hoặc TEMPORAL_API_KEY_FILE trong hồ sơ TEMPORAL_CONFIG_FILE) là JWT của worker, có quyền <namespace>:write, do nhà cung cấp OIDC cấp.',
      ExitCode.badInput,
    );
  const jwksUri = oidc ? await discoverJwksUri(oidc.issuer) : undefined;
  // With the authorizer, this script's own set-up goes through the internal-frontend.
  const adminAddress = oidc ? `127.0.0.1:${ports.internalFrontend.grpc}` : settings.address;
  const services: string[] = oidc ? [...SERVICES, INTERNAL_FRONTEND] : [...SERVICES];
  const { stdout: pgBinOut } = await run('bash', [path.join(projectRoot, 'scripts', 'provision-cluster.sh')], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const pgBin = pgBinOut.trim().split('\n').at(-1)!;
  const dir = path.join(dataDir(), 'cluster');
  fs.mkdirSync(dir, { recursive: true });
  const logs = path.join(dir, 'logs');
  fs.mkdirSync(logs, { recursive: true });

  const postgres = await startClusterPostgres(pgBin, dir, ports.pg);
  const processes: Supervised[] = [];
  let catcher: MailCatcher | undefined;
  let stopping = false;
  const pidsFile = path.join(dir, 'pids.json');
  const writePids = () =>
    fs.writeFileSync(pidsFile, JSON.stringify(Object.fromEntries(processes.map((p) => [p.name, p.child?.pid])), null, 2));
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('\nkiemtra cluster: đang dừng workers, Web UI, các dịch vụ Temporal và PostgreSQL…\n');
    // Workers first (they finish their activities), then the services, the frontend last.
    const order = [
      ...processes.filter((p) => p.name.startsWith('kiemtra-')).map((p) => p.name),
      'ui',
      'worker',
      'matching',
      'history',
      'frontend',
      INTERNAL_FRONTEND,
    ];
    for (const name of order) await processes.find((p) => p.name === name)?.stop();
    await catcher?.close();
    await postgres.stop();
    process.stderr.write('kiemtra cluster: đã dừng.\n');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    await setupTemporalSchemas(ports.pg, postgres.password);
    const serviceEnv: NodeJS.ProcessEnv = {
      ...process.env,
      KIEMTRA_CLUSTER_PG_PORT: String(ports.pg),
      KIEMTRA_CLUSTER_PG_PASSWORD: postgres.password,
      KIEMTRA_CLUSTER_FRONTEND_PORT: String(ports.frontend),
      KIEMTRA_CLUSTER_FRONTEND_HTTP_PORT: String(ports.frontendHttp),
      KIEMTRA_CLUSTER_HISTORY_PORT: String(ports.history),
      KIEMTRA_CLUSTER_MATCHING_PORT: String(ports.matching),
      KIEMTRA_CLUSTER_WORKER_PORT: String(ports.worker),
      KIEMTRA_CLUSTER_FRONTEND_MEMBERSHIP_PORT: String(ports.membership.frontend),
      KIEMTRA_CLUSTER_HISTORY_MEMBERSHIP_PORT: String(ports.membership.history),
      KIEMTRA_CLUSTER_MATCHING_MEMBERSHIP_PORT: String(ports.membership.matching),
      KIEMTRA_CLUSTER_WORKER_MEMBERSHIP_PORT: String(ports.membership.worker),
      KIEMTRA_CLUSTER_DYNAMIC_CONFIG:
        process.env.KIEMTRA_CLUSTER_DYNAMIC_CONFIG || path.join(projectRoot, 'cluster', 'config', 'dynamicconfig', 'kiemtra.yaml'),
      KIEMTRA_CLUSTER_JWKS_URI: jwksUri ?? '',
      KIEMTRA_CLUSTER_PERMISSIONS_CLAIM: oidc?.permissionsClaim ?? '',
      KIEMTRA_CLUSTER_INTERNAL_FRONTEND_PORT: String(ports.internalFrontend.grpc),
      KIEMTRA_CLUSTER_INTERNAL_FRONTEND_HTTP_PORT: String(ports.internalFrontend.http),
      KIEMTRA_CLUSTER_INTERNAL_FRONTEND_MEMBERSHIP_PORT: String(ports.internalFrontend.membership),
    };
    for (const service of services) {
      const p = new Supervised(
        service,
        path.join(tools, 'bin', 'server'),
        ['--config-file', path.join(projectRoot, 'cluster', 'config', 'kiemtra.yaml'), '--allow-no-auth', 'start', '--service', service],
        serviceEnv,
        path.join(logs, `${service}.log`),
        writePids,
      );
      processes.push(p);
      p.start();
    }
    const connection = await waitForFrontend(adminAddress, 180_000, logs);
    // GetSystemInfo needs no token: the public frontend's answer says it is up.
    if (oidc) await (await waitForFrontend(settings.address, 180_000, logs)).close();
    // With --next-build-id, the workers "as before" are those of the current version.
    let oldBuildId = deployment.buildId;
    try {
      await ensureNamespace(connection, settings.namespace);
      await ensureSearchAttributes(connection, settings.namespace);
      if (nextBuildId) {
        oldBuildId ??= (await currentVersion(connection, settings.namespace, deployment.deploymentName))?.buildId;
        if (oldBuildId === nextBuildId)
          throw new UserFacingError(
            `${deployment.deploymentName}/${nextBuildId} đã là phiên bản hiện hành: đặt KIEMTRA_BUILD_ID=<phiên bản cũ> để chạy kèm các worker của phiên bản cũ, hoặc bỏ --next-build-id.`,
            ExitCode.badInput,
          );
      }
    } finally {
      await connection.close();
    }

    const uiBinary = path.join(tools, 'ui', 'server');
    if (fs.existsSync(uiBinary)) {
      const ui = new Supervised(
        'ui',
        uiBinary,
        ['--root', projectRoot, '--config', 'cluster/ui', '--env', 'kiemtra', 'start'],
        {
          ...process.env,
          TEMPORAL_ADDRESS: settings.address,
          KIEMTRA_UI_PORT: String(ports.ui),
          KIEMTRA_UI_HOST: uiHost,
          TEMPORAL_NAMESPACE: settings.namespace,
          ...uiAuthEnv(oidc, ports.ui),
        },
        path.join(logs, 'ui.log'),
        writePids,
      );
      processes.push(ui);
      ui.start();
    }
    const uiUp = fs.existsSync(uiBinary) && (await answers(`http://127.0.0.1:${ports.ui}/`, 60_000));

    // The workers keep the records of closed processes in PostgreSQL (docs/backup.md).
    const workerEnv: NodeJS.ProcessEnv = { ...process.env, ...recordStoreEnv(dir, ports.pg) };
    if (!process.env.SMTP_HOST) {
      catcher = await startMailCatcher(path.join(dir, 'outbox'), Number(process.env.KIEMTRA_SMTP_PORT ?? 0));
      Object.assign(workerEnv, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(catcher.port), SMTP_SECURE: 'false' });
    }
    // An upgrade: the old version's workers never take the current version back (a restart of
    // one with KIEMTRA_SET_CURRENT=always would); the next version's wait for the switch below.
    const groups: [string, NodeJS.ProcessEnv][] = nextBuildId
      ? [
          ['kiemtra-worker', { ...workerEnv, ...(oldBuildId ? { KIEMTRA_BUILD_ID: oldBuildId } : {}), KIEMTRA_SET_CURRENT: 'if-none' }],
          ['kiemtra-next-worker', { ...workerEnv, KIEMTRA_BUILD_ID: nextBuildId, KIEMTRA_SET_CURRENT: 'never' }],
        ]
      : [['kiemtra-worker', workerEnv]];
    for (const [prefix, env] of groups) {
      for (const n of [1, 2]) {
        const w = new Supervised(
          `${prefix}-${n}`,
          process.execPath,
          [path.join(projectRoot, 'dist', 'worker', 'main.js')],
          env,
          path.join(logs, `${prefix}-${n}.log`),
          writePids,
        );
        processes.push(w);
        w.start();
      }
    }
    writePids();
    process.stdout.write(
      [
        '',
        'kiemtra cluster đã sẵn sàng',
        `  Temporal    ${settings.address}, namespace ${settings.namespace}: frontend, history, matching, worker (4 tiến trình)${oidc ? `, internal-frontend 127.0.0.1:${ports.internalFrontend.grpc}` : ''}`,
        `  PostgreSQL  127.0.0.1:${ports.pg}, dữ liệu ${path.join(dir, 'pg')} (persistence, visibility và kho hồ sơ kiemtra)`,
        `  Web UI      ${uiUp ? `http://localhost:${ports.ui}` : fs.existsSync(uiBinary) ? `chưa trả lời tại http://localhost:${ports.ui} (xem ${path.join(logs, 'ui.log')})` : 'không có (không dựng được ui-server)'}`,
        oidc
          ? `  Đăng nhập   OIDC tại ${oidc.issuer}; quyền theo claim "${oidc.permissionsClaim}" (${settings.namespace}:read chỉ xem, ${settings.namespace}:write được thao tác), Temporal kiểm tra JWT`
          : '  Đăng nhập   KHÔNG CÓ: ai mở được Web UI trên máy này đều xem và thao tác được; đặt KIEMTRA_OIDC_ISSUER (docs/supervisors.md)',
        `  Workers     2 worker kiemtra${nextBuildId ? `${oldBuildId ? ` (phiên bản ${oldBuildId})` : ''} và 2 worker phiên bản ${nextBuildId}` : ''}, hàng đợi "${settings.taskQueue}"`,
        `  Thư đi      ${catcher ? `hộp thư thử nghiệm, lưu tại ${catcher.dir}` : `SMTP ${process.env.SMTP_HOST}`}`,
        `  Nhật ký     ${logs}`,
        '  Dừng        Ctrl-C',
        '',
      ].join('\n'),
    );
    // The cluster keeps running whatever becomes of the upgrade.
    if (nextBuildId)
      void upgrade(
        adminAddress,
        settings.namespace,
        oldBuildId,
        { deploymentName: deployment.deploymentName, buildId: nextBuildId },
        () => stopping,
      ).catch((err: unknown) =>
        process.stderr.write(
          `kiemtra cluster: nâng cấp lên ${nextBuildId} không thành: ${err instanceof UserFacingError ? err.message : (err as Error).message.split('\n')[0]}\n`,
        ),
      );
  } catch (err) {
    // stop() exits the process: the error is reported first.
    await stop(reportError(err)).catch(() => undefined);
    throw err;
  }
}

void runMain(main);

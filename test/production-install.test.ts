import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Connection } from '@temporalio/client';
import { projectRoot } from '../config/paths';
import { readToolVersions } from '../config/tool-versions';
import { headlessDevServer, type HeadlessDevServer } from './kit/dev-server';
import { freePort } from '../scripts/net';
import { startMailCatcher, type MailCatcher } from '../worker/mail-catcher';
import { background, cleanEnv, run, type Background } from './kit/process';
import { waitForWorkflowPoller } from './kit/temporal';

/** Total size of a folder's files, in bytes. */
function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/**
 * A production install as an operator makes it: `npm run package`, the tarball unpacked in a
 * folder of its own, `npm ci --omit=dev`, then `npm run worker` and `npm run web` against a dev
 * server, on the Node of this test's PATH (Node 24 in CI, .ci/run).
 */
describe('the production package', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-package-'));
  const app = path.join(dir, 'package');
  let server: HeadlessDevServer | undefined;
  let catcher: MailCatcher | undefined;
  const processes: Background[] = [];
  afterAll(async () => {
    // npm forwards the signal to the node process under it.
    for (const p of processes) await p.stop('SIGTERM');
    await catcher?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('installs with npm ci --omit=dev, without dev dependencies, and its worker and page server start on Node 24', async () => {
    // The Node this test runs on, first on the children's PATH, as .ci/run does.
    const nodeDir = path.dirname(process.execPath);
    const env = (extra: NodeJS.ProcessEnv) => cleanEnv({ PATH: `${nodeDir}${path.delimiter}${process.env.PATH ?? ''}`, ...extra });

    const packed = await run('bash', [path.join(projectRoot, 'scripts', 'package.sh'), dir], env({}));
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = packed.stdout.trim();
    expect(path.basename(tarball)).toMatch(/^kiemtra-\d+\.\d+\.\d+\.tgz$/);
    expect((await run('tar', ['-xzf', tarball, '-C', dir])).code).toBe(0);
    expect(fs.existsSync(path.join(app, 'dist', 'worker', 'main.js'))).toBe(true);
    expect(fs.existsSync(path.join(app, 'npm-shrinkwrap.json'))).toBe(true);
    // Sources and tests stay out of the package.
    expect(fs.existsSync(path.join(app, 'workflows'))).toBe(false);
    expect(fs.existsSync(path.join(app, 'test'))).toBe(false);
    expect(fs.existsSync(path.join(app, 'dist', 'bench'))).toBe(false);

    const install = await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], env({}), undefined, app);
    expect(install.code, install.stderr).toBe(0);
    expect(install.stderr).not.toMatch(/EBADENGINE/);
    for (const dev of ['typescript', 'vitest', '@temporalio/testing', 'playwright-core', 'ical.js']) {
      expect(fs.existsSync(path.join(app, 'node_modules', dev)), dev).toBe(false);
    }
    // The CLI runs from the package too, its mailbox command included.
    const outbox = await run(
      process.execPath,
      [path.join(app, 'dist', 'client', 'cli', 'cli.js'), 'outbox'],
      env({ KIEMTRA_DATA_DIR: path.join(dir, 'data') }),
      undefined,
      app,
    );
    expect(outbox.code, outbox.stderr).toBe(0);
    expect(outbox.stdout).toContain('Hộp thư trống');
    process.stdout.write(
      `production install: tarball ${(fs.statSync(tarball).size / 1024).toFixed(0)} KiB, node_modules ${(sizeOf(path.join(app, 'node_modules')) / 2 ** 20).toFixed(0)} MiB\n`,
    );

    server = await headlessDevServer(path.join(dir, 'temporal.sqlite'));
    await server.start();
    catcher = await startMailCatcher(path.join(dir, 'outbox'), 0);
    const runtime = env({
      TEMPORAL_ADDRESS: server.address,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(catcher.port),
      SMTP_SECURE: 'false',
      KIEMTRA_DATA_DIR: path.join(dir, 'data'),
      KIEMTRA_LINK_KEY: randomBytes(32).toString('base64url'),
      KIEMTRA_WEB_PORT: String(await freePort()),
    });

    const worker = background('npm', ['run', '--silent', 'worker'], runtime, app);
    processes.push(worker);
    await worker.waitFor(/kiemtra worker: đang nhận việc/, 120_000);
    const reported = /Node (\d+\.\d+\.\d+)\)/.exec(worker.output())?.[1];
    expect(reported).toBe(process.versions.node);
    expect(Number(reported!.split('.')[0])).toBeGreaterThanOrEqual(Number(readToolVersions().node.split('.')[0]));

    const connection = await Connection.connect({ address: server.address });
    try {
      await waitForWorkflowPoller(connection, 'kiemtra', 'the packaged worker polling the kiemtra task queue');
    } finally {
      await connection.close();
    }

    const web = background('npm', ['run', '--silent', 'web'], runtime, app);
    processes.push(web);
    await web.waitFor(/kiemtra trang đơn vị: /, 60_000);
    expect((await fetch(`http://127.0.0.1:${runtime.KIEMTRA_WEB_PORT}/healthz`)).ok).toBe(true);
  }, 300_000);
});

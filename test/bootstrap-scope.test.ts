import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';

/**
 * `npm start` provisions only what it runs; the tests' tool (the 84 MB time-skipping test server)
 * comes with the tests' own step. The real scripts/bootstrap.sh runs in a scratch copy of the
 * project whose build is a no-op, with the Temporal CLI given by TEMPORAL_CLI and a python3 and
 * mvn that fail, so nothing is downloaded: a bootstrap that reached for the test server says so.
 */
describe('the bootstrap', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-bootstrap-'));
  fs.mkdirSync(path.join(root, 'scripts'));
  for (const f of ['bootstrap.sh', 'versions.env', 'provision-node.sh'])
    fs.copyFileSync(path.join(projectRoot, 'scripts', f), path.join(root, 'scripts', f));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'scratch', private: true, scripts: { build: 'true' } }));
  fs.mkdirSync(path.join(root, 'node_modules'));
  fs.writeFileSync(path.join(root, 'node_modules', '.package-lock.json'), '{}');
  const fake = path.join(root, 'fake-bin');
  fs.mkdirSync(fake);
  const exe = (file: string, body: string) => {
    fs.writeFileSync(file, `#!/bin/sh\n${body}\n`);
    fs.chmodSync(file, 0o755);
    return file;
  };
  for (const tool of ['python3', 'mvn', 'go']) exe(path.join(fake, tool), 'exit 1');
  const cli = exe(path.join(root, 'temporal'), 'echo temporal');
  const testServer = exe(path.join(root, 'test-server'), 'echo test-server');
  const bootstrap = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    fs.rmSync(path.join(root, '.tools'), { recursive: true, force: true });
    const base: NodeJS.ProcessEnv = {
      HOME: process.env.HOME,
      PATH: [fake, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter),
      TEMPORAL_CLI: cli,
    };
    return spawnSync('bash', [path.join(root, 'scripts', 'bootstrap.sh'), ...args], {
      cwd: root,
      env: { ...base, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
  };
  const linked = (name: string) => fs.existsSync(path.join(root, '.tools', 'bin', name));

  it('for npm start provisions the Temporal CLI and never reaches for the test server', () => {
    const r = bootstrap([]);
    expect(r.stderr).not.toMatch(/test server/i);
    expect(r.status).toBe(0);
    expect(linked('temporal')).toBe(true);
    expect(linked('temporal-test-server')).toBe(false);
  });

  it('with --tests also provisions the test server, and fails with what to do when it cannot', () => {
    const r = bootstrap(['--tests'], { TEMPORAL_TEST_SERVER: testServer });
    expect(r.status).toBe(0);
    expect(fs.readlinkSync(path.join(root, '.tools', 'bin', 'temporal-test-server'))).toBe(testServer);
    const none = bootstrap(['--tests']);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/LỖI: không cài được test server/);
  });

  it('refuses an argument it does not know, in Vietnamese', () => {
    const r = bootstrap(['--test']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('tham số không hợp lệ "--test"');
  });

  it('is called by npm start without the tests’ tools, and by every test and bench step with them', () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const step of ['prestart', 'precluster', 'prebackup', 'prerestore']) expect(scripts[step], step).toBe('bash scripts/bootstrap.sh');
    const testSteps = Object.keys(scripts).filter((s) => /^pre(test|bench)/.test(s));
    expect(testSteps.length).toBeGreaterThanOrEqual(6);
    for (const step of testSteps) expect(scripts[step], step).toBe('bash scripts/bootstrap.sh --tests');
  });
});

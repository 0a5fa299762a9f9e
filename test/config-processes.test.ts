import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { cleanEnv, freePort, run } from './kit/process';

/** The built worker and CLI (dist/) and the bootstrap, started as processes, refusing bad settings. */
const workerMain = path.join(projectRoot, 'dist', 'worker', 'main.js');

describe('the worker process', () => {
  it('refuses a cache size that is not a whole number before connecting', async () => {
    const r = await run(process.execPath, [workerMain], cleanEnv({ KIEMTRA_MAX_CACHED_WORKFLOWS: 'nhiều', SMTP_HOST: '127.0.0.1' }));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^Lỗi: KIEMTRA_MAX_CACHED_WORKFLOWS="nhiều" không hợp lệ/);
  });

  it('refuses to start without SMTP_HOST, saying what to set', async () => {
    const r = await run(process.execPath, [workerMain], cleanEnv({ SMTP_HOST: '' }));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('chưa cấu hình SMTP_HOST');
  });

  it('prints one clear line for a malformed TEMPORAL_ADDRESS and exits 2', async () => {
    const r = await run(process.execPath, [workerMain], cleanEnv({ TEMPORAL_ADDRESS: 'localhost' }));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^Lỗi: TEMPORAL_ADDRESS="localhost" không hợp lệ/);
  });

  it('prints one clear line when nothing answers at TEMPORAL_ADDRESS and exits 3', async () => {
    const port = await freePort();
    const r = await run(process.execPath, [workerMain], cleanEnv({ TEMPORAL_ADDRESS: `127.0.0.1:${port}`, SMTP_HOST: '127.0.0.1' }));
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`không kết nối được Temporal tại 127.0.0.1:${port}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('API key and TLS settings', () => {
  const KEY = `api-key-${Math.random().toString(36).slice(2)}`;
  it.each([
    ['worker', [workerMain]],
    ['CLI', [path.join(projectRoot, 'dist', 'client', 'cli', 'cli.js'), 'list']],
  ])('are accepted by the %s, which never prints the key', async (_who, args) => {
    const port = await freePort();
    for (const extra of [{ TEMPORAL_API_KEY: KEY }, { TEMPORAL_TLS: 'true' }]) {
      const r = await run(process.execPath, args, cleanEnv({ TEMPORAL_ADDRESS: `127.0.0.1:${port}`, SMTP_HOST: '127.0.0.1', ...extra }));
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('không kết nối được Temporal');
      expect(r.stderr + r.stdout).not.toContain(KEY);
    }
  });
});

describe('yes/no settings', () => {
  const cli = path.join(projectRoot, 'dist', 'client', 'cli', 'cli.js');
  it.each([
    ['worker', [workerMain]],
    ['CLI', [cli, 'list']],
  ])('are true or false only: the %s refuses TRUE, yes, on and empty in one line naming the variable (exit 2)', async (_who, args) => {
    const port = await freePort();
    for (const [name, value] of [
      ['TEMPORAL_TLS', 'TRUE'],
      ['TEMPORAL_TLS', 'yes'],
      ['TEMPORAL_TLS', 'on'],
      ['TEMPORAL_TLS', ''],
      ['KIEMTRA_DEBUG', '1'],
    ]) {
      const env = cleanEnv({ TEMPORAL_ADDRESS: `127.0.0.1:${port}`, SMTP_HOST: '127.0.0.1', TEMPORAL_API_KEY: 'k', [name!]: value });
      const r = await run(process.execPath, args, env);
      expect([r.code, r.stderr]).toEqual([2, `Lỗi: ${name}="${value}" không hợp lệ: chỉ nhận true hoặc false.\n`]);
    }
  });

  it('are true or false only for the worker’s SMTP connection', async () => {
    const r = await run(process.execPath, [workerMain], cleanEnv({ SMTP_HOST: '127.0.0.1', SMTP_SECURE: 'yes' }));
    expect([r.code, r.stderr]).toEqual([2, 'Lỗi: SMTP_SECURE="yes" không hợp lệ: chỉ nhận true hoặc false.\n']);
  });

  it('refuse a bad value in a command that does not connect', async () => {
    const r = await run(process.execPath, [cli, 'calendar', 'is-working-day', '2026-12-01'], cleanEnv({ KIEMTRA_DEBUG: 'on' }));
    expect([r.code, r.stderr]).toEqual([2, 'Lỗi: KIEMTRA_DEBUG="on" không hợp lệ: chỉ nhận true hoặc false.\n']);
  });
});

describe('the bootstrap', () => {
  it('says what to do when TEMPORAL_CLI points at a missing tool', async () => {
    const r = await run('bash', [path.join(projectRoot, 'scripts', 'bootstrap.sh')], cleanEnv({ TEMPORAL_CLI: '/nonexistent/temporal' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('TEMPORAL_CLI=/nonexistent/temporal không phải là tệp thực thi');
  });
});

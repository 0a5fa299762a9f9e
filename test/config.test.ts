import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { booleanSetting } from '../config/boolean-setting';
import { cliDebug } from '../config/logging';
import { loadSmtpSettings } from '../config/smtp';
import { ensureLocalLinkKey, loadLinkSettings, loadWebSettings } from '../config/links';
import type { UserFacingError } from '../config/errors';
import { describe, expect, it } from 'vitest';
import { loadTemporalSettings } from '../config/temporal';
import { DEFAULT_MAX_CACHED_WORKFLOWS, loadWorkerTuning } from '../config/worker';

describe('connection settings', () => {
  it('defaults to the local dev server', () => {
    const s = loadTemporalSettings({});
    expect(s).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'kiemtra', secured: false });
  });

  it('reads address, namespace, API key and TLS from the environment (Temporal Cloud style)', () => {
    const s = loadTemporalSettings({
      TEMPORAL_ADDRESS: 'haiphong.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'haiphong.a1b2c',
      TEMPORAL_API_KEY: 'not-a-real-key',
      KIEMTRA_TASK_QUEUE: 'kiemtra-prod',
    });
    expect(s.address).toBe('haiphong.a1b2c.tmprl.cloud:7233');
    expect(s.namespace).toBe('haiphong.a1b2c');
    expect(s.taskQueue).toBe('kiemtra-prod');
    expect(s.connectionOptions.apiKey).toBe('not-a-real-key');
    expect(s.connectionOptions.tls).toBeTruthy();
    expect(s.secured).toBe(true);
  });

  it('rejects a malformed address with the variable to fix', () => {
    expect(() => loadTemporalSettings({ TEMPORAL_ADDRESS: 'not an address' })).toThrow(/TEMPORAL_ADDRESS="not an address" không hợp lệ/);
  });
});

describe('the worker cache setting', () => {
  it('bounds the workflow cache by default and reads KIEMTRA_MAX_CACHED_WORKFLOWS', () => {
    expect(loadWorkerTuning({}).maxCachedWorkflows).toBe(DEFAULT_MAX_CACHED_WORKFLOWS);
    expect(loadWorkerTuning({ KIEMTRA_MAX_CACHED_WORKFLOWS: '1000' }).maxCachedWorkflows).toBe(1000);
  });

  it('refuses a value that is not a whole number, naming the variable', () => {
    for (const bad of ['nhiều', '-5', '2.5'])
      expect(() => loadWorkerTuning({ KIEMTRA_MAX_CACHED_WORKFLOWS: bad })).toThrow(`KIEMTRA_MAX_CACHED_WORKFLOWS="${bad}" không hợp lệ`);
  });
});

describe('the worker SMTP settings', () => {
  it('rejects a bad port and reads the password from a file without exposing it', () => {
    expect(() => loadSmtpSettings({ SMTP_HOST: 'mail.example', SMTP_PORT: 'x' })).toThrow(/SMTP_PORT/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-smtp-'));
    fs.writeFileSync(path.join(dir, 'pw'), 's3cret-pw\n');
    const s = loadSmtpSettings({ SMTP_HOST: 'mail.example', SMTP_USER: 'u', SMTP_PASSWORD_FILE: path.join(dir, 'pw') });
    expect(s.password()).toBe('s3cret-pw');
    expect(JSON.stringify(s)).not.toContain('s3cret-pw');
    fs.rmSync(dir, { recursive: true });
  });
});

describe('the units’ page settings', () => {
  const empty = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-links-'));

  it('has no links without a key, and refuses a short key, a bad port and a bad public address with exit 2', () => {
    expect(loadLinkSettings({ KIEMTRA_DATA_DIR: empty() })).toBeUndefined();
    const refused = (env: NodeJS.ProcessEnv) => {
      try {
        loadWebSettings({ KIEMTRA_DATA_DIR: empty(), ...env });
      } catch (err) {
        return [(err as UserFacingError).exitCode, (err as Error).message];
      }
      return undefined;
    };
    expect(refused({ KIEMTRA_LINK_KEY: 'ngan' })).toEqual([2, 'Khóa ký đường dẫn (KIEMTRA_LINK_KEY) không hợp lệ: cần ít nhất 32 ký tự.']);
    expect(refused({ KIEMTRA_LINK_KEY: 'k'.repeat(32), KIEMTRA_WEB_PORT: '99999' })?.[1]).toContain(
      'KIEMTRA_WEB_PORT="99999" không hợp lệ',
    );
    expect(refused({ KIEMTRA_LINK_KEY: 'k'.repeat(32), KIEMTRA_PUBLIC_URL: 'javascript:alert(1)' })?.[1]).toContain('KIEMTRA_PUBLIC_URL');
    expect(refused({})?.[1]).toContain('chưa cấu hình khóa ký đường dẫn');
  });

  it('reads the limits and the trusted proxies, and refuses a bad value naming the variable (exit 2)', () => {
    const key = { KIEMTRA_DATA_DIR: empty(), KIEMTRA_LINK_KEY: 'k'.repeat(32) };
    expect(loadWebSettings(key)).toMatchObject({ ratePerMinute: 30, clientRatePerMinute: 120, refusedPerMinute: 20, trustedProxies: [] });
    expect(
      loadWebSettings({
        ...key,
        KIEMTRA_WEB_CLIENT_RATE_PER_MINUTE: '300',
        KIEMTRA_WEB_REFUSED_PER_MINUTE: '5',
        KIEMTRA_TRUSTED_PROXIES: ' 127.0.0.1, 10.1.0.0/16,::1 ,fd00::/8',
      }),
    ).toMatchObject({ clientRatePerMinute: 300, refusedPerMinute: 5, trustedProxies: ['127.0.0.1', '10.1.0.0/16', '::1', 'fd00::/8'] });
    expect(loadWebSettings({ ...key, KIEMTRA_TRUSTED_PROXIES: '' }).trustedProxies).toEqual([]);
    const refused = (env: NodeJS.ProcessEnv) => {
      try {
        loadWebSettings({ ...key, ...env });
      } catch (err) {
        return [(err as UserFacingError).exitCode, (err as Error).message];
      }
      return undefined;
    };
    for (const bad of ['*', 'true', '127.0.0.1;10.0.0.1', '10.0.0.0/33', '127.0.0.1,', 'proxy.haiphong.gov.vn', '999.1.1.1'])
      expect(refused({ KIEMTRA_TRUSTED_PROXIES: bad }), bad).toEqual([
        2,
        expect.stringMatching(/^KIEMTRA_TRUSTED_PROXIES=".*" không hợp lệ: ".*" không phải địa chỉ IP hay dải địa chỉ CIDR/),
      ]);
    expect(refused({ KIEMTRA_WEB_CLIENT_RATE_PER_MINUTE: '0' })).toEqual([
      2,
      'KIEMTRA_WEB_CLIENT_RATE_PER_MINUTE="0" không hợp lệ: số nguyên từ 1 đến 10000.',
    ]);
    expect(refused({ KIEMTRA_WEB_REFUSED_PER_MINUTE: 'nhiều' })?.[1]).toContain('KIEMTRA_WEB_REFUSED_PER_MINUTE="nhiều"');
  });

  it('reads the key from a file, or from the data folder’s link.key that npm start makes once', () => {
    const dir = empty();
    const file = path.join(dir, 'key');
    fs.writeFileSync(file, `${'s'.repeat(40)}\n`);
    expect(loadLinkSettings({ KIEMTRA_LINK_KEY_FILE: file, KIEMTRA_DATA_DIR: dir })!.key().toString()).toBe('s'.repeat(40));
    const made = ensureLocalLinkKey({ KIEMTRA_DATA_DIR: dir });
    expect(ensureLocalLinkKey({ KIEMTRA_DATA_DIR: dir })).toBe(made);
    const s = loadWebSettings({ KIEMTRA_DATA_DIR: dir });
    expect(s.key().toString()).toBe(fs.readFileSync(made, 'utf8'));
    expect(s).toMatchObject({
      publicUrl: 'http://localhost:8234',
      port: 8234,
      host: '127.0.0.1',
      maxUploadBytes: 10 * 1024 * 1024,
      ratePerMinute: 30,
      uploadsDir: path.join(dir, 'uploads'),
    });
    expect(JSON.stringify(s)).not.toContain(fs.readFileSync(made, 'utf8'));
  });
});

describe('yes/no settings', () => {
  const refused = (load: () => unknown) => {
    try {
      load();
    } catch (err) {
      return { message: (err as UserFacingError).message, exitCode: (err as UserFacingError).exitCode };
    }
    return undefined;
  };
  const smtp = { SMTP_HOST: '127.0.0.1' };

  it('take exactly true or false, and unset is the default', () => {
    expect(booleanSetting({}, 'X', true)).toBe(true);
    expect(booleanSetting({ X: 'true' }, 'X', false)).toBe(true);
    expect(booleanSetting({ X: 'false' }, 'X', true)).toBe(false);
    expect(loadTemporalSettings({ TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' }).connectionOptions.tls).toBe(false);
    expect(loadSmtpSettings({ ...smtp, SMTP_SECURE: 'true', SMTP_STARTTLS: 'false' })).toMatchObject({ secure: true, requireTLS: false });
    expect(cliDebug({ KIEMTRA_DEBUG: 'true' })).toBe(true);
  });

  it.each(['TRUE', 'yes', 'on', '1', '0', '', ' true'])('refuse %j, naming the variable (exit 2), TLS included', (value) => {
    const line = (name: string) => ({ message: `${name}="${value}" không hợp lệ: chỉ nhận true hoặc false.`, exitCode: 2 });
    expect(refused(() => loadTemporalSettings({ TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: value }))).toEqual(line('TEMPORAL_TLS'));
    expect(refused(() => loadTemporalSettings({ TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: value }))).toEqual(
      line('TEMPORAL_TLS_DISABLE_HOST_VERIFICATION'),
    );
    expect(refused(() => loadSmtpSettings({ ...smtp, SMTP_SECURE: value }))).toEqual(line('SMTP_SECURE'));
    expect(refused(() => loadSmtpSettings({ ...smtp, SMTP_STARTTLS: value }))).toEqual(line('SMTP_STARTTLS'));
    expect(refused(() => cliDebug({ KIEMTRA_DEBUG: value }))).toEqual(line('KIEMTRA_DEBUG'));
  });
});

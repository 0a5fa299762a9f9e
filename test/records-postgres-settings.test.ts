import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPostgresRecordSettings } from '../config/records-postgres';

/** The PostgreSQL record store's settings: defaults, the password from a file, one line naming a bad variable. */
describe('the PostgreSQL record store settings', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-pgset-')), 'records-password');
  fs.writeFileSync(file, 's3cret-from-file\n', { mode: 0o600 });

  it('takes the defaults of the cluster and the password from a file, trimmed', () => {
    const s = loadPostgresRecordSettings({ KIEMTRA_RECORDS_PG_PASSWORD_FILE: file });
    expect({ ...s, password: s.password() }).toEqual({
      host: '127.0.0.1',
      port: 5432,
      database: 'kiemtra',
      user: 'kiemtra',
      password: 's3cret-from-file',
      ssl: false,
    });
    expect(JSON.stringify(s)).not.toContain('s3cret');
    const env = loadPostgresRecordSettings({
      KIEMTRA_RECORDS_PG_HOST: 'db.kiemtra.local',
      KIEMTRA_RECORDS_PG_PORT: '6543',
      KIEMTRA_RECORDS_PG_DATABASE: 'ho_so',
      KIEMTRA_RECORDS_PG_USER: 'ghi_ho_so',
      KIEMTRA_RECORDS_PG_PASSWORD: 'from-env',
      KIEMTRA_RECORDS_PG_SSL: 'true',
    });
    expect([env.host, env.port, env.database, env.user, env.password(), env.ssl]).toEqual([
      'db.kiemtra.local',
      6543,
      'ho_so',
      'ghi_ho_so',
      'from-env',
      true,
    ]);
  });

  it.each([
    [{}, /^chưa có mật khẩu của kho hồ sơ PostgreSQL: đặt KIEMTRA_RECORDS_PG_PASSWORD hoặc KIEMTRA_RECORDS_PG_PASSWORD_FILE/],
    [{ KIEMTRA_RECORDS_PG_PASSWORD_FILE: '/khong/co/tep' }, /^không đọc được KIEMTRA_RECORDS_PG_PASSWORD_FILE \(\/khong\/co\/tep\)/],
    [
      { KIEMTRA_RECORDS_PG_PORT: '70000', KIEMTRA_RECORDS_PG_PASSWORD: 'x' },
      /^KIEMTRA_RECORDS_PG_PORT="70000" không hợp lệ: cổng từ 1 đến 65535\.$/,
    ],
    [{ KIEMTRA_RECORDS_PG_PORT: 'abc', KIEMTRA_RECORDS_PG_PASSWORD: 'x' }, /^KIEMTRA_RECORDS_PG_PORT="abc" không hợp lệ/],
    [
      { KIEMTRA_RECORDS_PG_DATABASE: 'kiemtra; DROP', KIEMTRA_RECORDS_PG_PASSWORD: 'x' },
      /^KIEMTRA_RECORDS_PG_DATABASE="kiemtra; DROP" không hợp lệ/,
    ],
    [{ KIEMTRA_RECORDS_PG_USER: '', KIEMTRA_RECORDS_PG_PASSWORD: 'x' }, /^KIEMTRA_RECORDS_PG_USER="" không hợp lệ/],
    [{ KIEMTRA_RECORDS_PG_HOST: 'a b', KIEMTRA_RECORDS_PG_PASSWORD: 'x' }, /^KIEMTRA_RECORDS_PG_HOST="a b" không hợp lệ/],
    [
      { KIEMTRA_RECORDS_PG_SSL: 'yes', KIEMTRA_RECORDS_PG_PASSWORD: 'x' },
      /^KIEMTRA_RECORDS_PG_SSL="yes" không hợp lệ: chỉ nhận true hoặc false\.$/,
    ],
  ] as [NodeJS.ProcessEnv, RegExp][])('refuses %o with exit 2 and one Vietnamese line', (over, message) => {
    expect(() => loadPostgresRecordSettings(over)).toThrow(
      expect.objectContaining({ message: expect.stringMatching(message), exitCode: 2 }),
    );
  });
});

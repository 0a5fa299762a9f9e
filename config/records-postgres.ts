import { z } from 'zod';
import { booleanSetting } from './boolean-setting';
import { ExitCode, UserFacingError } from './errors';
import { secretFromEnv } from './secrets';

/**
 * Where the PostgreSQL record store is (KIEMTRA_RECORDS=postgres, docs/backup.md), validated once
 * by each process that opens it. The password comes from KIEMTRA_RECORDS_PG_PASSWORD or the file
 * KIEMTRA_RECORDS_PG_PASSWORD_FILE, is held in a closure and never logged nor put on a command line.
 */
export interface PostgresRecordSettings {
  /** KIEMTRA_RECORDS_PG_HOST (default 127.0.0.1). */
  host: string;
  /** KIEMTRA_RECORDS_PG_PORT (default 5432). */
  port: number;
  /** KIEMTRA_RECORDS_PG_DATABASE (default kiemtra). */
  database: string;
  /** KIEMTRA_RECORDS_PG_USER (default kiemtra): a role that may only SELECT and INSERT. */
  user: string;
  password: () => string;
  /** KIEMTRA_RECORDS_PG_SSL=true: TLS to the server, its certificate checked. */
  ssl: boolean;
}

/** The variables `loadPostgresRecordSettings` reads. */
export const RECORDS_PG_ENV = {
  host: 'KIEMTRA_RECORDS_PG_HOST',
  port: 'KIEMTRA_RECORDS_PG_PORT',
  database: 'KIEMTRA_RECORDS_PG_DATABASE',
  user: 'KIEMTRA_RECORDS_PG_USER',
  password: 'KIEMTRA_RECORDS_PG_PASSWORD',
  ssl: 'KIEMTRA_RECORDS_PG_SSL',
} as const;

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/);
const fields = {
  host: z.string().regex(/^[A-Za-z0-9._:-]{1,253}$/),
  port: z.coerce.number().int().min(1).max(65535),
  database: name,
  user: name,
};
const why: Record<keyof typeof fields, string> = {
  host: 'cần tên máy hoặc địa chỉ IP',
  port: 'cổng từ 1 đến 65535',
  database: 'tên cơ sở dữ liệu gồm chữ cái không dấu, chữ số, dấu gạch dưới',
  user: 'tên vai trò gồm chữ cái không dấu, chữ số, dấu gạch dưới',
};
const defaults = { host: '127.0.0.1', port: '5432', database: 'kiemtra', user: 'kiemtra' };

/** The record store's PostgreSQL settings; a bad value is exit 2 with one line naming the variable. */
export function loadPostgresRecordSettings(env: NodeJS.ProcessEnv = process.env): PostgresRecordSettings {
  const value = <K extends keyof typeof fields>(key: K): z.infer<(typeof fields)[K]> => {
    const raw = env[RECORDS_PG_ENV[key]] ?? defaults[key];
    const parsed = fields[key].safeParse(raw);
    if (!parsed.success) throw new UserFacingError(`${RECORDS_PG_ENV[key]}="${raw}" không hợp lệ: ${why[key]}.`, ExitCode.badInput);
    return parsed.data as z.infer<(typeof fields)[K]>;
  };
  const settings = { host: value('host'), port: value('port'), database: value('database'), user: value('user') };
  const password = secretFromEnv(env, RECORDS_PG_ENV.password);
  if (!password)
    throw new UserFacingError(
      `chưa có mật khẩu của kho hồ sơ PostgreSQL: đặt ${RECORDS_PG_ENV.password} hoặc ${RECORDS_PG_ENV.password}_FILE (tệp chứa mật khẩu).`,
      ExitCode.badInput,
    );
  return { ...settings, password: () => password, ssl: booleanSetting(env, RECORDS_PG_ENV.ssl, false) };
}

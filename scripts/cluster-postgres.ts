import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { recordsSchemaSql } from '../client/records/postgres-schema';
import { ExitCode, UserFacingError } from '../config/errors';
import { projectRoot } from '../config/paths';

/**
 * The PostgreSQL of `npm run cluster` (and of `npm run restore` of a cluster backup): a cluster of
 * its own under `<data>/cluster/pg`, with
 *  - the role `temporal` (password in `<data>/cluster/pg-password`), owner of the Temporal
 *    databases `temporal` and `temporal_visibility` and of `kiemtra`, the record store's database;
 *  - the role `kiemtra` (password in `<data>/cluster/records-password`), which the kiemtra workers
 *    log in as: it may SELECT and INSERT records, nothing else (client/records/postgres-schema.ts).
 * Passwords reach PostgreSQL and its tools through stdin or the environment, never a command line.
 * Over TCP every role logs in with its password (scram-sha-256); the local socket, in a folder only
 * the server's user may enter, is for the set-up itself.
 */

const run = promisify(execFile);

/** The Temporal databases, in the order a backup dumps them. */
export const TEMPORAL_DATABASES = ['temporal', 'temporal_visibility'] as const;
/** The record store's database and the role the workers use for it. */
export const RECORDS_DATABASE = 'kiemtra';
export const RECORDS_ROLE = 'kiemtra';
/** The owner of every database of the cluster. */
export const OWNER_ROLE = 'temporal';
/** Files under `<data>/cluster/` that hold the roles' passwords (mode 600). */
export const PASSWORD_FILES = { [OWNER_ROLE]: 'pg-password', [RECORDS_ROLE]: 'records-password' } as const;

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user. */
const asRoot = process.getuid?.() === 0;
function pgCommand(bin: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}
async function pg(pgBin: string, tool: string, args: string[]): Promise<string> {
  const [cmd, argv] = pgCommand(path.join(pgBin, tool), args);
  const { stdout } = await run(cmd, argv, { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** Runs a PostgreSQL client tool with `input` on its stdin; rejects with its stderr when it fails. */
export function pgWithInput(command: string, args: string[], input: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${path.basename(command)} exited ${code}: ${err.trim()}`)),
    );
    child.stdin.end(input);
  });
}

/** The folder of initdb and pg_ctl: on PATH, else the newest /usr/lib/postgresql/<version>/bin. */
export function findPgBin(env: NodeJS.ProcessEnv = process.env): string {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const ctl = dir && path.join(dir, 'pg_ctl');
    if (ctl && fs.existsSync(ctl) && fs.existsSync(path.join(dir, 'initdb'))) return path.dirname(fs.realpathSync(ctl));
  }
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0])
    throw new UserFacingError('không tìm thấy PostgreSQL (pg_ctl, initdb, pg_dump): cài gói postgresql của Debian.', ExitCode.badInput);
  return path.join(root, versions[0], 'bin');
}

/** The password in `file`, made (24 random bytes, mode 600) when missing. */
function passwordIn(file: string): string {
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

/** A SQL string literal. */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** A running cluster PostgreSQL. */
export interface ClusterPostgres {
  port: number;
  /** The `temporal` role's password. */
  password: string;
  /** The `kiemtra` role's password (the workers' record store). */
  recordsPassword: string;
  /** Runs SQL (on stdin) on the local socket as `user` (default: the superuser) in `db`; the unaligned output. */
  psql: (sql: string, db?: string, user?: string) => Promise<string>;
  stop: () => Promise<void>;
}

/**
 * Starts the cluster's PostgreSQL in `<dir>/pg` (initdb the first time), makes sure the roles
 * (with the passwords of their files) and the databases exist, and, unless `records: false`,
 * the record store's tables. `npm run restore` passes `records: false`: the dump brings them.
 */
export async function startClusterPostgres(
  pgBin: string,
  dir: string,
  port: number,
  options: { records?: boolean } = {},
): Promise<ClusterPostgres> {
  const data = path.join(dir, 'pg');
  // The socket and the server's log, in a folder only the server's user may enter.
  const socket = path.join(dir, 'pg-run');
  fs.mkdirSync(socket, { recursive: true, mode: 0o700 });
  fs.chmodSync(socket, 0o700);
  if (asRoot) {
    await run('chown', ['postgres:postgres', socket]);
    await run('runuser', ['-u', 'postgres', '--', 'test', '-w', socket]).catch(() => {
      throw new UserFacingError(
        `người dùng postgres không vào được ${dir}: cho phép đi qua các thư mục cha (chmod o+x) hoặc đặt KIEMTRA_DATA_DIR ở chỗ khác.`,
        ExitCode.badInput,
      );
    });
  }
  if (!fs.existsSync(path.join(data, 'PG_VERSION'))) {
    fs.mkdirSync(data, { recursive: true, mode: 0o700 });
    if (asRoot) await run('chown', ['postgres:postgres', data]);
    process.stderr.write('kiemtra cluster: tạo cụm PostgreSQL (initdb)…\n');
    await pg(pgBin, 'initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale',
      'C.UTF-8',
      '--auth-local',
      'trust',
      '--auth-host',
      'scram-sha-256',
    ]);
  }
  const log = path.join(socket, 'postgres.log');
  await pg(pgBin, 'pg_ctl', [
    '-D',
    data,
    '-l',
    log,
    '-w',
    '-t',
    '60',
    '-o',
    `-p ${port} -k ${socket} -c listen_addresses=127.0.0.1 -c max_connections=300`,
    'start',
  ]);
  const psql = (sql: string, db = 'postgres', user = 'postgres') => {
    const [cmd, argv] = pgCommand(path.join(pgBin, 'psql'), [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      socket,
      '-p',
      String(port),
      '-U',
      user,
      '-d',
      db,
      '-tA',
      '-f',
      '-',
    ]);
    return pgWithInput(cmd, argv, sql);
  };
  const password = passwordIn(path.join(dir, PASSWORD_FILES[OWNER_ROLE]));
  const recordsPassword = passwordIn(path.join(dir, PASSWORD_FILES[RECORDS_ROLE]));
  for (const [role, secret] of [
    [OWNER_ROLE, password],
    [RECORDS_ROLE, recordsPassword],
  ] as const) {
    const exists = (await psql(`SELECT 1 FROM pg_roles WHERE rolname = ${literal(role)}`)).trim() === '1';
    // On stdin: the password is never on a command line.
    await psql(`${exists ? 'ALTER' : 'CREATE'} ROLE ${role} LOGIN PASSWORD ${literal(secret)};`);
  }
  for (const db of [...TEMPORAL_DATABASES, RECORDS_DATABASE]) {
    if ((await psql(`SELECT 1 FROM pg_database WHERE datname = ${literal(db)}`)).trim() !== '1')
      await psql(`CREATE DATABASE ${db} OWNER ${OWNER_ROLE};`);
  }
  // Only the owner reaches the Temporal databases; the workers' role only the record store's.
  await psql(
    `REVOKE CONNECT ON DATABASE ${[...TEMPORAL_DATABASES, RECORDS_DATABASE].join(', ')} FROM PUBLIC; GRANT CONNECT ON DATABASE ${RECORDS_DATABASE} TO ${OWNER_ROLE}, ${RECORDS_ROLE};`,
  );
  if (options.records !== false) await psql(recordsSchemaSql(RECORDS_ROLE), RECORDS_DATABASE, OWNER_ROLE);
  return {
    port,
    password,
    recordsPassword,
    psql,
    stop: async () => void (await pg(pgBin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined)),
  };
}

/**
 * The Temporal schemas, set up once and updated to the pinned version (both idempotent), by
 * temporal-sql-tool with the password in SQL_PASSWORD (its --pw would put it on a command line).
 */
export async function setupTemporalSchemas(port: number, password: string): Promise<void> {
  const tools = path.join(projectRoot, '.tools', 'cluster');
  const sql = path.join(tools, 'bin', 'sql');
  const schema = path.join(tools, 'schema', 'postgresql', 'v12');
  const env = { ...process.env, SQL_PASSWORD: password };
  for (const [db, dir] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const common = ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(port), '-u', OWNER_ROLE, '--db', db];
    await run(sql, [...common, 'setup-schema', '-v', '0.0'], { env }).catch((err: { stdout?: string; stderr?: string }) => {
      if (!/already exists/i.test(`${err.stdout} ${err.stderr}`)) throw err;
    });
    await run(sql, [...common, 'update-schema', '-d', path.join(schema, dir, 'versioned')], { env });
  }
}

/** The environment a kiemtra worker of the cluster needs to use the PostgreSQL record store. */
export function recordStoreEnv(dir: string, port: number): NodeJS.ProcessEnv {
  return {
    KIEMTRA_RECORDS: 'postgres',
    KIEMTRA_RECORDS_PG_HOST: '127.0.0.1',
    KIEMTRA_RECORDS_PG_PORT: String(port),
    KIEMTRA_RECORDS_PG_DATABASE: RECORDS_DATABASE,
    KIEMTRA_RECORDS_PG_USER: RECORDS_ROLE,
    KIEMTRA_RECORDS_PG_PASSWORD_FILE: path.join(dir, PASSWORD_FILES[RECORDS_ROLE]),
  };
}

/** The cluster PostgreSQL's TCP port: KIEMTRA_CLUSTER_PG_PORT, else 55432 (as `npm run cluster`). */
export function clusterPgPort(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.KIEMTRA_CLUSTER_PG_PORT ? Number(env.KIEMTRA_CLUSTER_PG_PORT) : 55432;
  if (!Number.isInteger(v) || v <= 0 || v > 65535)
    throw new UserFacingError(
      `KIEMTRA_CLUSTER_PG_PORT="${env.KIEMTRA_CLUSTER_PG_PORT}" không hợp lệ: cổng từ 1 đến 65535.`,
      ExitCode.badInput,
    );
  return v;
}

/**
 * Runs `fn` with the environment of a PostgreSQL client tool (pg_dump, pg_restore) that logs in as
 * `user` with `password`: a password file (PGPASSFILE, mode 600, in a private temporary folder
 * removed afterwards), never a command-line argument.
 */
export async function withPgPassFile<T>(
  port: number,
  user: string,
  password: string,
  fn: (env: NodeJS.ProcessEnv) => Promise<T>,
): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-pgpass-'));
  try {
    const file = path.join(dir, 'pgpass');
    const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/:/g, '\\:');
    fs.writeFileSync(file, `127.0.0.1:${port}:*:${esc(user)}:${esc(password)}\n`, { mode: 0o600 });
    return await fn({ ...process.env, PGPASSFILE: file, PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: user });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

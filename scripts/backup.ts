import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { backup as sqliteBackup, DatabaseSync } from 'node:sqlite';
import { parseArgs, promisify } from 'node:util';
import { ExitCode, runMain, UserFacingError } from '../config/errors';
import { FileRecordStore } from '../client/records/file-store';
import { recordsDir } from '../client/records/open';
import { dataDir, uploadsDir } from '../config/paths';
import { copyFiles, filesUnder, isEmptyFolder, makeFolder, writeManifest, type Setup } from './backup-files';
import {
  clusterPgPort,
  findPgBin,
  OWNER_ROLE,
  PASSWORD_FILES,
  RECORDS_DATABASE,
  RECORDS_ROLE,
  TEMPORAL_DATABASES,
  withPgPassFile,
} from './cluster-postgres';

/**
 * `npm run backup -- <folder> [--setup dev|cluster]`: a consistent copy of everything kiemtra
 * keeps, taken while it runs, into a new folder (docs/backup.md):
 *  - `npm start` (dev): the dev server's SQLite file through SQLite's online backup, the file
 *    record store's folder under the store's own lock, the link key, the mail catcher's outbox;
 *  - `npm run cluster`: pg_dump of `temporal`, `temporal_visibility` and `kiemtra` (the password
 *    in a PGPASSFILE, never on a command line), and the roles' password files;
 *  - both: the units' uploaded files.
 * The set-up is the one the data folder holds; `--setup` picks one when it holds both.
 * `npm run restore -- <folder>` (scripts/restore.ts) puts it back on a fresh machine.
 */

const run = promisify(execFile);
const say = (line: string) => void process.stdout.write(`kiemtra sao lưu: ${line}\n`);
const USAGE = 'Cách dùng: npm run backup -- <thư mục sao lưu mới> [--setup dev|cluster].';

function backupArgs(argv: string[]): { folder: string; setup?: Setup } {
  let parsed: { values: { setup?: string }; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { setup: { type: 'string' } }, strict: true, allowPositionals: true });
  } catch {
    throw new UserFacingError(`tham số không hợp lệ: ${argv.join(' ')}. ${USAGE}`, ExitCode.badInput);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UserFacingError(`cần đúng một thư mục sao lưu. ${USAGE}`, ExitCode.badInput);
  if (values.setup !== undefined && values.setup !== 'dev' && values.setup !== 'cluster')
    throw new UserFacingError(`--setup "${values.setup}" không hợp lệ: chỉ nhận dev hoặc cluster.`, ExitCode.badInput);
  return { folder: path.resolve(positionals[0]!), setup: values.setup as Setup | undefined };
}

/** Which set-up the data folder holds: the dev server's SQLite file, the cluster's PostgreSQL, or both. */
export function detectSetup(data: string, asked?: Setup): Setup {
  const dev = fs.existsSync(path.join(data, 'temporal.sqlite'));
  const cluster = fs.existsSync(path.join(data, 'cluster', 'pg', 'PG_VERSION'));
  if (asked === 'dev' && !dev) throw new UserFacingError(`không có ${path.join(data, 'temporal.sqlite')} để sao lưu.`, ExitCode.badInput);
  if (asked === 'cluster' && !cluster)
    throw new UserFacingError(`không có PostgreSQL của cụm trong ${path.join(data, 'cluster', 'pg')} để sao lưu.`, ExitCode.badInput);
  if (asked) return asked;
  if (dev && cluster)
    throw new UserFacingError(`${data} có cả máy chủ dev lẫn cụm: chọn một bằng --setup dev hoặc --setup cluster.`, ExitCode.badInput);
  if (dev) return 'dev';
  if (cluster) return 'cluster';
  throw new UserFacingError(
    `${data} chưa có dữ liệu của kiemtra (temporal.sqlite của npm start, hoặc cluster/pg của npm run cluster): đặt KIEMTRA_DATA_DIR đúng thư mục dữ liệu.`,
    ExitCode.badInput,
  );
}

/**
 * The dev server's SQLite file, copied page by page by SQLite's online backup while the server
 * writes (all pages in one step, under a read lock, so the copy is one moment of the database),
 * then made a single file (no WAL) and checked with `PRAGMA integrity_check`.
 */
async function copySqlite(source: string, target: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const db = new DatabaseSync(source, { readOnly: true });
    try {
      db.exec('PRAGMA busy_timeout = 10000');
      await sqliteBackup(db, target, { rate: 2 ** 31 - 1 });
      break;
    } catch (err) {
      fs.rmSync(target, { force: true });
      if (attempt >= 5) throw new UserFacingError(`không sao chép được ${source} (${(err as Error).message}).`);
      await new Promise((r) => setTimeout(r, 500 * attempt));
    } finally {
      db.close();
    }
  }
  const copy = new DatabaseSync(target);
  try {
    copy.exec('PRAGMA journal_mode = DELETE');
    const check = copy.prepare('PRAGMA integrity_check').get() as { integrity_check?: string } | undefined;
    if (check?.integrity_check !== 'ok') throw new UserFacingError(`bản sao của ${source} không toàn vẹn (${check?.integrity_check}).`);
  } finally {
    copy.close();
  }
  for (const extra of ['-wal', '-shm', '-journal']) fs.rmSync(`${target}${extra}`, { force: true });
  fs.chmodSync(target, 0o600);
}

/** The units' uploaded files, without the ones still being received (`.incoming/`). */
function copyUploads(folder: string): number {
  const from = uploadsDir();
  const names = filesUnder(from).filter((p) => !p.startsWith('.incoming/'));
  return copyFiles(from, path.join(folder, 'uploads'), names).length;
}

/** Files of the data folder itself (`data/…` in the backup), those that exist. */
function copyDataFiles(data: string, folder: string, names: string[]): void {
  copyFiles(
    data,
    path.join(folder, 'data'),
    names.filter((n) => fs.existsSync(path.join(data, n))),
  );
}

async function backupDev(data: string, folder: string): Promise<string[]> {
  makeFolder(path.join(folder, 'data'));
  await copySqlite(path.join(data, 'temporal.sqlite'), path.join(folder, 'data', 'temporal.sqlite'));
  const parts = ['temporal.sqlite (máy chủ dev)'];
  const records = recordsDir();
  if (fs.existsSync(records)) {
    // Under the store's own lock: no record or entry is written while the folder is copied.
    const store = await FileRecordStore.open(records);
    const lock = path.relative(records, store.lockFile);
    const copied = await store.whileLocked(async () =>
      copyFiles(
        records,
        path.join(folder, 'data', path.relative(data, records)),
        filesUnder(records).filter((p) => p !== lock),
      ),
    );
    parts.push(`kho hồ sơ (${copied.length} tệp)`);
  }
  copyDataFiles(data, folder, ['link.key', ...filesUnder(path.join(data, 'outbox')).map((p) => `outbox/${p}`)]);
  return parts;
}

async function backupCluster(data: string, folder: string): Promise<string[]> {
  const dir = path.join(data, 'cluster');
  const port = clusterPgPort();
  const pgBin = findPgBin();
  const password = fs.readFileSync(path.join(dir, PASSWORD_FILES[OWNER_ROLE]), 'utf8').trim();
  makeFolder(path.join(folder, 'postgres'));
  await withPgPassFile(port, OWNER_ROLE, password, async (env) => {
    // One consistent snapshot per database; the records last, so every process closed before
    // the engine's snapshot that was recorded is in it. The services' membership rows name this
    // machine's hosts and ports: left out, so a restored cluster does not dial the old ones.
    for (const db of [...TEMPORAL_DATABASES, RECORDS_DATABASE]) {
      const file = path.join(folder, 'postgres', `${db}.dump`);
      const skip = db === 'temporal' ? ['--exclude-table-data=cluster_membership'] : [];
      await run(
        path.join(pgBin, 'pg_dump'),
        ['-w', '-h', '127.0.0.1', '-p', String(port), '-U', OWNER_ROLE, '-d', db, '-Fc', ...skip, '-f', file],
        { env },
      ).catch((err: { stderr?: string }) => {
        const refused = /Connection refused|could not connect|No such file/i.test(err.stderr ?? '');
        throw new UserFacingError(
          refused
            ? `PostgreSQL của cụm không trả lời tại 127.0.0.1:${port}: sao lưu cụm khi cụm đang chạy (npm run cluster), hoặc đặt KIEMTRA_CLUSTER_PG_PORT.`
            : `pg_dump cơ sở dữ liệu ${db} không thành.`,
          ExitCode.failure,
          err.stderr,
        );
      });
      fs.chmodSync(file, 0o600);
    }
  });
  copyDataFiles(data, folder, [...Object.values(PASSWORD_FILES).map((f) => `cluster/${f}`), 'link.key']);
  return [`PostgreSQL: ${[...TEMPORAL_DATABASES, RECORDS_DATABASE].join(', ')} (vai trò ${OWNER_ROLE}, ${RECORDS_ROLE})`];
}

async function main(): Promise<void> {
  const args = backupArgs(process.argv.slice(2));
  const data = dataDir();
  const setup = detectSetup(data, args.setup);
  const folder = args.folder;
  if (folder === data || folder.startsWith(`${data}${path.sep}`))
    throw new UserFacingError(`thư mục sao lưu ${folder} nằm trong thư mục dữ liệu ${data}: chọn một thư mục ở ngoài.`, ExitCode.badInput);
  if (!isEmptyFolder(folder))
    throw new UserFacingError(
      `thư mục sao lưu ${folder} đã có dữ liệu: chọn một thư mục mới (không ghi đè bản sao lưu cũ).`,
      ExitCode.badInput,
    );
  makeFolder(folder);
  try {
    const parts = setup === 'dev' ? await backupDev(data, folder) : await backupCluster(data, folder);
    const uploads = copyUploads(folder);
    const hash = writeManifest(folder, setup);
    const files = filesUnder(folder);
    const bytes = files.reduce((sum, p) => sum + fs.statSync(path.join(folder, p)).size, 0);
    say(`đã sao lưu ${setup === 'dev' ? 'máy chủ dev (npm start)' : 'cụm (npm run cluster)'} vào ${folder}`);
    say(`  gồm ${[...parts, `${uploads} tệp đơn vị tải lên`].join('; ')}`);
    say(`  ${files.length} tệp, ${(bytes / 1024 / 1024).toFixed(1)} MB; sha256 của manifest.json: ${hash}`);
    say('  bản sao lưu chứa mật khẩu và khóa ký đường dẫn: giữ nó như giữ mật khẩu.');
  } catch (err) {
    // A backup cut short is removed: it has no manifest and would never be restored anyway.
    fs.rmSync(folder, { recursive: true, force: true });
    throw err;
  }
}

if (require.main === module) void runMain(main);

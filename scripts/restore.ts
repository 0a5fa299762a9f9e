import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { ExitCode, runMain, UserFacingError } from '../config/errors';
import { dataDir, uploadsDir } from '../config/paths';
import { copyFiles, isEmptyFolder, makeFolder, verifyBackup, type Manifest } from './backup-files';
import { findPgBin, OWNER_ROLE, RECORDS_DATABASE, startClusterPostgres, TEMPORAL_DATABASES, withPgPassFile } from './cluster-postgres';
import { freePort } from './net';

/**
 * `npm run restore -- <folder>`: puts a backup of `npm run backup` (scripts/backup.ts) back into an
 * empty data folder (KIEMTRA_DATA_DIR), as on a fresh machine; then `npm start` or `npm run cluster`
 * finds every workflow and record. Every file is checked against the manifest before anything is
 * written; a non-empty data folder is refused. The data folder is built beside the target and
 * renamed into place at the end, so a restore that fails leaves nothing behind.
 * A cluster backup is restored into a new PostgreSQL (initdb in `<data>/cluster/pg`, the roles with
 * the backup's passwords, pg_restore of each database with the password in a PGPASSFILE).
 */

const run = promisify(execFile);
const say = (line: string) => void process.stdout.write(`kiemtra khôi phục: ${line}\n`);
const USAGE = 'Cách dùng: npm run restore -- <thư mục sao lưu>.';

/** As root, PostgreSQL runs as `postgres`, which must pass through the folders above its own. */
const folderMode = (setup: Manifest['setup']) => (setup === 'cluster' && process.getuid?.() === 0 ? 0o711 : 0o700);

function restoreArgs(argv: string[]): string {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args: argv, options: {}, strict: true, allowPositionals: true }));
  } catch {
    throw new UserFacingError(`tham số không hợp lệ: ${argv.join(' ')}. ${USAGE}`, ExitCode.badInput);
  }
  if (positionals.length !== 1) throw new UserFacingError(`cần đúng một thư mục sao lưu. ${USAGE}`, ExitCode.badInput);
  return path.resolve(positionals[0]!);
}

const notEmpty = (dir: string, what: string) =>
  new UserFacingError(
    `${what} ${dir} không trống: chỉ khôi phục vào thư mục trống (máy mới, hoặc đặt KIEMTRA_DATA_DIR là một thư mục mới); không có gì bị thay đổi.`,
    ExitCode.badInput,
  );

/** pg_restore of each database of a cluster backup into a new PostgreSQL under `<staging>/cluster`. */
async function restorePostgres(backup: string, staging: string): Promise<void> {
  const pgBin = findPgBin();
  const dir = path.join(staging, 'cluster');
  makeFolder(dir, folderMode('cluster'));
  const postgres = await startClusterPostgres(pgBin, dir, await freePort(), { records: false });
  try {
    await withPgPassFile(postgres.port, OWNER_ROLE, postgres.password, async (env) => {
      for (const db of [...TEMPORAL_DATABASES, RECORDS_DATABASE]) {
        await run(
          path.join(pgBin, 'pg_restore'),
          [
            '-w',
            '-h',
            '127.0.0.1',
            '-p',
            String(postgres.port),
            '-U',
            OWNER_ROLE,
            '-d',
            db,
            '--exit-on-error',
            path.join(backup, 'postgres', `${db}.dump`),
          ],
          { env, maxBuffer: 16 * 1024 * 1024 },
        ).catch((err: { stderr?: string }) => {
          throw new UserFacingError(`pg_restore cơ sở dữ liệu ${db} không thành.`, ExitCode.failure, err.stderr);
        });
      }
    });
  } finally {
    await postgres.stop();
  }
}

async function main(): Promise<void> {
  const backup = restoreArgs(process.argv.slice(2));
  const manifest = verifyBackup(backup);
  const data = dataDir();
  const uploads = uploadsDir();
  const uploadsInside = uploads.startsWith(`${data}${path.sep}`);
  if (!isEmptyFolder(data)) throw notEmpty(data, 'thư mục dữ liệu');
  if (!uploadsInside && !isEmptyFolder(uploads)) throw notEmpty(uploads, 'thư mục tệp tải lên (KIEMTRA_UPLOADS_DIR)');
  if (manifest.setup === 'cluster') {
    const dumps = [...TEMPORAL_DATABASES, RECORDS_DATABASE].map((db) => `postgres/${db}.dump`);
    const missing = dumps.find((d) => !manifest.files.some((f) => f.path === d));
    if (missing) throw new UserFacingError(`không khôi phục từ ${backup}: thiếu ${missing}; không có gì bị thay đổi.`, ExitCode.badInput);
    findPgBin();
  }
  const mode = folderMode(manifest.setup);
  const staging = `${data}.khoi-phuc-${randomBytes(4).toString('hex')}`;
  fs.mkdirSync(path.dirname(data), { recursive: true });
  makeFolder(staging, mode);
  const under = (prefix: string) => manifest.files.filter((f) => f.path.startsWith(prefix)).map((f) => f.path.slice(prefix.length));
  try {
    copyFiles(path.join(backup, 'data'), staging, under('data/'));
    const uploadFiles = under('uploads/');
    if (uploadsInside) copyFiles(path.join(backup, 'uploads'), path.join(staging, path.relative(data, uploads)), uploadFiles);
    if (manifest.setup === 'cluster') await restorePostgres(backup, staging);
    if (fs.existsSync(data)) fs.rmdirSync(data);
    fs.renameSync(staging, data);
    fs.chmodSync(data, mode);
    if (!uploadsInside) copyFiles(path.join(backup, 'uploads'), uploads, uploadFiles);
    say(`đã khôi phục bản sao lưu ${manifest.setup === 'dev' ? 'máy chủ dev' : 'cụm'} ngày ${manifest.createdAt} vào ${data}`);
    say(`  ${manifest.files.length} tệp đã khớp manifest.json; ${uploadFiles.length} tệp đơn vị tải lên`);
    say(`  tiếp theo: ${manifest.setup === 'dev' ? 'npm start' : 'npm run cluster'} (với KIEMTRA_DATA_DIR=${data}).`);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

if (require.main === module) void runMain(main);

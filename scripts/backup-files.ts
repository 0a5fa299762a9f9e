import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ExitCode, UserFacingError } from '../config/errors';

/**
 * The folder of a backup (docs/backup.md) and its manifest: every file with its size and sha256,
 * written last, so a backup cut short has none and is never restored. Folders are 0700 and files
 * 0600: a backup holds passwords, the link key and the units' files.
 *
 *     manifest.json
 *     data/…        copied as they are into the data folder (KIEMTRA_DATA_DIR)
 *     uploads/…     into the uploads folder (KIEMTRA_UPLOADS_DIR, else <data>/uploads)
 *     postgres/…    (cluster) pg_dump of each database, restored with pg_restore
 */

export const MANIFEST = 'manifest.json';

/** The two set-ups a backup is of. */
export type Setup = 'dev' | 'cluster';

const relativePath = z
  .string()
  .min(1)
  .refine((p) => !path.isAbsolute(p) && !p.split('/').some((s) => s === '..' || s === '.' || s === '') && !p.includes('\\'), {
    message: 'đường dẫn tương đối không hợp lệ',
  });

/** A backup's manifest. */
export const manifestSchema = z
  .object({
    format: z.literal('kiemtra-backup'),
    version: z.literal(1),
    setup: z.enum(['dev', 'cluster']),
    createdAt: z.string(),
    files: z.array(
      z.object({ path: relativePath, bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    ),
  })
  .strict();
export type Manifest = z.infer<typeof manifestSchema>;

/** The sha256 of a file, read in chunks. */
export function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0;) hash.update(buffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/** Every regular file under `root`, as paths relative to it with `/`, sorted. */
export function filesUnder(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}

/** Whether `dir` is missing or empty. */
export function isEmptyFolder(dir: string): boolean {
  return !fs.existsSync(dir) || (fs.statSync(dir).isDirectory() && fs.readdirSync(dir).length === 0);
}

/** Makes `dir` and its missing parents with `mode`, and sets `mode` on `dir`. */
export function makeFolder(dir: string, mode = 0o700): void {
  fs.mkdirSync(dir, { recursive: true, mode });
  fs.chmodSync(dir, mode);
}

/**
 * Copies the files `names` (relative to `from`) to `to`, folders 0700 and files 0600; a file that
 * vanished meanwhile (an upload refused, a temporary file) is left out. Returns the copied names.
 */
export function copyFiles(from: string, to: string, names: readonly string[]): string[] {
  const copied: string[] = [];
  for (const name of names) {
    const target = path.join(to, ...name.split('/'));
    makeFolder(path.dirname(target));
    try {
      fs.copyFileSync(path.join(from, ...name.split('/')), target, fs.constants.COPYFILE_EXCL);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    fs.chmodSync(target, 0o600);
    copied.push(name);
  }
  return copied;
}

/** Writes the manifest of every file under `folder` (mode 600) and returns its sha256. */
export function writeManifest(folder: string, setup: Setup): string {
  const files = filesUnder(folder).map((p) => {
    const file = path.join(folder, ...p.split('/'));
    fs.chmodSync(file, 0o600);
    return { path: p, bytes: fs.statSync(file).size, sha256: sha256File(file) };
  });
  for (const d of fs.readdirSync(folder, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    if (d.isDirectory()) fs.chmodSync(path.join(d.parentPath, d.name), 0o700);
  const manifest: Manifest = { format: 'kiemtra-backup', version: 1, setup, createdAt: new Date().toISOString(), files };
  const file = path.join(folder, MANIFEST);
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return sha256File(file);
}

const refused = (folder: string, why: string) =>
  new UserFacingError(`không khôi phục từ ${folder}: ${why}; không có gì bị thay đổi.`, ExitCode.badInput);

/**
 * Reads a backup's manifest and checks every file against it: none missing, none added, each of
 * its size and sha256. Refuses (exit 2, one Vietnamese line) at the first difference.
 */
export function verifyBackup(folder: string): Manifest {
  const file = path.join(folder, MANIFEST);
  if (!fs.existsSync(file)) throw refused(folder, `không có ${MANIFEST} (không phải bản sao lưu của kiemtra, hoặc sao lưu chưa xong)`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw refused(folder, `${MANIFEST} không đọc được`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw refused(folder, `${MANIFEST} không đúng định dạng (${parsed.error.issues[0]?.path.join('.') || 'gốc'})`);
  const manifest = parsed.data;
  const listed = new Set(manifest.files.map((f) => f.path));
  const present = filesUnder(folder).filter((p) => p !== MANIFEST);
  const extra = present.find((p) => !listed.has(p));
  if (extra) throw refused(folder, `tệp ${extra} không có trong ${MANIFEST}`);
  for (const f of manifest.files) {
    const at = path.join(folder, ...f.path.split('/'));
    if (!fs.existsSync(at)) throw refused(folder, `thiếu tệp ${f.path}`);
    if (fs.statSync(at).size !== f.bytes || sha256File(at) !== f.sha256)
      throw refused(folder, `tệp ${f.path} khác với ${MANIFEST} (mã sha256 không khớp): bản sao lưu đã bị sửa hoặc hỏng`);
  }
  return manifest;
}

import path from 'node:path';
import fs from 'node:fs';
import { UserFacingError } from './errors';

/**
 * The project's root folder, found from this file whether it runs from source, from dist/ or from
 * an installed package (`npm run package`, which ships dist/ without the sources): the nearest
 * folder whose package.json is kiemtra's.
 */
export const projectRoot: string = findRoot(__dirname);

function isKiemtraPackage(file: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown }).name === 'kiemtra';
  } catch {
    return false;
  }
}

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (isKiemtraPackage(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

/** The folder for runtime data (the dev server's SQLite file, the outbox): KIEMTRA_DATA_DIR or `.data/`. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.KIEMTRA_DATA_DIR ?? path.join(projectRoot, '.data'));
}

/** Where uploaded files are kept, content-addressed: KIEMTRA_UPLOADS_DIR, else `<data folder>/uploads`. */
export function uploadsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.KIEMTRA_UPLOADS_DIR || path.join(dataDir(env), 'uploads'));
}

/** Where a file of the upload store is: `<dir>/<first two hex digits>/<sha256>` (the page server's and the CLI's layout). */
export function uploadFilePath(dir: string, sha256: string): string {
  return path.join(dir, sha256.slice(0, 2), sha256);
}

/** Where the documents kiemtra drafts and the signed files are kept, content-addressed: KIEMTRA_DOCUMENTS_DIR, else `<data folder>/documents`. */
export function documentsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.KIEMTRA_DOCUMENTS_DIR || path.join(dataDir(env), 'documents'));
}

/** Where scripts/bootstrap.sh links the provisioned tools. */
export const toolsBinDir = path.join(projectRoot, '.tools', 'bin');

/** The Temporal CLI: $TEMPORAL_CLI, else the one provisioned by the bootstrap. */
export function temporalCliPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEMPORAL_CLI ?? path.join(toolsBinDir, 'temporal');
}

/** The time-skipping test server: $TEMPORAL_TEST_SERVER, else the one provisioned by the bootstrap. */
export function testServerPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEMPORAL_TEST_SERVER ?? path.join(toolsBinDir, 'temporal-test-server');
}

/** Fails with a message that says what to do when a provisioned tool is missing. */
export function requireTool(file: string, what: string): string {
  if (!fs.existsSync(file)) {
    throw new UserFacingError(
      `không tìm thấy ${what} tại ${file}; hãy chạy \`npm run bootstrap\` (mọi công cụ; npm start chỉ chuẩn bị những gì nó chạy, npm test chuẩn bị cả công cụ của các bài kiểm thử).`,
    );
  }
  return file;
}

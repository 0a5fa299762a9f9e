import fs from 'node:fs';
import path from 'node:path';

/**
 * The data folder holds what only the operator may read: the dev server's SQLite file, the outbox's
 * emails (live links inside), the link key, the units' uploaded files. `npm start` runs with umask
 * 077, so what it creates is 0600 (files) and 0700 (folders); at start it brings what an older run
 * left (0644, 0755) to the same modes.
 */

/** The mode of every file in the data folder. */
export const DATA_FILE_MODE = 0o600;
/** The mode of every folder in the data folder, the data folder itself included. */
export const DATA_FOLDER_MODE = 0o700;

/**
 * Creates `dir` if needed and sets every folder under it (itself included) to 0700 and every regular
 * file to 0600; symbolic links and other kinds of files are left alone. Returns how many it changed.
 */
export function tightenDataDir(dir: string): number {
  fs.mkdirSync(dir, { recursive: true, mode: DATA_FOLDER_MODE });
  let changed = 0;
  // A file may go while the walk runs (a server rotating its files): it is skipped.
  const gone = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';
  const fix = (p: string, mode: number) => {
    try {
      if ((fs.lstatSync(p).mode & 0o777) === mode) return;
      fs.chmodSync(p, mode);
      changed++;
    } catch (err) {
      if (!gone(err)) throw err;
    }
  };
  const walk = (folder: string) => {
    fix(folder, DATA_FOLDER_MODE);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch (err) {
      if (gone(err)) return;
      throw err;
    }
    for (const entry of entries) {
      const p = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) fix(p, DATA_FILE_MODE);
    }
  };
  walk(dir);
  return changed;
}

import path from 'node:path';
import { dataDir } from '../../config/paths';
import { loadRecordSettings } from '../../config/records';
import { loadPostgresRecordSettings } from '../../config/records-postgres';
import { FileRecordStore } from './file-store';
import { openPostgresRecordStore } from './postgres-store';
import type { RecordStore } from './store';

/** The record store's folder for the file backend: `<data folder>/records/`. */
export function recordsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'records');
}

/**
 * Opens the record store the settings name (KIEMTRA_RECORDS, docs/records.md): `files` (default)
 * under the data folder, or `postgres` for the cluster (KIEMTRA_RECORDS_PG_*, docs/backup.md).
 */
export async function openRecordStore(env: NodeJS.ProcessEnv = process.env): Promise<RecordStore> {
  const { backend } = loadRecordSettings(env);
  switch (backend) {
    case 'files':
      return FileRecordStore.open(recordsDir(env));
    case 'postgres':
      return openPostgresRecordStore(loadPostgresRecordSettings(env));
  }
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordsSchemaSql } from '../../client/records/postgres-schema';
import type { PostgresRecordSettings } from '../../config/records-postgres';
import {
  findPgBin,
  OWNER_ROLE,
  RECORDS_DATABASE,
  RECORDS_ROLE,
  startClusterPostgres,
  type ClusterPostgres,
} from '../../scripts/cluster-postgres';
import { freePort } from '../../scripts/net';

/**
 * A private PostgreSQL set up exactly as `npm run cluster` sets up its own (scripts/cluster-postgres.ts:
 * roles, databases, the record store's tables), in a temporary folder on a free port: far cheaper
 * than a cluster for the record store's tests. `remove` stops it and deletes the folder.
 */
export interface PrivatePostgres extends ClusterPostgres {
  dir: string;
  /** The record store's settings for database `db` (default `kiemtra`), as the workers' role. */
  recordSettings: (db?: string) => PostgresRecordSettings;
  /** A new, empty database with the record store's tables, as `npm run cluster` makes `kiemtra`. */
  freshRecordsDatabase: () => Promise<string>;
  remove: () => Promise<void>;
}

export async function privatePostgres(): Promise<PrivatePostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-pg-'));
  // PostgreSQL runs as its own user (as root: `postgres`), which must reach its folder.
  fs.chmodSync(dir, 0o755);
  const server = await startClusterPostgres(findPgBin(), dir, await freePort());
  let n = 0;
  return {
    ...server,
    dir,
    recordSettings: (db = RECORDS_DATABASE) => ({
      host: '127.0.0.1',
      port: server.port,
      database: db,
      user: RECORDS_ROLE,
      password: () => server.recordsPassword,
      ssl: false,
    }),
    freshRecordsDatabase: async () => {
      const db = `kiemtra_case_${++n}`;
      await server.psql(`CREATE DATABASE ${db} OWNER ${OWNER_ROLE}; REVOKE CONNECT ON DATABASE ${db} FROM PUBLIC;`);
      await server.psql(`GRANT CONNECT ON DATABASE ${db} TO ${OWNER_ROLE}, ${RECORDS_ROLE};`);
      await server.psql(recordsSchemaSql(RECORDS_ROLE), db, OWNER_ROLE);
      return db;
    },
    remove: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * Runs one SQL query with psql against the PostgreSQL of a private `npm run cluster` (its data
 * folder `dataDir`, its environment `env` from `privateClusterEnv`), as the `temporal` user with the
 * password the cluster generated, and returns the unaligned result, trimmed.
 */
export async function clusterSql(dataDir: string, env: NodeJS.ProcessEnv, db: string, sql: string): Promise<string> {
  const password = fs.readFileSync(path.join(dataDir, 'cluster', 'pg-password'), 'utf8').trim();
  const { stdout } = await exec('psql', ['-h', '127.0.0.1', '-p', env.KIEMTRA_CLUSTER_PG_PORT!, '-U', 'temporal', '-d', db, '-tAc', sql], {
    env: { ...process.env, PGPASSWORD: password },
  });
  return stdout.trim();
}

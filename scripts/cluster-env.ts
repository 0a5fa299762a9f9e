import net from 'node:net';
import { freePort } from './net';

/** A free port below 32768: Temporal keeps membership ports in a smallint column. */
export async function freeMembershipPort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer().once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/**
 * The environment of a private `npm run cluster` (tests, benchmarks): its data folder and a free
 * port for every service, so it can run beside anything else on the machine.
 */
export async function privateClusterEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    KIEMTRA_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
    KIEMTRA_UI_PORT: String(await freePort()),
    ...extra,
  };
  for (const n of ['PG', 'FRONTEND_HTTP', 'HISTORY', 'MATCHING', 'WORKER', 'INTERNAL_FRONTEND', 'INTERNAL_FRONTEND_HTTP'])
    env[`KIEMTRA_CLUSTER_${n}_PORT`] = String(await freePort());
  for (const n of ['FRONTEND', 'HISTORY', 'MATCHING', 'WORKER', 'INTERNAL_FRONTEND'])
    env[`KIEMTRA_CLUSTER_${n}_MEMBERSHIP_PORT`] = String(await freeMembershipPort());
  return env;
}

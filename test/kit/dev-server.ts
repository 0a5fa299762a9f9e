import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { temporalCliPath } from '../../config/paths';
import { freePort } from '../../scripts/net';

/** A headless dev server that can be stopped and started again on the same SQLite file. */
export interface HeadlessDevServer {
  address: string;
  /** Starts the server and resolves once it answers. */
  start: () => Promise<void>;
  /** Stops the server (SIGTERM) and waits for it; does nothing if it is not running. */
  stop: () => Promise<void>;
}

/**
 * The Temporal CLI's dev server on a free loopback port, without UI, keeping its data in `dbFile`.
 * For the fault tests, the upgrade test (which passes an older `cli`) and the benchmarks; `npm start`
 * runs its own, with the UI. However this process ends, a running server goes with it.
 */
export async function headlessDevServer(dbFile: string, cli: string = temporalCliPath()): Promise<HeadlessDevServer> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGTERM');
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  return {
    address,
    start: async () => {
      child = spawn(
        cli,
        ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--db-filename', dbFile, '--log-level', 'error'],
        { stdio: 'ignore' },
      );
      process.once('exit', killOnExit);
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          const c = await Connection.connect({ address, connectTimeout: 1000 });
          try {
            await c.workflowService.getSystemInfo({});
          } finally {
            await c.close();
          }
          return;
        } catch {
          if (!running() || Date.now() > deadline) throw new Error(`the Temporal dev server did not start at ${address}`);
          await new Promise((r) => setTimeout(r, 300));
        }
      }
    },
    stop: async () => {
      process.off('exit', killOnExit);
      const c = child;
      if (!c || !running()) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await exited;
    },
  };
}

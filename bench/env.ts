import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { freePortSync } from './ports';
import { temporalCliPath } from '../config/paths';

let installed = false;
/** Keeps the SDK's logs to warnings during benchmarks. */
export function quiet(): void {
  if (installed) return;
  installed = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/** The bench bundle: production workflows plus the baselines. */
export function benchBundle(): Promise<WorkflowBundleWithSourceMap> {
  quiet();
  const file = [path.join(__dirname, 'workflows.ts'), path.join(__dirname, 'workflows.js')].find((f) => fs.existsSync(f))!;
  return bundleWorkflowCode({ workflowsPath: file, logger: new DefaultLogger('WARN') });
}

/** A dev server (Temporal CLI) in a temporary folder, for one benchmark run. */
export async function startDevServer(): Promise<{ address: string; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-bench-'));
  const port = freePortSync();
  const address = `127.0.0.1:${port}`;
  const child: ChildProcess = spawn(temporalCliPath(), ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--db-filename', path.join(dir, 'db.sqlite'), '--log-level', 'error'], { stdio: 'ignore' });
  // However the benchmark ends (an error, process.exit), the server goes with it.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const c = await Connection.connect({ address, connectTimeout: 1000 });
      await c.workflowService.getSystemInfo({});
      await c.close();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error('dev server did not start');
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return {
    address,
    stop: async () => {
      process.off('exit', killOnExit);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

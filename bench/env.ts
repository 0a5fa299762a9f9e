import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { headlessDevServer } from '../test/kit/dev-server';
import { workflowInterceptorModules } from '../worker/worker';

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
  return bundleWorkflowCode({
    workflowsPath: file,
    workflowInterceptorModules: workflowInterceptorModules(),
    logger: new DefaultLogger('WARN'),
  });
}

/** A dev server (Temporal CLI) in a temporary folder, for one benchmark run. */
export async function startDevServer(): Promise<{ address: string; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-bench-'));
  const server = await headlessDevServer(path.join(dir, 'db.sqlite'));
  await server.start();
  return {
    address: server.address,
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { isMainThread } from 'node:worker_threads';
import { ORPHAN_GRACE_MS } from './restart-policy';

/**
 * Loaded with `node --require` into the Node children of `npm start` (the worker and the page
 * server): their stdin is a pipe that only the orchestrator holds open. When it closes, because
 * the orchestrator ended in any way (kill -9 included), the child stops as on SIGTERM (the worker
 * finishes its sends in flight), and exits after {@link ORPHAN_GRACE_MS} at the latest. It never keeps a
 * child alive: the pipe is unreferenced. `--require` also loads it into the worker's threads
 * (workflows run in worker threads), whose stdin is not the pipe: there it does nothing.
 */

let gone = false;
function orchestratorGone(): void {
  if (gone) return;
  gone = true;
  setTimeout(() => process.exit(1), ORPHAN_GRACE_MS).unref();
  process.kill(process.pid, 'SIGTERM');
}

if (isMainThread) {
  process.stdin.once('end', orchestratorGone);
  process.stdin.once('close', orchestratorGone);
  process.stdin.once('error', orchestratorGone);
  process.stdin.resume();
  (process.stdin as { unref?: () => void }).unref?.();
}

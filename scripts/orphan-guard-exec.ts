import { spawn } from 'node:child_process';
import { ORPHAN_GRACE_MS } from './restart-policy';

/**
 * `node orphan-guard-exec.js <program> [args…]`: runs a program that is not Node (the Temporal CLI)
 * so that it stops with the orchestrator of `npm start`, where the kernel cannot do it (no
 * `setpriv --pdeathsig`, e.g. on macOS). Its stdin is the orchestrator's pipe; when the pipe closes
 * the program gets SIGTERM, then SIGKILL after {@link ORPHAN_GRACE_MS}. SIGINT and SIGTERM are passed on;
 * the program's exit code is this process's.
 */
const [program, ...args] = process.argv.slice(2);
if (!program) {
  process.stderr.write('orphan-guard-exec: thiếu chương trình cần chạy.\n');
  process.exit(2);
}
const child = spawn(program, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let killTimer: NodeJS.Timeout | undefined;
function stop(signal: NodeJS.Signals): void {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  killTimer ??= setTimeout(() => child.kill('SIGKILL'), ORPHAN_GRACE_MS);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.stdin.once('end', () => stop('SIGTERM'));
process.stdin.once('error', () => stop('SIGTERM'));
process.stdin.resume();
child.once('error', (err) => {
  process.stderr.write(`orphan-guard-exec: không chạy được ${program}: ${err.message}\n`);
  process.exit(1);
});
child.once('exit', (code, signal) => {
  if (killTimer) clearTimeout(killTimer);
  process.exit(code ?? (signal ? 128 + 15 : 1));
});

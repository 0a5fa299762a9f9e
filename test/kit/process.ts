import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../config/paths';

export { freePort } from '../../scripts/net';

/** The result of a finished command. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for child processes: the parent's, minus Temporal settings that could leak in. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env))
    if ((key.startsWith('TEMPORAL_') && key !== 'TEMPORAL_CLI') || key.startsWith('SMTP_')) delete env[key];
  return { ...env, ...extra };
}

/** Runs a command to completion and captures its output, in the project folder unless `cwd` says otherwise. */
export function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = cleanEnv(),
  input?: string,
  cwd: string = projectRoot,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Runs the built `kiemtra` CLI (dist/client/cli/cli.js), as `npx kiemtra` does. */
export function kiemtra(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<RunResult> {
  return run(process.execPath, [path.join(projectRoot, 'dist', 'client', 'cli', 'cli.js'), ...args], env);
}

/** A long-running child whose output is collected, with a way to wait for a line. */
export interface Background {
  child: ChildProcess;
  output: () => string;
  waitFor: (pattern: RegExp, timeoutMs: number) => Promise<void>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Starts a command in the background, in the project folder unless `cwd` says otherwise. */
export function background(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string = projectRoot): Background {
  const child = spawn(command, args, { cwd, env });
  let out = '';
  const listeners = new Set<() => void>();
  const collect = (d: Buffer) => {
    out += d.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    waitFor: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(out)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern} in:\n${out}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => {
          if (!pattern.test(out)) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`process exited before ${pattern}:\n${out}`));
          }
        });
        check();
      }),
    stop: async (signal = 'SIGINT') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

import { spawnSync } from 'node:child_process';

/** Operations per second of `fn`, measured for about `ms` milliseconds after a warm-up. */
export function opsPerSecond(fn: (i: number) => unknown, ms = 1000): number {
  for (let i = 0; i < 200; i++) fn(i);
  let ops = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let k = 0; k < 50; k++) fn(ops++);
    elapsed = process.hrtime.bigint() - start;
  }
  return ops / (Number(elapsed) / 1e9);
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Wall time in milliseconds of running a command `runs` times; returns every sample. */
export function commandTimes(command: string, args: string[], runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(command, args, { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
  }
  return times;
}

/** One benchmark's result: a subject against a baseline measured in the same run. */
export interface BenchResult {
  name: string;
  subject: Record<string, number>;
  baseline: Record<string, number>;
  ratio: number;
  /** What the ratio means, e.g. "times faster". */
  ratioMeaning: string;
  /** The gate the result must pass, if any, and whether it did. */
  gate?: { rule: string; passed: boolean };
}

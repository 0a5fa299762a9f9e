import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../config/paths';
import { localDateOf } from '../domain/dates';
import { benchCalendar, benchCalendarCli } from './calendar';
import { benchBundle } from './env';
import { benchNational } from './national';
import { benchPrefill } from './prefill';
import { benchRecordStore } from './records';
import { benchDevServer, benchRound, benchWorkerMemory } from './temporal';
import type { BenchResult } from './measure';

/**
 * `npm run bench`: each figure is measured against a baseline in the same run and reported as a
 * ratio. Results go to the console and to bench/results/<date>.json. Exits 1 if a gate fails.
 */
async function main(): Promise<void> {
  const n = Number(process.env.KIEMTRA_BENCH_N ?? 500);
  const started = Date.now();
  const bundle = await benchBundle();
  const all: [string, () => BenchResult | BenchResult[] | Promise<BenchResult | BenchResult[]>][] = [
    ['round', () => benchRound(bundle)],
    ['devserver', () => benchDevServer(bundle, n)],
    ['memory', benchWorkerMemory],
    ['calendar', benchCalendar],
    ['cli', benchCalendarCli],
    ['records', () => benchRecordStore()],
    ['national', () => benchNational(bundle)],
    ['prefill', () => benchPrefill(bundle)],
  ];
  // KIEMTRA_BENCH_ONLY=national,devserver runs some of them (each still against its own baseline).
  const only = process.env.KIEMTRA_BENCH_ONLY?.split(',');
  const benches = all.filter(([name]) => !only || only.includes(name)).map(([, fn]) => fn);
  const results: BenchResult[] = [];
  for (const bench of benches)
    for (const r of [await bench()].flat()) {
      results.push(r);
      const gate = r.gate ? `  [${r.gate.passed ? 'pass' : 'FAIL'}: ${r.gate.rule}]` : '';
      process.stdout.write(
        `${r.name}\n  subject:  ${JSON.stringify(r.subject)}\n  baseline: ${JSON.stringify(r.baseline)}\n  ratio:    ${r.ratio} ${r.ratioMeaning}${gate}\n\n`,
      );
    }
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  process.stdout.write(`Total: ${Math.round((Date.now() - started) / 1000)} s\n`);
  const dir = path.join(projectRoot, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${localDateOf(new Date())}${only ? `-${only.join('-')}` : ''}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), machine, totalSeconds: Math.round((Date.now() - started) / 1000), results }, null, 2)}\n`,
  );
  process.stdout.write(`Results written to ${path.relative(projectRoot, file)}\n`);
  if (results.some((r) => r.gate && !r.gate.passed)) process.exitCode = 1;
}

void main().then(() => process.exit(process.exitCode ?? 0));

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../config/paths';
import { localDateOf } from '../domain/dates';
import { benchCalendar, benchCalendarCli } from './calendar';
import type { BenchResult } from './measure';

/**
 * `npm run bench`: each figure is measured against a baseline in the same run and reported as a
 * ratio. Results go to the console and to bench/results/<date>.json. Exits 1 if a gate fails.
 */
async function main(): Promise<void> {
  const benches: (() => BenchResult | Promise<BenchResult>)[] = [benchCalendar, benchCalendarCli];
  const results: BenchResult[] = [];
  for (const bench of benches) {
    const r = await bench();
    results.push(r);
    const gate = r.gate ? `  [${r.gate.passed ? 'ĐẠT' : 'KHÔNG ĐẠT'}: ${r.gate.rule}]` : '';
    process.stdout.write(
      `${r.name}\n  đối tượng: ${JSON.stringify(r.subject)}\n  mốc so sánh: ${JSON.stringify(r.baseline)}\n  tỉ lệ: ${r.ratio} ${r.ratioMeaning}${gate}\n\n`,
    );
  }
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  const dir = path.join(projectRoot, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${localDateOf(new Date())}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2)}\n`);
  process.stdout.write(`Đã ghi kết quả vào ${path.relative(projectRoot, file)}\n`);
  if (results.some((r) => r.gate && !r.gate.passed)) process.exitCode = 1;
}

void main();

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileRecordStore } from '../client/records/file-store';
import { sampleRecord } from '../test/kit/sample-record';
import { percentile, type BenchResult } from './measure';

/** One store's puts: the total and the median time of the first and of the last tenth. */
async function timePuts(n: number, cacheChain: boolean): Promise<{ totalMs: number; firstP50Ms: number; lastP50Ms: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-bench-records-'));
  try {
    const store = await FileRecordStore.open(dir, { cacheChain });
    const times: number[] = [];
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const t = process.hrtime.bigint();
      await store.put(
        sampleRecord({ workflowId: `kiem-tra-2026-don-vi-${i}`, runId: `019a0000-0000-7000-8000-${String(i).padStart(12, '0')}` }),
      );
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
    await store.close();
    const tenth = Math.max(1, Math.floor(n / 10));
    return { totalMs, firstP50Ms: percentile(times.slice(0, tenth), 50), lastP50Ms: percentile(times.slice(-tenth), 50) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const r2 = (x: number) => Number(x.toFixed(2));

/**
 * 8. The record store on files: a first pass over `n` closed runs (2,000 puts into an empty
 * store), the handle keeping the chain's last entry and recorded runs (re-validated by the chain
 * file's size and time, docs/records.md), against the same store re-reading the whole chain on
 * every put. The gate: the cached store's last puts cost no more than twice its first (linear).
 */
export async function benchRecordStore(n = Number(process.env.KIEMTRA_BENCH_RECORDS ?? 2000)): Promise<BenchResult> {
  const baseline = await timePuts(n, false);
  const subject = await timePuts(n, true);
  const growth = subject.lastP50Ms / subject.firstP50Ms;
  return {
    name: `8. record store on files: ${n} puts into an empty store, chain cached per handle vs re-read on each put`,
    subject: {
      totalMs: Math.round(subject.totalMs),
      firstTenthP50Ms: r2(subject.firstP50Ms),
      lastTenthP50Ms: r2(subject.lastP50Ms),
    },
    baseline: {
      totalMs: Math.round(baseline.totalMs),
      firstTenthP50Ms: r2(baseline.firstP50Ms),
      lastTenthP50Ms: r2(baseline.lastP50Ms),
    },
    ratio: Number((baseline.lastP50Ms / subject.lastP50Ms).toFixed(1)),
    ratioMeaning: 'times faster per put at the end (last tenth, median)',
    gate: { rule: 'cached: last tenth of the puts ≤ 2× the first tenth (median per put)', passed: growth <= 2 },
  };
}

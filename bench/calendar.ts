import path from 'node:path';
import Holidays from 'date-holidays';
import { projectRoot } from '../config/paths';
import { loadWorkingCalendar } from '../loaders/calendar';
import { addDays, toDayNumber, weekday, type LocalDate } from '../domain/dates';
import { commandTimes, opsPerSecond, percentile, type BenchResult } from './measure';

/** A day-by-day walk that asks date-holidays about every day: what the table lookup replaces. */
function naiveAddWorkingDays(hd: Holidays, date: LocalDate, n: number): LocalDate {
  let d = date;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    const wd = weekday(d);
    if (wd === 0 || wd === 6) continue;
    const holiday = hd.isHoliday(new Date(`${d}T12:00:00+07:00`));
    if (holiday && holiday.some((h) => h.type === 'public')) continue;
    left--;
  }
  return d;
}

/** Inputs shared by both sides: dates across 2025–2026 and offsets of 1–30 working days. */
function inputs(count: number): [LocalDate, number][] {
  const base = toDayNumber('2025-01-01');
  const out: [LocalDate, number][] = [];
  let seed = 42;
  for (let i = 0; i < count; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    out.push([new Date((base + (seed % 700)) * 86_400_000).toISOString().slice(0, 10), (seed % 30) + 1]);
  }
  return out;
}

/** Benchmark 5: add-working-days by table lookup against a naive loop over date-holidays. */
export function benchCalendar(): BenchResult {
  const cal = loadWorkingCalendar();
  const hd = new Holidays('VN');
  const cases = inputs(1024);
  cal.addWorkingDays('2026-12-31', 40); // compile 2025–2027 before timing
  const table = opsPerSecond((i) => {
    const [d, n] = cases[i & 1023]!;
    return cal.addWorkingDays(d, n);
  });
  const naive = opsPerSecond((i) => {
    const [d, n] = cases[i & 1023]!;
    return naiveAddWorkingDays(hd, d, n);
  });
  const ratio = table / naive;
  return {
    name: '5. calendar: add-working-days, table lookup vs naive date-holidays loop',
    subject: { opsPerSecond: Math.round(table) },
    baseline: { opsPerSecond: Math.round(naive) },
    ratio: Number(ratio.toFixed(1)),
    ratioMeaning: 'times faster',
    gate: { rule: 'table lookup ≥ 100× the naive loop', passed: ratio >= 100 },
  };
}

/** The CLI's latency for a calendar query, against bare `node` start-up. */
export function benchCalendarCli(): BenchResult {
  const cli = path.join(projectRoot, 'dist', 'client', 'cli', 'cli.js');
  const runs = 15;
  const cliTimes = commandTimes(process.execPath, [cli, 'calendar', 'add-working-days', '2026-02-13', '1'], runs);
  const provisional = commandTimes(
    process.execPath,
    [cli, 'calendar', 'deadlines', '--visit', '2026-12-28', '--end', '2026-12-29', '--json'],
    runs,
  );
  const nodeTimes = commandTimes(process.execPath, ['-e', '0'], runs);
  const p50 = percentile(cliTimes, 50);
  const worst = Math.max(percentile(cliTimes, 95), percentile(provisional, 95));
  return {
    name: '6. kiemtra calendar: one CLI call (process start included) vs bare node start-up',
    subject: {
      p50Ms: Math.round(p50),
      p95Ms: Math.round(percentile(cliTimes, 95)),
      provisionalYearP95Ms: Math.round(percentile(provisional, 95)),
    },
    baseline: { nodeStartP50Ms: Math.round(percentile(nodeTimes, 50)) },
    ratio: Number((p50 / percentile(nodeTimes, 50)).toFixed(2)),
    ratioMeaning: '× bare node start-up',
    gate: { rule: 'every call under 500 ms (p95)', passed: worst < 500 },
  };
}

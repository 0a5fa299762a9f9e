import { describe, expect, it } from 'vitest';
import { targetsForYear } from '../domain/kpi';
import { normaliseDeadline } from '../domain/task-plan';
import { loadYearTargets } from '../loaders/targets';

describe('deadlines as the plan writes them', () => {
  it.each([
    ['Chậm nhất 30/5/2026', { kind: 'date', date: '2026-05-30' }],
    ['30/6/2026', { kind: 'date', date: '2026-06-30' }],
    ['Chậm nhất ngày 15/9/2026', { kind: 'date', date: '2026-09-15' }],
    ['Quý II năm 2026.', { kind: 'quarter', quarter: 2, date: '2026-06-30' }],
    ['Quý IV năm 2026', { kind: 'quarter', quarter: 4, date: '2026-12-31' }],
    ['Từ ngày 15/3/2026.', { kind: 'from', date: '2026-03-15' }],
    ['Bắt đầu từ tháng 4 đến tháng 11/2026', { kind: 'range', from: '2026-04-01', date: '2026-11-30' }],
    ['Thường xuyên', { kind: 'ongoing' }],
    ['Thường xuyên hoặc theo lộ trình của Bộ Tư pháp', { kind: 'ongoing' }],
    ['Theo lộ trình của Nghị quyết', { kind: 'external', by: 'của Nghị quyết' }],
    ['Theo hướng dẫn của Bộ Tư pháp', { kind: 'external', by: 'của Bộ Tư pháp' }],
  ])('%s', (text, expected) => {
    expect(normaliseDeadline(text)).toEqual(expected);
  });

  it('does not guess: an unknown wording or an impossible date is undefined', () => {
    expect(normaliseDeadline('Sớm nhất có thể')).toBeUndefined();
    expect(normaliseDeadline('Chậm nhất 31/6/2026')).toBeUndefined();
  });
});

describe('the yearly targets', () => {
  it('serves a year the latest plan at or before it, else the earliest plan', () => {
    const t = (year: number) => ({ year, plan: `kstthc-${year}`, targets: targetsForYear(loadYearTargets(), 2026)!.targets });
    const plans = [t(2026), t(2028)];
    expect([2025, 2026, 2027, 2028, 2031].map((y) => targetsForYear(plans, y)!.plan)).toEqual([
      'kstthc-2026',
      'kstthc-2026',
      'kstthc-2026',
      'kstthc-2028',
      'kstthc-2028',
    ]);
    expect(targetsForYear([], 2026)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { latestPeriodicReport, prefillReport } from '../client/prefill';
import { PrefillCache, type PeriodicReportSource } from '../client/prefill-cache';
import { summaryMarkdown } from '../client/cli/summary';
import { targetsForYear } from '../domain/kpi';
import { periodById, recentPeriods } from '../domain/periods';
import { periodicReportWorkflowId } from '../workflows/ids';
import { applyReport, initialState } from '../workflows/inspection/state';
import type { PeriodicReportState } from '../workflows/periodic-report/contract';
import { inspectionInput } from './kit/inspection';
import { completeInspectionInput } from '../workflows/inspection/contract';
import { sharedTargets } from './kit/shared-data';

/** Issue 15, item 4: the inspection's report pre-filled from the unit's latest periodic report. */

const UNIT = 'Sở Tài chính';
const received = (periodId: string, receivedOn: string, indicators: PeriodicReportState['indicators']): PeriodicReportState => ({
  workflowId: periodicReportWorkflowId('kstthc-2026', periodId, UNIT),
  plan: 'kstthc-2026',
  unit: UNIT,
  period: periodById(periodId)!,
  status: 'report_received',
  receivedOn,
  indicators,
  overdue: false,
  pending: [],
  emails: [],
  history: [],
});

describe('the latest periodic report', () => {
  it('lists the periods that ended before a day, the latest cut-off first and the month before the quarter', () => {
    expect(
      recentPeriods('2026-10-20')
        .slice(0, 4)
        .map((p) => p.id),
    ).toEqual(['2026-10', '2026-09', '2026-Q3', '2026-08']);
    expect(recentPeriods('2026-10-14')[0]!.id).toBe('2026-09');
    expect(
      recentPeriods('2026-01-20')
        .slice(0, 5)
        .map((p) => p.id),
    ).toEqual(['2026-01', '2025-12', '2025-Q4', '2025', '2025-11']);
    expect(recentPeriods('2026-10-20').every((p) => p.to < '2026-10-20' && p.to >= '2025-10-20')).toBe(true);
  });

  it('finds the latest recorded report with indicators, skipping waiting ones and other units', async () => {
    const store = new Map<string, PeriodicReportState>([
      [
        periodicReportWorkflowId('kstthc-2026', '2026-10', UNIT),
        { ...received('2026-10', '2026-10-20', undefined), status: 'report_waiting' },
      ],
      [periodicReportWorkflowId('kstthc-2026', '2026-Q3', UNIT), received('2026-Q3', '2026-09-18', { onlineReceived: 71 })],
      [periodicReportWorkflowId('kstthc-2026', '2026-08', UNIT), received('2026-08', '2026-08-19', { onlineReceived: 60 })],
      [periodicReportWorkflowId('kstthc-2026', '2026-10', 'Sở Xây dựng'), received('2026-10', '2026-10-19', { onlineReceived: 99 })],
    ]);
    const asked: string[] = [];
    const stateOf = async (id: string) => {
      asked.push(id);
      return store.get(id);
    };
    const latest = await latestPeriodicReport(stateOf, ['kstthc-2026'], UNIT, '2026-10-25');
    expect(latest).toMatchObject({ period: { id: '2026-Q3' }, receivedOn: '2026-09-18', indicators: { onlineReceived: 71 } });
    expect(asked).toEqual(['2026-10', '2026-09', '2026-Q3'].map((p) => periodicReportWorkflowId('kstthc-2026', p, UNIT)));
    expect(await latestPeriodicReport(stateOf, ['kstthc-2026'], 'Xã Không Có', '2026-10-25')).toBeUndefined();
  });

  it('pre-fills the indicators a person did not type, and names them as taken from the report', () => {
    const latest = {
      workflowId: 'report-kstthc-2026-2026-10-so-tai-chinh',
      period: periodById('2026-10')!,
      receivedOn: '2026-10-20',
      indicators: { onlineReceived: 71, satisfaction: 93 },
    };
    expect(prefillReport(latest, { satisfaction: 96, digitised: 100 })).toEqual({
      indicators: { onlineReceived: 71, satisfaction: 96, digitised: 100 },
      prefilled: { workflowId: latest.workflowId, period: 'tháng 10/2026', receivedOn: '2026-10-20', indicators: ['onlineReceived'] },
    });
    expect(prefillReport(latest, { onlineReceived: 1, satisfaction: 2 })).toEqual({ indicators: { onlineReceived: 1, satisfaction: 2 } });
  });

  it('is cited in the round summary', () => {
    const s = initialState(
      'inspection-2026-so-tai-chinh',
      completeInspectionInput(inspectionInput(UNIT, { start: '2026-11-02', end: '2026-11-02' })),
      '2026-10-01T00:00:00.000Z',
    );
    const prefilled = {
      workflowId: 'report-kstthc-2026-2026-10-so-tai-chinh',
      period: 'tháng 10/2026',
      receivedOn: '2026-10-20',
      indicators: ['onlineReceived'],
    };
    applyReport(
      s,
      targetsForYear(sharedTargets(), 2026)!.targets,
      { receivedOn: '2026-10-28', indicators: { onlineReceived: 71 }, prefilled },
      '2026-10-28T02:00:00.000Z',
    );
    const md = summaryMarkdown({ round: 'test-round', asOf: '2026-11-25', inspections: [s], selfInspections: [] });
    expect(md).toContain(
      '- Số liệu lấy từ báo cáo định kỳ của đơn vị (khoản 1 Điều 2 của Kế hoạch năm 2026): Sở Tài chính: 1 chỉ tiêu lấy từ báo cáo định kỳ tháng 10/2026 của đơn vị, nhận ngày 20/10/2026 (thứ Ba).',
    );
    expect(md).toContain('| Hồ sơ tiếp nhận trực tuyến | ≥ 80% | 1 | 0 |');
  });
});

describe('the pre-fill cache', () => {
  const id = (p: string) => periodicReportWorkflowId('kstthc-2026', p, UNIT);
  /** Reports in memory, each with a marker raised by every change, as `describe`'s history length is. */
  function reports() {
    const store = new Map<string, PeriodicReportState>([
      [id('2026-10'), { ...received('2026-10', '2026-10-20', undefined), status: 'report_waiting' }],
      [id('2026-Q3'), received('2026-Q3', '2026-09-18', { onlineReceived: 71 })],
    ]);
    const markers = new Map<string, number>([...store.keys()].map((k) => [k, 1]));
    const reads = { state: 0, marker: 0 };
    const source: PeriodicReportSource = {
      state: async (k) => (reads.state++, store.get(k)),
      marker: async (k) => (reads.marker++, markers.has(k) ? String(markers.get(k)) : undefined),
    };
    const record = (k: string, s: PeriodicReportState) => (store.set(k, s), markers.set(k, (markers.get(k) ?? 0) + 1));
    return { source, reads, record };
  }

  it('answers a second view without reading any report, only the marker of the one still awaited', async () => {
    const r = reports();
    const cache = new PrefillCache(r.source);
    expect((await cache.latest(['kstthc-2026'], UNIT, '2026-10-25'))?.period.id).toBe('2026-Q3');
    const after = { ...r.reads };
    for (let i = 0; i < 5; i++) expect((await cache.latest(['kstthc-2026'], UNIT, '2026-10-25'))?.period.id).toBe('2026-Q3');
    expect(r.reads.state).toBe(after.state);
    expect(r.reads.marker - after.marker).toBe(5);
    expect(cache.counts).toEqual({ hits: 5, misses: 1 });
  });

  it('shows the new report after a submission: no stale pre-fill', async () => {
    const r = reports();
    const cache = new PrefillCache(r.source);
    expect((await cache.latest(['kstthc-2026'], UNIT, '2026-10-25'))?.indicators).toEqual({ onlineReceived: 71 });
    // The unit sends its October report (through its link or the CLI): the process records it.
    r.record(id('2026-10'), received('2026-10', '2026-10-24', { onlineReceived: 88 }));
    expect(await cache.latest(['kstthc-2026'], UNIT, '2026-10-25')).toMatchObject({
      period: { id: '2026-10' },
      indicators: { onlineReceived: 88 },
    });
    expect(cache.counts.misses).toBe(2);
    // Now nothing is awaited before the one found: the entry needs no marker at all.
    const marks = r.reads.marker;
    await cache.latest(['kstthc-2026'], UNIT, '2026-10-25');
    expect([r.reads.marker, cache.counts.hits]).toEqual([marks, 1]);
  });

  it('keys entries by the recent periods, expires them, and holds a bounded number', async () => {
    let now = 0;
    const r = reports();
    const cache = new PrefillCache(r.source, { ttlMs: 60_000, maxEntries: 3, now: () => now });
    await cache.latest(['kstthc-2026'], UNIT, '2026-10-25');
    await cache.latest(['kstthc-2026'], UNIT, '2026-11-14'); // the same periods: a hit
    expect(cache.counts).toEqual({ hits: 1, misses: 1 });
    await cache.latest(['kstthc-2026'], UNIT, '2026-11-15'); // November's period has ended: new periods, a new entry
    expect(cache.counts.misses).toBe(2);
    now = 60_000;
    await cache.latest(['kstthc-2026'], UNIT, '2026-10-25');
    expect(cache.counts.misses).toBe(3);
    for (let i = 0; i < 10; i++) await cache.latest(['kstthc-2026'], `Đơn vị ${i}`, '2026-10-25');
    expect(cache.size).toBe(3);
  });
});

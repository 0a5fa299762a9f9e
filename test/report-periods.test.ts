import { describe, expect, it } from 'vitest';
import { closestNames, didYouMean } from '../domain/closest-names';
import { localInstant, type LocalDate } from '../domain/dates';
import { periodById, reportDue } from '../domain/periods';
import { chooseUnitProcess, type UnitProcessCandidate } from '../client/find-process';
import { openingDeadline, standingCounts, standingOf, statusRows } from '../client/report-periods';
import type { PeriodicReportState } from '../workflows/periodic-report/contract';
import { sharedCalendar } from './kit/shared-data';

/**
 * Opening a period by hand and finding a unit's process without the year, on fixed clocks: 03:00
 * Vietnam time (UTC still on the day before), 31/12, Tết 2027 and January 2027.
 */
const cal = sharedCalendar();
const at = (date: LocalDate, time = '03:00') => localInstant(date, time).getTime();
const CLOCKS: [string, number][] = [
  ['01/12/2026 03:00', at('2026-12-01')],
  ['31/12/2026 23:30', at('2026-12-31', '23:30')],
  ['Tết 2027 (mùng 1, 06/02/2027)', at('2027-02-06', '10:00')],
  ['12/01/2027 03:00', at('2027-01-12')],
];

describe('openingDeadline', () => {
  const november = periodById('2026-11')!;
  const usual = reportDue(cal, november, 3);

  it.each(CLOCKS)('at %s: the usual deadline of 2026-11 has passed, so no new deadline is refused', (_, now) => {
    const d = openingDeadline(cal, november, 3, {}, now);
    expect(d).toMatchObject({ ok: false });
    if (d.ok) return;
    expect(d.warning).toContain(`hạn nộp thông thường của kỳ tháng 11/2026`);
    expect(d.refusal).toContain('cần hạn nộp mới, --deadline <ngày> hoặc --working-days <số>');
  });

  it.each(CLOCKS)('at %s: a number of working days gives a working day after today', (_, now) => {
    const d = openingDeadline(cal, november, 3, { workingDays: 5 }, now);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.usualDue).toBe(usual);
    expect(d.overridden).toBe(true);
    expect(cal.isWorkingDay(d.due)).toBe(true);
    expect(d.due > new Date(now + 7 * 3600_000).toISOString().slice(0, 10)).toBe(true);
  });

  it('a deadline of today or before is refused; a holiday moves to the next working day', () => {
    const now = at('2026-12-01');
    expect(openingDeadline(cal, november, 3, { deadline: '2026-11-30' }, now)).toMatchObject({ ok: false });
    expect(openingDeadline(cal, november, 3, { deadline: '2026-12-01' }, now)).toMatchObject({
      ok: false,
      refusal: 'hạn nộp 01/12/2026 không sau hôm nay (01/12/2026): chọn một ngày sau hôm nay; chưa mở kỳ nào.',
    });
    // Saturday 05/12/2026 → Monday 07/12/2026.
    expect(openingDeadline(cal, november, 3, { deadline: '2026-12-05' }, now)).toMatchObject({ ok: true, due: '2026-12-07' });
    expect(openingDeadline(cal, november, 3, { deadline: '2026-12-07', workingDays: 3 }, now)).toMatchObject({ ok: false });
    expect(openingDeadline(cal, november, 3, { workingDays: 0 }, now)).toMatchObject({ ok: false });
  });

  it('a period not ended is refused; one whose usual deadline is ahead opens with it', () => {
    const december = periodById('2026-12')!;
    expect(openingDeadline(cal, december, 3, {}, at('2026-12-14', '23:00'))).toMatchObject({
      ok: false,
      refusal: 'kỳ báo cáo tháng 12/2026 chưa kết thúc: số liệu đến hết ngày 14/12/2026; kỳ mở từ ngày 15/12/2026.',
    });
    const d = openingDeadline(cal, december, 3, {}, at('2026-12-15'));
    expect(d).toEqual({ ok: true, due: reportDue(cal, december, 3), usualDue: reportDue(cal, december, 3), overridden: false });
  });
});

describe('a period’s status', () => {
  const state = (unit: string, s: Partial<PeriodicReportState>): PeriodicReportState =>
    ({
      workflowId: `report-${unit}`,
      plan: 'kstthc-2026',
      unit,
      period: periodById('2026-11')!,
      status: 'report_waiting',
      deadline: { date: '2026-12-07' },
      overdue: false,
      pending: [],
      emails: [],
      history: [],
      ...s,
    }) as PeriodicReportState;

  it('sorts late and missing first and counts each standing', () => {
    const reports = new Map(
      [
        state('Sở Tài chính', { status: 'report_received', receivedOn: '2026-12-02' }),
        state('Sở Y tế', { status: 'report_received', late: true, receivedOn: '2026-12-09' }),
        state('Sở Xây dựng', {}),
        state('UBND xã Tiên Minh', { status: 'report_missing' }),
        state('UBND xã An Lão', { notRequested: { at: '2026-12-01T00:00:00Z', text: 'x' } }),
      ].map((s) => [s.workflowId, s]),
    );
    const units = ['Sở Tài chính', 'Sở Y tế', 'Sở Xây dựng', 'UBND xã Tiên Minh', 'UBND xã An Lão', 'Sở Nội vụ'];
    const before = statusRows(units, reports, at('2026-12-07', '23:00'));
    expect(before.map((r) => [r.unit, r.standing])).toEqual([
      ['UBND xã Tiên Minh', 'missing'],
      ['UBND xã An Lão', 'not_requested'],
      ['Sở Nội vụ', 'not_opened'],
      ['Sở Xây dựng', 'waiting'],
      ['Sở Y tế', 'sent_late'],
      ['Sở Tài chính', 'sent'],
    ]);
    // At 03:00 the next morning (UTC still on the 7th) the deadline has passed.
    expect(standingOf(reports.get('report-Sở Xây dựng'), at('2026-12-08'))).toBe('overdue');
    expect(standingCounts(statusRows(units, reports, at('2027-01-12')))).toEqual({
      overdue: 1,
      missing: 1,
      not_requested: 1,
      not_opened: 1,
      waiting: 0,
      sent_late: 1,
      sent: 1,
    });
  });
});

describe('finding a unit’s process without the year', () => {
  const c = (workflowId: string, unit: string, running: boolean, start: LocalDate, round = 'haiphong-2026'): UnitProcessCandidate => ({
    workflowId,
    unit,
    round,
    running,
    startTime: localInstant(start),
  });
  const listed = [
    c('inspection-2026-so-tai-chinh', 'Sở Tài chính', true, '2026-06-01'),
    c('inspection-2026-so-tu-phap', 'Sở Tư pháp', false, '2026-06-01'),
    c('inspection-2025-so-tu-phap', 'Sở Tư pháp', false, '2025-06-01', 'haiphong-2025'),
    c('inspection-2026-ubnd-xa-tien-minh', 'UBND xã Tiên Minh', true, '2026-06-01'),
  ];

  it('in January 2027 finds the 2026 round’s inspection by name, without diacritics, or by slug', () => {
    for (const typed of ['Sở Tài chính', 'SO TAI CHINH', 'so-tai-chinh'])
      expect(chooseUnitProcess({ type: 'inspection', unit: typed }, listed)).toEqual({ workflowId: 'inspection-2026-so-tai-chinh' });
    // Closed in both years: the latest.
    expect(chooseUnitProcess({ type: 'inspection', unit: 'Sở Tư pháp' }, listed)).toEqual({ workflowId: 'inspection-2026-so-tu-phap' });
    // A suffix of another unit's slug is not that unit.
    expect(chooseUnitProcess({ type: 'inspection', unit: 'Tiên Minh' }, listed)).toMatchObject({ refusal: expect.any(String) });
  });

  it('two open rounds need --year; a typo gets the closest names; an unknown name falls back', () => {
    const two = [...listed, c('inspection-2027-so-tai-chinh', 'Sở Tài chính', true, '2027-01-05', 'haiphong-2027')];
    expect(chooseUnitProcess({ type: 'inspection', unit: 'Sở Tài chính' }, two)).toEqual({
      refusal: '"Sở Tài chính" có 2 cuộc kiểm tra đang mở (haiphong-2026, haiphong-2027): chọn bằng --year <năm>.',
    });
    expect(chooseUnitProcess({ type: 'inspection', unit: 'Sở Tài chin' }, listed)).toEqual({
      refusal: 'không tìm thấy cuộc kiểm tra nào của "Sở Tài chin". Có phải: "Sở Tài chính"?',
    });
    expect(chooseUnitProcess({ type: 'inspection', unit: 'Công an thành phố' }, listed)).toBeUndefined();
  });

  it('closest names compare without diacritics', () => {
    expect(closestNames('So Tu Phap', ['Sở Tư pháp', 'Sở Tài chính', 'Sở Y tế'])).toEqual(['Sở Tư pháp']);
    expect(closestNames('xa tien minh', ['UBND xã Tiên Minh', 'UBND xã Tiên Lãng'])).toEqual(['UBND xã Tiên Minh']);
    expect(didYouMean('Hội đồng nhân dân', ['Sở Y tế'])).toBe('');
  });
});

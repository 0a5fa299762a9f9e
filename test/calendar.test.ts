import { describe, expect, it } from 'vitest';
import { WorkingCalendar, type LunarDates } from '../domain/calendar';
import { lunarTable } from '../scripts/generate-lunar-dates';
import { CalendarDataError, dateHolidaysLunar, loadCalendarData, parseCalendarData, tabulatedLunar } from '../loaders/calendar';
import { addDays, formatDateVi, localDateOf, localInstant, weekday, type LocalDate } from '../domain/dates';
import { beforeDateDeadline, forwardDeadline, inspectionDeadlines } from '../domain/deadlines';

const data = loadCalendarData();
const cal = new WorkingCalendar(data, tabulatedLunar());

/** Independent reference: weekday rule plus the data file's entries, walked day by day. */
function naiveIsWorking(date: LocalDate): boolean {
  const y = data.years.find((x) => x.year === Number(date.slice(0, 4)));
  if (y?.daysOff.some((e) => e.date === date)) return false;
  if (y?.makeUpWorkingDays.some((e) => e.date === date)) return true;
  const wd = weekday(date);
  return wd !== 0 && wd !== 6;
}
function naiveAdd(date: LocalDate, n: number): LocalDate {
  let d = date;
  let left = Math.abs(n);
  while (left > 0) {
    d = addDays(d, Math.sign(n));
    if (naiveIsWorking(d)) left--;
  }
  return d;
}

describe('official schedules 2025 and 2026', () => {
  const entries = data.years.flatMap((y) => y.daysOff.map((e) => [y.year, e.date, e.name] as const));
  it.each(entries)('%i: %s (%s) is a day off', (_y, date) => {
    expect(cal.isWorkingDay(date)).toBe(false);
    expect(cal.dayInfo(date)).toMatchObject({ kind: 'day-off', provisional: false });
  });

  it('lists exactly the weekdays off of the brief', () => {
    const off = (year: number) => data.years.find((y) => y.year === year)!.daysOff.map((e) => e.date);
    expect(off(2025)).toEqual([
      '2025-01-01',
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-04-07',
      '2025-04-30',
      '2025-05-01',
      '2025-05-02',
      '2025-09-01',
      '2025-09-02',
    ]);
    expect(off(2026)).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-27',
      '2026-04-30',
      '2026-05-01',
      '2026-08-31',
      '2026-09-01',
      '2026-09-02',
    ]);
  });

  it.each(['2025-04-26', '2026-01-10', '2026-08-22'])('make-up Saturday %s is a working day', (date) => {
    expect(weekday(date)).toBe(6);
    expect(cal.isWorkingDay(date)).toBe(true);
    expect(cal.dayInfo(date).kind).toBe('make-up');
  });

  it('keeps ordinary weekends off and 24/11/2026 a working day', () => {
    expect(cal.isWorkingDay('2026-11-21')).toBe(false);
    expect(cal.isWorkingDay('2026-11-22')).toBe(false);
    expect(cal.isWorkingDay('2026-11-24')).toBe(true);
    expect(cal.isWorkingDay('2026-04-26')).toBe(false); // Giỗ Tổ on a Sunday
  });

  it('has the boundaries of Tết right', () => {
    expect(cal.isWorkingDay('2026-02-13')).toBe(true);
    expect(cal.isWorkingDay('2026-02-16')).toBe(false);
    expect(cal.isWorkingDay('2026-02-20')).toBe(false);
    expect(cal.isWorkingDay('2026-02-23')).toBe(true);
    expect(cal.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
    expect(cal.addWorkingDays('2026-02-23', -1)).toBe('2026-02-13');
    expect(cal.isWorkingDay('2025-01-24')).toBe(true);
    expect(cal.isWorkingDay('2025-01-27')).toBe(false);
    expect(cal.addWorkingDays('2025-01-24', 1)).toBe('2025-02-03');
  });
});

describe('working-day arithmetic', () => {
  it('counts forward and backward from the day after / before', () => {
    expect(cal.addWorkingDays('2026-05-25', 0)).toBe('2026-05-25');
    expect(cal.addWorkingDays('2026-05-22', 1)).toBe('2026-05-25');
    expect(cal.addWorkingDays('2026-05-25', -7)).toBe('2026-05-14');
    expect(cal.addWorkingDays('2026-01-09', 1)).toBe('2026-01-10'); // make-up Saturday counts
  });

  it('starts from weekends and days off', () => {
    expect(cal.addWorkingDays('2026-02-14', 1)).toBe('2026-02-23');
    expect(cal.addWorkingDays('2026-05-23', -1)).toBe('2026-05-22');
    expect(cal.addWorkingDays('2026-05-24', 1)).toBe('2026-05-25');
    expect(cal.addWorkingDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('crosses year ends both ways', () => {
    expect(cal.addWorkingDays('2025-12-31', 1)).toBe('2026-01-05');
    expect(cal.addWorkingDays('2026-01-05', -1)).toBe('2025-12-31');
    expect(cal.addWorkingDays('2024-12-31', 1)).toBe('2025-01-02');
    expect(cal.addWorkingDays('2025-12-31', 240)).toBe(naiveAdd('2025-12-31', 240));
  });

  it('counts working days between two dates (from excluded, to included)', () => {
    expect(cal.workingDaysBetween('2026-02-13', '2026-02-23')).toBe(1);
    expect(cal.workingDaysBetween('2026-02-23', '2026-02-13')).toBe(-1);
    expect(cal.workingDaysBetween('2026-05-25', '2026-05-25')).toBe(0);
    expect(cal.workingDaysBetween('2025-12-31', '2026-01-05')).toBe(1);
    expect(cal.workingDaysBetween('2025-01-01', '2025-12-31')).toBe(250);
  });

  it('agrees with a naive day-by-day walk over 2025–2026 for many offsets', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 400; k++) {
      const start = addDays('2025-01-15', Math.floor(rand() * 600));
      const n = Math.floor(rand() * 61) - 30;
      const end = cal.addWorkingDays(start, n);
      expect(end).toBe(naiveAdd(start, n));
      if (n !== 0) expect(cal.workingDaysBetween(start, end)).toBe(cal.isWorkingDay(start) || n > 0 ? n : n + 1);
    }
  });

  it('rejects fractional offsets and dates outside the covered range', () => {
    expect(() => cal.addWorkingDays('2026-05-25', 1.5)).toThrow(/số nguyên/);
    expect(() => cal.isWorkingDay('1990-01-01')).toThrow(/ngoài phạm vi/);
  });
});

describe('deadlines', () => {
  it('computes the inspection deadlines of a visit on 25–26/05/2026', () => {
    const d = inspectionDeadlines(cal, { start: '2026-05-25', end: '2026-05-26' });
    expect(d.notice).toMatchObject({ date: '2026-05-14', unit: 'working_days', count: 7, direction: 'before' });
    expect(d.report).toMatchObject({ date: '2026-05-22', unit: 'calendar_days', count: 2, direction: 'before' });
    expect(d.conclusion).toMatchObject({ date: '2026-06-16', unit: 'working_days', count: 15, direction: 'after' });
    expect(formatDateVi(d.report!.date)).toBe('Thứ Sáu, 22/05/2026');
    for (const x of Object.values(d)) expect(x.rule.length).toBeGreaterThan(10);
  });

  it('moves a report due on a day off back to the previous working day', () => {
    // visit Tuesday 05/05/2026: 2 days before is Sunday 03/05; Fri 01/05 is a holiday; Thu 30/04 too.
    expect(inspectionDeadlines(cal, { start: '2026-05-05' }).report!.date).toBe('2026-04-29');
  });

  it('gives a surprise inspection no notice and no report deadline', () => {
    const d = inspectionDeadlines(cal, { start: '2026-05-25', surprise: true });
    expect(d.notice).toBeUndefined();
    expect(d.report).toBeUndefined();
  });

  it('handles the seed deadlines: 30/5/2026 (Saturday) and "before 15/11/2026" (Sunday)', () => {
    expect(forwardDeadline(cal, 'seed-004', '2026-05-30', 'KH 714').date).toBe('2026-06-01');
    expect(forwardDeadline(cal, 'x', '2026-05-29', 'x').date).toBe('2026-05-29');
    const self = beforeDateDeadline(cal, 'self-inspection', '2026-11-15', 'KH kiểm tra 2026, Mục V.4');
    expect(self.date).toBe('2026-11-13');
    expect(self.anchor).toBe('2026-11-15');
  });
});

describe('time zone Asia/Ho_Chi_Minh', () => {
  it('puts a late UTC instant on the next local day', () => {
    expect(localDateOf(new Date('2026-05-24T17:00:00Z'))).toBe('2026-05-25');
    expect(localDateOf(new Date('2026-05-24T16:59:59Z'))).toBe('2026-05-24');
    expect(localDateOf(new Date('2026-12-31T18:00:00Z'))).toBe('2027-01-01');
    expect(localInstant('2026-05-14', '08:00').toISOString()).toBe('2026-05-14T01:00:00.000Z');
  });

  it('agrees with the platform time-zone database across 2025–2027', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 7 * 3_600_000 + 13 * 60_000) {
      expect(localDateOf(ms)).toBe(fmt.format(ms));
    }
  });
});

describe('years without an official schedule', () => {
  it('derives 2027 from the statutes, flagged provisional', () => {
    const y = cal.year(2027);
    expect(y.provisional).toBe(true);
    const off = y.daysOff.map((e) => e.date);
    // Tết Đinh Mùi is Saturday 06/02/2027: eve 05/02 and mùng 1–4 (06–09/02), weekend days compensated.
    expect(off).toEqual(expect.arrayContaining(['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11']));
    expect(off).toEqual(expect.arrayContaining(['2027-04-16', '2027-04-30', '2027-09-01', '2027-09-02']));
    // 01/05/2027 is a Saturday: compensatory Monday 03/05
    expect(off).toContain('2027-05-03');
    expect(cal.dayInfo('2027-02-08')).toMatchObject({ working: false, provisional: true });
    expect(cal.isProvisional('2026-12-31')).toBe(false);
  });

  it('marks deadlines that reach into a provisional year', () => {
    const d = inspectionDeadlines(cal, { start: '2026-12-28', end: '2026-12-29' });
    expect(d.notice!.provisional).toBe(false);
    expect(d.conclusion!.provisional).toBe(true);
  });

  it('gets its lunar dates from date-holidays', () => {
    const lunar = dateHolidaysLunar();
    expect(lunar.lunarNewYear(2025)).toBe('2025-01-29');
    expect(lunar.lunarNewYear(2026)).toBe('2026-02-17');
    expect(lunar.lunarNewYear(2027)).toBe('2027-02-06');
    expect(lunar.hungKings(2026)).toBe('2026-04-26');
  });

  it('ships a lunar table equal to date-holidays for every covered year', () => {
    const fromLibrary = lunarTable();
    const shipped = tabulatedLunar();
    for (const [year, dates] of Object.entries(fromLibrary)) {
      expect({ lunarNewYear: shipped.lunarNewYear(Number(year)), hungKings: shipped.hungKings(Number(year)) }).toEqual(dates);
    }
    expect(Object.keys(fromLibrary)).toHaveLength(101);
  }, 60_000);

  it('is a table lookup: no holiday computation per query once a year is compiled', () => {
    let calls = 0;
    const real = tabulatedLunar();
    const counting: LunarDates = {
      lunarNewYear: (y) => (calls++, real.lunarNewYear(y)),
      hungKings: (y) => (calls++, real.hungKings(y)),
    };
    const c = new WorkingCalendar(data, counting);
    c.addWorkingDays('2027-06-01', 1);
    const afterWarmUp = calls;
    expect(afterWarmUp).toBe(2);
    for (let i = 0; i < 1000; i++) c.addWorkingDays('2027-03-01', (i % 150) + 1);
    expect(calls).toBe(afterWarmUp);
  });
});

describe('calendar data file', () => {
  const good = `years:
  - year: 2030
    status: official
    source: Công văn thử
    daysOff:
      - date: 2030-01-01
        name: Tết Dương lịch
        basis: BLLĐ 2019
`;
  const failing = (text: string) => {
    try {
      parseCalendarData(text, 'vn-calendar.yaml');
    } catch (err) {
      expect(err).toBeInstanceOf(CalendarDataError);
      return err as CalendarDataError;
    }
    throw new Error('expected the data to be rejected');
  };

  it('accepts a well-formed year that a coordinator adds', () => {
    const d = parseCalendarData(good, 'f.yaml');
    expect(new WorkingCalendar(d, tabulatedLunar()).isWorkingDay('2030-01-01')).toBe(false);
  });

  it('rejects an impossible date with its line', () => {
    const e = failing(good.replace('2030-01-01', '2030-02-30'));
    expect(e.line).toBe(6);
    expect(e.message).toMatch(/^dữ liệu lịch không hợp lệ: vn-calendar\.yaml:6: years\.0\.daysOff\.0\.date: không phải ngày hợp lệ/);
  });

  it('rejects a day off on a weekend, a date of another year, a missing basis, a duplicate', () => {
    expect(failing(good.replace('2030-01-01', '2030-01-05')).message).toMatch(/:6: .*cuối tuần/);
    expect(failing(good.replace('2030-01-01', '2031-01-01')).message).toMatch(/:6: .*không thuộc năm 2030/);
    expect(failing(good.replace('        basis: BLLĐ 2019\n', '')).message).toMatch(/:6: .*basis/);
    const dup = good + '      - date: 2030-01-01\n        name: lặp\n        basis: x\n';
    expect(failing(dup).message).toMatch(/:9: .*đã có trong daysOff/);
  });

  it('rejects broken YAML and unknown keys with a line', () => {
    expect(failing('years:\n  - year: [2030\n').line).toBeGreaterThan(0);
    expect(failing(good.replace('status: official', 'status: official\n    color: red')).message).toMatch(
      /:4: years\.0\.color: Khóa không được nhận dạng/,
    );
  });
});

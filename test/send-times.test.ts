import { describe, expect, it } from 'vitest';
import { formatLocalDateTime, localInstant } from '../domain/dates';
import { at8, byTime, deadlinePassedAt, deferPast, nextSendMoment, overdueAt, PAST_AT_START, SEND_TIME } from '../domain/send-times';
import { periodById, reportDue } from '../domain/periods';
import { sharedCalendar } from './kit/shared-data';

/** The send-time rules, pure: 08:00 local on working days, across weekends, Tết and the new year. */
const cal = sharedCalendar();
const local = (ms: number) => formatLocalDateTime(ms);

describe('send times', () => {
  it('sends at 08:00 Vietnam time (01:00 UTC)', () => {
    expect(SEND_TIME).toBe('08:00');
    expect(new Date(at8('2026-12-31')).toISOString()).toBe('2026-12-31T01:00:00.000Z');
  });

  it('a deadline is missed at 08:00 of the next working day: Friday → Monday, 31/12 → after New Year', () => {
    expect(new Date(overdueAt(cal, '2026-11-13')).toISOString()).toBe('2026-11-16T01:00:00.000Z');
    const afterNewYear = overdueAt(cal, '2026-12-31');
    expect(afterNewYear).toBe(at8(cal.addWorkingDays('2026-12-31', 1)));
    expect(cal.isWorkingDay('2027-01-01')).toBe(false);
    expect(afterNewYear).toBeGreaterThan(localInstant('2027-01-01', '23:59').getTime());
  });

  it('a deadline just before Tết is missed only after the Tết holidays', () => {
    const eve = '2026-02-13';
    expect(cal.isWorkingDay(eve)).toBe(true);
    const missed = overdueAt(cal, eve);
    for (let d = localInstant('2026-02-14').getTime(); d < missed - 8 * 3_600_000; d += 86_400_000) {
      expect(cal.isWorkingDay(new Date(d + 7 * 3_600_000).toISOString().slice(0, 10))).toBe(false);
    }
    expect(missed).toBeGreaterThan(localInstant('2026-02-17').getTime());
  });

  it('the next sending moment: today at 08:00 if not yet past on a working day, else the next working day', () => {
    expect(local(nextSendMoment(cal, localInstant('2026-11-16', '03:00').getTime()))).toBe(local(at8('2026-11-16')));
    expect(local(nextSendMoment(cal, at8('2026-11-16')))).toBe(local(at8('2026-11-16')));
    expect(local(nextSendMoment(cal, at8('2026-11-16') + 1))).toBe(local(at8('2026-11-17')));
    expect(local(nextSendMoment(cal, localInstant('2026-11-14', '07:00').getTime()))).toBe(local(at8('2026-11-16')));
    expect(nextSendMoment(cal, localInstant('2026-12-31', '09:00').getTime())).toBe(overdueAt(cal, '2026-12-31'));
  });

  it('defers only the escalations already past at the start, to the next sending moment, and says so', () => {
    const start = localInstant('2026-11-18', '15:00').getTime();
    const items = [
      { id: 'b:reminder', at: at8('2026-11-10'), label: 'Nhắc hạn', escalation: false },
      { id: 'a:overdue', at: at8('2026-11-11'), label: 'Quá hạn', escalation: true },
      { id: 'c:later', at: at8('2026-11-20'), label: 'Quá hạn sau', escalation: true },
    ];
    const out = deferPast(items, cal, start, (i) => i.escalation);
    expect(out.map((i) => [i.id, local(i.at), i.label])).toEqual([
      ['b:reminder', local(at8('2026-11-10')), 'Nhắc hạn'],
      ['a:overdue', local(at8('2026-11-19')), `Quá hạn (${PAST_AT_START})`],
      ['c:later', local(at8('2026-11-20')), 'Quá hạn sau'],
    ]);
    expect(items[1]!.label).toBe('Quá hạn');
  });

  it('orders items of the same instant by id', () => {
    expect(
      [
        { id: 'b', at: 1, label: '' },
        { id: 'a', at: 1, label: '' },
        { id: 'c', at: 0, label: '' },
      ]
        .sort(byTime)
        .map((i) => i.id),
    ).toEqual(['c', 'a', 'b']);
  });

  describe('a deadline passed when a request would go out', () => {
    const at = (d: string, t: string) => localInstant(d, t).getTime();

    it('has passed once its day is over in Vietnam: 03:00 the next morning is past, while UTC still shows the day', () => {
      expect(deadlinePassedAt('2026-11-18', at('2026-11-18', '08:00'))).toBe(false);
      expect(deadlinePassedAt('2026-11-18', at('2026-11-18', '23:59'))).toBe(false);
      const three = at('2026-11-19', '03:00');
      expect(new Date(three).toISOString()).toBe('2026-11-18T20:00:00.000Z');
      expect(deadlinePassedAt('2026-11-18', three)).toBe(true);
      // 06:59 in Vietnam is the day before in UTC: the deadline day has begun, not passed.
      expect(new Date(at('2026-11-18', '06:59')).toISOString().slice(0, 10)).toBe('2026-11-17');
      expect(deadlinePassedAt('2026-11-18', at('2026-11-18', '06:59'))).toBe(false);
    });

    it('on 31/12: the last evening of the year is still in time, the first minute of the new year is not', () => {
      expect(deadlinePassedAt('2026-12-31', at('2026-12-31', '23:59'))).toBe(false);
      expect(deadlinePassedAt('2026-12-31', at('2027-01-01', '00:00'))).toBe(true);
      expect(deadlinePassedAt('2026-12-31', at('2027-01-01', '03:00'))).toBe(true);
    });

    it('around Tết: a deadline moved past the holidays by working days is still ahead on the Tết days, and passed after it', () => {
      const february = periodById('2026-02')!; // data to 14/02/2026, the first day of the Tết holidays
      const due = reportDue(cal, february, 3);
      expect(due > '2026-02-22').toBe(true);
      for (const d of ['2026-02-15', '2026-02-17', '2026-02-20']) expect(deadlinePassedAt(due, at(d, '08:00')), d).toBe(false);
      expect(deadlinePassedAt(due, at(due, '17:00'))).toBe(false);
      expect(deadlinePassedAt(due, at(cal.addWorkingDays(due, 1), '03:00'))).toBe(true);
      // A deadline on the eve of Tết: passed during the holidays, though no working day has gone by.
      expect(deadlinePassedAt('2026-02-13', at('2026-02-16', '08:00'))).toBe(true);
    });
  });
});

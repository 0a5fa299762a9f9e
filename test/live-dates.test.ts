import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../config/paths';
import { addDays, localInstant, type LocalDate } from '../domain/dates';
import { inspectionDeadlines } from '../domain/deadlines';
import { liveDates } from './kit/live-dates';
import { checkPlan, planSchema, proposeVisits, type Plan } from '../domain/plan';
import { overdueAt, SEND_TIME } from '../domain/send-times';
import { sharedCalendar } from './kit/shared-data';

/**
 * The tests that run against the real clock take their dates from `liveDates`. Its promises are
 * checked here for every hour of a whole year of local time (00:00–08:00, Fridays, holiday eves,
 * Tết, 31/12 included), so a test that is green at 16:00 is green at 03:00 too.
 */
const cal = sharedCalendar();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at8 = (d: LocalDate) => localInstant(d, SEND_TIME).getTime();

/** Every hour from 00:00 on 31/12/2025 to 23:00 on 31/12/2026, Vietnam time. */
function everyHourOfTheYear(): number[] {
  const first = localInstant('2025-12-31').getTime();
  const last = localInstant('2026-12-31', '23:00').getTime();
  const hours: number[] = [];
  for (let t = first; t <= last; t += HOUR) hours.push(t);
  return hours;
}

describe('liveDates: dates that hold at every hour', () => {
  const hours = everyHourOfTheYear();

  it('covers 8,784 local hours, including the night hours and the year end', () => {
    expect(hours).toHaveLength(366 * 24);
    expect(liveDates(cal, localInstant('2026-12-31', '03:11')).today).toBe('2026-12-31');
  });

  it('noticeDue: the notice goes out at once, the report-day reminder is still ahead, nothing is overdue within a day', () => {
    const broken: string[] = [];
    for (const now of hours) {
      const d = liveDates(cal, now);
      const { start, end } = d.noticeDue;
      const dl = inspectionDeadlines(cal, { start, end, surprise: false });
      const ok =
        start === end &&
        cal.isWorkingDay(start) &&
        at8(dl.notice!.date) <= now &&
        localInstant(start).getTime() > now + DAY &&
        dl.report!.date >= d.today &&
        at8(dl.report!.date) > now &&
        overdueAt(cal, dl.report!.date) > now + DAY;
      if (!ok) broken.push(new Date(now).toISOString());
    }
    expect(broken).toEqual([]);
  });

  it('noticeLater: the inspection stays scheduled for more than a day', () => {
    const broken = hours.filter((now) => {
      const { start } = liveDates(cal, now).noticeLater;
      return !cal.isWorkingDay(start) || at8(inspectionDeadlines(cal, { start, end: start, surprise: false }).notice!.date) <= now + DAY;
    });
    expect(broken.map((t) => new Date(t).toISOString())).toEqual([]);
  });

  it('reportOverdue: the report is already late, the conclusion is not due within a day', () => {
    const broken = hours.filter((now) => {
      const d = liveDates(cal, now);
      const { start, end } = d.reportOverdue;
      const dl = inspectionDeadlines(cal, { start, end, surprise: false });
      return !(
        cal.isWorkingDay(start) &&
        start < d.today &&
        overdueAt(cal, dl.report!.date) <= now &&
        overdueAt(cal, dl.conclusion!.date) > now + DAY
      );
    });
    expect(broken.map((t) => new Date(t).toISOString())).toEqual([]);
  });

  it('visited, responseBy, remediationBy: working days in the order the updates need', () => {
    const broken = hours.filter((now) => {
      const d = liveDates(cal, now);
      const conclusion = inspectionDeadlines(cal, { start: d.visited, end: d.visited, surprise: true }).conclusion;
      return !(
        cal.isWorkingDay(d.visited) &&
        d.visited <= d.today &&
        overdueAt(cal, conclusion!.date) > now + DAY &&
        cal.isWorkingDay(d.responseBy) &&
        d.responseBy > d.today &&
        cal.isWorkingDay(d.remediationBy) &&
        d.remediationBy > d.responseBy
      );
    });
    expect(broken.map((t) => new Date(t).toISOString())).toEqual([]);
  });

  it('a plan proposed on any day of the year passes `plan check` that day', () => {
    const shipped = parse(fs.readFileSync(path.join(projectRoot, 'plans', 'haiphong-2026.yaml'), 'utf8')) as Record<string, unknown>;
    const broken: string[] = [];
    for (let today: LocalDate = '2025-12-31'; today <= '2026-12-31'; today = addDays(today, 1)) {
      const plan = planSchema.parse({ ...shipped, window: { from: today, to: addDays(today, 240) } });
      const { proposed, unplaced } = proposeVisits(plan, cal, today);
      const units = plan.units.map((u) => ({ ...u, visit: u.visit ?? proposed.get(u.name) })) as Plan['units'];
      const { problems } = checkPlan({ ...plan, units }, cal, today);
      if (unplaced.length || problems.length) broken.push(`${today}: ${unplaced.join(', ')}${problems[0]?.message ?? ''}`);
    }
    expect(broken).toEqual([]);
  });
});

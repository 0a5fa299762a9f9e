import fs from 'node:fs';
import path from 'node:path';
import { z } from '../domain/validation';
import { parseYamlWith, readDataFile, YamlDataError, type DataProblem } from './yaml';
import { projectRoot } from '../config/paths';
import type Holidays from 'date-holidays';
import { WorkingCalendar, type CalendarData, type CalendarEntry, type LunarDates, type YearSchedule } from '../domain/calendar';
import { isLocalDate, weekday, yearOf, type LocalDate } from '../domain/dates';

const dateString = z
  .string({ error: 'phải là ngày dạng YYYY-MM-DD' })
  .refine(isLocalDate, { message: 'không phải ngày hợp lệ dạng YYYY-MM-DD' });

const entrySchema = z.strictObject({
  date: dateString,
  name: z.string().trim().min(1, 'thiếu tên ngày'),
  basis: z.string().trim().min(1, 'thiếu căn cứ pháp lý (basis)'),
});

const yearSchema = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    status: z.literal('official'),
    source: z.string().trim().min(1, 'thiếu nguồn (source)'),
    notes: z.array(z.string()).default([]),
    daysOff: z.array(entrySchema),
    makeUpWorkingDays: z.array(entrySchema).default([]),
  })
  .superRefine((y, ctx) => {
    const seen = new Map<string, string>();
    const check = (list: 'daysOff' | 'makeUpWorkingDays', i: number, e: CalendarEntry) => {
      const at = [list, i, 'date'];
      if (yearOf(e.date) !== y.year) {
        ctx.addIssue({ code: 'custom', path: at, message: `ngày ${e.date} không thuộc năm ${y.year}` });
      }
      const wd = weekday(e.date);
      if (list === 'daysOff' && (wd === 0 || wd === 6)) {
        ctx.addIssue({ code: 'custom', path: at, message: `${e.date} là ngày cuối tuần; chỉ liệt kê ngày nghỉ rơi vào ngày thường` });
      }
      if (list === 'makeUpWorkingDays' && wd !== 0 && wd !== 6) {
        ctx.addIssue({ code: 'custom', path: at, message: `${e.date} là ngày thường; ngày làm bù phải là thứ Bảy hoặc Chủ nhật` });
      }
      const other = seen.get(e.date);
      if (other) ctx.addIssue({ code: 'custom', path: at, message: `ngày ${e.date} đã có trong ${other}` });
      seen.set(e.date, list);
    };
    y.daysOff.forEach((e, i) => check('daysOff', i, e));
    y.makeUpWorkingDays.forEach((e, i) => check('makeUpWorkingDays', i, e));
  });

const fileSchema = z.strictObject({ years: z.array(yearSchema) }).superRefine((f, ctx) => {
  const years = new Set<number>();
  f.years.forEach((y, i) => {
    if (years.has(y.year)) ctx.addIssue({ code: 'custom', path: ['years', i, 'year'], message: `năm ${y.year} bị lặp` });
    years.add(y.year);
  });
});

/** Invalid calendar data: names the file and, for each problem, the line and the reason. */
export class CalendarDataError extends YamlDataError {
  constructor(file: string, problems: DataProblem[]) {
    super(file, problems, 'dữ liệu lịch');
    this.name = 'CalendarDataError';
  }
}

/** The calendar file shipped with the project, or KIEMTRA_CALENDAR_FILE. */
export function defaultCalendarFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.KIEMTRA_CALENDAR_FILE ?? path.join(projectRoot, 'data', 'vn-calendar.yaml');
}

/** Parses and validates calendar YAML text; `file` is only used in error messages. */
export function parseCalendarData(text: string, file: string): CalendarData {
  try {
    const data = parseYamlWith(fileSchema, text, file, 'dữ liệu lịch');
    return { years: data.years.map(({ status: _official, ...y }) => y as YearSchedule) };
  } catch (err) {
    if (err instanceof YamlDataError) throw new CalendarDataError(err.file, err.problems);
    throw err;
  }
}

/** Loads and validates a calendar file. */
export function loadCalendarData(file = defaultCalendarFile()): CalendarData {
  let text: string;
  try {
    text = readDataFile(file, 'dữ liệu lịch');
  } catch (err) {
    if (err instanceof YamlDataError) throw new CalendarDataError(err.file, err.problems);
    throw err;
  }
  return parseCalendarData(text, file);
}

/** The working calendar from the data file, validated once (worker start-up, each CLI call). */
export function loadWorkingCalendar(file = defaultCalendarFile()): WorkingCalendar {
  return new WorkingCalendar(loadCalendarData(file), tabulatedLunar());
}

/** The two `date-holidays` VN rules the calendar needs: mùng 1 Tết and Giỗ Tổ Hùng Vương (10/3 lunar). */
const LUNAR_RULES = { newYear: 'vietnamese 1-0-1', hungKings: 'vietnamese 3-0-10' } as const;

/**
 * Lunar dates from `date-holidays` (VN), loaded on first use (the library is large and most queries
 * never need it), with every other rule removed so a year computes in milliseconds.
 */
export function dateHolidaysLunar(): LunarDates {
  let hd: Holidays | undefined;
  const cache = new Map<number, Map<string, LocalDate>>();
  const find = (year: number, rule: string): LocalDate => {
    if (!hd) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      hd = new (require('date-holidays') as typeof Holidays)('VN');
      const keep = new Set<string>(Object.values(LUNAR_RULES));
      for (const { rule } of hd.getRules() as unknown as { rule: string }[]) if (!keep.has(rule)) hd.unsetRule(rule);
    }
    let days = cache.get(year);
    if (!days) {
      days = new Map(hd.getHolidays(year).map((h) => [h.rule, h.date.slice(0, 10)]));
      cache.set(year, days);
    }
    const hit = days.get(rule);
    if (!hit) throw new Error(`date-holidays has no rule "${rule}" for ${year}`);
    return hit;
  };
  return {
    lunarNewYear: (year) => find(year, LUNAR_RULES.newYear),
    hungKings: (year) => find(year, LUNAR_RULES.hungKings),
  };
}

/**
 * Lunar dates from data/vn-lunar-dates.json, a table generated from date-holidays for every covered
 * year (scripts/generate-lunar-dates.ts; a test keeps it equal to the library). Years missing from
 * the table fall back to date-holidays itself.
 */
export function tabulatedLunar(file = path.join(projectRoot, 'data', 'vn-lunar-dates.json')): LunarDates {
  let years: Record<string, { lunarNewYear: LocalDate; hungKings: LocalDate }> | undefined;
  let fallback: LunarDates | undefined;
  const get = (year: number, key: 'lunarNewYear' | 'hungKings'): LocalDate => {
    years ??= (JSON.parse(fs.readFileSync(file, 'utf8')) as { years: typeof years }).years!;
    const hit = years[year]?.[key];
    if (hit) return hit;
    fallback ??= dateHolidaysLunar();
    return fallback[key](year);
  };
  return { lunarNewYear: (y) => get(y, 'lunarNewYear'), hungKings: (y) => get(y, 'hungKings') };
}

import { addDays, fromDayNumber, toDayNumber, weekday, yearOf, type LocalDate } from './dates';
/** A weekday off or a make-up working day, with its legal basis. */
export interface CalendarEntry {
  date: LocalDate;
  name: string;
  basis: string;
}

/** One year's schedule as the calendar is given it. */
export interface YearSchedule {
  year: number;
  source: string;
  notes: string[];
  daysOff: CalendarEntry[];
  makeUpWorkingDays: CalendarEntry[];
  /** True for years derived from the statutes (no official schedule); official years omit it. */
  provisional?: boolean;
}

/** The schedules a calendar is built from: the data file, or a workflow's recorded snapshot. */
export interface CalendarData {
  years: YearSchedule[];
}

/**
 * The Vietnamese working-day calendar of state bodies.
 *
 * A working day (ngày làm việc) is Monday to Friday (Quyết định 188/1999/QĐ-TTg) minus the weekdays
 * off of the year's official schedule, plus the Saturdays announced as make-up working days (làm bù).
 * Years with an official schedule come from `data/vn-calendar.yaml`; other years are derived from the
 * statutory holidays of Bộ luật Lao động 2019, Điều 112 (lunar dates from `date-holidays`), with the
 * compensatory day of Điều 111 khoản 3, and are flagged `provisional`.
 *
 * Every query is a table lookup: each year is compiled once into a working-day bitmap, a prefix count
 * and an index of its working days, so adding N working days never walks day by day.
 */

/** What the calendar knows of one day. */
export interface DayInfo {
  date: LocalDate;
  working: boolean;
  /** Why the day is off, or why a weekend day is worked. */
  entry?: CalendarEntry;
  kind: 'weekday' | 'weekend' | 'day-off' | 'make-up';
  /** True when the year has no official schedule yet and the result is derived from statutory rules. */
  provisional: boolean;
}

/** A year's days off and make-up days as the calendar uses them. */
export interface YearView {
  year: number;
  provisional: boolean;
  source: string;
  notes: string[];
  daysOff: CalendarEntry[];
  makeUpWorkingDays: CalendarEntry[];
}

/** Gives the lunar-based statutory dates of a year (Tết, Giỗ Tổ Hùng Vương). */
export interface LunarDates {
  /** Mùng 1 Tết Nguyên đán. */
  lunarNewYear(year: number): LocalDate;
  /** Giỗ Tổ Hùng Vương, 10/3 âm lịch. */
  hungKings(year: number): LocalDate;
}

/** Years the calendar answers for: far enough for any inspection and its remediation. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

const STATUTE = 'Bộ luật Lao động 2019, Điều 112 (tạm tính, chưa có thông báo chính thức)';
const COMPENSATION = 'Bộ luật Lao động 2019, Điều 111 khoản 3 (tạm tính, chưa có thông báo chính thức)';

interface YearTable {
  year: number;
  firstDay: number;
  /** 1 where the day (index from 1 January) is a working day. */
  working: Uint8Array;
  /** prefix[i] = working days among days [0, i). */
  prefix: Int32Array;
  /** The day indexes of the working days, in order. */
  workingDays: Int32Array;
  entries: Map<LocalDate, { entry: CalendarEntry; kind: 'day-off' | 'make-up' }>;
  view: YearView;
}

/** Outside the range of years the calendar covers. */
export class CalendarRangeError extends RangeError {
  constructor(date: LocalDate) {
    super(`ngày ${date} nằm ngoài phạm vi lịch (${MIN_YEAR}–${MAX_YEAR})`);
    this.name = 'CalendarRangeError';
  }
}

/** The working-day calendar. Construct once (per worker, per CLI call) and reuse. */
export class WorkingCalendar {
  private readonly tables = new Map<number, YearTable>();
  private readonly official: Map<number, YearSchedule>;

  /**
   * @param data  the schedules of the years known in advance
   * @param lunar lunar dates for deriving other years; without it, other years are out of range
   *              (a workflow's snapshot calendar covers a fixed set of years)
   */
  constructor(
    data: CalendarData,
    private readonly lunar?: LunarDates,
  ) {
    this.official = new Map(data.years.map((y) => [y.year, y]));
  }

  /** Whether a date is a working day. */
  isWorkingDay(date: LocalDate): boolean {
    const t = this.tableOf(date);
    return t.working[toDayNumber(date) - t.firstDay] === 1;
  }

  /** Everything the calendar knows of a date. */
  dayInfo(date: LocalDate): DayInfo {
    const t = this.tableOf(date);
    const hit = t.entries.get(date);
    const wd = weekday(date);
    const kind = hit?.kind ?? (wd === 0 || wd === 6 ? 'weekend' : 'weekday');
    return { date, working: this.isWorkingDay(date), entry: hit?.entry, kind, provisional: t.view.provisional };
  }

  /**
   * The N-th working day after `date` (N > 0; `date` itself is not counted), the |N|-th working day
   * before it (N < 0), or `date` itself (N = 0).
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n)) throw new RangeError(`số ngày phải là số nguyên: ${n}`);
    if (n === 0) return date;
    let t = this.tableOf(date);
    let i = toDayNumber(date) - t.firstDay;
    if (n > 0) {
      let left = n;
      for (;;) {
        const after = t.workingDays.length - t.prefix[i + 1]!;
        if (left <= after) return fromDayNumber(t.firstDay + t.workingDays[t.prefix[i + 1]! + left - 1]!);
        left -= after;
        t = this.table(t.year + 1);
        i = -1;
      }
    }
    let left = -n;
    for (;;) {
      const before = t.prefix[i]!;
      if (left <= before) return fromDayNumber(t.firstDay + t.workingDays[before - left]!);
      left -= before;
      t = this.table(t.year - 1);
      i = t.working.length;
    }
  }

  /** The number of working days d with `from` < d ≤ `to` (negative when `to` is before `from`). */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    if (to < from) return -this.workingDaysBetween(to, from);
    const a = this.tableOf(from);
    const b = this.tableOf(to);
    const upToFrom = a.prefix[toDayNumber(from) - a.firstDay + 1]!;
    const upToTo = b.prefix[toDayNumber(to) - b.firstDay + 1]!;
    let total = upToTo - upToFrom;
    for (let y = a.year; y < b.year; y++) total += this.table(y).workingDays.length;
    return total;
  }

  /** `date` if it is a working day, else the next working day. */
  nextWorkingDayOnOrAfter(date: LocalDate): LocalDate {
    return this.isWorkingDay(date) ? date : this.addWorkingDays(date, 1);
  }

  /** `date` if it is a working day, else the previous working day. */
  previousWorkingDayOnOrBefore(date: LocalDate): LocalDate {
    return this.isWorkingDay(date) ? date : this.addWorkingDays(date, -1);
  }

  /** A year's schedule as used: official entries, or the provisional statutory ones. */
  year(year: number): YearView {
    return this.table(year).view;
  }

  /** The schedules of the given years, for a workflow to keep as a recorded snapshot. */
  snapshot(fromYear: number, toYear: number): CalendarData {
    const years: YearSchedule[] = [];
    for (let y = fromYear; y <= toYear; y++) years.push(this.year(y));
    return { years };
  }

  /** Whether the year's results are provisional (no official schedule). */
  isProvisional(date: LocalDate): boolean {
    return this.tableOf(date).view.provisional;
  }

  private tableOf(date: LocalDate): YearTable {
    return this.table(yearOf(date), date);
  }

  private table(year: number, date?: LocalDate): YearTable {
    const cached = this.tables.get(year);
    if (cached) return cached;
    if (year < MIN_YEAR || year > MAX_YEAR) throw new CalendarRangeError(date ?? `${year}-01-01`);
    const built = this.build(year);
    this.tables.set(year, built);
    return built;
  }

  private build(year: number): YearTable {
    const known = this.official.get(year);
    if (!known && !this.lunar) throw new CalendarRangeError(`${year}-01-01`);
    const view = known ? scheduleView(known) : provisionalView(year, this.lunar!);
    const firstDay = toDayNumber(`${year}-01-01`);
    const length = toDayNumber(`${year + 1}-01-01`) - firstDay;
    const working = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const wd = (((firstDay + i + 4) % 7) + 7) % 7;
      working[i] = wd === 0 || wd === 6 ? 0 : 1;
    }
    const entries = new Map<LocalDate, { entry: CalendarEntry; kind: 'day-off' | 'make-up' }>();
    for (const e of view.daysOff) {
      working[toDayNumber(e.date) - firstDay] = 0;
      entries.set(e.date, { entry: e, kind: 'day-off' });
    }
    for (const e of view.makeUpWorkingDays) {
      working[toDayNumber(e.date) - firstDay] = 1;
      entries.set(e.date, { entry: e, kind: 'make-up' });
    }
    const prefix = new Int32Array(length + 1);
    for (let i = 0; i < length; i++) prefix[i + 1] = prefix[i]! + working[i]!;
    const workingDays = new Int32Array(prefix[length]!);
    for (let i = 0, k = 0; i < length; i++) if (working[i]) workingDays[k++] = i;
    return { year, firstDay, working, prefix, workingDays, entries, view };
  }
}

function scheduleView(y: YearSchedule): YearView {
  const byDate = (a: CalendarEntry, b: CalendarEntry) => a.date.localeCompare(b.date);
  return {
    year: y.year,
    provisional: y.provisional ?? false,
    source: y.source,
    notes: y.notes,
    daysOff: [...y.daysOff].sort(byDate),
    makeUpWorkingDays: [...y.makeUpWorkingDays].sort(byDate),
  };
}

/**
 * The statutory holidays of a year without an official schedule (Điều 112): 1/1; Tết Nguyên đán
 * 5 days (taken here as the eve and mùng 1–4; the Prime Minister fixes the real days); Giỗ Tổ
 * 10/3 lunar; 30/4; 1/5; 2/9 plus the day before it (as in 2025 and 2026). A holiday on a weekend
 * gives the next working day off (Điều 111 khoản 3).
 */
export function provisionalView(year: number, lunar: LunarDates): YearView {
  const tet = lunar.lunarNewYear(year);
  const holidays: CalendarEntry[] = [
    { date: `${year}-01-01`, name: 'Tết Dương lịch', basis: STATUTE },
    ...[-1, 0, 1, 2, 3].map((k) => ({
      date: addDays(tet, k),
      name: k === 0 ? 'Tết Nguyên đán (mùng 1 Tết)' : 'Tết Nguyên đán',
      basis: STATUTE,
    })),
    { date: lunar.hungKings(year), name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', basis: STATUTE },
    { date: `${year}-04-30`, name: 'Ngày Chiến thắng (30/4)', basis: STATUTE },
    { date: `${year}-05-01`, name: 'Ngày Quốc tế lao động (1/5)', basis: STATUTE },
    { date: `${year}-09-01`, name: 'Quốc khánh (ngày liền kề 02/9)', basis: STATUTE },
    { date: `${year}-09-02`, name: 'Quốc khánh (2/9)', basis: STATUTE },
  ].filter((h) => yearOf(h.date) === year);

  const off = new Set(holidays.map((h) => h.date));
  const isWeekend = (d: LocalDate) => weekday(d) === 0 || weekday(d) === 6;
  const daysOff = holidays.filter((h) => !isWeekend(h.date));
  for (const h of [...holidays].sort((a, b) => a.date.localeCompare(b.date))) {
    if (!isWeekend(h.date)) continue;
    let d = addDays(h.date, 1);
    while (isWeekend(d) || off.has(d)) d = addDays(d, 1);
    if (yearOf(d) !== year) continue;
    off.add(d);
    daysOff.push({ date: d, name: `Nghỉ bù (${h.name} rơi vào cuối tuần)`, basis: COMPENSATION });
  }
  daysOff.sort((a, b) => a.date.localeCompare(b.date));
  return {
    year,
    provisional: true,
    source: 'Chưa có thông báo chính thức: tạm tính theo Bộ luật Lao động 2019 (Điều 111, 112), ngày âm lịch từ date-holidays',
    notes: [],
    daysOff,
    makeUpWorkingDays: [],
  };
}

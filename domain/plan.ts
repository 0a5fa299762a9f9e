import type { WorkingCalendar } from './calendar';
import { formatDateVi, type LocalDate } from './dates';
import { beforeDateDeadline, inspectionDeadlines, NOTICE_WORKING_DAYS, type InspectionDeadlines } from './deadlines';
import { indicatorsSchema } from './kpi';
import { slugify } from './slug';
import { dateSchema, emailSchema, line, personSchema, text, z } from './validation';
import { parseYaml, parseYamlWith, readDataFile, YamlDataError } from './yaml-data';

/**
 * A round's plan file (YAML): who inspects whom and when, validated with zod. Errors name the file,
 * the line and the field. Pure apart from reading the file.
 */

/** The facts of an inspection already under way when the system is adopted. */
const currentSchema = z
  .strictObject({
    stage: z.enum(['notified', 'on_site', 'drafting', 'remediating']),
    report: z.strictObject({ receivedOn: dateSchema, indicators: indicatorsSchema.default({}) }).optional(),
    openingMeeting: dateSchema.optional(),
    closingMeeting: z.strictObject({ date: dateSchema, preliminaryResults: text(4000) }).optional(),
    conclusion: z
      .strictObject({
        signer: line(120),
        signedOn: dateSchema,
        recommendations: z.array(z.strictObject({ text: text(1000), deadline: dateSchema, doneOn: dateSchema.optional() })).max(50),
      })
      .optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.stage === 'drafting' || c.stage === 'remediating') && !c.closingMeeting) {
      ctx.addIssue({ code: 'custom', path: ['closingMeeting'], message: `giai đoạn ${c.stage} cần có closingMeeting` });
    }
    if (c.stage === 'remediating' && !c.conclusion) ctx.addIssue({ code: 'custom', path: ['conclusion'], message: 'giai đoạn remediating cần có conclusion' });
    if (c.stage !== 'remediating' && c.conclusion) ctx.addIssue({ code: 'custom', path: ['conclusion'], message: 'chỉ giai đoạn remediating có conclusion' });
  });

const unitSchema = z.strictObject({
  name: line(200),
  kind: z.enum(['department', 'commune']),
  emails: z.array(emailSchema).min(1).max(10),
  type: z.enum(['periodic', 'surprise']).default('periodic'),
  visit: z.strictObject({ start: dateSchema, end: dateSchema }).optional(),
  current: currentSchema.optional(),
});

const remindersSchema = z.strictObject({
  reportWorkingDaysBefore: z.array(z.number().int().min(0).max(20)).max(5).default([3, 0]),
  conclusionWorkingDaysBefore: z.array(z.number().int().min(0).max(20)).max(5).default([3]),
  remediationWorkingDaysBefore: z.array(z.number().int().min(0).max(60)).max(5).default([5]),
  selfInspectionWorkingDaysBefore: z.array(z.number().int().min(0).max(30)).max(5).default([5, 0]),
});

export const planSchema = z
  .strictObject({
    round: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'mã đợt chỉ gồm chữ thường, số, gạch ngang' }),
    year: z.number().int().min(2020).max(2100),
    title: line(300),
    window: z.strictObject({ from: dateSchema, to: dateSchema }),
    periodReviewedFrom: dateSchema,
    team: z.strictObject({
      lead: personSchema,
      members: z.array(z.strictObject({ name: line(120), organisation: line(200) })).default([]),
      secretary: personSchema,
    }),
    coordinator: personSchema,
    center: z.strictObject({ name: line(200), address: line(300), email: emailSchema, phone: line(40).optional() }),
    rules: z
      .strictObject({
        visitWorkingDays: z.number().int().min(1).max(5).default(2),
        maxVisitsPerWeek: z.number().int().min(1).max(10).default(3),
        oneUnitPerDay: z.boolean().default(true),
      })
      .default({ visitWorkingDays: 2, maxVisitsPerWeek: 3, oneUnitPerDay: true }),
    reminders: remindersSchema.default({ reportWorkingDaysBefore: [3, 0], conclusionWorkingDaysBefore: [3], remediationWorkingDaysBefore: [5], selfInspectionWorkingDaysBefore: [5, 0] }),
    units: z.array(unitSchema).min(1).max(500),
    selfInspection: z
      .strictObject({
        before: dateSchema,
        basis: line(300),
        units: z.array(z.strictObject({ name: line(200), kind: z.enum(['department', 'commune']), emails: z.array(emailSchema).min(1).max(10) })).max(5000),
      })
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.window.to < p.window.from) ctx.addIssue({ code: 'custom', path: ['window', 'to'], message: 'kết thúc trước ngày bắt đầu' });
    const seen = new Map<string, number>();
    const all = [...p.units.map((u, i) => ['units', i, u.name] as const), ...(p.selfInspection?.units ?? []).map((u, i) => ['selfInspection', i, u.name] as const)];
    for (const [list, i, name] of all) {
      const path = list === 'units' ? ['units', i, 'name'] : ['selfInspection', 'units', i, 'name'];
      const slug = slugify(name);
      if (seen.has(slug)) ctx.addIssue({ code: 'custom', path, message: `đơn vị "${name}" bị lặp` });
      seen.set(slug, i);
    }
    p.units.forEach((u, i) => {
      if (u.visit && u.visit.end < u.visit.start) ctx.addIssue({ code: 'custom', path: ['units', i, 'visit', 'end'], message: 'ngày kết thúc trước ngày bắt đầu' });
    });
  });

export type Plan = z.output<typeof planSchema>;
export type PlanUnit = Plan['units'][number];
export type UnitCurrent = NonNullable<PlanUnit['current']>;

/** A plan and the means to point at its lines. */
export interface LoadedPlan {
  file: string;
  plan: Plan;
  lineOf: (at: (string | number)[]) => number;
}

const WHAT = 'tệp kế hoạch';

/** Loads and validates a plan file. */
export function loadPlan(file: string): LoadedPlan {
  const text = readDataFile(file, WHAT);
  const plan = parseYamlWith(planSchema, text, file, WHAT);
  return { file, plan, lineOf: parseYaml(text, file, WHAT).lineOf };
}

/** A problem found by {@link checkPlan}, with where it is. */
export interface PlanProblem {
  unit?: string;
  path: (string | number)[];
  message: string;
}

/** The computed deadlines of each unit with a visit. */
export interface UnitSchedule {
  unit: string;
  type: 'periodic' | 'surprise';
  visit?: { start: LocalDate; end: LocalDate };
  deadlines: InspectionDeadlines;
  imported?: UnitCurrent['stage'];
}

/**
 * Checks a plan's dates against the calendar: visits on days off, a visit too soon for the
 * 7-working-day notice (periodic units not yet notified), visits outside the window, two units on
 * the same day when the plan allows one a day, imported stages that contradict the dates.
 */
export function checkPlan(plan: Plan, cal: WorkingCalendar, today: LocalDate): { problems: PlanProblem[]; schedule: UnitSchedule[] } {
  const problems: PlanProblem[] = [];
  const schedule: UnitSchedule[] = [];
  const busy = new Map<LocalDate, string>();
  plan.units.forEach((u, i) => {
    const at = (...rest: (string | number)[]) => ['units', i, ...rest];
    if (!u.visit) {
      schedule.push({ unit: u.name, type: u.type, deadlines: {} });
      return;
    }
    const { start, end } = u.visit;
    for (const [field, d] of [['start', start], ['end', end]] as const) {
      if (!cal.isWorkingDay(d)) problems.push({ unit: u.name, path: at('visit', field), message: `${formatDateVi(d)} là ngày nghỉ` });
    }
    if (start < plan.window.from || end > plan.window.to) {
      problems.push({ unit: u.name, path: at('visit', 'start'), message: `lịch làm việc nằm ngoài thời gian kiểm tra ${formatDateVi(plan.window.from)} – ${formatDateVi(plan.window.to)}` });
    }
    const deadlines = inspectionDeadlines(cal, { start, end, surprise: u.type === 'surprise' });
    if (!u.current && u.type === 'periodic' && deadlines.notice!.date < today) {
      problems.push({
        unit: u.name,
        path: at('visit', 'start'),
        message: `không còn đủ ${NOTICE_WORKING_DAYS} ngày làm việc để thông báo (hạn thông báo ${formatDateVi(deadlines.notice!.date)} đã qua); chọn ngày muộn hơn hoặc kiểm tra đột xuất`,
      });
    }
    if (u.current) {
      const started = start <= today;
      if (u.current.stage === 'notified' && started) problems.push({ unit: u.name, path: at('current', 'stage'), message: 'giai đoạn notified nhưng Đoàn đã bắt đầu làm việc' });
      if (u.current.stage !== 'notified' && !started) problems.push({ unit: u.name, path: at('current', 'stage'), message: `giai đoạn ${u.current.stage} nhưng Đoàn chưa đến làm việc` });
    }
    if (plan.rules.oneUnitPerDay) {
      for (let d = start; d <= end; d = cal.addWorkingDays(d, 1)) {
        const other = busy.get(d);
        if (other) problems.push({ unit: u.name, path: at('visit', 'start'), message: `trùng ngày ${formatDateVi(d)} với ${other}` });
        busy.set(d, u.name);
      }
    }
    schedule.push({ unit: u.name, type: u.type, visit: u.visit, deadlines, imported: u.current?.stage });
  });
  return { problems, schedule };
}

/** Turns a problem into one line `file:line: unit: message`. */
export function describeProblem(loaded: LoadedPlan, p: PlanProblem): string {
  return `${loaded.file}:${loaded.lineOf(p.path)}: ${p.unit ? `${p.unit}: ` : ''}${p.message}`;
}

/** Raises the first problem as a {@link YamlDataError}. */
export function assertNoProblems(loaded: LoadedPlan, problems: PlanProblem[]): void {
  const p = problems[0];
  if (p) throw new YamlDataError(loaded.file, loaded.lineOf(p.path), `${p.unit ? `${p.unit}: ` : ''}${p.message}`, WHAT);
}

/**
 * Proposes visit dates for units without one: consecutive working days of `visitWorkingDays`, from
 * the first day that leaves the 7-working-day notice (or the window's start, if later), at most
 * `maxVisitsPerWeek` visits starting in a week, one unit a day when the plan says so, inside the window.
 * Returns the proposed dates by unit name; units that do not fit are listed apart.
 */
export function proposeVisits(plan: Plan, cal: WorkingCalendar, today: LocalDate): { proposed: Map<string, { start: LocalDate; end: LocalDate }>; unplaced: string[] } {
  const busy = new Set<LocalDate>();
  const perWeek = new Map<number, number>();
  const weekOf = (d: LocalDate) => Math.floor((Date.parse(`${d}T00:00:00Z`) / 86_400_000 + 3) / 7);
  for (const u of plan.units) {
    if (!u.visit) continue;
    for (let d = u.visit.start; d <= u.visit.end; d = cal.addWorkingDays(d, 1)) busy.add(d);
    perWeek.set(weekOf(u.visit.start), (perWeek.get(weekOf(u.visit.start)) ?? 0) + 1);
  }
  const earliest = cal.addWorkingDays(today, NOTICE_WORKING_DAYS);
  let day = cal.nextWorkingDayOnOrAfter(earliest > plan.window.from ? earliest : plan.window.from);
  const proposed = new Map<string, { start: LocalDate; end: LocalDate }>();
  const unplaced: string[] = [];
  for (const u of plan.units) {
    if (u.visit) continue;
    for (;;) {
      const end = cal.addWorkingDays(day, plan.rules.visitWorkingDays - 1);
      if (end > plan.window.to) {
        unplaced.push(u.name);
        break;
      }
      const days: LocalDate[] = [];
      for (let d = day; d <= end; d = cal.addWorkingDays(d, 1)) days.push(d);
      const free = !plan.rules.oneUnitPerDay || days.every((d) => !busy.has(d));
      const week = weekOf(day);
      if (free && (perWeek.get(week) ?? 0) < plan.rules.maxVisitsPerWeek) {
        proposed.set(u.name, { start: day, end });
        for (const d of days) busy.add(d);
        perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
        day = plan.rules.oneUnitPerDay ? cal.addWorkingDays(end, 1) : day;
        break;
      }
      day = cal.addWorkingDays(day, 1);
    }
  }
  return { proposed, unplaced };
}

/** The self-inspection deadline of a plan: the last working day before `selfInspection.before`. */
export function selfInspectionDeadline(plan: Plan, cal: WorkingCalendar) {
  const s = plan.selfInspection!;
  return beforeDateDeadline(cal, 'self-inspection', s.before, s.basis);
}

import { daysInMonth, isLocalDate, type LocalDate } from './dates';
import { dateSchema, emailSchema, line, centerSchema, personSchema, roundIdSchema, text, z } from './validation';

/**
 * The city's yearly plan for administrative-procedure control (seed 004, Kế hoạch kiểm soát TTHC
 * năm 2026) as data: every task of its table with its lead and coordinating agencies, its deadline
 * as written and normalised, its expected product, and the year's targets. Pure: reading the file
 * is loaders/task-plan.ts.
 */

/** A deadline as the plan writes it, normalised. */
export type TaskDeadline =
  | { kind: 'date'; date: LocalDate }
  | { kind: 'quarter'; quarter: 1 | 2 | 3 | 4; date: LocalDate }
  | { kind: 'from'; date: LocalDate }
  | { kind: 'range'; from: LocalDate; date: LocalDate }
  | { kind: 'ongoing' }
  | { kind: 'external'; by: string };

const ROMAN: Record<string, 1 | 2 | 3 | 4> = { I: 1, II: 2, III: 3, IV: 4 };
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** A `d/m/yyyy` date of the plan's text as `YYYY-MM-DD`, or undefined. */
function vnDate(s: string): LocalDate | undefined {
  const m = /(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(s);
  if (!m) return undefined;
  const date = iso(Number(m[3]), Number(m[2]), Number(m[1]));
  return isLocalDate(date) ? date : undefined;
}

/**
 * Normalises a deadline as written in the plan: "Chậm nhất 30/5/2026" and "30/6/2026" (a date),
 * "Quý II năm 2026" (the quarter's last day), "Từ ngày 15/3/2026" (from a date), "Bắt đầu từ tháng
 * 4 đến tháng 11/2026" (a range, due at its end), "Thường xuyên" (ongoing: covered by the periodic
 * reports), "Theo lộ trình…", "Theo hướng dẫn…" (set by someone else). Undefined when unknown.
 */
export function normaliseDeadline(written: string): TaskDeadline | undefined {
  const t = written.trim().replace(/\.$/, '');
  if (/^Thường xuyên/i.test(t)) return { kind: 'ongoing' };
  const quarter = /^Quý\s+(I{1,3}|IV)\s+năm\s+(\d{4})$/i.exec(t);
  if (quarter) {
    const q = ROMAN[quarter[1]!.toUpperCase()]!;
    const year = Number(quarter[2]);
    return { kind: 'quarter', quarter: q, date: iso(year, q * 3, daysInMonth(year, q * 3)) };
  }
  const range = /^(?:Bắt đầu )?từ tháng (\d{1,2})(?:\/(\d{4}))? đến tháng (\d{1,2})\/(\d{4})$/i.exec(t);
  if (range) {
    const year = Number(range[4]);
    const fromYear = range[2] ? Number(range[2]) : year;
    const to = Number(range[3]);
    return { kind: 'range', from: iso(fromYear, Number(range[1]), 1), date: iso(year, to, daysInMonth(year, to)) };
  }
  if (/^Từ ngày/i.test(t)) {
    const date = vnDate(t);
    return date ? { kind: 'from', date } : undefined;
  }
  if (/^(Chậm nhất( ngày)? )?\d{1,2}\/\d{1,2}\/\d{4}$/i.test(t)) {
    const date = vnDate(t);
    return date ? { kind: 'date', date } : undefined;
  }
  const external = /^Theo (lộ trình|hướng dẫn) (của .+)$/i.exec(t);
  if (external) return { kind: 'external', by: external[2]! };
  return undefined;
}

const agency = line(300);

const deadlineSchema = z.strictObject({
  /** As the plan writes it. */
  text: line(200),
  kind: z.enum(['date', 'quarter', 'from', 'range', 'ongoing', 'external']),
  date: dateSchema.optional(),
  from: dateSchema.optional(),
  quarter: z.number().int().min(1).max(4).optional(),
  by: line(300).optional(),
});

const taskSchema = z.strictObject({
  /** Section, item and sub-item of the plan's table: `I.2`, `II.2.d`. */
  id: z.string().regex(/^(I|II|III|IV|V)\.\d{1,2}(\.[a-z])?$/, { message: 'mã nhiệm vụ có dạng II.2 hoặc II.2.d' }),
  group: line(300).optional(),
  content: text(4000),
  lead: z.array(agency).min(1).max(20),
  coordinating: z.array(agency).max(20).default([]),
  deadline: deadlineSchema,
  product: text(1000),
  basis: line(500).optional(),
  /** Where to send reminders: the lead agency's mailbox (the Office completes the list). */
  emails: z.array(emailSchema).max(10).default([]),
});

const targetSchema = z.strictObject({
  id: z.string().regex(/^[a-z][A-Za-z]{1,60}$/, { message: 'mã chỉ tiêu dạng camelCase' }),
  label: line(300),
  /** The number the target sets: a minimum rate unless `comparison` says otherwise. */
  value: z.number().min(0).max(100),
  unit: z.literal('%'),
  comparison: z.enum(['>=', '=']).default('>='),
  task: z.string().regex(/^(I|II|III|IV|V)\.\d{1,2}(\.[a-z])?$/),
  note: line(300).optional(),
});

/** Periodic reporting of Điều 2.1: the submission deadline is the city's own regulation (task I.2). */
const reportingSchema = z.strictObject({
  /** Working days after the period's data cut-off by which a unit submits its report. */
  submitWorkingDaysAfterCutoff: z.number().int().min(0).max(30),
  basis: line(500),
  /** The round plan whose units (inspected and self-inspecting) report periodically, relative to this file. */
  unitsFrom: z.string().regex(/^[A-Za-z0-9._-]+\.ya?ml$/, { message: 'tên tệp kế hoạch đợt, ví dụ haiphong-2026.yaml' }),
});

/** The plan file. */
export const taskPlanSchema = z
  .strictObject({
    id: roundIdSchema,
    year: z.number().int().min(2020).max(2100),
    title: line(400),
    decision: line(400),
    coordinator: personSchema,
    center: centerSchema,
    reporting: reportingSchema,
    tasks: z.array(taskSchema).min(1).max(500),
    targets: z.array(targetSchema).max(100),
  })
  .superRefine((plan, ctx) => {
    const seen = new Set<string>();
    plan.tasks.forEach((t, i) => {
      if (seen.has(t.id)) ctx.addIssue({ code: 'custom', path: ['tasks', i, 'id'], message: `nhiệm vụ ${t.id} bị lặp` });
      seen.add(t.id);
      const expected = normaliseDeadline(t.deadline.text);
      if (!expected) {
        ctx.addIssue({ code: 'custom', path: ['tasks', i, 'deadline', 'text'], message: `không hiểu thời hạn "${t.deadline.text}"` });
        return;
      }
      const { text: _written, ...stored } = t.deadline;
      if (JSON.stringify(sortKeys(stored)) !== JSON.stringify(sortKeys(expected))) {
        ctx.addIssue({
          code: 'custom',
          path: ['tasks', i, 'deadline'],
          message: `thời hạn "${t.deadline.text}" phải được chuẩn hóa thành ${JSON.stringify(expected)}`,
        });
      }
    });
    const targets = new Set<string>();
    plan.targets.forEach((g, i) => {
      if (targets.has(g.id)) ctx.addIssue({ code: 'custom', path: ['targets', i, 'id'], message: `chỉ tiêu ${g.id} bị lặp` });
      targets.add(g.id);
      if (!seen.has(g.task)) ctx.addIssue({ code: 'custom', path: ['targets', i, 'task'], message: `không có nhiệm vụ ${g.task}` });
    });
  });

function sortKeys(o: object): [string, unknown][] {
  return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}

export type TaskPlan = z.output<typeof taskPlanSchema>;
export type PlanTask = TaskPlan['tasks'][number];
export type PlanTarget = TaskPlan['targets'][number];

/**
 * Whether a task has a due date to be tracked by a workflow: a date, a quarter or the end of a
 * range. Ongoing tasks are covered by the periodic reports; "from" dates and external roadmaps have
 * no due date.
 */
export function isDated(t: PlanTask): t is PlanTask & { deadline: { date: LocalDate } } {
  return (t.deadline.kind === 'date' || t.deadline.kind === 'quarter' || t.deadline.kind === 'range') && t.deadline.date !== undefined;
}

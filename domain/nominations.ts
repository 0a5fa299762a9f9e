import type { WorkingCalendar } from './calendar';
import { formatDateVi, type LocalDate } from './dates';
import { forwardDeadline, type Deadline } from './deadlines';
import { dateSchema, emailSchema, line, z } from './validation';

/**
 * The partner departments' nominations (seed 000, Mục III.1.b and V.2.a): the Office invites some
 * departments whose field the inspection covers to send leaders or staff as members of the Đoàn
 * kiểm tra. The plan names each department and when its nominees are due (a date, or a number of
 * working days before the first visit); each nominee gives name, position, organisation and email.
 * Pure: the plan file, the nomination workflow and the CLI use it. Schemas are built when used.
 */

/** Working days before the first visit that nominees are due by default. */
export const NOMINATION_WORKING_DAYS_BEFORE_FIRST_VISIT = 10;

/** Where the duty comes from, as the deadline and the emails cite it. */
export const NOMINATION_BASIS = 'điểm a khoản 2 Mục V của Kế hoạch kiểm tra (cử thành viên tham gia Đoàn kiểm tra)';

/** The schemas of the plan's `nominations:` section and of a nomination, built when used. */
export function nominationSchemas() {
  const nominee = z.strictObject({
    name: line(120),
    position: line(200),
    organisation: line(200),
    email: emailSchema,
  });
  const department = z.strictObject({
    name: line(200),
    emails: z.array(emailSchema).min(1).max(10),
    /** How many members the Office asks for (1 by default). */
    seats: z.number().int().min(1).max(10).default(1),
  });
  const section = z
    .strictObject({
      /** The date nominees are due; without it, `workingDaysBeforeFirstVisit` before the first visit. */
      deadline: dateSchema.optional(),
      workingDaysBeforeFirstVisit: z.number().int().min(1).max(60).default(NOMINATION_WORKING_DAYS_BEFORE_FIRST_VISIT),
      /** Reminders to the department, in working days before the deadline. */
      reminderWorkingDaysBefore: z.array(z.number().int().min(0).max(20)).max(5).default([2]),
      departments: z.array(department).min(1).max(50),
    })
    .superRefine((s, ctx) => {
      const seen = new Set<string>();
      s.departments.forEach((d, i) => {
        const key = d.name.normalize('NFC').toLocaleLowerCase('vi');
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['departments', i, 'name'], message: `cơ quan "${d.name}" bị lặp` });
        seen.add(key);
      });
    });
  return { nominee, department, section };
}

export type Nominee = z.output<ReturnType<typeof nominationSchemas>['nominee']>;
export type PartnerDepartment = z.output<ReturnType<typeof nominationSchemas>['department']>;
export type NominationsPlan = z.output<ReturnType<typeof nominationSchemas>['section']>;

/** When nominees are due: a date the plan sets, or N working days before the first visit. */
export type NominationDue = { date: LocalDate } | { workingDaysBefore: number; firstVisit: LocalDate };

/**
 * The nomination deadline of a department, on the working-day calendar: the plan's date (moved to
 * the next working day if it falls on a day off), or N working days before the first visit.
 */
export function nominationDeadline(cal: WorkingCalendar, due: NominationDue): Deadline {
  if ('date' in due) return forwardDeadline(cal, 'nomination', due.date, NOMINATION_BASIS);
  const date = cal.addWorkingDays(due.firstVisit, -due.workingDaysBefore);
  return {
    id: 'nomination',
    date,
    unit: 'working_days',
    count: due.workingDaysBefore,
    anchor: due.firstVisit,
    direction: 'before',
    rule: `trước ${due.workingDaysBefore} ngày làm việc so với ngày Đoàn kiểm tra làm việc đầu tiên (${formatDateVi(due.firstVisit)})`,
    basis: NOMINATION_BASIS,
    provisional: cal.isProvisional(date) || cal.isProvisional(due.firstVisit),
  };
}

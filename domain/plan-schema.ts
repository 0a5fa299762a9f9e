import { currentSchema } from './current-schema';
import { nominationSchemas } from './nominations';
import { documentsConfigSchema } from './document-life';
import { roundSignerSchema } from './round-documents';
import { slugify } from './slug';
import { decisionsSchema, importedSignerRefusal, sameName, teamSchemas } from './team';
import { dateSchema, emailSchema, line, centerSchema, personSchema, roundIdSchema, z } from './validation';

/**
 * The schema of a round's plan file, pure (no I/O) so that workflows may validate with it too.
 * Loading and checking live in ./plan.ts.
 */

const unitSchema = z.strictObject({
  name: line(200),
  kind: z.enum(['department', 'commune']),
  emails: z.array(emailSchema).min(1).max(10),
  type: z.enum(['periodic', 'surprise']).default('periodic'),
  visit: z.strictObject({ start: dateSchema, end: dateSchema }).optional(),
  current: currentSchema().optional(),
});

const remindersSchema = z.strictObject({
  reportWorkingDaysBefore: z.array(z.number().int().min(0).max(20)).max(5).default([3, 0]),
  conclusionWorkingDaysBefore: z.array(z.number().int().min(0).max(20)).max(5).default([3]),
  remediationWorkingDaysBefore: z.array(z.number().int().min(0).max(60)).max(5).default([5]),
  selfInspectionWorkingDaysBefore: z.array(z.number().int().min(0).max(30)).max(5).default([5, 0]),
  /** Working days before a document's legal moment (the notice deadline) the Office is reminded to issue it. */
  documentIssueWorkingDaysBefore: z.array(z.number().int().min(0).max(20)).max(5).default([2]),
});

export const planSchema = z
  .strictObject({
    round: roundIdSchema,
    year: z.number().int().min(2020).max(2100),
    title: line(300),
    window: z.strictObject({ from: dateSchema, to: dateSchema }),
    periodReviewedFrom: dateSchema,
    /** The Đoàn kiểm tra (Mục III.1): lead, deputies who may sign, members, Thư ký. See domain/team.ts. */
    team: teamSchemas().team,
    /** The plan's own Quyết định and the decisions it is based on (Căn cứ). Optional for plan files written before December 2026. */
    decisions: decisionsSchema().optional(),
    /** The partner departments asked to nominate members of the Đoàn (Mục V.2.a); see domain/nominations.ts. */
    nominations: nominationSchemas().section.optional(),
    coordinator: personSchema,
    center: centerSchema,
    rules: z
      .strictObject({
        visitWorkingDays: z.number().int().min(1).max(5).default(2),
        maxVisitsPerWeek: z.number().int().min(1).max(10).default(3),
        oneUnitPerDay: z.boolean().default(true),
      })
      .default({ visitWorkingDays: 2, maxVisitsPerWeek: 3, oneUnitPerDay: true }),
    reminders: remindersSchema.default({
      reportWorkingDaysBefore: [3, 0],
      conclusionWorkingDaysBefore: [3],
      remediationWorkingDaysBefore: [5],
      selfInspectionWorkingDaysBefore: [5, 0],
      documentIssueWorkingDaysBefore: [2],
    }),
    /**
     * The documents' life (December 2026; docs/documents-life.md): the kinds the system issues by
     * itself and who signs for the Office. Without it the inspections produce no documents.
     * `chairman`: the Chairman or Vice-Chairman who signs the Quyết định thành lập Đoàn (a round's
     * document, not an inspection's: it is not passed to the inspections).
     */
    documents: documentsConfigSchema()
      .omit({ issueWorkingDaysBefore: true })
      .extend({ chairman: roundSignerSchema().optional() })
      .optional(),
    units: z.array(unitSchema).min(1).max(500),
    selfInspection: z
      .strictObject({
        before: dateSchema,
        basis: line(300),
        units: z
          .array(z.strictObject({ name: line(200), kind: z.enum(['department', 'commune']), emails: z.array(emailSchema).min(1).max(10) }))
          .max(5000),
      })
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.window.to < p.window.from) ctx.addIssue({ code: 'custom', path: ['window', 'to'], message: 'kết thúc trước ngày bắt đầu' });
    const seen = new Map<string, number>();
    const all = [
      ...p.units.map((u, i) => ['units', i, u.name] as const),
      ...(p.selfInspection?.units ?? []).map((u, i) => ['selfInspection', i, u.name] as const),
    ];
    for (const [list, i, name] of all) {
      const path = list === 'units' ? ['units', i, 'name'] : ['selfInspection', 'units', i, 'name'];
      const slug = slugify(name);
      if (seen.has(slug)) ctx.addIssue({ code: 'custom', path, message: `đơn vị "${name}" bị lặp` });
      seen.set(slug, i);
    }
    const people = [p.team.lead.name, ...p.team.deputies.map((d) => d.name)];
    p.team.deputies.forEach((d, i) => {
      if (people.slice(0, i + 1).some((n) => sameName(n, d.name)))
        ctx.addIssue({ code: 'custom', path: ['team', 'deputies', i, 'name'], message: `"${d.name}" đã có trong Đoàn` });
    });
    p.units.forEach((u, i) => {
      if (u.visit && u.visit.end < u.visit.start)
        ctx.addIssue({ code: 'custom', path: ['units', i, 'visit', 'end'], message: 'ngày kết thúc trước ngày bắt đầu' });
      const signer = importedSignerRefusal(p.team, u.current);
      if (signer) ctx.addIssue({ code: 'custom', path: ['units', i, 'current', 'conclusion', 'signer'], message: signer });
    });
  });

export type Plan = z.output<typeof planSchema>;
export type PlanUnit = Plan['units'][number];
export type UnitCurrent = NonNullable<PlanUnit['current']>;

import { currentSchema } from '../../domain/current-schema';
import { documentsConfigSchema } from '../../domain/document-life';
import { importedSignerRefusal, teamSchemas } from '../../domain/team';
import { dateSchema, describeIssue, emailSchema, line, centerSchema, personSchema, roundIdSchema, z } from '../../domain/validation';

/**
 * The inspection's start input, versioned. A version is frozen once shipped: an execution is
 * validated, on every replay, against the version it started with, so changing a rule or a
 * default never changes what an old execution replays. A change is a new version (and the
 * client starts new executions with it). The client fills the defaults before starting, so
 * the input in history is complete.
 */

/**
 * Version 1 (November 2026). Frozen: do not edit; add a version 2 beside it instead. Built when
 * used and not kept (every cached workflow has its own instance of this module).
 */
const inspectionInputV1 = () =>
  z.strictObject({
    schemaVersion: z.literal(1).optional(),
    round: roundIdSchema,
    year: z.number().int().min(2020).max(2100),
    unit: z.strictObject({
      name: line(200),
      kind: z.enum(['department', 'commune']),
      emails: z.array(emailSchema).min(1).max(10),
    }),
    kind: z.enum(['periodic', 'surprise']),
    visit: z.strictObject({ start: dateSchema, end: dateSchema }),
    contacts: z.strictObject({
      coordinator: personSchema,
      teamLead: personSchema,
      center: centerSchema,
    }),
    periodReviewedFrom: dateSchema.default('2025-10-01'),
    /** An inspection already under way when the system was adopted: its stage and the facts so far. */
    current: currentSchema().optional(),
    reminders: z
      .strictObject({
        reportWorkingDaysBefore: z.array(z.number().int().min(0).max(20)).max(5).default([3, 0]),
        conclusionWorkingDaysBefore: z.array(z.number().int().min(0).max(20)).max(5).default([3]),
        remediationWorkingDaysBefore: z.array(z.number().int().min(0).max(60)).max(5).default([5]),
      })
      .default({ reportWorkingDaysBefore: [3, 0], conclusionWorkingDaysBefore: [3], remediationWorkingDaysBefore: [5] }),
  });

/**
 * Version 2 (December 2026): version 1 and the inspection's team as the plan names it (lead,
 * deputies who may sign, members, Thư ký; domain/team.ts). The team is optional so that an input
 * without one (a unit started by hand, a test) still starts; without it `signConclusion` accepts
 * any signer, as version 1 did. Frozen once shipped.
 */
const inspectionInputV2 = () =>
  inspectionInputV1().extend({
    schemaVersion: z.literal(2),
    team: teamSchemas().team.optional(),
  });

/**
 * Version 3 (December 2026): version 2 and the documents' life (workflows/inspection/documents.ts):
 * the kinds the system issues on its own, who signs for the Office, and how many working days
 * before its legal moment the Office is reminded to issue a document. Without `documents` the
 * inspection produces no documents and sends its emails as version 2 did. Frozen once shipped.
 */
const inspectionInputV3 = () =>
  inspectionInputV2().extend({
    schemaVersion: z.literal(3),
    documents: documentsConfigSchema().optional(),
  });

/** The input schema of each version; the current one is the last. */
export const INSPECTION_INPUT_SCHEMAS = { 1: inspectionInputV1, 2: inspectionInputV2, 3: inspectionInputV3 } as const;
type V3 = ReturnType<typeof inspectionInputV3>;
/** The version new inspections start with. */
export const INSPECTION_INPUT_VERSION = 3;
/**
 * The current version's schema (for the plan file and the CLI), `schemaVersion` optional as the
 * client sends it, with the rules a new input must also keep (not the frozen versions': an old
 * execution replays against its own): a conclusion imported through `current:` is signed by
 * someone the team lets sign.
 */
export const inspectionInputSchema = () =>
  inspectionInputV3()
    .extend({ schemaVersion: z.literal(3).optional() })
    .superRefine((i, ctx) => {
      const refusal = importedSignerRefusal(i.team, i.current);
      if (refusal) ctx.addIssue({ code: 'custom', path: ['current', 'conclusion', 'signer'], message: refusal });
    });

/**
 * The patch that guards the start check of a conclusion imported through `current:` (December
 * 2026): a new inspection whose imported signer the team does not let sign fails at its start.
 */
export const CURRENT_SIGNER_FROM_TEAM = 'inspection-current-signer-from-team';

/** A start input of any version, as a client sends it (the current version's fields). */
export type InspectionInput = z.input<ReturnType<typeof inspectionInputSchema>>;
/** A validated start input: version 1, 2 or 3 (`team` from version 2, `documents` from version 3). */
export type InspectionConfig = Omit<z.output<V3>, 'schemaVersion'> & { schemaVersion?: 1 | 2 | 3 };

/** Validates a start input against the version it names (1 when it names none). */
export function parseInspectionInput(raw: unknown): { ok: true; config: InspectionConfig } | { ok: false; message: string } {
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion ?? 1;
  const schema = INSPECTION_INPUT_SCHEMAS[version as keyof typeof INSPECTION_INPUT_SCHEMAS];
  if (!schema) return { ok: false, message: `phiên bản dữ liệu khởi tạo ${String(version)} không được hỗ trợ` };
  const parsed = schema().safeParse(raw);
  return parsed.success ? { ok: true, config: parsed.data } : { ok: false, message: describeIssue(parsed.error.issues[0]!) };
}

/**
 * The input as the client sends it: validated, defaults filled, stamped with the current version.
 * Throws a zod error on bad input.
 */
export function completeInspectionInput(input: InspectionInput): z.output<V3> {
  return { ...inspectionInputSchema().parse(input), schemaVersion: INSPECTION_INPUT_VERSION };
}

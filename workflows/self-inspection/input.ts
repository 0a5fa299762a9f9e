import { dateSchema, emailSchema, line, centerSchema, personSchema, roundIdSchema, z } from '../../domain/validation';

/**
 * The self-inspection's start input, versioned like the inspection's: a version is frozen once
 * shipped, and a change is a new version beside it.
 */

/** Version 1 (November 2026). Frozen: do not edit. Built when used and not kept (see the inspection's input). */
const selfInspectionInputV1 = () =>
  z.strictObject({
    schemaVersion: z.literal(1).optional(),
    round: roundIdSchema,
    year: z.number().int().min(2020).max(2100),
    unit: z.strictObject({ name: line(200), kind: z.enum(['department', 'commune']), emails: z.array(emailSchema).min(1).max(10) }),
    before: dateSchema,
    basis: line(300),
    contacts: z.strictObject({
      coordinator: personSchema,
      teamLead: personSchema,
      center: centerSchema,
    }),
    remindersWorkingDaysBefore: z.array(z.number().int().min(0).max(30)).max(5).default([5, 0]),
  });

/** The input schema of each version; the current one is the last. */
export const SELF_INSPECTION_INPUT_SCHEMAS = { 1: selfInspectionInputV1 } as const;
type V1 = ReturnType<typeof selfInspectionInputV1>;
/** The version new self-inspections start with. */
export const SELF_INSPECTION_INPUT_VERSION = 1;
/** The current version's schema. */
export const selfInspectionInputSchema = (): V1 => SELF_INSPECTION_INPUT_SCHEMAS[SELF_INSPECTION_INPUT_VERSION]();

export type SelfInspectionInput = z.input<V1>;
export type SelfInspectionConfig = z.output<V1>;

/** The schema of the version an input names (1 when it names none), or undefined for an unknown one. */
export function selfInspectionSchemaOf(raw: unknown): V1 | undefined {
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion ?? 1;
  return SELF_INSPECTION_INPUT_SCHEMAS[version as keyof typeof SELF_INSPECTION_INPUT_SCHEMAS]?.();
}

/** The input as the client sends it: validated, defaults filled, stamped with its version. Throws a zod error on bad input. */
export function completeSelfInspectionInput(input: SelfInspectionInput): SelfInspectionConfig {
  return { ...selfInspectionInputSchema().parse(input), schemaVersion: SELF_INSPECTION_INPUT_VERSION };
}

import { defineQuery } from '@temporalio/workflow';
import { indicatorsSchema } from '../../domain/kpi';
import { narrativeSchemaOf } from '../../domain/report-narrative';
import { dateSchema, filesSchema, line, z } from '../../domain/validation';
import { defineUpdates, type DefinitionsOf, type InputsOf, type PayloadsOf } from '../kit/updates';
import type { SelfInspectionState } from './types';

/**
 * The self-inspection's update contract. Payload schemas are built when used and not kept (see
 * the inspection's updates); version 1 is frozen like the start input.
 */
function buildSchemas() {
  return {
    /**
     * The report; `indicators` was added (optional) in November 2026 and `narrative` (its text by
     * the sections of the Phụ lục I outline) in December 2026, so older payloads stay valid.
     */
    recordReport: z.strictObject({
      receivedOn: dateSchema,
      indicators: indicatorsSchema.optional(),
      narrative: narrativeSchemaOf().optional(),
      files: filesSchema.optional(),
      by: line(120),
    }),
  } as const;
}

type SelfInspectionSchemas = ReturnType<typeof buildSchemas>;
const NAMES = ['recordReport'] as const satisfies readonly (keyof SelfInspectionSchemas)[];

/** The payload schemas, each built when read. */
export const selfInspectionSchemas = Object.defineProperties(
  {} as SelfInspectionSchemas,
  Object.fromEntries(NAMES.map((name) => [name, { enumerable: true, get: () => buildSchemas()[name] }])),
);
export type SelfInspectionUpdateName = keyof SelfInspectionSchemas;
export type SelfInspectionInputs = InputsOf<SelfInspectionSchemas>;
export type SelfInspectionPayloads = PayloadsOf<SelfInspectionSchemas>;
/** The report payload as a client sends it. */
export type SelfInspectionReport = SelfInspectionInputs['recordReport'];

/** The update definitions; each returns the state after it. */
export const selfInspectionUpdates: DefinitionsOf<SelfInspectionSchemas, SelfInspectionState> = defineUpdates<
  SelfInspectionSchemas,
  SelfInspectionState
>(NAMES);
/** The unit's report (`recordReport`). */
export const recordSelfInspectionReport = selfInspectionUpdates.recordReport;

/** The `state` query. */
export const selfInspectionStateQuery = defineQuery<SelfInspectionState>('state');

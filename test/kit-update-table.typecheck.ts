import { line, z } from '../domain/validation';
import { noCheck, type UpdateTable } from '../workflows/kit/updates';

/**
 * A compile test, checked by `npm run typecheck` (tsc over test/ too), never run: the kit's update
 * table does not compile when an update lacks its stage entry, its check or its apply, or when an
 * apply reads a field its payload schema does not have. Each `@ts-expect-error` fails the type
 * check if the error it expects goes away.
 */

/** The payload schemas the tables below are typed from (only their type is used). */
export const schemas = {
  recordReport: z.strictObject({ receivedOn: z.string(), by: line(120) }),
  cancel: z.strictObject({ reason: z.string(), by: line(120) }),
};
type Stage = 'open' | 'done';
interface State {
  stage: Stage;
  receivedOn?: string;
}
type Table = UpdateTable<typeof schemas, Stage, { state: State }, { state: State }>;

export const complete: Table = {
  recordReport: { stages: ['open'], check: noCheck, apply: ({ state }, p) => void (state.receivedOn = p.receivedOn) },
  cancel: { stages: 'any', check: noCheck, apply: ({ state }) => void (state.stage = 'done') },
};

// @ts-expect-error an update of the schemas without its entry
export const missingEntry: Table = {
  recordReport: { stages: ['open'], check: noCheck, apply: () => undefined },
};

export const missingStages: Table = {
  // @ts-expect-error an entry without its stages
  recordReport: { check: noCheck, apply: () => undefined },
  cancel: { stages: 'any', check: noCheck, apply: () => undefined },
};

export const missingCheck: Table = {
  // @ts-expect-error an entry without its check
  recordReport: { stages: ['open'], apply: () => undefined },
  cancel: { stages: 'any', check: noCheck, apply: () => undefined },
};

export const missingApply: Table = {
  // @ts-expect-error an entry without its apply
  recordReport: { stages: ['open'], check: noCheck },
  cancel: { stages: 'any', check: noCheck, apply: () => undefined },
};

export const unknownStage: Table = {
  // @ts-expect-error a stage the type does not have
  recordReport: { stages: ['archived'], check: noCheck, apply: () => undefined },
  cancel: { stages: 'any', check: noCheck, apply: () => undefined },
};

export const wrongField: Table = {
  recordReport: {
    stages: ['open'],
    check: noCheck,
    apply: ({ state }, p) => {
      // @ts-expect-error a field the payload schema does not have
      state.receivedOn = p.signedOn;
    },
  },
  cancel: { stages: 'any', check: noCheck, apply: () => undefined },
};

export const extraEntry: Table = {
  recordReport: { stages: ['open'], check: noCheck, apply: () => undefined },
  cancel: { stages: 'any', check: noCheck, apply: () => undefined },
  // @ts-expect-error an entry for an update the schemas do not define
  reopen: { stages: 'any', check: noCheck, apply: () => undefined },
};

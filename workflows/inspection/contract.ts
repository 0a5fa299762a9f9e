import type { WorkflowStartOptions } from '@temporalio/client';
import { inspectionStart } from '../child-starts';
import { completeInspectionInput, type InspectionInput } from './input';
import type { InspectionState } from './types';

/**
 * The inspection's contract: everything the CLI, the page server, the bench, the round and the
 * tests need of it, and nothing of its implementation (./workflow.ts and ./table.ts are the
 * worker's). Its start input (versioned), its updates and their payload schemas, the stages each
 * update is accepted in, its `state` query and the state it returns, its stages and their
 * labels, its workflow id and its start options.
 */

export {
  completeInspectionInput,
  inspectionInputSchema,
  parseInspectionInput,
  INSPECTION_INPUT_SCHEMAS,
  INSPECTION_INPUT_VERSION,
  type InspectionConfig,
  type InspectionInput,
} from './input';
export {
  acceptedLater,
  acceptsUpdate,
  NARRATIVE_SECTIONS,
  NOT_READY,
  stateQuery,
  UPDATE_STAGES,
  updates,
  updateSchemas,
  type InspectionUpdates,
  type UpdateInputs,
  type UpdateName,
  type UpdatePayloads,
} from './updates';
export type {
  DossierImport,
  EmailRecord,
  Finding,
  HistoryEntry,
  InspectionDocument,
  InspectionState,
  PendingReminder,
  Recommendation,
} from './types';
export { canTransition, isFinal, STAGE_LABELS, STAGES, TERMINATED_LABEL, TRANSITIONS, type Stage } from './stages';
export { linkDeadline } from './state';
export { inspectionWorkflowId } from '../ids';
export { INSPECTION_WORKFLOW } from '../child-starts';

/** The inspection workflow's signature, for typed handles: `client.workflow.start(INSPECTION_WORKFLOW, …)`. */
export type InspectionWorkflow = (input: InspectionInput) => Promise<InspectionState>;

/**
 * Start options of an inspection (`inspection-<year>-<unit-slug>`): the deterministic id, the
 * search attributes the Web UI lists from the first moment, a static Vietnamese summary, and the
 * input with its defaults filled (so history holds it whole).
 */
export function inspectionStartOptions(
  input: InspectionInput,
  taskQueue: string,
): WorkflowStartOptions<InspectionWorkflow> & { workflowId: string } {
  return { taskQueue, ...inspectionStart(input), args: [completeInspectionInput(input)] };
}

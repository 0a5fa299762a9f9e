import type { WorkflowStartOptions } from '@temporalio/client';
import { selfInspectionStart } from '../child-starts';
import { completeSelfInspectionInput, type SelfInspectionInput } from './input';
import type { SelfInspectionState } from './types';
import { selfInspectionSchemas } from './updates';

/**
 * The self-inspection's contract: what the CLI, the page server, the round and the tests import
 * (its input versions, its update and query, its state, its workflow id and start options), and
 * nothing of its implementation (./workflow.ts, ./rules.ts).
 */

export {
  completeSelfInspectionInput,
  selfInspectionInputSchema,
  SELF_INSPECTION_INPUT_SCHEMAS,
  SELF_INSPECTION_INPUT_VERSION,
  type SelfInspectionConfig,
  type SelfInspectionInput,
} from './input';
export type { SelfInspectionStage, SelfInspectionState } from './types';
export {
  recordSelfInspectionReport,
  selfInspectionSchemas,
  selfInspectionStateQuery,
  selfInspectionUpdates,
  type SelfInspectionInputs,
  type SelfInspectionPayloads,
  type SelfInspectionReport,
  type SelfInspectionUpdateName,
} from './updates';
export { selfInspectionWorkflowId } from '../ids';
export { SELF_INSPECTION_WORKFLOW } from '../child-starts';

/** The report payload's schema, for the page server's form (clients only: the workflow builds its own when it validates). */
export const selfReportSchema = selfInspectionSchemas.recordReport;

/** The self-inspection workflow's signature, for typed handles. */
export type SelfInspectionWorkflow = (input: SelfInspectionInput) => Promise<SelfInspectionState>;

/** Start options of a self-inspection (`self-inspection-<year>-<unit-slug>`), with its input completed. */
export function selfInspectionStartOptions(
  input: SelfInspectionInput,
  taskQueue: string,
): WorkflowStartOptions<SelfInspectionWorkflow> & { workflowId: string } {
  return { taskQueue, ...selfInspectionStart(input), args: [completeSelfInspectionInput(input)] };
}

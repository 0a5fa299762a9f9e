import type { Client } from '@temporalio/client';
import type { LocalDate } from '../domain/dates';
import { stateQuery, updates, type InspectionState } from '../workflows/inspection/contract';
import { checkVisit, roundWorkflowId } from '../workflows/round/contract';
import { executeUpdateRetrying } from './connect';
import { newSubmissionId, submissionUpdateId } from './submission';

/** A new visit for an inspection, as a coordinator asks for it. */
export interface RescheduleRequest {
  start: LocalDate;
  end: LocalDate;
  /** Turn the inspection into a surprise one (no notice beforehand). */
  surprise?: boolean;
  /** Accept a clash with another unit's visit; the round then needs `reason`. */
  allowClash?: boolean;
  reason?: string;
  by: string;
  /** The submission id the inspection's update takes its id from (see ./submission.ts); new when left out. */
  submissionId?: string;
}

/**
 * Moves an inspection's visit. The round knows every unit's visit, so while it runs it checks the new
 * dates first (`checkVisit`) and refuses a clash before the inspection changes anything; the
 * inspection is then rescheduled, told which units it knowingly clashes with. Returns the
 * inspection's new state. A refusal (round or inspection) is thrown as the update's failure.
 */
export async function rescheduleInspection(client: Client, workflowId: string, r: RescheduleRequest): Promise<InspectionState> {
  const handle = client.workflow.getHandle(workflowId);
  const current = await handle.query(stateQuery);
  const roundHandle = client.workflow.getHandle(roundWorkflowId(current.config.round));
  const running = await roundHandle.describe().then(
    (d) => d.status.name === 'RUNNING',
    () => false,
  );
  const clash = running
    ? await executeUpdateRetrying(roundHandle, checkVisit, {
        workflowId,
        start: r.start,
        end: r.end,
        allowClash: r.allowClash,
        reason: r.reason,
        by: r.by,
      })
    : { clashesWith: [] };
  const clashWith = clash.clashesWith.length ? clash.clashesWith : undefined;
  return executeUpdateRetrying(
    handle,
    updates.reschedule,
    { start: r.start, end: r.end, surprise: r.surprise, reason: r.reason, clashWith, by: r.by },
    { updateId: submissionUpdateId('reschedule', r.submissionId ?? newSubmissionId()) },
  );
}

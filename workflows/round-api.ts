import { defineQuery, defineSignal, getExternalWorkflowHandle, patched, workflowInfo } from '@temporalio/workflow';

/** Sent by a child (inspection or self-inspection) to its round when it finishes. */
export const childFinished = defineSignal<[{ workflowId: string; stage: string }]>('childFinished');

/** One child of a round as the round sees it. */
export interface RoundChild {
  workflowId: string;
  unit: string;
  type: 'inspection' | 'selfInspection';
  status: 'pending' | 'started' | 'already-running' | 'finished';
  finalStage?: string;
}

/** The round's progress: what the `progress` query returns. */
export interface RoundProgress {
  round: string;
  total: number;
  started: number;
  finished: number;
  children: RoundChild[];
}

export const progressQuery = defineQuery<RoundProgress>('progress');

export { roundWorkflowId } from './ids';

/**
 * Tells the round (if any) that this workflow has finished. Added after the inspection workflow
 * first shipped, hence `patched()`: executions that finished before it replay unchanged.
 */
export async function notifyParent(workflowId: string, stage: string): Promise<void> {
  const parent = workflowInfo().parent;
  if (!parent || !patched('notify-round-parent')) return;
  try {
    await getExternalWorkflowHandle(parent.workflowId).signal(childFinished, { workflowId, stage });
  } catch {
    // The round has already ended: `kiemtra round summary` reads every inspection itself.
  }
}

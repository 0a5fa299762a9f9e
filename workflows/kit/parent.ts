import { defineSignal, getExternalWorkflowHandle, patched, workflowInfo } from '@temporalio/workflow';
import type { LocalDate } from '../../domain/dates';
import type { TeamMember } from '../../domain/team';

/**
 * What a child tells the round that started it: the protocol between a round and its children,
 * apart from both, so a child type loads none of the round's modules and the round none of the
 * child's. The round's contract re-exports the signals for clients.
 */

/** Sent by a child (inspection or self-inspection) to its round when it finishes. */
export const childFinished = defineSignal<[{ workflowId: string; stage: string }]>('childFinished');

/** Sent by an inspection to its round when its visit days change. */
export const visitChanged = defineSignal<[{ workflowId: string; start: LocalDate; end: LocalDate }]>('visitChanged');

/** Sent by a partner department's nomination to its round: the members who join the round's team. */
export const teamJoined = defineSignal<[{ workflowId: string; members: TeamMember[] }]>('teamJoined');

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

/**
 * Tells the round (if any) that this inspection's visit moved, so the round checks later
 * reschedules against the new days. Added in November 2026, hence `patched()`.
 */
export async function notifyParentOfVisit(workflowId: string, visit: { start: LocalDate; end: LocalDate }): Promise<void> {
  const parent = workflowInfo().parent;
  if (!parent || !patched('notify-round-of-visit')) return;
  try {
    await getExternalWorkflowHandle(parent.workflowId).signal(visitChanged, { workflowId, ...visit });
  } catch {
    // The round has ended: there is nothing left to clash with.
  }
}

import { defineQuery, defineSignal, defineUpdate, getExternalWorkflowHandle, patched, workflowInfo } from '@temporalio/workflow';
import type { LocalDate } from '../domain/dates';
import { dateSchema, line, text, z } from '../domain/validation';

/** Sent by a child (inspection or self-inspection) to its round when it finishes. */
export const childFinished = defineSignal<[{ workflowId: string; stage: string }]>('childFinished');

/** One child of a round as the round sees it. */
export interface RoundChild {
  workflowId: string;
  unit: string;
  type: 'inspection' | 'selfInspection';
  status: 'pending' | 'started' | 'already-running' | 'finished';
  finalStage?: string;
  /** An inspection's visit days as the round knows them (from its input, then from its reschedules). */
  visit?: { start: LocalDate; end: LocalDate };
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

/** Sent by an inspection to its round when its visit days change. */
export const visitChanged = defineSignal<[{ workflowId: string; start: LocalDate; end: LocalDate }]>('visitChanged');

/** A proposed visit, checked against the round's rules across units before a reschedule. */
export const checkVisitSchema = z.strictObject({
  workflowId: line(200),
  start: dateSchema,
  end: dateSchema,
  allowClash: z.boolean().optional(),
  reason: text(1000).optional(),
  by: line(120),
});
export type CheckVisitInput = z.input<typeof checkVisitSchema>;

/**
 * Checks a proposed visit against the other units of the round (one unit a day, visits a week):
 * the validator refuses a clash, naming the other units, unless `allowClash` comes with a reason.
 * Returns the units it clashes with (none when it is free).
 */
export const checkVisit = defineUpdate<{ clashesWith: string[] }, [CheckVisitInput]>('checkVisit');

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

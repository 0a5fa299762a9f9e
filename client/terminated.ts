import type { WorkflowHandle } from '@temporalio/client';
import { formatLocalDateTime } from '../domain/dates';
import { STAGE_LABELS, TERMINATED_LABEL, type InspectionState, type Stage } from '../workflows/inspection/contract';
import type { SelfInspectionState } from '../workflows/self-inspection/contract';

/**
 * A process terminated from outside its workflow (the Temporal Web UI's terminate, `temporal
 * workflow terminate`): its workflow never ran again, so its state (by query) keeps its last stage,
 * its missed deadlines and its timers. The engine's execution status, from describe or visibility,
 * is what says it ended; every view reads it here and shows {@link TERMINATED_LABEL}, never the
 * last stage nor anything overdue.
 */

/** The execution status (describe's or visibility's `status.name`) of a terminated execution. */
export const TERMINATED_STATUS = 'TERMINATED';

/** When the engine terminated a process. */
export interface Termination {
  /** The close time (ISO instant), when the engine gave it. */
  at?: string;
}

/** A state, marked when its process was terminated. */
export type MaybeTerminated<S> = S & { terminated?: Termination };

/** The termination of an execution of this status, or undefined when it was not terminated. */
export function terminationOf(status: { name: string } | undefined, closeTime?: Date): Termination | undefined {
  if (status?.name !== TERMINATED_STATUS) return undefined;
  return closeTime ? { at: closeTime.toISOString() } : {};
}

/**
 * An inspection's state as the views show it: when terminated, marked so, with nothing overdue and
 * no timer to come (nobody acts on a process that has ended).
 */
export function inspectionAsShown(s: InspectionState, t: Termination | undefined): MaybeTerminated<InspectionState> {
  if (!t) return s;
  return {
    ...s,
    overdue: [],
    pendingReminders: [],
    recommendations: s.recommendations.map((r) => ({ ...r, overdue: false })),
    terminated: t,
  };
}

/** A self-inspection's state as the views show it (see {@link inspectionAsShown}). */
export function selfInspectionAsShown(s: SelfInspectionState, t: Termination | undefined): MaybeTerminated<SelfInspectionState> {
  return t ? { ...s, overdue: false, pending: [], terminated: t } : s;
}

/** Reads a handle's execution status (describe), for a state read by query. */
export async function terminationOfHandle(handle: WorkflowHandle): Promise<Termination | undefined> {
  const d = await handle.describe();
  return terminationOf(d.status, d.closeTime);
}

/** The key a terminated process is counted under in a round's figures (beside the stage ids). */
export const TERMINATED_KEY = 'terminated';

/** The stage an inspection is counted under: its stage, or {@link TERMINATED_KEY}. */
export function stageKeyOf(s: MaybeTerminated<{ stage: string }>): string {
  return s.terminated ? TERMINATED_KEY : s.stage;
}

/** An inspection's stage as a person reads it: {@link TERMINATED_LABEL} once terminated. */
export function inspectionStageLabel(s: MaybeTerminated<{ stage: Stage }>): string {
  return s.terminated ? TERMINATED_LABEL : STAGE_LABELS[s.stage];
}

/**
 * A row of a listing (from visibility, its `status` the execution status) as shown: a terminated
 * one under {@link TERMINATED_KEY}, not overdue, with no next deadline.
 */
export function listedAsShown<R extends { stage: string; overdue: boolean; next?: Date; status: string }>(r: R): R {
  if (r.status !== TERMINATED_STATUS) return r;
  const { next: _next, ...rest } = r;
  return { ...rest, stage: TERMINATED_KEY, overdue: false } as R;
}

/** The line `kiemtra status` adds for a terminated process: when, and the stage it was left in. */
export function terminatedLine(t: Termination, lastStage: string): string {
  const when = t.at ? ` lúc ${formatLocalDateTime(Date.parse(t.at))}` : '';
  return `Quy trình đã bị chấm dứt từ bên ngoài${when} (Temporal Web UI hoặc temporal workflow terminate), khi đang ở giai đoạn "${lastStage}"; không còn hạn nào được theo dõi.`;
}

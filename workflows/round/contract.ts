import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { LocalDate } from '../../domain/dates';
import type { VisitRules } from '../../domain/plan';
import { dateSchema, line, text, z } from '../../domain/validation';
import type { Team } from '../../domain/team';
import type { InspectionInput } from '../inspection/contract';
import type { NominationInput } from '../nomination/contract';
import type { SelfInspectionInput } from '../self-inspection/contract';

/**
 * The round's contract: its input, its `progress` query, its `checkVisit` update, its workflow id,
 * and the signals its children send it (defined in ../kit/parent.ts). What the CLI, the bench and
 * the tests import; the round's implementation is ./workflow.ts.
 */

/** The type name the worker registers the round workflow under. */
export const ROUND_WORKFLOW = 'round';

/** Input of a round: one inspection per inspected unit, one self-inspection per unit outside. */
export interface RoundInput {
  round: string;
  year: number;
  inspections: InspectionInput[];
  selfInspections: SelfInspectionInput[];
  /** History events after which the round continues as new, carrying its progress (default 8,000). */
  historyLimit?: number;
  /** The plan's rules across units; without them (rounds started before November 2026) no clash is checked. */
  rules?: VisitRules;
  /** The round's team as the plan names it; the nominated members join it (rounds from December 2026). */
  team?: Team;
  /** One nomination per partner department (Mục V.2.a), started as children (rounds from December 2026). */
  nominations?: NominationInput[];
}

/**
 * How a child ended without finishing its process, by the engine's execution status: terminated
 * from outside (the Web UI, `temporal workflow terminate`), cancelled, failed or timed out. The key
 * `terminated` is the one the client's views count a terminated process under (client/terminated.ts).
 */
export type ChildEnd = 'terminated' | 'cancelled' | 'failed' | 'timed_out';

/** One child of a round as the round sees it. */
export interface RoundChild {
  workflowId: string;
  unit: string;
  type: 'inspection' | 'selfInspection';
  /** `finished`: the child has ended, by its own process (`finalStage`) or otherwise (`ended`). */
  status: 'pending' | 'started' | 'already-running' | 'finished';
  finalStage?: string;
  /**
   * Set when the child ended without finishing its process, so it never told the round: learned
   * from the child's close event, for children this run of the round started (rounds started from
   * November 2026 on; a child carried over a continue-as-new or already running is not watched).
   */
  ended?: ChildEnd;
  /** An inspection's visit days as the round knows them (from its input, then from its reschedules). */
  visit?: { start: LocalDate; end: LocalDate };
}

/** The round's progress: what the `progress` query returns. */
export interface RoundProgress {
  round: string;
  total: number;
  started: number;
  /** Children that have ended, whichever way (see `ended`). */
  finished: number;
  /** Of those, how many ended without finishing their process, by how they ended (only non-zero counts). */
  ended: Partial<Record<ChildEnd, number>>;
  children: RoundChild[];
  /** The round's team: the plan's, with the members the partner departments nominated (absent before December 2026). */
  team?: Team;
}

export const progressQuery = defineQuery<RoundProgress>('progress');

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

/**
 * Units added to a round under way (December 2026): the plan gained units after `round start`
 * (the Office completes its lists during the year), so the next `round start` adds them. The
 * client builds each input from the checked plan; the round checks only what is its own (no unit
 * twice, the visit rules across units) and leaves the rest to the child's own start check, so
 * that its bundle loads none of the children's modules.
 */
export const addUnitsSchema = z
  .strictObject({
    inspections: z
      .array(
        z.looseObject({
          unit: z.looseObject({ name: line(200) }),
          visit: z.looseObject({ start: dateSchema, end: dateSchema }),
        }),
      )
      .max(500),
    selfInspections: z.array(z.looseObject({ unit: z.looseObject({ name: line(200) }) })).max(5000),
    by: line(120),
  })
  .refine((p) => p.inspections.length + p.selfInspections.length > 0, { message: 'không có đơn vị nào để bổ sung' });
/** What a client sends: inputs built as `roundInputFromPlan` builds them. */
export interface AddUnitsInput {
  inspections: InspectionInput[];
  selfInspections: SelfInspectionInput[];
  by: string;
}
/** Adds units to the round; answers the names of the units added, in order. */
export const addUnits = defineUpdate<{ added: string[] }, [AddUnitsInput]>('addUnits');

/** The round workflow's signature, for typed handles: `client.workflow.start(ROUND_WORKFLOW, …)`. */
export type RoundWorkflow = (input: RoundInput, carried?: RoundChild[]) => Promise<RoundProgress>;

export { roundWorkflowId } from '../ids';
export { childFinished, teamJoined, visitChanged } from '../kit/parent';

import type { QueryDefinition } from '@temporalio/common';
import { setHandler, workflowInfo } from '@temporalio/workflow';
import type { TimedItem } from '../../domain/send-times';
import { notifyParent } from './parent';
import { changeCounter, runAgenda, type AgendaLoop } from './agenda';
import { registerUpdates, type PayloadSchemas, type UpdateRegistration } from './updates';

/**
 * One long-running process on the kit: each workflow type supplies its data and its rules, and
 * `runProcess` does the rest in the same order for every type: the `state` query, the update
 * table, the start (calendar snapshot, targets: whatever `start` loads), the agenda loop, the
 * final publish, and the parent round (if `finalStage` is given) told that the process has ended.
 */
export interface ProcessSpec<State, Item extends TimedItem, S extends PayloadSchemas, Stage extends string, CheckCtx, ApplyCtx> {
  state: State;
  query: QueryDefinition<State, []>;
  /** The update table and how it reads the process (the kit adds readiness, change and result). */
  updates: Omit<UpdateRegistration<S, Stage, CheckCtx, ApplyCtx, State>, 'ready' | 'changed' | 'result'>;
  /** Other handlers (a link re-issue, say), registered with the updates before the start. */
  handlers?: () => void;
  /** Loads the start data (calendar snapshot, targets) and prepares the state; updates wait for it. */
  start: () => Promise<void>;
  agenda: Omit<AgendaLoop<Item>, 'changes'>;
  /**
   * The stage the parent round is told at the end. Leave it out for a type whose parent is not a
   * round (a periodic report's reporting period): nothing is recorded or sent then.
   */
  finalStage?: () => string;
}

/** Runs a process to its end and returns its final state. */
export async function runProcess<State, Item extends TimedItem, S extends PayloadSchemas, Stage extends string, CheckCtx, ApplyCtx>(
  spec: ProcessSpec<State, Item, S, Stage, CheckCtx, ApplyCtx>,
): Promise<State> {
  let ready = false;
  const changes = changeCounter();
  setHandler(spec.query, () => spec.state);
  registerUpdates({ ...spec.updates, ready: () => ready, changed: () => changes.bump(), result: () => spec.state });
  spec.handlers?.();
  await spec.start();
  ready = true;
  await runAgenda({ ...spec.agenda, changes });
  spec.agenda.publish(undefined);
  if (spec.finalStage) await notifyParent(workflowInfo().workflowId, spec.finalStage());
  return spec.state;
}

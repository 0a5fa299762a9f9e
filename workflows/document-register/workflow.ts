import { allHandlersFinished, condition, continueAsNew, currentUpdateInfo, setHandler, workflowInfo } from '@temporalio/workflow';
import { localDateOf } from '../../domain/dates';
import { startInput } from '../common';
import { currentOrigin } from '../kit/origin';
import { refuse } from '../kit/refusal';
import { registerUpdates, type UpdateTable } from '../kit/updates';
import {
  REGISTER_INPUT_SCHEMAS,
  registerStateQuery,
  registerUpdates as definitions,
  registerUpdateSchemas,
  type RegisterEntry,
  type RegisterInput,
  type RegisterState,
  type RegisterUpdateSchemas,
} from './contract';
import {
  applyAllocate,
  applyRecord,
  applyWithdraw,
  checkAllocate,
  checkRecord,
  checkWithdraw,
  initialRegisterState,
  type RegisterApplyContext,
  type RegisterCheckContext,
} from './rules';

/**
 * The register of outgoing documents of one issuing body for one year: an entity that allocates
 * each number exactly once (updates run one at a time in the workflow, so two allocations can
 * never read the same "next"), records numbers given by the Office's own system, and marks
 * withdrawals while keeping their numbers. It never ends by itself; when its history grows it
 * continues as new, carrying the entries.
 */

/** The one stage: a register is always open for its year. */
type Stage = 'open';

/**
 * Each update returns the entry it made or changed, kept by update id between its apply and its
 * result (two updates may be handled in one activation).
 */
const made = new Map<string, RegisterEntry>();

const TABLE: UpdateTable<RegisterUpdateSchemas, Stage, RegisterCheckContext, RegisterApplyContext> = {
  allocate: { stages: 'any', check: (c) => checkAllocate(c), apply: (a, p) => keep(a, applyAllocate(a, p)) },
  record: { stages: 'any', check: checkRecord, apply: (a, p) => keep(a, applyRecord(a, p)) },
  withdraw: { stages: 'any', check: checkWithdraw, apply: (a, p) => keep(a, applyWithdraw(a, p)) },
};

function keep(a: RegisterApplyContext, entry: RegisterEntry): void {
  if (a.updateId !== undefined) made.set(a.updateId, entry);
}

/** A body's register of outgoing documents for a year. */
export async function documentRegister(input: RegisterInput): Promise<RegisterState> {
  const config = startInput(REGISTER_INPUT_SCHEMAS[1](), input);
  const state = initialRegisterState(workflowInfo().workflowId, config);
  const context = (): RegisterCheckContext => ({ state, today: localDateOf(Date.now()), updateId: currentUpdateInfo()?.id });
  setHandler(registerStateQuery, () => state);
  registerUpdates({
    definitions,
    schemas: registerUpdateSchemas,
    table: TABLE,
    stage: (): Stage => 'open',
    wrongStage: (name) => refuse(`Sổ đăng ký văn bản đi không nhận "${name}"`, `update ${name} not accepted`),
    checkContext: context,
    applyContext: () => ({ ...context(), now: Date.now(), via: currentOrigin() }),
    ready: () => true,
    // Nothing waits on a change: the run only waits for its history to grow.
    changed: () => undefined,
    result: () => {
      const id = currentUpdateInfo()?.id;
      const entry = id === undefined ? undefined : made.get(id);
      if (id !== undefined) made.delete(id);
      return entry!;
    },
  });
  const long = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= config.maxHistoryEvents;
  await condition(long);
  // Every update admitted so far completes in this run; later ones reach the next run.
  await condition(allHandlersFinished);
  return continueAsNew<(input: RegisterInput) => Promise<RegisterState>>({
    ...config,
    entries: state.entries,
    generation: config.generation + 1,
  });
}

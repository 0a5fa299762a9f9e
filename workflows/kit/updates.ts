import type { UpdateDefinition } from '@temporalio/common';
import { condition, currentUpdateInfo, defineUpdate, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { acceptingRecordedText, type z } from '../../domain/validation';
import { originOfUpdate, withOrigin } from './origin';
import { parsePayload, refuse } from './refusal';

/**
 * The update table: one entry per update of a workflow type, typed from the type's payload
 * schemas, registered in one call. An update without its stage entry, its check or its apply does
 * not compile. Validators (read-only, no event in history when they refuse) parse the payload,
 * check the stage and run the entry's check; handlers wait until the process is ready, check again
 * (the state may have moved while they waited), apply, and tell the loop that the state changed.
 */

/** A workflow type's payload schemas, by update name. */
export type PayloadSchemas = { readonly [name: string]: z.ZodType };
/** What a client sends for each update. */
export type InputsOf<S extends PayloadSchemas> = { [K in keyof S]: z.input<S[K]> };
/** What a check and an apply receive for each update, once validated (defaults filled). */
export type PayloadsOf<S extends PayloadSchemas> = { [K in keyof S]: z.output<S[K]> };
/** The update definitions of a type, shared by the workflow and its clients; each returns `Ret`. */
export type DefinitionsOf<S extends PayloadSchemas, Ret> = { [K in keyof S & string]: UpdateDefinition<Ret, [z.input<S[K]>], K> };

/** One update definition per name (the names of the type's payload schemas). */
export function defineUpdates<S extends PayloadSchemas, Ret>(names: readonly (keyof S & string)[]): DefinitionsOf<S, Ret> {
  return Object.fromEntries(names.map((name) => [name, defineUpdate(name)])) as DefinitionsOf<S, Ret>;
}

/** One update of the table. */
export interface UpdateEntry<Stage extends string, CheckCtx, ApplyCtx, Payload> {
  /** The stages that accept it, or `'any'`. */
  stages: readonly Stage[] | 'any';
  /** Refuses (with `refuse`) what the rules do not allow in the current state; never changes it. */
  check: (ctx: CheckCtx, payload: Payload) => void;
  /** Changes the state (and queues mail); runs only after `check` passed. */
  apply: (ctx: ApplyCtx, payload: Payload) => void;
}

/** The update table of a type: every name of its schemas, each with stages, check and apply. */
export type UpdateTable<S extends PayloadSchemas, Stage extends string, CheckCtx, ApplyCtx> = {
  [K in keyof S]: UpdateEntry<Stage, CheckCtx, ApplyCtx, z.output<S[K]>>;
};

/** Who runs a check: the update's validator, or its handler after waiting until ready. */
export type CheckPhase = 'validator' | 'handler';

/**
 * Whether a rule added after executions started applies: always in a validator (it runs only for
 * a new update, never on replay), and in a handler only on the path that `patched(name)` guards,
 * so a replayed update that an older worker accepted is accepted again.
 */
export function ruleApplies(phase: CheckPhase, name: string): boolean {
  return phase === 'validator' || patched(name);
}

/** The check of an update that the stage and the schema are enough for. */
export const noCheck = (): void => undefined;

/** Whether a stage accepts an entry. */
export function acceptsIn<Stage extends string>(stages: readonly Stage[] | 'any', stage: Stage): boolean {
  return stages === 'any' || stages.includes(stage);
}

/** What `registerUpdates` wires. */
export interface UpdateRegistration<S extends PayloadSchemas, Stage extends string, CheckCtx, ApplyCtx, Ret> {
  definitions: DefinitionsOf<S, Ret>;
  /** The payload schemas; reading `schemas[name]` may build the schema (see the contract modules). */
  schemas: S;
  table: UpdateTable<S, Stage, CheckCtx, ApplyCtx>;
  /** The current stage. */
  stage: () => Stage;
  /** The refusal of an update in a stage that does not accept it. */
  wrongStage: (name: keyof S & string, stage: Stage) => never;
  /**
   * What checks read; may refuse NotReady while start data is not loaded (see `startValue`).
   * `phase` says who asks: the validator (a new update, never replayed) or the handler (replayed
   * with the history), so a rule added later can be guarded with `patched()` in the handler only.
   */
  checkContext: (phase: CheckPhase) => CheckCtx;
  /** What applies work with (built once the process is ready). */
  applyContext: () => ApplyCtx;
  /** True once the process has loaded its start data: handlers wait for it. */
  ready: () => boolean;
  /** Called after every apply: the process's loop wakes up on it. */
  changed: () => void;
  /** Runs after an apply (awaited before the update returns), e.g. to tell a parent workflow. */
  after?: (name: keyof S & string, payload: z.output<S[keyof S]>) => void | Promise<void>;
  /** What every update returns (the state). */
  result: () => Ret;
}

/**
 * A stage that does not accept an update, refused with the stage's label, and the update's own
 * (`what`, "ghi nhận báo cáo…") where the type has labels for its updates. `when` says, where the
 * type knows it, when the update becomes possible ("… khi cuộc kiểm tra đến giai đoạn …").
 */
export function wrongStageRefusal<Stage extends string>(
  subject: string,
  label: (stage: Stage) => string,
  what?: (name: string) => string,
  when?: (name: string, stage: Stage) => string | undefined,
) {
  return (name: string, stage: Stage): never => {
    const later = when?.(name, stage);
    return refuse(
      `Không thể ${what ? what(name) : `thực hiện "${name}"`} khi ${subject} đang ở giai đoạn "${label(stage)}"${later ? `; ${later}` : ''}`,
      `update ${name} not allowed in stage ${stage}`,
    );
  };
}

/** Registers every entry of the table, validator and handler, in one call. */
export function registerUpdates<S extends PayloadSchemas, Stage extends string, CheckCtx, ApplyCtx, Ret>(
  r: UpdateRegistration<S, Stage, CheckCtx, ApplyCtx, Ret>,
): void {
  for (const name of Object.keys(r.table) as (keyof S & string)[]) {
    const entry = r.table[name];
    const verify = (payload: unknown, phase: CheckPhase) => {
      const p = parsePayload(r.schemas[name]!, payload, name);
      const stage = r.stage();
      if (!acceptsIn(entry.stages, stage)) r.wrongStage(name, stage);
      entry.check(r.checkContext(phase), p);
      return p;
    };
    const definition = r.definitions[name] as UpdateDefinition<Ret, [unknown], string>;
    setHandler(
      definition,
      async (payload: unknown) => {
        await condition(r.ready);
        // The validator checked the text rules; a payload an older release accepted replays as it ran.
        const p = acceptingRecordedText(() => verify(payload, 'handler'));
        // The entries it records carry its origin (its `kiemtra-via` header, workflows/interceptors.ts).
        withOrigin(originOfUpdate(workflowInfo().runId, currentUpdateInfo()?.id), () => entry.apply(r.applyContext(), p));
        r.changed();
        await r.after?.(name, p);
        return r.result();
      },
      { validator: (payload: unknown) => void verify(payload, 'validator') },
    );
  }
}

import { ApplicationFailure } from '@temporalio/common';
import { describeIssue, type z } from '../../domain/validation';

/**
 * One way to refuse: a Vietnamese message for the person who sent it, the English detail in
 * brackets for developers, and a failure type clients branch on. A refusal in an update validator
 * leaves no event in history; in a handler it fails that update only, never the workflow task.
 */

/** The failure type of an update refused for what it asks (bad payload, wrong stage, a rule). */
export const INVALID_UPDATE = 'InvalidUpdate';

/** The failure type of an update refused only because the workflow is still starting: retry it. */
export const NOT_READY = 'NotReady';

/** The failure type of a start input no version's schema accepts: the workflow fails for good. */
export const INVALID_INPUT = 'InvalidInput';

/** Fails the workflow for a bad start input, naming what is wrong in Vietnamese. */
export function invalidInput(detail: string): never {
  throw ApplicationFailure.nonRetryable(`Dữ liệu khởi tạo không hợp lệ: ${detail}`, INVALID_INPUT);
}

/** Refuses, with `vi` for the reader and `en` for developers: `"<vi> (<en>)"`, of failure type `type`. */
export function refuse(vi: string, en: string, type: string = INVALID_UPDATE): never {
  throw ApplicationFailure.nonRetryable(`${vi} (${en})`, type);
}

/**
 * A refusal's message as a person reads it: the Vietnamese part, without the English detail in
 * brackets that `refuse` adds for developers (returned apart, for logs).
 */
export function readerMessage(message: string): { text: string; detail?: string } {
  const m = / \(([^()]*)\)$/.exec(message);
  return m ? { text: message.slice(0, m.index), detail: m[1] } : { text: message };
}

/**
 * Refuses as not ready: the workflow has not loaded its start data (calendar, targets) yet.
 * `subject` names the process in the Vietnamese message ("Cuộc kiểm tra", "Nhiệm vụ").
 */
export function notReady(en: string, subject = 'Quy trình'): never {
  refuse(`${subject} đang khởi tạo, vui lòng thử lại sau giây lát`, en, NOT_READY);
}

/** A payload parsed by its schema (defaults filled), or a refusal naming the first bad field. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown, name: string): z.output<S> {
  const r = schema.safeParse(payload);
  if (!r.success) refuse(`Dữ liệu không hợp lệ: ${describeIssue(r.error.issues[0]!)}`, `invalid ${name} payload`);
  return r.data;
}

/**
 * A value the workflow loads at its start (a calendar snapshot, the year's targets). Reading it
 * before it is loaded refuses as not ready, so a validator that needs it tells the client to retry.
 */
export interface StartValue<T> {
  /** The value; refuses with NotReady while it is not loaded. */
  get(): T;
  set(value: T): void;
  readonly loaded: boolean;
}

/** A start value, not loaded yet; `what` says in English what is missing ("calendar snapshot"). */
export function startValue<T>(what: string, subject?: string): StartValue<T> {
  let value: { v: T } | undefined;
  return {
    get: () => (value ? value.v : notReady(`${what} not loaded yet`, subject)),
    set: (v: T) => {
      value = { v };
    },
    get loaded() {
      return value !== undefined;
    },
  };
}

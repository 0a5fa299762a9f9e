import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ExitCode, UserFacingError } from '../config/errors';
import { yearOf, type LocalDate } from '../domain/dates';
import { parseQuestionNumber, questionCodeOf, questionNumber, questionOriginKind } from '../domain/questions';
import type { CenterContact, FileRef } from '../domain/validation';
import { plansDir } from '../loaders/targets';
import { loadTaskPlan } from '../loaders/task-plan';
import { questionWorkflowId } from '../workflows/ids';
import {
  questionStartOptions,
  questionStateQuery,
  type QuestionInput,
  type QuestionMemo,
  type QuestionState,
} from '../workflows/question/contract';
import { SA } from '../workflows/search-attributes';

/**
 * A unit's difficulty or question to the Center, for the page server (`askQuestion`) and the CLI
 * (`listQuestions`, `questionState`): the number a form's submission gets, the contacts from the
 * yearly plan, the start that counts one form once, the listing from visibility.
 */

/** Whom a question goes to: the plan's Center and coordinator. */
export interface QuestionContacts {
  coordinator: { name: string; email: string };
  center: CenterContact;
}

/** The contacts of the yearly plan of `year` (kstthc-<year>.yaml), else of the latest one in `dir`. */
export function loadQuestionContacts(year: number, dir: string = plansDir()): QuestionContacts {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^kstthc-\d{4}\.ya?ml$/.test(f)) : [];
  const file = files.find((f) => f.startsWith(`kstthc-${year}.`)) ?? files.sort().at(-1);
  if (!file)
    throw new UserFacingError(`Không có kế hoạch năm (kstthc-YYYY.yaml) trong ${dir}: cần địa chỉ của Trung tâm.`, ExitCode.badInput);
  const plan = loadTaskPlan(path.join(dir, file));
  return { coordinator: plan.coordinator, center: plan.center };
}

/** The number a form's submission gets in `year`: from its submission id, so the same form is one number. */
export function questionNumberOf(year: number, submission: string): string {
  return questionNumber(year, questionCodeOf(createHash('sha256').update(`kiemtra-question.${submission}`).digest()));
}

/** What the page server knows of a question when the unit posts it. */
export interface Asked {
  /** The email's process (the link's workflow) and the unit (the link's). */
  originWorkflowId: string;
  unit: string;
  askedBy: string;
  replyTo: string[];
  text: string;
  files?: FileRef[];
  submission: string;
  today: LocalDate;
  contacts: QuestionContacts;
}

/** The start input of a question (checked by the caller with the contract's schema). */
export function questionInput(a: Asked): QuestionInput {
  return {
    number: questionNumberOf(yearOf(a.today), a.submission),
    unit: a.unit,
    origin: { workflowId: a.originWorkflowId, kind: questionOriginKind(a.originWorkflowId) },
    askedBy: a.askedBy,
    replyTo: a.replyTo,
    text: a.text,
    ...(a.files?.length ? { files: a.files } : {}),
    contacts: a.contacts,
  };
}

/**
 * Starts a question; the same form posted again (a double click, a resent request) finds the
 * question it started. Returns its number.
 */
export async function askQuestion(client: Client, taskQueue: string, a: Asked): Promise<string> {
  const options = questionStartOptions(questionInput(a), taskQueue, a.submission);
  const number = (options.memo as unknown as QuestionMemo).number;
  try {
    await client.workflow.start('question', options);
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const memo = (await client.workflow.getHandle(options.workflowId).describe()).memo as Partial<QuestionMemo> | undefined;
    // Another form with the same code (one chance in hundreds of millions): the unit sends it again.
    if (memo?.submission !== a.submission)
      throw new UserFacingError('Hệ thống chưa cấp được số cho phản ánh này; đề nghị mở lại đường dẫn và gửi lại.', ExitCode.failure);
  }
  return number;
}

/** A question's state by its number as typed; a number that is not one, or names no question, refused in Vietnamese. */
export async function questionState(client: Client, typed: string): Promise<QuestionState> {
  const number = parseQuestionNumber(typed);
  if (!number) throw new UserFacingError(`"${typed}" không phải số phản ánh (dạng PA-2026-K7Q3XW).`, ExitCode.badInput);
  const handle = client.workflow.getHandle(questionWorkflowId(number));
  try {
    const d = await handle.describe();
    return d.status.name === 'RUNNING' ? await handle.query(questionStateQuery) : ((await handle.result()) as QuestionState);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new UserFacingError(`không có phản ánh số ${number}.`, ExitCode.badInput);
    throw err;
  }
}

/** One question as `kiemtra questions list` shows it, from visibility alone. */
export interface ListedQuestion {
  number: string;
  unit: string;
  status: string;
  overdue: boolean;
  due?: Date;
  received: Date;
  open: boolean;
}

/** The questions visibility knows (of a unit, if given), the open ones first, each group oldest first. */
export async function listQuestions(client: Client, o: { open?: boolean } = {}): Promise<ListedQuestion[]> {
  const query = ["WorkflowType = 'question'", o.open ? "ExecutionStatus = 'Running'" : undefined].filter(Boolean).join(' AND ');
  const out: ListedQuestion[] = [];
  for await (const wf of client.workflow.list({ query })) {
    const memo = (wf.memo ?? {}) as Partial<QuestionMemo>;
    out.push({
      number: memo.number ?? wf.workflowId,
      unit: wf.typedSearchAttributes.get(SA.unit) ?? '',
      status: wf.typedSearchAttributes.get(SA.stage) ?? '',
      overdue: wf.typedSearchAttributes.get(SA.overdue) === true,
      due: wf.typedSearchAttributes.get(SA.nextDeadline),
      received: wf.startTime,
      open: wf.status.name === 'RUNNING',
    });
  }
  return sortQuestions(out);
}

/** Open first, then by arrival (pure, for tests). */
export function sortQuestions<T extends { open: boolean; received: Date }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => Number(b.open) - Number(a.open) || a.received.getTime() - b.received.getTime());
}

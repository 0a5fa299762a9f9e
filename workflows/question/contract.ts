import type { WorkflowStartOptions } from '@temporalio/client';
import { defineQuery } from '@temporalio/workflow';
import type { LocalDate } from '../../domain/dates';
import type { Deadline } from '../../domain/deadlines';
import {
  ANSWER_MAX_CHARS,
  ANSWER_WITHIN_WORKING_DAYS,
  QUESTION_MAX_CHARS,
  QUESTION_REMINDER_WORKING_DAYS_BEFORE,
  QUESTION_NUMBER_PATTERN,
  type QuestionOriginKind,
} from '../../domain/questions';
import { centerSchema, emailSchema, filesSchema, line, personSchema, text, z, type FileRef } from '../../domain/validation';
import { questionWorkflowId } from '../ids';
import { SA } from '../search-attributes';
import { markdownText } from '../../domain/safe-text';
import type { HistoryEntry } from '../kit/history';
import { defineUpdates, type InputsOf, type PayloadsOf } from '../kit/updates';
import type { EmailRecord } from '../mailer';

/**
 * The contract of one unit's difficulty or question to the Public Administration Service Center
 * (the plan's last paragraph), as clients and tests see it: the type name, the versioned start
 * input, the state, the `answer` update and the query. No workflow code here.
 */

/** The type name the worker registers the question workflow under. */
export const QUESTION_WORKFLOW = 'question';

export { questionWorkflowId };

/** The text of a question (one rule for the page, the start input and the tests). */
export const questionTextSchema = () => text(QUESTION_MAX_CHARS);

/**
 * Start input, version 1 (December 2026). Frozen: add a version, never edit. Built when used and
 * not kept (every cached workflow has its own instance of this module).
 */
const questionInputV1 = () =>
  z.strictObject({
    schemaVersion: z.literal(1).optional(),
    /** `PA-2026-K7Q3XW`: what people read, write and type; the workflow id is derived from it. */
    number: z.string().regex(QUESTION_NUMBER_PATTERN, { message: 'số phản ánh không hợp lệ' }),
    unit: line(200),
    /** The process of the email whose link the unit followed. */
    origin: z.strictObject({
      workflowId: line(200),
      kind: z.enum([
        'inspection',
        'selfInspection',
        'periodicReport',
        'planTask',
        'nomination',
        'roundDocument',
        'round',
        'question',
        'other',
      ] as const satisfies readonly QuestionOriginKind[]),
    }),
    /** Who wrote it (name, position, phone), as the unit typed it. */
    askedBy: line(200),
    /** Where the answer goes. */
    replyTo: z.array(emailSchema).min(1).max(3),
    text: questionTextSchema(),
    files: filesSchema.optional(),
    answerWithinWorkingDays: z.number().int().min(1).max(30).default(ANSWER_WITHIN_WORKING_DAYS),
    reminderWorkingDaysBefore: z
      .array(z.number().int().min(0).max(20))
      .max(5)
      .default(() => [...QUESTION_REMINDER_WORKING_DAYS_BEFORE]),
    contacts: z.strictObject({ coordinator: personSchema, center: centerSchema }),
  });

/** The input schema of each version; the current one is the last. */
export const QUESTION_INPUT_SCHEMAS = { 1: questionInputV1 } as const;
export const QUESTION_INPUT_VERSION = 1;
type V1 = ReturnType<typeof questionInputV1>;
export type QuestionInput = z.input<V1>;
export type QuestionConfig = z.output<V1>;

/** The input as the client sends it: validated, defaults filled, stamped with its version. */
export function completeQuestionInput(input: QuestionInput): QuestionConfig {
  return { ...QUESTION_INPUT_SCHEMAS[QUESTION_INPUT_VERSION]().parse(input), schemaVersion: QUESTION_INPUT_VERSION };
}

export type QuestionStatus = 'question_open' | 'question_answered';

/** A status in Vietnamese: the one label map for the workflow, the CLI, the page and the Web UI. */
export const QUESTION_STATUS_LABELS: Record<QuestionStatus, string> = {
  question_open: 'chờ Trung tâm trả lời',
  question_answered: 'đã trả lời',
};

/** The Center's answer. */
export interface QuestionAnswer {
  text: string;
  by: string;
  /** ISO instant. */
  at: string;
  files?: FileRef[];
}

/** What the `state` query answers and the workflow returns. */
export interface QuestionState {
  workflowId: string;
  number: string;
  unit: string;
  origin: QuestionConfig['origin'];
  askedBy: string;
  replyTo: string[];
  text: string;
  files?: FileRef[];
  receivedOn: LocalDate;
  status: QuestionStatus;
  /** The day the Center should answer by, once the calendar is loaded. */
  deadline?: Deadline;
  overdue: boolean;
  answer?: QuestionAnswer;
  pending: { at: string; label: string }[];
  emails: EmailRecord[];
  history: HistoryEntry[];
}

/** The memo a question starts with: what `kiemtra questions list` shows without asking each workflow. */
export interface QuestionMemo {
  number: string;
  origin: QuestionConfig['origin']['kind'];
  /** The submission id of the unit's form. */
  submission: string;
}

/** The update payloads, built when used. Version 1 (December 2026), frozen. */
function buildSchemas() {
  return {
    /** The Center's answer, sent to the unit. */
    answer: z.strictObject({ text: text(ANSWER_MAX_CHARS), files: filesSchema.optional(), by: line(120) }),
  } as const;
}

type Schemas = ReturnType<typeof buildSchemas>;
export type QuestionUpdateName = keyof Schemas;
const UPDATE_NAMES: readonly QuestionUpdateName[] = ['answer'];

/** The payload schemas by update name: `questionUpdateSchemas.answer` builds that schema. */
export const questionUpdateSchemas = Object.defineProperties(
  {} as Schemas,
  Object.fromEntries(UPDATE_NAMES.map((name) => [name, { enumerable: true, get: () => buildSchemas()[name] }])),
);
export type QuestionUpdateSchemas = Schemas;
export type QuestionUpdateInputs = InputsOf<Schemas>;
export type QuestionUpdatePayloads = PayloadsOf<Schemas>;

export const questionStateQuery = defineQuery<QuestionState>('state');
export const questionUpdates = defineUpdates<Schemas, QuestionState>(UPDATE_NAMES);

/** The workflow's signature, for typed starts by name. */
export type QuestionWorkflow = (input: QuestionInput) => Promise<QuestionState>;

/**
 * How a question starts: its id from its number (a number is never used twice: a completed
 * question's id is not reused), its memo (number, origin and the submission it came from, so the
 * same form posted twice is one question), its first search attributes.
 */
export function questionStartOptions(
  input: QuestionInput,
  taskQueue: string,
  submission: string,
): WorkflowStartOptions<QuestionWorkflow> & { workflowId: string } {
  const config = completeQuestionInput(input);
  const memo: QuestionMemo = { number: config.number, origin: config.origin.kind, submission };
  return {
    taskQueue,
    workflowId: questionWorkflowId(config.number),
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    args: [config],
    memo: { ...memo },
    staticSummary: `Phản ánh ${config.number} của ${config.unit}`,
    staticDetails: `**Phản ánh ${config.number}** của ${markdownText(config.unit)}, người gửi ${markdownText(config.askedBy)}`,
    typedSearchAttributes: [
      { key: SA.unit, value: config.unit },
      { key: SA.kind, value: 'question' },
      { key: SA.stage, value: 'question_open' },
      { key: SA.overdue, value: false },
    ],
  };
}

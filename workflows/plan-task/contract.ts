import type { WorkflowStartOptions } from '@temporalio/client';
import { defineQuery } from '@temporalio/workflow';
import { formatDate, localInstant, type LocalDate } from '../../domain/dates';
import type { Deadline } from '../../domain/deadlines';
import { centerSchema, dateSchema, emailSchema, line, personSchema, roundIdSchema, text, z } from '../../domain/validation';
import { planTaskWorkflowId } from '../ids';
import type { HistoryEntry } from '../kit/history';
import { defineUpdates, type InputsOf, type PayloadsOf } from '../kit/updates';
import type { EmailRecord } from '../mailer';
import { SA } from '../search-attributes';
import { markdownText } from '../../domain/safe-text';

/**
 * The contract of a dated task of the yearly plan (seed 004), as clients and tests see it: the
 * workflow type, its versioned start input, its state, its updates and query, its start options
 * and the values it writes into search attributes. No workflow code: the CLI, the page server
 * and the bench import this module, never `./workflow`.
 */

/** The workflow type's name, for starting it by name. */
export const PLAN_TASK_TYPE = 'planTask';

export { planTaskWorkflowId };

/**
 * Start input, version 1 (November 2026). Frozen: add a version, never edit. Built when used and
 * not kept (every cached workflow has its own instance of this module).
 */
const planTaskInputV1 = () =>
  z.strictObject({
    schemaVersion: z.literal(1).optional(),
    plan: roundIdSchema,
    planTitle: line(400),
    task: z.strictObject({
      id: line(20),
      content: text(4000),
      lead: z.array(line(300)).min(1).max(20),
      product: text(1000),
      deadlineText: line(200),
    }),
    due: dateSchema,
    /** The lead agency's mailboxes; without one, reminders go to the coordinator. */
    emails: z.array(emailSchema).max(10),
    contacts: z.strictObject({
      coordinator: personSchema,
      center: centerSchema,
    }),
    remindersWorkingDaysBefore: z.array(z.number().int().min(0).max(60)).max(5).default([10, 3, 0]),
  });

/** The input schema of each version; the current one is the last. */
export const PLAN_TASK_INPUT_SCHEMAS = { 1: planTaskInputV1 } as const;
/** The version new tasks start with. */
export const PLAN_TASK_INPUT_VERSION = 1;
type V1 = ReturnType<typeof planTaskInputV1>;
export type PlanTaskInput = z.input<V1>;
export type PlanTaskConfig = z.output<V1>;

/** The input as the client sends it: validated, defaults filled, stamped with its version. */
export function completePlanTaskInput(input: PlanTaskInput): PlanTaskConfig {
  return { ...PLAN_TASK_INPUT_SCHEMAS[PLAN_TASK_INPUT_VERSION]().parse(input), schemaVersion: PLAN_TASK_INPUT_VERSION };
}

export type PlanTaskStatus = 'task_open' | 'task_done' | 'task_cancelled';

/** A task's status in Vietnamese: the one label map for the workflow, the CLI and the pages. */
export const PLAN_TASK_STATUS_LABELS: Record<PlanTaskStatus, string> = {
  task_open: 'đang thực hiện',
  task_done: 'đã hoàn thành',
  task_cancelled: 'đã hủy',
};

/** The Vietnamese label of a status as read from a search attribute (unknown values shown as they are). */
export function planTaskStatusLabel(status: string): string {
  return (PLAN_TASK_STATUS_LABELS as Record<string, string>)[status] ?? status;
}

/** One line of a task's history. */
export type PlanTaskHistoryEntry = HistoryEntry;

/** What the `state` query answers and the workflow returns. */
export interface PlanTaskState {
  workflowId: string;
  plan: string;
  taskId: string;
  content: string;
  lead: string[];
  status: PlanTaskStatus;
  deadline?: Deadline;
  overdue: boolean;
  product?: { document: string; signedOn: LocalDate; link?: string };
  extensions: { from: LocalDate; to: LocalDate; reason: string; by: string; at: string }[];
  cancellation?: { reason: string; by: string; at: string };
  pending: { at: string; label: string }[];
  emails: EmailRecord[];
  history: PlanTaskHistoryEntry[];
}

/**
 * The update payloads. Built when used and not kept, like the input (see
 * workflows/inspection/updates.ts). Version 1 (November 2026), frozen.
 */
function buildSchemas() {
  const by = line(120);
  return {
    complete: z.strictObject({
      document: line(300),
      signedOn: dateSchema,
      link: z.url({ message: 'đường dẫn không hợp lệ' }).max(500).optional(),
      by,
    }),
    extend: z.strictObject({ due: dateSchema, reason: text(1000), by }),
    cancel: z.strictObject({ reason: text(1000), by }),
  } as const;
}

type Schemas = ReturnType<typeof buildSchemas>;
export type PlanTaskUpdateName = keyof Schemas;
const UPDATE_NAMES: readonly PlanTaskUpdateName[] = ['complete', 'extend', 'cancel'];

/** The payload schemas by update name: `planTaskUpdateSchemas.extend` builds that schema. */
export const planTaskUpdateSchemas = Object.defineProperties(
  {} as Schemas,
  Object.fromEntries(UPDATE_NAMES.map((name) => [name, { enumerable: true, get: () => buildSchemas()[name] }])),
);
export type PlanTaskUpdateSchemas = Schemas;
/** What a client sends. */
export type PlanTaskUpdateInputs = InputsOf<Schemas>;
/** What a handler receives, once validated. */
export type PlanTaskUpdatePayloads = PayloadsOf<Schemas>;

/** The `state` query. */
export const planTaskStateQuery = defineQuery<PlanTaskState>('state');
/** The update definitions; each returns the state after it. */
export const planTaskUpdates = defineUpdates<Schemas, PlanTaskState>(UPDATE_NAMES);
export const { complete: completeTask, extend: extendTask, cancel: cancelTask } = planTaskUpdates;

/** The workflow's signature, for typed starts by name. */
export type PlanTaskWorkflow = (input: PlanTaskInput) => Promise<PlanTaskState>;

/** What a task writes into the search attributes supervisors filter on (`kiemtra tasks list`). */
export interface PlanTaskSearchValues<D extends Date | null = Date | null> {
  plan: string;
  lead: string;
  status: PlanTaskStatus;
  overdue: boolean;
  /** 23:59 of the current deadline while the task is open, else none. */
  nextDeadline: D;
}

/** The search attributes of a task, in the order they are written. */
export function planTaskSearchAttributes<D extends Date | null>(v: PlanTaskSearchValues<D>) {
  return [
    { key: SA.round, value: v.plan },
    { key: SA.unit, value: v.lead },
    { key: SA.kind, value: 'task' },
    { key: SA.stage, value: v.status },
    { key: SA.overdue, value: v.overdue },
    { key: SA.nextDeadline, value: v.nextDeadline },
  ] as const;
}

/** The end of a task's deadline day, as written into `InspectionNextDeadline`. */
export const deadlineInstant = (date: LocalDate): Date => localInstant(date, '23:59');

/** Start options of a dated task of the yearly plan (`task-<plan>-<task-slug>`). */
export function planTaskStartOptions(
  input: PlanTaskInput,
  taskQueue: string,
): WorkflowStartOptions<PlanTaskWorkflow> & { workflowId: string } {
  return {
    taskQueue,
    workflowId: planTaskWorkflowId(input.plan, input.task.id),
    args: [completePlanTaskInput(input)],
    staticSummary: `Nhiệm vụ ${input.task.id}: hạn ${formatDate(input.due)}; chủ trì ${input.task.lead.join('; ')}`,
    staticDetails: [
      `**${markdownText(input.planTitle)}**`,
      '',
      `- Nhiệm vụ ${markdownText(input.task.id)}: ${markdownText(input.task.content)}`,
      `- Thời hạn theo Kế hoạch: ${markdownText(input.task.deadlineText)}`,
      `- Sản phẩm dự kiến: ${markdownText(input.task.product)}`,
    ].join('\n'),
    typedSearchAttributes: [
      ...planTaskSearchAttributes({
        plan: input.plan,
        lead: input.task.lead[0]!,
        status: 'task_open',
        overdue: false,
        nextDeadline: deadlineInstant(input.due),
      }),
    ],
  };
}

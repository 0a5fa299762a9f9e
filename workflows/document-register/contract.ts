import type { WorkflowStartOptions } from '@temporalio/client';
import { defineQuery } from '@temporalio/workflow';
import type { LocalDate } from '../../domain/dates';
import {
  DOCUMENT_TYPE_CODES,
  ISSUING_BODIES,
  ISSUING_BODY_CODES,
  MAX_SERIAL,
  REGISTER_WORKFLOW,
  type DocumentType,
  type IssuingBody,
} from '../../domain/document-register';
import { dateSchema, line, text, z } from '../../domain/validation';
import { documentRegisterWorkflowId } from '../ids';
import type { Origin } from '../kit/origin';
import { defineUpdates, type InputsOf, type PayloadsOf } from '../kit/updates';

/**
 * The contract of the register of outgoing documents of one issuing body for one year (sổ đăng ký
 * văn bản đi, Nghị định 30/2020, Điều 15), as clients and tests see it: the workflow type, its
 * versioned start input (which carries the entries across continue-as-new), its state, its
 * updates and query and its start options. No workflow code.
 */

/** The workflow type's name, for starting it by name. */
export const DOCUMENT_REGISTER_TYPE = REGISTER_WORKFLOW.type;

export { documentRegisterWorkflowId };

/** Whether an entry's document is in force or was withdrawn (its number stays used). */
export type RegisterEntryStatus = 'issued' | 'withdrawn';

/** The Vietnamese label of a status: the one map for the workflow, the CLI and later the documents. */
export const REGISTER_STATUS_LABELS: Record<RegisterEntryStatus, string> = {
  issued: 'đã cấp số',
  withdrawn: 'đã thu hồi',
};

/** How an entry got its number: allocated by the register, or recorded from the Office's own system. */
export type RegisterEntrySource = 'allocated' | 'recorded';

/** One line of the register. */
export interface RegisterEntry {
  /** The number in its series (1, 2, …), written with two digits at least. */
  number: number;
  /** The series it counts in: the type when it has its own, else "chung". */
  series: string;
  type: DocumentType;
  /** "08/TB-VP". */
  symbol: string;
  /** The date of issue, in Vietnam time. */
  issuedOn: LocalDate;
  /** The trích yếu: what the document is about. */
  subject: string;
  /** Who asked for the number (a person or, for documents the system issues itself, "hệ thống"). */
  by: string;
  /** Who signs it, when known. */
  signer?: string;
  source: RegisterEntrySource;
  status: RegisterEntryStatus;
  /** ISO instant it was entered. */
  at: string;
  /** The update id it was entered by: a retried request with the same id gets this entry back. */
  requestId?: string;
  /** Who entered it, as the client layer authenticated it. */
  via?: Origin;
  withdrawal?: { reason: string; by: string; at: string; requestId?: string; via?: Origin };
}

/** The schema of a carried entry (entries travel in the input of the next run). */
const entrySchema = () => {
  const origin = z.strictObject({ channel: z.enum(['cli', 'link', 'client']), identity: z.string().min(1).max(200) });
  return z.strictObject({
    number: z.number().int().min(1).max(MAX_SERIAL),
    series: z.string().min(1).max(20),
    type: z.enum(DOCUMENT_TYPE_CODES),
    symbol: z.string().min(1).max(40),
    issuedOn: dateSchema,
    subject: z.string().min(1).max(500),
    by: z.string().min(1).max(120),
    signer: z.string().min(1).max(120).optional(),
    source: z.enum(['allocated', 'recorded']),
    status: z.enum(['issued', 'withdrawn']),
    at: z.string().min(1).max(40),
    requestId: z.string().min(1).max(200).optional(),
    via: origin.optional(),
    withdrawal: z
      .strictObject({
        reason: z.string().min(1).max(1000),
        by: z.string().min(1).max(120),
        at: z.string().min(1).max(40),
        requestId: z.string().min(1).max(200).optional(),
        via: origin.optional(),
      })
      .optional(),
  });
};

const typeSchema = () =>
  z.enum(DOCUMENT_TYPE_CODES, { message: `loại văn bản không hợp lệ; dùng một trong: ${DOCUMENT_TYPE_CODES.join(', ')}` });

/**
 * Start input, version 1 (December 2026). Frozen: add a version, never edit. Built when used.
 * `entries` and `generation` are what a run hands to the next one when it continues as new.
 */
const registerInputV1 = () =>
  z.strictObject({
    schemaVersion: z.literal(1).optional(),
    body: z.enum(ISSUING_BODY_CODES, { message: `cơ quan ban hành không hợp lệ; dùng một trong: ${ISSUING_BODY_CODES.join(', ')}` }),
    year: z.number().int().min(2020).max(2100),
    /** The types numbered in their own series; the others share one. Fixed when the register starts. */
    ownSeries: z.array(typeSchema()).max(DOCUMENT_TYPE_CODES.length).default([]),
    entries: z.array(entrySchema()).max(20_000).default([]),
    /** The run continues as new once its history has this many events (or the server suggests it). */
    maxHistoryEvents: z.number().int().min(20).max(40_000).default(4000),
    /** 1 for the first run of the year, then one more at each continue-as-new. */
    generation: z.number().int().min(1).default(1),
  });

/** The input schema of each version; the current one is the last. */
export const REGISTER_INPUT_SCHEMAS = { 1: registerInputV1 } as const;
/** The version new registers start with. */
export const REGISTER_INPUT_VERSION = 1;
type V1 = ReturnType<typeof registerInputV1>;
export type RegisterInput = z.input<V1>;
export type RegisterConfig = z.output<V1>;

/** The input as the client sends it: validated, defaults filled, stamped with its version. */
export function completeRegisterInput(input: RegisterInput): RegisterConfig {
  return { ...REGISTER_INPUT_SCHEMAS[REGISTER_INPUT_VERSION]().parse(input), schemaVersion: REGISTER_INPUT_VERSION };
}

/** What the `state` query answers. */
export interface RegisterState {
  workflowId: string;
  body: IssuingBody;
  year: number;
  ownSeries: DocumentType[];
  /** Every entry, in the order entered. */
  entries: RegisterEntry[];
  /** Which run of the year's register this is (continue-as-new starts the next). */
  generation: number;
}

/** The update payloads, version 1 (December 2026), frozen. Built when used and not kept. */
function buildSchemas() {
  const by = line(120);
  const subject = line(500);
  const signer = line(120).optional();
  return {
    /** A new number, the next of the type's series. */
    allocate: z.strictObject({ type: typeSchema(), subject, by, signer }),
    /** A number the Office's own document system gave ("08/TB-VP"), refused if already used. */
    record: z.strictObject({ number: line(40), type: typeSchema(), subject, by, signer, issuedOn: dateSchema.optional() }),
    /** A document withdrawn: its number stays used, marked withdrawn. */
    withdraw: z.strictObject({ number: line(40), reason: text(1000), by }),
  } as const;
}

type Schemas = ReturnType<typeof buildSchemas>;
export type RegisterUpdateName = keyof Schemas;
const UPDATE_NAMES: readonly RegisterUpdateName[] = ['allocate', 'record', 'withdraw'];

/** The payload schemas by update name (each built when read). */
export const registerUpdateSchemas = Object.defineProperties(
  {} as Schemas,
  Object.fromEntries(UPDATE_NAMES.map((name) => [name, { enumerable: true, get: () => buildSchemas()[name] }])),
);
export type RegisterUpdateSchemas = Schemas;
/** What a client sends. */
export type RegisterUpdateInputs = InputsOf<Schemas>;
/** What a handler receives, once validated. */
export type RegisterUpdatePayloads = PayloadsOf<Schemas>;

/** The `state` query. */
export const registerStateQuery = defineQuery<RegisterState>('state');
/** The update definitions; each returns the entry it made or changed. */
export const registerUpdates = defineUpdates<Schemas, RegisterEntry>(UPDATE_NAMES);
export const { allocate: allocateNumber, record: recordNumber, withdraw: withdrawNumber } = registerUpdates;

/** The workflow's signature, for typed starts by name. */
export type DocumentRegisterWorkflow = (input: RegisterInput) => Promise<RegisterState>;

/**
 * Start options of a body's register for a year (`register-<year>-<body>`). The caller starts it
 * with `workflowIdConflictPolicy: 'USE_EXISTING'`, so the first allocation of the year opens it.
 */
export function registerStartOptions(
  input: RegisterInput,
  taskQueue: string,
): WorkflowStartOptions<DocumentRegisterWorkflow> & { workflowId: string } {
  const config = completeRegisterInput(input);
  return {
    taskQueue,
    workflowId: documentRegisterWorkflowId(config.year, config.body),
    args: [config],
    workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: `Sổ đăng ký văn bản đi năm ${config.year}: ${ISSUING_BODIES[config.body].name} (${config.body})`,
  };
}

import type { WorkflowStartOptions } from '@temporalio/client';
import { defineQuery } from '@temporalio/workflow';
import type { LocalDate } from '../../domain/dates';
import { DOCUMENT_KINDS, type DocumentSigner, type DocumentState, type StoredFile } from '../../domain/documents';
import { ROUND_DOCUMENT_KINDS, roundSignerSchema, type RoundDocumentKind } from '../../domain/round-documents';
import { decisionsSchema, teamSchemas } from '../../domain/team';
import { dateSchema, fileRefSchema, line, roundIdSchema, text, z } from '../../domain/validation';
import { roundDocumentWorkflowId } from '../ids';
import type { HistoryEntry } from '../kit/history';
import { defineUpdates, type InputsOf, type PayloadsOf } from '../kit/updates';

/**
 * The contract of one document of a whole round (the Quyết định thành lập Đoàn kiểm tra, or the
 * Báo cáo kết quả kiểm tra to the Chairman), as clients and tests see it: the type name, the
 * versioned start input, the state, the updates and the query. One workflow per round and kind,
 * holding every revision of that document through its life (docs/documents-life.md). No workflow
 * code here.
 */

/** The type name the worker registers the round-document workflow under. */
export const ROUND_DOCUMENT_WORKFLOW = 'roundDocument';

export { roundDocumentWorkflowId };

/**
 * Start input, version 1 (December 2026). Frozen: add a version, never edit. What the documents
 * cite from the round plan is copied into the input when the workflow starts, so a later edit of
 * the plan never changes a replay.
 */
const roundDocumentInputV1 = () =>
  z.strictObject({
    schemaVersion: z.literal(1).optional(),
    round: roundIdSchema,
    kind: z.enum(ROUND_DOCUMENT_KINDS),
    plan: z.strictObject({
      title: line(300),
      year: z.number().int().min(2020).max(2100),
      team: teamSchemas().team,
      decisions: decisionsSchema().optional(),
    }),
    /** Who signs, as the plan names them: the Chairman (Decision) and the Office (report). */
    signers: z.strictObject({ chairman: roundSignerSchema().optional(), office: roundSignerSchema().optional() }).default({}),
  });

export const ROUND_DOCUMENT_INPUT_SCHEMAS = { 1: roundDocumentInputV1 } as const;
export const ROUND_DOCUMENT_INPUT_VERSION = 1;
type V1 = ReturnType<typeof roundDocumentInputV1>;
export type RoundDocumentInput = z.input<V1>;
export type RoundDocumentConfig = z.output<V1>;

/** The input as the client sends it: validated, defaults filled, stamped with its version. */
export function completeRoundDocumentInput(input: RoundDocumentInput): RoundDocumentConfig {
  return { ...ROUND_DOCUMENT_INPUT_SCHEMAS[ROUND_DOCUMENT_INPUT_VERSION]().parse(input), schemaVersion: ROUND_DOCUMENT_INPUT_VERSION };
}

/** A cell or a paragraph of the report, as the client computed it (may be empty in a table). */
const cell = () =>
  z
    .string()
    .max(4000)
    .refine((s) => !/[<>]/.test(s), { message: 'không được chứa ký tự < >' });

/** The report's content as the client computes it from the round's figures (documents/reports.ts ReportInput). */
export const reportInputSchema = () =>
  z.strictObject({
    subject: line(500),
    asOf: dateSchema,
    opening: text(2000).optional(),
    notes: z.array(text(4000)).max(20).optional(),
    sections: z
      .array(
        z.strictObject({
          heading: line(300),
          paragraphs: z.array(cell()).max(2000).optional(),
          table: z.strictObject({ head: z.array(cell()).max(20), rows: z.array(z.array(cell()).max(20)).max(5000) }).optional(),
        }),
      )
      .max(30),
  });
export type ReportContent = z.output<ReturnType<typeof reportInputSchema>>;

/** One revision of the document, through its life. */
export interface RoundDocument {
  /** `<kind>-<revision>`. */
  id: string;
  kind: RoundDocumentKind;
  revision: number;
  state: DocumentState;
  /** The current files (the draft's, then the issued rendering's), content-addressed. */
  files: StoredFile[];
  /** The report's content this revision was drafted from (round_report only). */
  report?: ReportContent;
  /** The date the draft was made (its date line until issued). */
  draftedOn: LocalDate;
  signed?: { by: string; at: string; signer: string; signedAt?: string; file?: StoredFile };
  signer?: DocumentSigner;
  symbol?: string;
  register?: string;
  issuedOn?: LocalDate;
  replaces?: { id: string; symbol?: string; issuedOn?: LocalDate };
  withdrawal?: { reason: string; by: string; at: string };
  /** Set while an activity works on it: other commands wait. */
  busy?: 'upload' | 'issue' | 'withdraw';
}

/** What the `state` query answers. */
export interface RoundDocumentState {
  workflowId: string;
  round: string;
  kind: RoundDocumentKind;
  label: string;
  documents: RoundDocument[];
  history: HistoryEntry[];
}

/** The update payloads, built when used. Version 1 (December 2026), frozen. */
function buildSchemas() {
  const by = line(120);
  return {
    /** A new draft (the next revision); the report's content comes with it, computed by the client. */
    draft: z.strictObject({ report: reportInputSchema().optional(), by }),
    sign: z.strictObject({ signer: line(120), by }),
    upload: z.strictObject({
      file: fileRefSchema.extend({ type: z.literal('application/pdf', { message: 'bản ký số phải là tệp PDF' }) }),
      by,
    }),
    issue: z.strictObject({ number: line(40).optional(), signer: line(120).optional(), by }),
    withdraw: z.strictObject({ reason: text(1000), by }),
  } as const;
}

type Schemas = ReturnType<typeof buildSchemas>;
export type RoundDocumentUpdateName = keyof Schemas;
const UPDATE_NAMES: readonly RoundDocumentUpdateName[] = ['draft', 'sign', 'upload', 'issue', 'withdraw'];

/** The payload schemas by update name: `roundDocumentUpdateSchemas.draft` builds that schema. */
export const roundDocumentUpdateSchemas = Object.defineProperties(
  {} as Schemas,
  Object.fromEntries(UPDATE_NAMES.map((name) => [name, { enumerable: true, get: () => buildSchemas()[name] }])),
);
export type RoundDocumentUpdateSchemas = Schemas;
export type RoundDocumentUpdateInputs = InputsOf<Schemas>;
export type RoundDocumentUpdatePayloads = PayloadsOf<Schemas>;

export const roundDocumentStateQuery = defineQuery<RoundDocumentState>('state');
export const roundDocumentUpdates = defineUpdates<Schemas, RoundDocumentState>(UPDATE_NAMES);

/** The workflow's signature, for typed starts by name. */
export type RoundDocumentWorkflow = (input: RoundDocumentInput) => Promise<RoundDocumentState>;

/** The start options: one workflow per round and kind; a second start joins the running one. */
export function roundDocumentStartOptions(
  input: RoundDocumentInput,
  taskQueue: string,
): WorkflowStartOptions<RoundDocumentWorkflow> & { workflowId: string } {
  return {
    taskQueue,
    workflowId: roundDocumentWorkflowId(input.round, input.kind),
    args: [completeRoundDocumentInput(input)],
    workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: `${DOCUMENT_KINDS[input.kind].label}: đợt ${input.plan.title}`,
  };
}

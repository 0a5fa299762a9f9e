import { defineQuery } from '@temporalio/workflow';
import type { LocalDate } from '../../domain/dates';
import type { Deadline } from '../../domain/deadlines';
import { nominationSchemas, type Nominee } from '../../domain/nominations';
import { centerSchema, dateSchema, emailSchema, line, personSchema, roundIdSchema, text, z } from '../../domain/validation';
import { nominationWorkflowId } from '../ids';
import type { HistoryEntry } from '../kit/history';
import { defineUpdates, type InputsOf, type PayloadsOf } from '../kit/updates';
import type { EmailRecord } from '../mailer';

/**
 * The contract of one partner department's nomination of members of the Đoàn kiểm tra (Mục
 * V.2.a of the plan), as clients and tests see it: the type name, the versioned start input, the
 * state, the updates and the query. A child of its round; no workflow code here.
 */

/** The type name the worker registers the nomination workflow under. */
export const NOMINATION_WORKFLOW = 'nomination';

export { nominationWorkflowId };

/**
 * Start input, version 1 (December 2026). Frozen: add a version, never edit. Built when used and
 * not kept (every cached workflow has its own instance of this module).
 */
const nominationInputV1 = () =>
  z.strictObject({
    schemaVersion: z.literal(1).optional(),
    round: roundIdSchema,
    year: z.number().int().min(2020).max(2100),
    roundTitle: line(300),
    department: nominationSchemas().department,
    /** A date the plan sets, or N working days before the first visit (domain/nominations.ts). */
    due: z.union([
      z.strictObject({ date: dateSchema }),
      z.strictObject({ workingDaysBefore: z.number().int().min(1).max(60), firstVisit: dateSchema }),
    ]),
    firstVisit: dateSchema,
    reminderWorkingDaysBefore: z.array(z.number().int().min(0).max(20)).max(5).default([2]),
    contacts: z.strictObject({ coordinator: personSchema, center: centerSchema }),
    /** The coordinator's mailbox for the escalation (defaults to the coordinator's). */
    escalateTo: z.array(emailSchema).max(5).optional(),
  });

/** The input schema of each version; the current one is the last. */
export const NOMINATION_INPUT_SCHEMAS = { 1: nominationInputV1 } as const;
export const NOMINATION_INPUT_VERSION = 1;
type V1 = ReturnType<typeof nominationInputV1>;
export type NominationInput = z.input<V1>;
export type NominationConfig = z.output<V1>;

/** The input as the client sends it: validated, defaults filled, stamped with its version. */
export function completeNominationInput(input: NominationInput): NominationConfig {
  return { ...NOMINATION_INPUT_SCHEMAS[NOMINATION_INPUT_VERSION]().parse(input), schemaVersion: NOMINATION_INPUT_VERSION };
}

export type NominationStatus = 'nomination_requested' | 'nomination_received' | 'nomination_cancelled';

/** A status in Vietnamese: the one label map for the workflow, the CLI and the Web UI. */
export const NOMINATION_STATUS_LABELS: Record<NominationStatus, string> = {
  nomination_requested: 'đang chờ cử thành viên',
  nomination_received: 'đã cử thành viên',
  nomination_cancelled: 'không đề nghị cử nữa',
};

/** What the members joined once nominated: the inspections not yet started and the round. */
export interface NominationJoined {
  /** Each inspection not yet started (stage scheduled or notified), with the members it received. */
  inspections: { workflowId: string; unit: string; added: string[] }[];
  /** Inspections already under way, left as they are (their team changes with `kiemtra team change`). */
  skipped: { workflowId: string; unit: string; stage: string }[];
}

/** What the `state` query answers and the workflow returns. */
export interface NominationState {
  workflowId: string;
  round: string;
  department: string;
  status: NominationStatus;
  deadline?: Deadline;
  overdue: boolean;
  members: Nominee[];
  /** Set once the members joined the round's team and its inspections not yet started. */
  joined?: NominationJoined;
  receivedOn?: LocalDate;
  cancellation?: { reason: string; by: string; at: string };
  pending: { at: string; label: string }[];
  emails: EmailRecord[];
  history: HistoryEntry[];
}

/** The update payloads, built when used. Version 1 (December 2026), frozen. */
function buildSchemas() {
  const by = line(120);
  return {
    /** The department's answer: each nominee with name, position, organisation and email. */
    nominate: z.strictObject({
      members: z.array(nominationSchemas().nominee).min(1).max(10),
      /** The department's letter, if any ("Công văn số 123/SNV-VP ngày …"). */
      document: line(300).optional(),
      by,
    }),
    cancel: z.strictObject({ reason: text(1000), by }),
  } as const;
}

type Schemas = ReturnType<typeof buildSchemas>;
export type NominationUpdateName = keyof Schemas;
const UPDATE_NAMES: readonly NominationUpdateName[] = ['nominate', 'cancel'];

/** The payload schemas by update name: `nominationUpdateSchemas.nominate` builds that schema. */
export const nominationUpdateSchemas = Object.defineProperties(
  {} as Schemas,
  Object.fromEntries(UPDATE_NAMES.map((name) => [name, { enumerable: true, get: () => buildSchemas()[name] }])),
);
export type NominationUpdateSchemas = Schemas;
export type NominationUpdateInputs = InputsOf<Schemas>;
export type NominationUpdatePayloads = PayloadsOf<Schemas>;

export const nominationStateQuery = defineQuery<NominationState>('state');
export const nominationUpdates = defineUpdates<Schemas, NominationState>(UPDATE_NAMES);

/** The workflow's signature, for typed starts by name. */
export type NominationWorkflow = (input: NominationInput) => Promise<NominationState>;

/** What the nomination asks of the round's inspections once its members are known. */
export interface JoinTeamInput {
  roundWorkflowId: string;
  members: Nominee[];
  /** The reason each inspection's `changeTeam` records ("Sở Nội vụ cử tham gia Đoàn kiểm tra …"). */
  reason: string;
  by: string;
}

/**
 * The activity the worker runs for a nomination (worker/team-activity.ts): it sends each
 * inspection of the round not yet started the inspection's own `changeTeam` update, one per
 * member not already in its team, so a retry after a crash adds no one twice.
 */
export interface NominationActivities {
  joinInspectionTeams(input: JoinTeamInput): Promise<NominationJoined>;
}

/** The stages in which an inspection has not started yet, so the nominated members join it. */
export const NOT_STARTED_STAGES: readonly string[] = ['scheduled', 'notified'];

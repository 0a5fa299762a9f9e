import { defineQuery } from '@temporalio/workflow';
import type { LocalDate } from '../../domain/dates';
import type { Deadline } from '../../domain/deadlines';
import { indicatorsSchema, type Indicators, type KpiResult, type YearTargets } from '../../domain/kpi';
import type { LinkAction } from '../../domain/links';
import { PERIOD_KINDS, type ReportingPeriod } from '../../domain/periods';
import { dateSchema, filesSchema, line, roundIdSchema, text, z, type FileRef } from '../../domain/validation';
import { periodicReportWorkflowId } from '../ids';
import type { HistoryEntry } from '../kit/history';
import { defineUpdates, type InputsOf, type PayloadsOf } from '../kit/updates';
import type { EmailRecord } from '../mailer';
import { reportContactsSchema, reportingUnitSchema, type PeriodicReportStatus } from '../report-starts';

/**
 * The contract of one unit's periodic report for one period (Điều 2.1 of the yearly plan), as
 * clients, the page server, the bench and the reporting period see it: the workflow type, its
 * versioned start input, its state, its update and query, its start options and its search
 * attribute values. No workflow code.
 */

export { periodicReportWorkflowId };
export {
  PERIODIC_REPORT_TYPE,
  periodicReportOptions,
  periodicReportSearchAttributes,
  reportContactsSchema,
  reportDeadlineInstant as deadlineInstant,
  reportingUnitSchema,
  reportKind,
  notRequestedText,
  type PeriodicReportPlan,
  type PeriodicReportSearchValues,
  type PeriodicReportStatus,
  type ReportContacts,
  type ReportingUnit,
} from '../report-starts';

const periodSchema = () => z.strictObject({ kind: z.enum(PERIOD_KINDS), id: line(20), label: line(100), from: dateSchema, to: dateSchema });

/** A unit's report for a period. Version 1 (November 2026), frozen. Built when used and not kept. */
const periodicReportInputV1 = () =>
  z.strictObject({
    schemaVersion: z.literal(1).optional(),
    plan: roundIdSchema,
    planTitle: line(400),
    unit: reportingUnitSchema(),
    period: periodSchema(),
    due: dateSchema,
    contacts: reportContactsSchema(),
    closeAfterDays: z.number().int().min(1).max(120).default(30),
  });

/** The input schema of each version; the current one is the last. */
export const PERIODIC_REPORT_INPUT_SCHEMAS = { 1: periodicReportInputV1 } as const;
export const PERIODIC_REPORT_INPUT_VERSION = 1;
type V1 = ReturnType<typeof periodicReportInputV1>;
export type PeriodicReportInput = z.input<V1>;
export type PeriodicReportConfig = z.output<V1>;

/** One line of a report's history. */
export type PeriodicReportHistoryEntry = HistoryEntry;

/** What the `state` query answers and the workflow returns. */
export interface PeriodicReportState {
  workflowId: string;
  plan: string;
  unit: string;
  period: ReportingPeriod;
  status: PeriodicReportStatus;
  deadline?: Deadline;
  receivedOn?: LocalDate;
  late?: boolean;
  indicators?: Indicators;
  kpi?: KpiResult[];
  /** The targets the indicators are evaluated against, and the plan they come from. */
  targets?: YearTargets;
  /** Files the unit submitted with its report (hash, name, size, type). */
  files?: FileRef[];
  /** The generation of the unit's link (raised by re-issuing it). */
  linkGenerations?: Partial<Record<LinkAction, number>>;
  notes?: string;
  /**
   * Set when the report started after its deadline had passed (domain/send-times.ts,
   * `deadlinePassedAt`): no request, reminder or escalation; open for a late recording until its close.
   */
  notRequested?: { at: string; text: string };
  overdue: boolean;
  pending: { at: string; label: string }[];
  emails: EmailRecord[];
  history: PeriodicReportHistoryEntry[];
}

/** The update payloads. Built when used and not kept (see workflows/inspection/updates.ts). Version 1, frozen. */
function buildSchemas() {
  return {
    recordPeriodicReport: z.strictObject({
      receivedOn: dateSchema,
      indicators: indicatorsSchema,
      notes: text(4000).optional(),
      files: filesSchema.optional(),
      by: line(120),
    }),
  } as const;
}

type Schemas = ReturnType<typeof buildSchemas>;
export type PeriodicReportUpdateName = keyof Schemas;
const UPDATE_NAMES: readonly PeriodicReportUpdateName[] = ['recordPeriodicReport'];

/** The payload schemas by update name: `periodicReportUpdateSchemas.recordPeriodicReport` builds it. */
export const periodicReportUpdateSchemas = Object.defineProperties(
  {} as Schemas,
  Object.fromEntries(UPDATE_NAMES.map((name) => [name, { enumerable: true, get: () => buildSchemas()[name] }])),
);
export type PeriodicReportUpdateSchemas = Schemas;
/** What a client sends. */
export type PeriodicReportUpdateInputs = InputsOf<Schemas>;
/** What a handler receives, once validated. */
export type PeriodicReportUpdatePayloads = PayloadsOf<Schemas>;
export type PeriodicReportRecord = PeriodicReportUpdateInputs['recordPeriodicReport'];

/** The `state` query. */
export const periodicReportStateQuery = defineQuery<PeriodicReportState>('state');
/** The update definitions; `recordPeriodicReport` (the unit's report, with its indicators) returns the state after it. */
export const periodicReportUpdates = defineUpdates<Schemas, PeriodicReportState>(UPDATE_NAMES);
export const { recordPeriodicReport } = periodicReportUpdates;

/** The workflow's signature, for typed starts by name. */
export type PeriodicReportWorkflow = (input: PeriodicReportInput) => Promise<PeriodicReportState>;

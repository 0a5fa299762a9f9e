import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { LocalDate } from '../../domain/dates';
import type { Deadline } from '../../domain/deadlines';
import { indicatorsSchema, type KpiResult } from '../../domain/kpi';
import { currentSchema } from '../../domain/plan-schema';
import { dateSchema, emailSchema, line, personSchema, text, z } from '../../domain/validation';
import type { EmailRecord } from '../mailer';

export type { EmailRecord };
import type { Stage } from './stages';

/**
 * The inspection workflow's interface, defined once and shared by the workflow and the client:
 * its input, its state (what the `state` query returns), its updates and their payload schemas.
 */

const actor = line(120);
const email = emailSchema;
const person = personSchema;

/** Start input. */
export const inspectionInputSchema = z.strictObject({
  round: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'mã đợt chỉ gồm chữ thường, số, gạch ngang' }),
  year: z.number().int().min(2020).max(2100),
  unit: z.strictObject({
    name: line(200),
    kind: z.enum(['department', 'commune']),
    emails: z.array(email).min(1).max(10),
  }),
  kind: z.enum(['periodic', 'surprise']),
  visit: z.strictObject({ start: dateSchema, end: dateSchema }),
  contacts: z.strictObject({
    coordinator: person,
    teamLead: person,
    center: z.strictObject({ name: line(200), address: line(300), email, phone: line(40).optional() }),
  }),
  periodReviewedFrom: dateSchema.default('2025-10-01'),
  /** An inspection already under way when the system was adopted: its stage and the facts so far. */
  current: currentSchema.optional(),
  reminders: z
    .strictObject({
      reportWorkingDaysBefore: z.array(z.number().int().min(0).max(20)).max(5).default([3, 0]),
      conclusionWorkingDaysBefore: z.array(z.number().int().min(0).max(20)).max(5).default([3]),
      remediationWorkingDaysBefore: z.array(z.number().int().min(0).max(60)).max(5).default([5]),
    })
    .default({ reportWorkingDaysBefore: [3, 0], conclusionWorkingDaysBefore: [3], remediationWorkingDaysBefore: [5] }),
});
export type InspectionInput = z.input<typeof inspectionInputSchema>;
export type InspectionConfig = z.output<typeof inspectionInputSchema>;


/** Update payloads. Each has `by`, the acting person. */
export const updateSchemas = {
  recordReport: z.strictObject({ receivedOn: dateSchema, indicators: indicatorsSchema, by: actor }),
  recordOpeningMeeting: z.strictObject({ date: dateSchema, notes: text(2000).optional(), by: actor }),
  recordFinding: z.strictObject({ text: text(2000), by: actor }),
  recordClosingMeeting: z.strictObject({ date: dateSchema, preliminaryResults: text(4000), by: actor }),
  issueDraftConclusion: z.strictObject({
    issuedOn: dateSchema,
    recommendations: z.array(text(1000)).max(50).default([]),
    meetingDate: dateSchema.optional(),
    responseBy: dateSchema,
    by: actor,
  }),
  recordUnitResponse: z.strictObject({ receivedOn: dateSchema, accepted: z.boolean(), explanations: text(4000).optional(), by: actor }),
  signConclusion: z.strictObject({
    signer: line(120),
    signedOn: dateSchema,
    recommendations: z.array(z.strictObject({ text: text(1000), deadline: dateSchema })).max(50),
    by: actor,
  }),
  recordRemediationReport: z.strictObject({
    receivedOn: dateSchema,
    done: z.array(z.strictObject({ id: z.string().regex(/^R\d{1,2}$/, { message: 'mã kiến nghị có dạng R1, R2…' }), evidence: text(2000) })).min(1).max(50),
    by: actor,
  }),
  reschedule: z.strictObject({ start: dateSchema, end: dateSchema, surprise: z.boolean().optional(), reason: text(1000).optional(), by: actor }),
  cancel: z.strictObject({ reason: text(1000), by: actor }),
} as const;

export type UpdateInputs = { [K in keyof typeof updateSchemas]: z.input<(typeof updateSchemas)[K]> };

/** One entry of the inspection's history. */
export interface HistoryEntry {
  /** ISO instant. */
  at: string;
  actor: string;
  action: string;
  detail?: string;
  /** True for facts brought in from before the workflow started. */
  imported?: boolean;
}

/** A recommendation of the conclusion and its remediation status. */
export interface Recommendation {
  id: string;
  text: string;
  deadline: LocalDate;
  status: 'open' | 'done';
  doneOn?: LocalDate;
  evidence?: string;
  overdue: boolean;
}

/** A finding, from the team or derived from the unit's indicators. */
export interface Finding {
  text: string;
  source: 'team' | 'kpi';
  at: string;
  by: string;
}

/** A timed action the workflow is waiting for. */
export interface PendingReminder {
  id: string;
  /** ISO instant. */
  at: string;
  label: string;
}

/** Everything about one inspection: what the `state` query returns. */
export interface InspectionState {
  workflowId: string;
  config: InspectionConfig;
  stage: Stage;
  /** When the current stage began (ISO instant): reminders due before it are not sent. */
  stageSince: string;
  kind: 'periodic' | 'surprise';
  visit: { start: LocalDate; end: LocalDate };
  periodReviewed: { from: LocalDate; to: LocalDate };
  deadlines: Deadline[];
  /** Ids of the deadlines that are missed. */
  overdue: string[];
  report?: { receivedOn: LocalDate; late: boolean; kpi: KpiResult[] };
  openingMeeting?: { date: LocalDate; notes?: string };
  closingMeeting?: { date: LocalDate; preliminaryResults: string };
  draft?: { issuedOn: LocalDate; recommendations: string[]; meetingDate?: LocalDate; responseBy: LocalDate };
  unitResponse?: { receivedOn: LocalDate; accepted: boolean; explanations?: string };
  conclusion?: { signer: string; signedOn: LocalDate; late: boolean };
  findings: Finding[];
  recommendations: Recommendation[];
  history: HistoryEntry[];
  emails: EmailRecord[];
  pendingReminders: PendingReminder[];
  cancellation?: { reason: string; by: string; at: string };
  /** Revision of the visit schedule (0, then 1 per reschedule); the calendar invite's SEQUENCE. */
  scheduleRevision: number;
}

/** The failure type of an update refused only because the workflow is still starting: retry it. */
export const NOT_READY = 'NotReady';

/** The `state` query. */
export const stateQuery = defineQuery<InspectionState>('state');

/** The updates; each returns the state after it. */
export const updates = {
  recordReport: defineUpdate<InspectionState, [UpdateInputs['recordReport']]>('recordReport'),
  recordOpeningMeeting: defineUpdate<InspectionState, [UpdateInputs['recordOpeningMeeting']]>('recordOpeningMeeting'),
  recordFinding: defineUpdate<InspectionState, [UpdateInputs['recordFinding']]>('recordFinding'),
  recordClosingMeeting: defineUpdate<InspectionState, [UpdateInputs['recordClosingMeeting']]>('recordClosingMeeting'),
  issueDraftConclusion: defineUpdate<InspectionState, [UpdateInputs['issueDraftConclusion']]>('issueDraftConclusion'),
  recordUnitResponse: defineUpdate<InspectionState, [UpdateInputs['recordUnitResponse']]>('recordUnitResponse'),
  signConclusion: defineUpdate<InspectionState, [UpdateInputs['signConclusion']]>('signConclusion'),
  recordRemediationReport: defineUpdate<InspectionState, [UpdateInputs['recordRemediationReport']]>('recordRemediationReport'),
  reschedule: defineUpdate<InspectionState, [UpdateInputs['reschedule']]>('reschedule'),
  cancel: defineUpdate<InspectionState, [UpdateInputs['cancel']]>('cancel'),
} as const;

import { dateInText, formatDate, formatLocalDateTime, type LocalDate } from '../../domain/dates';
import { PERIOD_KINDS, type PeriodKind, type ReportingPeriod } from '../../domain/periods';
import { dateSchema, line, roundIdSchema, z } from '../../domain/validation';
import { notRequestedText, reportContactsSchema, reportingUnitSchema } from '../report-starts';
import { SA } from '../search-attributes';
import { markdownText } from '../../domain/safe-text';

/**
 * The contract of a reporting period (Điều 2.1 of the yearly plan): a Temporal Schedule per period
 * kind starts one on the 15th, the day after the data cut-off, and it starts one `periodicReport`
 * per reporting unit. Its type name, versioned input, result, workflow id and search attributes.
 */

/** The workflow type's name, as the Schedules start it. */
export const REPORTING_PERIOD_TYPE = 'reportingPeriod';

/** `period-<plan>-<kind>`: the id a period kind's Schedule starts its runs with (the server appends the time). */
export const reportingPeriodWorkflowId = (plan: string, kind: PeriodKind): string => `period-${plan}-${kind.toLowerCase()}`;

/** A period for every reporting unit, as a Schedule starts it. Version 1 (November 2026), frozen. Built when used. */
const reportingPeriodInputV1 = () =>
  z.strictObject({
    schemaVersion: z.literal(1).optional(),
    plan: roundIdSchema,
    planTitle: line(400),
    kind: z.enum(PERIOD_KINDS),
    units: z.array(reportingUnitSchema()).min(1).max(5000),
    contacts: reportContactsSchema(),
    submitWorkingDaysAfterCutoff: z.number().int().min(0).max(30),
    /** The day the period is reported for; else the Schedule's scheduled time, else the start. */
    scheduledFor: dateSchema.optional(),
  });

/**
 * Version 2 (December 2026): version 1 and a deadline the coordinator set when opening the period
 * by hand (`kiemtra reports start --deadline`), because the usual one had passed. Without it the
 * deadline is the usual one, as in version 1. Frozen once shipped.
 */
const reportingPeriodInputV2 = () =>
  reportingPeriodInputV1().extend({
    schemaVersion: z.literal(2),
    /** The units' deadline, replacing `submitWorkingDaysAfterCutoff` working days after the cut-off. */
    due: dateSchema.optional(),
  });

/** The input schema of each version; the current one is the last. */
export const REPORTING_PERIOD_INPUT_SCHEMAS = { 1: reportingPeriodInputV1, 2: reportingPeriodInputV2 } as const;
export const REPORTING_PERIOD_INPUT_VERSION = 2;
type V1 = ReturnType<typeof reportingPeriodInputV1>;
type V2 = ReturnType<typeof reportingPeriodInputV2>;
export type ReportingPeriodInput = z.input<V1> | z.input<V2>;
export type ReportingPeriodConfig = Omit<z.output<V1>, 'schemaVersion'> & { schemaVersion?: 1 | 2; due?: LocalDate };

/** The version's schema of a raw input (version 1 when it names none). */
export function reportingPeriodInputSchema(raw: unknown) {
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  return version === 2 ? REPORTING_PERIOD_INPUT_SCHEMAS[2]() : REPORTING_PERIOD_INPUT_SCHEMAS[1]();
}

/**
 * `period-<plan>-<period id>`: the id of a period opened by hand (`kiemtra reports start`), so
 * opening the same period twice is refused by the server.
 */
export const openedPeriodWorkflowId = (plan: string, periodId: string): string => `period-${plan}-${periodId.toLowerCase()}`;

/** What a reporting period started: the period and one workflow id per unit. */
export interface ReportingPeriodResult {
  period: ReportingPeriod;
  due: LocalDate;
  reports: string[];
  /**
   * Set when the period started after its deadline had passed (domain/send-times.ts,
   * `deadlinePassedAt`): its reports are open for a late recording, but no unit was asked.
   */
  notRequested?: { at: string };
}

/** The workflow's signature, for typed starts by name. */
export type ReportingPeriodWorkflow = (input: ReportingPeriodInput) => Promise<ReportingPeriodResult>;

/**
 * The `InspectionStage` of a reporting period once it has run: its units' reports are started.
 * Executions from before the `reporting-period-stage` patch wrote the period's id there instead.
 */
export const REPORTING_PERIOD_STAGE = 'period_started';

/** The search attributes a reporting period writes when it has started its reports. */
export function reportingPeriodSearchAttributes(plan: string, period: ReportingPeriod, stage: string) {
  return [
    { key: SA.round, value: plan },
    { key: SA.kind, value: `period-${period.kind}` },
    { key: SA.stage, value: stage },
  ] as const;
}

/** The period's current details in the Web UI (Markdown), as of `now`. */
export function reportingPeriodDetails(r: ReportingPeriodResult, now: number): string {
  const { period, due, reports } = r;
  return `**Kỳ báo cáo ${markdownText(period.label)}**: ${reports.length} đơn vị; số liệu từ ${formatDate(period.from)} đến ${formatDate(period.to)}; hạn ${dateInText(due)} (khởi tạo ${formatLocalDateTime(now)})${r.notRequested ? `. ${notRequestedText(due, Date.parse(r.notRequested.at))}: các đơn vị không nhận đề nghị; báo cáo nhận muộn vẫn được ghi nhận (kiemtra reports record)` : ''}`;
}

import { formatDate, formatDateVi, formatLocalDateTime, localInstant, type LocalDate } from '../domain/dates';
import type { PeriodKind, ReportingPeriod } from '../domain/periods';
import { centerSchema, emailSchema, line, personSchema, z } from '../domain/validation';
import { periodicReportWorkflowId } from './ids';
import { SA } from './search-attributes';

/**
 * What a reporting period needs to start its units' periodic reports: the type's name, the parts
 * of the input the two share, the deterministic ids, the search attributes and the summaries.
 * Outside the periodic-report folder and importing nothing from it, so the reporting period's bundle
 * evaluates none of that type's modules; the periodic-report contract re-exports all of it.
 */

/** The type name the worker registers the periodic report under. */
export const PERIODIC_REPORT_TYPE = 'periodicReport';

/** A reporting unit, in both inputs. Built when used. */
export const reportingUnitSchema = () =>
  z.strictObject({ name: line(200), kind: z.enum(['department', 'commune']), emails: z.array(emailSchema).min(1).max(10) });
/** The contacts, in both inputs. Built when used. */
export const reportContactsSchema = () =>
  z.strictObject({
    coordinator: personSchema,
    center: centerSchema,
  });

export type ReportingUnit = z.output<ReturnType<typeof reportingUnitSchema>>;
export type ReportContacts = z.output<ReturnType<typeof reportContactsSchema>>;

/** Where a unit's report stands: awaited, received, or closed as missing. */
export type PeriodicReportStatus = 'report_waiting' | 'report_received' | 'report_missing';

/** What a report writes into the search attributes supervisors filter on. */
export interface PeriodicReportSearchValues<D extends Date | null = Date | null> {
  plan: string;
  unit: ReportingUnit;
  periodKind: PeriodKind;
  status: PeriodicReportStatus;
  overdue: boolean;
  /** 23:59 of the deadline while the report is awaited, else none. */
  nextDeadline: D;
}

/** The `InspectionKind` of a report: `report-<period kind>`. */
export const reportKind = (kind: PeriodKind): string => `report-${kind}`;

/** The search attributes of a report, in the order they are written. */
export function periodicReportSearchAttributes<D extends Date | null>(v: PeriodicReportSearchValues<D>) {
  return [
    { key: SA.round, value: v.plan },
    { key: SA.unit, value: v.unit.name },
    { key: SA.unitKind, value: v.unit.kind },
    { key: SA.kind, value: reportKind(v.periodKind) },
    { key: SA.stage, value: v.status },
    { key: SA.overdue, value: v.overdue },
    { key: SA.nextDeadline, value: v.nextDeadline },
  ] as const;
}

/**
 * Why a report started after its deadline asks nothing of the unit (domain/send-times.ts,
 * `deadlinePassedAt`), as its history, the Web UI, the CLI and the consolidated report say it.
 */
export const notRequestedText = (due: LocalDate, at: number): string =>
  `Không gửi đề nghị báo cáo: hạn nộp ${formatDateVi(due)} đã qua khi mở kỳ (${formatLocalDateTime(at)})`;

/** The end of a report's deadline day, as written into `InspectionNextDeadline`. */
export const reportDeadlineInstant = (date: LocalDate): Date => localInstant(date, '23:59');

/** The plan data every unit's report of a period is started from. */
export interface PeriodicReportPlan {
  plan: string;
  planTitle: string;
  units: ReportingUnit[];
  contacts: ReportContacts;
}

/** The start options of every unit's report for a period (ids, input, summary, search attributes). */
export function periodicReportOptions(config: PeriodicReportPlan, period: ReportingPeriod, due: LocalDate) {
  return config.units.map((unit) => ({
    workflowId: periodicReportWorkflowId(config.plan, period.id, unit.name),
    args: [
      {
        schemaVersion: 1 as const,
        plan: config.plan,
        planTitle: config.planTitle,
        unit,
        period,
        due,
        contacts: config.contacts,
        closeAfterDays: 30,
      },
    ] as const,
    staticSummary: `${unit.name}: báo cáo ${period.label}, hạn ${formatDate(due)}`,
    typedSearchAttributes: [
      ...periodicReportSearchAttributes({
        plan: config.plan,
        unit,
        periodKind: period.kind,
        status: 'report_waiting',
        overdue: false,
        nextDeadline: reportDeadlineInstant(due),
      }),
    ],
  }));
}

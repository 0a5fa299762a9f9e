import type { Client } from '@temporalio/client';
import type { LocalDate } from '../domain/dates';
import { INDICATORS, type IndicatorId } from '../domain/kpi';
import { previousPeriod, type ReportingPeriod } from '../domain/periods';
import { periodicReportWorkflowId } from '../workflows/ids';
import { periodicReportStateQuery, type PeriodicReportState } from '../workflows/periodic-report/contract';
import { queryIfExists } from './connect';

/** What a period's consolidated report is made from: each unit's report for the period and the one before. */
export interface PeriodData {
  planTitle: string;
  asOf: LocalDate;
  period: ReportingPeriod;
  previous: ReportingPeriod;
  units: { unit: string; report?: PeriodicReportState; previous?: PeriodicReportState }[];
}

/**
 * Each unit's periodic report for `period` and for the period before, as the workflows answer
 * (a unit without a report workflow has none), under the yearly plan `plan`.
 */
export async function findPeriodData(
  client: Client,
  plan: { id: string; title: string },
  units: readonly { name: string }[],
  period: ReportingPeriod,
  asOf: LocalDate,
): Promise<PeriodData> {
  const previous = previousPeriod(period);
  const stateOf = (p: ReportingPeriod, unit: string): Promise<PeriodicReportState | undefined> =>
    queryIfExists(client, periodicReportWorkflowId(plan.id, p.id, unit), periodicReportStateQuery);
  const rows: PeriodData['units'] = [];
  for (const u of units) rows.push({ unit: u.name, report: await stateOf(period, u.name), previous: await stateOf(previous, u.name) });
  return { planTitle: plan.title, asOf, period, previous, units: rows };
}

/** A unit's report for a period when it has been received, else undefined. */
export const receivedReport = (s?: PeriodicReportState) => (s?.status === 'report_received' ? s : undefined);
const average = (values: number[]) => (values.length ? values.reduce((a, v) => a + v, 0) / values.length : undefined);

/** The figures of a period: who reported, who is missing, and each target across the units, with the trend. */
export function periodFigures(d: PeriodData) {
  const got = d.units.filter((u) => receivedReport(u.report));
  const byTarget = INDICATORS.map((i) => {
    const results = got.flatMap((u) => (u.report!.kpi ?? []).filter((k) => k.id === i.id));
    const before = d.units.flatMap((u) =>
      receivedReport(u.previous)?.indicators?.[i.id as IndicatorId] !== undefined ? [u.previous!.indicators![i.id as IndicatorId]!] : [],
    );
    const now = average(results.map((k) => k.value));
    const then = average(before);
    return {
      id: i.id,
      label: i.label,
      target: results[0]?.target,
      reported: results.length,
      met: results.filter((k) => k.met).length,
      average: now,
      previousAverage: then,
      trend: now !== undefined && then !== undefined ? now - then : undefined,
    };
  });
  return {
    period: d.period.id,
    units: d.units.length,
    received: got.length,
    late: got.filter((u) => u.report!.late).map((u) => u.unit),
    missing: d.units.filter((u) => !receivedReport(u.report)).map((u) => u.unit),
    /**
     * Of the missing, those never asked for this period: no report process (the period not opened
     * yet), or one opened after its deadline, which sends no request.
     */
    notRequested: d.units.filter((u) => !receivedReport(u.report) && (!u.report || u.report.notRequested)).map((u) => u.unit),
    byTarget,
    misses: got.flatMap((u) => (u.report!.kpi ?? []).filter((k) => !k.met).map((k) => ({ unit: u.unit, target: k.id, text: k.text }))),
  };
}

import type { Client } from '@temporalio/client';
import type { LocalDate } from '../domain/dates';
import type { Indicators } from '../domain/kpi';
import { recentPeriods, type ReportingPeriod } from '../domain/periods';
import { periodicReportWorkflowId } from '../workflows/ids';
import { periodicReportStateQuery, type PeriodicReportState } from '../workflows/periodic-report/contract';
import { queryIfExists } from './connect';
import type { UpdateInputs } from '../workflows/inspection/contract';

/**
 * The join of the two halves of the 2026 plan: an inspection's report form pre-filled with the
 * unit's latest periodic report (Điều 2.1), and the pre-filled figures marked as such.
 */

/** A unit's latest recorded periodic report. */
export interface LatestPeriodicReport {
  workflowId: string;
  period: ReportingPeriod;
  receivedOn: LocalDate;
  indicators: Indicators;
}

/**
 * The unit's latest periodic report with indicators, among the yearly plans `plans` (their ids),
 * over the 12 months before `asOf`; undefined when there is none. `stateOf` reads one report's
 * state (undefined when it does not exist).
 */
export async function latestPeriodicReport(
  stateOf: (workflowId: string) => Promise<PeriodicReportState | undefined>,
  plans: readonly string[],
  unit: string,
  asOf: LocalDate,
): Promise<LatestPeriodicReport | undefined> {
  return (await searchLatestPeriodicReport(stateOf, plans, unit, asOf)).latest;
}

/**
 * {@link latestPeriodicReport}, with the reports still awaited that come before the one found (the
 * ones that could still become the latest: what a cache must watch).
 */
export async function searchLatestPeriodicReport(
  stateOf: (workflowId: string) => Promise<PeriodicReportState | undefined>,
  plans: readonly string[],
  unit: string,
  asOf: LocalDate,
  /** Called for each awaited report before it is read again: a cache takes its change marker there. */
  onWaiting?: (workflowId: string) => Promise<void>,
): Promise<{ latest?: LatestPeriodicReport; waiting: string[] }> {
  const waiting: string[] = [];
  for (const period of recentPeriods(asOf)) {
    for (const plan of plans) {
      const workflowId = periodicReportWorkflowId(plan, period.id, unit);
      let s = await stateOf(workflowId);
      if (s?.status === 'report_waiting' && onWaiting) {
        // The marker first, then the state again: a report recorded in between is seen now or changes the marker.
        await onWaiting(workflowId);
        s = await stateOf(workflowId);
      }
      if (s?.status === 'report_received' && s.indicators && Object.keys(s.indicators).length > 0) {
        return { latest: { workflowId, period: s.period, receivedOn: s.receivedOn!, indicators: s.indicators }, waiting };
      }
      if (s?.status === 'report_waiting') waiting.push(workflowId);
    }
  }
  return { waiting };
}

/** The unit's latest periodic report under the yearly plans `plans` (their ids), as a worker answers it. */
export function findLatestPeriodicReport(
  client: Client,
  plans: readonly string[],
  unit: string,
  asOf: LocalDate,
): Promise<LatestPeriodicReport | undefined> {
  return latestPeriodicReport((id) => queryIfExists(client, id, periodicReportStateQuery), plans, unit, asOf);
}

/**
 * The report's indicators: the periodic report's, each replaced by the one typed in `typed` when
 * given; `prefilled` names the periodic report and the indicators taken from it.
 */
export function prefillReport(
  latest: LatestPeriodicReport,
  typed: Indicators,
): Pick<UpdateInputs['recordReport'], 'indicators' | 'prefilled'> {
  const taken = (Object.keys(latest.indicators) as (keyof Indicators)[]).filter((id) => typed[id] === undefined);
  return {
    indicators: { ...latest.indicators, ...typed },
    ...(taken.length > 0
      ? { prefilled: { workflowId: latest.workflowId, period: latest.period.label, receivedOn: latest.receivedOn, indicators: taken } }
      : {}),
  };
}

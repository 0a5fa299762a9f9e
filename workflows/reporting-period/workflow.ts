import { ParentClosePolicy, patched, startChild, workflowInfo } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { localDateOf, yearOf } from '../../domain/dates';
import { periodBefore, reportDue } from '../../domain/periods';
import { deadlinePassedAt } from '../../domain/send-times';
import { snapshotCalendar, startInput } from '../common';
import { createPublisher } from '../kit/publish';
import type { PeriodicReportWorkflow } from '../periodic-report/contract';
import { PERIODIC_REPORT_TYPE, periodicReportOptions } from '../report-starts';
import {
  REPORTING_PERIOD_STAGE,
  reportingPeriodInputSchema,
  reportingPeriodDetails,
  reportingPeriodSearchAttributes,
  type ReportingPeriodConfig,
  type ReportingPeriodInput,
  type ReportingPeriodResult,
} from './contract';

const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/**
 * A period for every reporting unit, started by the Schedule of its kind (or by hand, for a given
 * day). It starts each unit's report by type name, with workflows/report-starts.ts, so this type's
 * bundle evaluates no module of the periodic report's folder.
 */
export async function reportingPeriod(input: ReportingPeriodInput): Promise<ReportingPeriodResult> {
  const config: ReportingPeriodConfig = startInput(reportingPeriodInputSchema(input), input);
  const info = workflowInfo();
  const scheduled = info.typedSearchAttributes.get(SCHEDULED_START);
  const day = config.scheduledFor ?? localDateOf(scheduled ?? info.startTime);
  const period = periodBefore(config.kind, day);
  const cal = await snapshotCalendar(yearOf(period.to) - 1, yearOf(period.to) + 1);
  // A deadline set when the period was opened by hand (version 2) replaces the usual one.
  const due = config.due ?? reportDue(cal, period, config.submitWorkingDaysAfterCutoff);
  // Started after its deadline (a catch-up, a backfill): each report asks nothing of its unit
  // (periodic-report/workflow.ts), and the period says so. Executions before the patch say nothing.
  const startedAt = Date.now();
  const late = deadlinePassedAt(due, startedAt) && patched('reporting-period-no-request-past-deadline');
  const reports: string[] = [];
  for (const options of periodicReportOptions(config, period, due)) {
    reports.push(options.workflowId);
    try {
      await startChild<PeriodicReportWorkflow>(PERIODIC_REPORT_TYPE, { ...options, parentClosePolicy: ParentClosePolicy.ABANDON });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  // Before this patch the period's id went into InspectionStage, which holds stages.
  const stage = patched('reporting-period-stage') ? REPORTING_PERIOD_STAGE : period.id;
  // Nothing is set at the start (a Schedule starts it), so all three are written, once.
  createPublisher().publish(
    [...reportingPeriodSearchAttributes(config.plan, period, stage)],
    reportingPeriodDetails(
      { period, due, reports, ...(late ? { notRequested: { at: new Date(startedAt).toISOString() } } : {}) },
      Date.now(),
    ),
  );
  return { period, due, reports, ...(late ? { notRequested: { at: new Date(startedAt).toISOString() } } : {}) };
}

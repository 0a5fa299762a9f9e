/* eslint-disable @typescript-eslint/no-require-imports -- each workflow type loads its own modules */
import type * as Inspection from './inspection/workflow';
import type * as PeriodicReport from './periodic-report/workflow';
import type * as PlanTask from './plan-task/workflow';
import type * as ReportingPeriod from './reporting-period/workflow';
import type * as Round from './round/workflow';
import type * as SelfInspection from './self-inspection/workflow';

/**
 * Every workflow the kiemtra worker runs. The worker bundles this file.
 *
 * Each workflow type loads only its own modules, when it first runs. The SDK isolates workflows in
 * a reused V8 context by giving every execution its own instance of each module it evaluates, so a
 * module loaded here for every execution (the zod schemas of every other workflow type, say) would
 * cost memory for every workflow in the worker's cache. `npm run bench` measures it (item 3).
 */

export function inspection(...args: Parameters<typeof Inspection.inspection>): ReturnType<typeof Inspection.inspection> {
  return (require('./inspection/workflow') as typeof Inspection).inspection(...args);
}
export function selfInspection(...args: Parameters<typeof SelfInspection.selfInspection>): ReturnType<typeof SelfInspection.selfInspection> {
  return (require('./self-inspection/workflow') as typeof SelfInspection).selfInspection(...args);
}
export function round(...args: Parameters<typeof Round.round>): ReturnType<typeof Round.round> {
  return (require('./round/workflow') as typeof Round).round(...args);
}
export function planTask(...args: Parameters<typeof PlanTask.planTask>): ReturnType<typeof PlanTask.planTask> {
  return (require('./plan-task/workflow') as typeof PlanTask).planTask(...args);
}
export function periodicReport(...args: Parameters<typeof PeriodicReport.periodicReport>): ReturnType<typeof PeriodicReport.periodicReport> {
  return (require('./periodic-report/workflow') as typeof PeriodicReport).periodicReport(...args);
}
export function reportingPeriod(...args: Parameters<typeof ReportingPeriod.reportingPeriod>): ReturnType<typeof ReportingPeriod.reportingPeriod> {
  return (require('./reporting-period/workflow') as typeof ReportingPeriod).reportingPeriod(...args);
}

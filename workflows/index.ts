/* eslint-disable @typescript-eslint/no-require-imports -- each workflow type loads its own modules */
import type { VersioningBehavior } from '@temporalio/common';
import { setWorkflowOptions, workflowInfo } from '@temporalio/workflow';
import type * as DocumentRegister from './document-register/workflow';
import type * as Inspection from './inspection/workflow';
import type * as Nomination from './nomination/workflow';
import type * as PeriodicReport from './periodic-report/workflow';
import type * as PlanTask from './plan-task/workflow';
import type * as Question from './question/workflow';
import type * as ReportingPeriod from './reporting-period/workflow';
import type * as Round from './round/workflow';
import type * as RoundDocument from './round-document/workflow';
import type * as SelfInspection from './self-inspection/workflow';

/**
 * Every workflow the kiemtra worker runs. The worker bundles this file.
 *
 * Each workflow type loads only its own modules, when it first runs. The SDK isolates workflows in
 * a reused V8 context by giving every execution its own instance of each module it evaluates, so a
 * module loaded here for every execution (the zod schemas of every other workflow type, say) would
 * cost memory for every workflow in the worker's cache. `npm run bench` measures it (item 3).
 *
 * Each type declares its Worker Versioning behaviour next to its definition (docs/versioning.md):
 * PINNED runs an execution to its end on the version it started on, AUTO_UPGRADE moves it to the
 * current version at its next task (its changes then need `patched()`).
 */

/**
 * A type's behaviour, declared for an execution whose first workflow task ran on a versioned
 * worker (the getter runs once, at the first activation a worker sees, which on a replay is the
 * first task's). An unversioned worker (the tests' workers) has the SDK's own build id but no
 * deployment name and must declare none: the server refuses the workflow tasks of one that does.
 * An execution that started before Worker Versioning declares none either, so it takes the
 * worker's default (auto-upgrade, as it always behaved) on every worker and every replay.
 */
function behaviour(versioningBehavior: VersioningBehavior) {
  return () => (workflowInfo().currentDeploymentVersion?.deploymentName ? { versioningBehavior } : {});
}

export function inspection(...args: Parameters<typeof Inspection.inspection>): ReturnType<typeof Inspection.inspection> {
  return (require('./inspection/workflow') as typeof Inspection).inspection(...args);
}
setWorkflowOptions(behaviour('PINNED'), inspection);
export function selfInspection(
  ...args: Parameters<typeof SelfInspection.selfInspection>
): ReturnType<typeof SelfInspection.selfInspection> {
  return (require('./self-inspection/workflow') as typeof SelfInspection).selfInspection(...args);
}
setWorkflowOptions(behaviour('PINNED'), selfInspection);
export function round(...args: Parameters<typeof Round.round>): ReturnType<typeof Round.round> {
  return (require('./round/workflow') as typeof Round).round(...args);
}
setWorkflowOptions(behaviour('AUTO_UPGRADE'), round);
export function planTask(...args: Parameters<typeof PlanTask.planTask>): ReturnType<typeof PlanTask.planTask> {
  return (require('./plan-task/workflow') as typeof PlanTask).planTask(...args);
}
setWorkflowOptions(behaviour('AUTO_UPGRADE'), planTask);
export function periodicReport(
  ...args: Parameters<typeof PeriodicReport.periodicReport>
): ReturnType<typeof PeriodicReport.periodicReport> {
  return (require('./periodic-report/workflow') as typeof PeriodicReport).periodicReport(...args);
}
setWorkflowOptions(behaviour('PINNED'), periodicReport);
export function reportingPeriod(
  ...args: Parameters<typeof ReportingPeriod.reportingPeriod>
): ReturnType<typeof ReportingPeriod.reportingPeriod> {
  return (require('./reporting-period/workflow') as typeof ReportingPeriod).reportingPeriod(...args);
}
setWorkflowOptions(behaviour('PINNED'), reportingPeriod);
export function documentRegister(
  ...args: Parameters<typeof DocumentRegister.documentRegister>
): ReturnType<typeof DocumentRegister.documentRegister> {
  return (require('./document-register/workflow') as typeof DocumentRegister).documentRegister(...args);
}
// An entity that lives all year (continuing as new): it moves to each new version, so its changes need patched().
setWorkflowOptions(behaviour('AUTO_UPGRADE'), documentRegister);
export function nomination(...args: Parameters<typeof Nomination.nomination>): ReturnType<typeof Nomination.nomination> {
  return (require('./nomination/workflow') as typeof Nomination).nomination(...args);
}
// A short process started by its round (weeks, not months), moving to each new version like the round.
setWorkflowOptions(behaviour('AUTO_UPGRADE'), nomination);
export function roundDocument(...args: Parameters<typeof RoundDocument.roundDocument>): ReturnType<typeof RoundDocument.roundDocument> {
  return (require('./round-document/workflow') as typeof RoundDocument).roundDocument(...args);
}
// A round's document lives as long as its round (a new revision or a withdrawal may come): it moves to each new version.
setWorkflowOptions(behaviour('AUTO_UPGRADE'), roundDocument);
export function question(...args: Parameters<typeof Question.question>): ReturnType<typeof Question.question> {
  return (require('./question/workflow') as typeof Question).question(...args);
}
// A short process (days) that a unit starts from a link: it moves to each new version, so its changes need patched().
setWorkflowOptions(behaviour('AUTO_UPGRADE'), question);

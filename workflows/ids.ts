import { slugify } from '../domain/slug';

/**
 * Workflow ids, defined once for the workflows, the client and the tests: deterministic, so
 * starting a workflow twice is refused by the server and nothing is ever started twice.
 */

/** `inspection-<year>-<unit-slug>`, e.g. `inspection-2026-so-tai-chinh`. */
export const inspectionWorkflowId = (year: number, unit: string): string => `inspection-${year}-${slugify(unit)}`;

/** `self-inspection-<year>-<unit-slug>`. */
export const selfInspectionWorkflowId = (year: number, unit: string): string => `self-inspection-${year}-${slugify(unit)}`;

/** `round-<round>`. */
export const roundWorkflowId = (round: string): string => `round-${round}`;

/** `task-<plan>-<task-slug>`, e.g. `task-kstthc-2026-ii-2-d` for task II.2.d. */
export const planTaskWorkflowId = (plan: string, taskId: string): string => `task-${plan}-${slugify(taskId)}`;

/** `report-<plan>-<period>-<unit-slug>`, e.g. `report-kstthc-2026-2026-11-so-tai-chinh`. */
export const periodicReportWorkflowId = (plan: string, period: string, unit: string): string =>
  `report-${plan}-${period.toLowerCase()}-${slugify(unit)}`;

/** `reports-<plan>-<kind>`: the Schedule of a period kind. */
export const reportScheduleId = (plan: string, kind: string): string => `reports-${plan}-${kind.toLowerCase()}`;

export { documentRegisterWorkflowId } from '../domain/document-register';

/** `nomination-<round>-<department-slug>`, e.g. `nomination-haiphong-2026-so-noi-vu`. */
export const nominationWorkflowId = (round: string, department: string): string => `nomination-${round}-${slugify(department)}`;

/** `round-document-<round>-<kind>`, e.g. `round-document-haiphong-2026-team_decision`: one per round and kind. */
export const roundDocumentWorkflowId = (round: string, kind: string): string => `round-document-${round}-${kind}`;

/** `question-<year>-<code>` of a question's number `PA-<year>-<CODE>` (domain/questions.ts), e.g. `question-2026-k7q3xw`. */
export const questionWorkflowId = (number: string): string => `question-${number.slice(3).toLowerCase()}`;

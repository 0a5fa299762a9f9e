import type { LocalDate } from '../../domain/dates';
import type { Deadline } from '../../domain/deadlines';
import type { KpiResult, YearTargets } from '../../domain/kpi';
import type { LinkAction } from '../../domain/links';
import type { NarrativeSection } from '../../domain/report-narrative';
import type { FileRef } from '../../domain/validation';
import type { HistoryEntry } from '../kit/history';
import type { EmailRecord } from '../mailer';

/** The self-inspection's state, as types only: what the `state` query returns. */

/** The stages of a self-inspection; these ids are its `InspectionStage` search attribute. */
export type SelfInspectionStage = 'self_waiting' | 'self_received';

export interface SelfInspectionState {
  workflowId: string;
  unit: string;
  stage: SelfInspectionStage;
  deadline?: Deadline;
  receivedOn?: LocalDate;
  late?: boolean;
  /** The indicators of the report (the outline of Phụ lục I) and how they compare with the 2026 targets. */
  kpi?: KpiResult[];
  /** The targets the indicators are evaluated against, and the plan they come from. */
  targets?: YearTargets;
  /** The report's text by section of the Phụ lục I outline (December 2026). */
  narrative?: Partial<Record<NarrativeSection, string>>;
  /** Files the unit submitted with its report (hash, name, size, type). */
  files?: FileRef[];
  /** The generation of the unit's link (raised by re-issuing it). */
  linkGenerations?: Partial<Record<LinkAction, number>>;
  overdue: boolean;
  /** The reminders and escalations still to come. */
  pending: { at: string; label: string }[];
  emails: EmailRecord[];
  history: HistoryEntry[];
}

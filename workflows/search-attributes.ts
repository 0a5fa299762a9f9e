import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The custom search attributes that supervisors filter on in the Web UI and that
 * `kiemtra list` queries. Defined once, shared by workflows, the client and the server set-up.
 */
export const SA = {
  /** The inspected unit's name, e.g. "Sở Tài chính". */
  unit: defineSearchAttributeKey('InspectionUnit', SearchAttributeType.KEYWORD),
  /** `department` or `commune`. */
  unitKind: defineSearchAttributeKey('InspectionUnitKind', SearchAttributeType.KEYWORD),
  /**
   * The process's stage: an inspection's stage id (see workflows/inspection/stages.ts), a
   * self-inspection's, a plan task's or a periodic report's stage or status (their contracts),
   * `period_started` for a reporting period.
   */
  stage: defineSearchAttributeKey('InspectionStage', SearchAttributeType.KEYWORD),
  /** `periodic` or `surprise`. */
  kind: defineSearchAttributeKey('InspectionKind', SearchAttributeType.KEYWORD),
  /** The first visit day, 00:00 Asia/Ho_Chi_Minh. */
  visitDate: defineSearchAttributeKey('InspectionVisitDate', SearchAttributeType.DATETIME),
  /** The next deadline anyone has to meet. */
  nextDeadline: defineSearchAttributeKey('InspectionNextDeadline', SearchAttributeType.DATETIME),
  /** True while any deadline is missed. */
  overdue: defineSearchAttributeKey('InspectionOverdue', SearchAttributeType.BOOL),
  /** The round (plan) id, e.g. "haiphong-2026". */
  round: defineSearchAttributeKey('InspectionRound', SearchAttributeType.KEYWORD),
} as const;

/** Every custom search attribute, for registration on a server. */
export const ALL_SEARCH_ATTRIBUTES = Object.values(SA);

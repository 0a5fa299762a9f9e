import type { UpdateName } from './updates';

/**
 * The inspection's state machine, written once as data: its stages, the transitions allowed
 * between them, and the updates each stage accepts. The workflow and its validators read only this.
 */

/** The stages, in order (plus `cancelled`). These ids are the `InspectionStage` search attribute. */
export const STAGES = ['scheduled', 'notified', 'on_site', 'drafting', 'concluded', 'remediating', 'closed', 'cancelled'] as const;
export type Stage = (typeof STAGES)[number];

/** What a Vietnamese reader sees for each stage. */
export const STAGE_LABELS: Record<Stage, string> = {
  scheduled: 'Đã lên lịch',
  notified: 'Đã thông báo',
  on_site: 'Đang kiểm tra tại đơn vị',
  drafting: 'Đang dự thảo kết luận',
  concluded: 'Đã ký kết luận',
  remediating: 'Đang khắc phục',
  closed: 'Đã hoàn thành',
  cancelled: 'Đã hủy',
};

/** Allowed transitions. `cancelled` is reachable from every open stage. */
export const TRANSITIONS: Record<Stage, readonly Stage[]> = {
  scheduled: ['notified', 'on_site', 'cancelled'],
  notified: ['on_site', 'cancelled'],
  on_site: ['drafting', 'cancelled'],
  drafting: ['concluded', 'cancelled'],
  concluded: ['remediating', 'closed'],
  remediating: ['closed', 'cancelled'],
  closed: [],
  cancelled: [],
};

/** The updates coordinators send, and the stages in which each is accepted. */
export const UPDATE_STAGES = {
  recordReport: ['notified', 'on_site'],
  acknowledgeNotice: ['notified'],
  recordOpeningMeeting: ['on_site'],
  recordFinding: ['on_site', 'drafting'],
  recordClosingMeeting: ['on_site'],
  issueDraftConclusion: ['drafting'],
  recordUnitResponse: ['drafting'],
  signConclusion: ['drafting'],
  recordRemediationReport: ['remediating'],
  reschedule: ['scheduled', 'notified'],
  cancel: ['scheduled', 'notified', 'on_site', 'drafting', 'remediating'],
} as const satisfies Record<UpdateName, readonly Stage[]>;

/** Whether a stage is final. */
export function isFinal(stage: Stage): boolean {
  return TRANSITIONS[stage].length === 0;
}

/** Whether `from` → `to` is an allowed transition. */
export function canTransition(from: Stage, to: Stage): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Whether an update is accepted in a stage. */
export function acceptsUpdate(stage: Stage, update: UpdateName): boolean {
  const stages: readonly Stage[] = UPDATE_STAGES[update];
  return stages.includes(stage);
}

/**
 * The inspection's state machine, written once as data: its stages and the transitions allowed
 * between them. A leaf: it imports nothing, so every other module may import it. The stages each
 * update is accepted in are with the updates (./updates.ts).
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

/**
 * What every view shows for a process (inspection, self-inspection, task) terminated from outside
 * its workflow, from the Temporal Web UI or `temporal workflow terminate`: not one of its stages
 * (its state keeps the last one) but the engine's execution status (client/terminated.ts).
 */
export const TERMINATED_LABEL = 'Đã bị chấm dứt';

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

/** Whether a stage is final. */
export function isFinal(stage: Stage): boolean {
  return TRANSITIONS[stage].length === 0;
}

/** Whether `from` → `to` is an allowed transition. */
export function canTransition(from: Stage, to: Stage): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The stages in which documents are asked of the unit, answered, reminded of (December 2026). */
export const REQUEST_STAGES = ['notified', 'on_site', 'drafting'] as const satisfies readonly Stage[];

/** Whether a stage is one in which documents are asked and answered. */
export function isRequestStage(stage: Stage): boolean {
  return (REQUEST_STAGES as readonly Stage[]).includes(stage);
}

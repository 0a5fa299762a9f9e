import { formatDateVi, localDateOf, localInstant } from '../../domain/dates';
import { deadlineName } from '../../domain/deadline-catalogue';
import type { Deadline } from '../../domain/deadlines';
import type { AgendaItem } from './agenda';
import { isFinal, STAGE_LABELS, type Stage } from './stages';
import { isOpenDeadline } from './state';
import type { InspectionState, PendingReminder } from './types';
import { markdownText } from '../../domain/safe-text';

/**
 * What supervisors see of an inspection in the Web UI, computed from its state alone: the values of
 * its search attributes, its Vietnamese "current details", and the reminders still pending.
 */

/** The search attribute values that change with the state. */
export interface ProjectedAttributes {
  stage: Stage;
  kind: 'periodic' | 'surprise';
  /** 00:00 local of the first visit day. */
  visitDate: Date;
  /** 23:59 local of the next deadline anyone has to meet. */
  nextDeadline: Date | null;
  overdue: boolean;
}

export interface Projection {
  attributes: ProjectedAttributes;
  /** A key that changes exactly when the attributes do. */
  attributesKey: string;
  details: string;
  pendingReminders: PendingReminder[];
}

/**
 * The projection of a state whose overdue list is current; `items` is its agenda as the workflow
 * runs it, `fired` the items already done.
 */
export function project(
  state: InspectionState,
  items: AgendaItem[],
  fired: ReadonlySet<string>,
  nextTimer: AgendaItem | undefined,
): Projection {
  const open = state.deadlines
    .filter((d) => !isFinal(state.stage) && isOpenDeadline(state, d))
    .sort((a, b) => a.date.localeCompare(b.date));
  const next = open.find((d) => !state.overdue.includes(d.id)) ?? open[0];
  const attributesKey = JSON.stringify({
    stage: state.stage,
    kind: state.kind,
    visit: state.visit.start,
    next: next?.date,
    overdue: state.overdue.length > 0,
  });
  return {
    attributes: {
      stage: state.stage,
      kind: state.kind,
      visitDate: localInstant(state.visit.start),
      nextDeadline: next ? localInstant(next.date, '23:59') : null,
      overdue: state.overdue.length > 0,
    },
    attributesKey,
    details: currentDetails(state, next, nextTimer),
    pendingReminders: items.filter((i) => !fired.has(i.id)).map((i) => ({ id: i.id, at: new Date(i.at).toISOString(), label: i.label })),
  };
}

const WAITING: Record<Stage, string> = {
  scheduled: 'Văn phòng gửi thông báo lịch kiểm tra (tự động)',
  notified: 'Đơn vị gửi báo cáo phục vụ kiểm tra',
  on_site: 'Đoàn kiểm tra làm việc tại đơn vị (họp mở đầu, kiểm tra hồ sơ, họp kết thúc)',
  drafting: 'Trưởng đoàn ký kết luận (có thể qua dự thảo và ý kiến của đơn vị)',
  concluded: 'Gửi kết luận cho đơn vị',
  remediating: 'Đơn vị báo cáo kết quả khắc phục các kiến nghị',
  closed: 'Không: cuộc kiểm tra đã hoàn thành',
  cancelled: 'Không: cuộc kiểm tra đã hủy',
};

/** The local time of an instant, `HH:MM`. */
const localTime = (at: number) => new Date(at + 7 * 3_600_000).toISOString().slice(11, 16);

/** The Vietnamese Markdown summary shown in the Web UI. */
export function currentDetails(state: InspectionState, next: Deadline | undefined, timer: AgendaItem | undefined): string {
  const lines = [
    `**${markdownText(state.config.unit.name)}**: ${STAGE_LABELS[state.stage]}${state.kind === 'surprise' ? ' (đột xuất)' : ''}`,
    '',
    `- Đoàn làm việc: ${formatDateVi(state.visit.start)} → ${formatDateVi(state.visit.end)}`,
    `- Đang chờ: ${WAITING[state.stage]}`,
  ];
  if (next) lines.push(`- Hạn tiếp theo: ${formatDateVi(next.date)}, ${deadlineName(next.id, 'phrase')}`);
  if (timer) lines.push(`- Việc hẹn giờ tiếp theo: ${timer.label}, ${formatDateVi(localDateOf(timer.at))} ${localTime(timer.at)}`);
  if (state.overdue.length) lines.push(`- **Quá hạn**: ${state.overdue.map((id) => deadlineName(id, 'phrase')).join('; ')}`);
  const open = state.recommendations.filter((r) => r.status === 'open').length;
  if (state.recommendations.length)
    lines.push(`- Kiến nghị: ${state.recommendations.length - open}/${state.recommendations.length} đã khắc phục`);
  const failed = state.emails.filter((e) => e.status === 'failed').length;
  if (failed) lines.push(`- Email không gửi được: ${failed} (đã báo điều phối viên)`);
  return lines.join('\n');
}

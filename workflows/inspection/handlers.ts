import type { WorkingCalendar } from '../../domain/calendar';
import type { Targets } from '../../domain/kpi';
import { formatDateVi } from '../../domain/dates';
import { forwardDeadline } from '../../domain/deadlines';
import type { EmailKind } from '../../emails/kinds';
import type { EmailData } from '../../emails/templates';
import { applyConclusion, applyReport, recomputeDeadlines, SYSTEM, transition, type InspectionState } from './state';
import type { UpdateName, UpdatePayloads } from './updates';

/**
 * What each update does once its validator accepted it: the changes to the state and the emails
 * it asks for. A table over every update name, so an update without a handler does not compile.
 */

/** What a handler works with. */
export interface ApplyContext {
  state: InspectionState;
  calendar: WorkingCalendar;
  /** The year's targets, from the plan file (recorded at the start). */
  targets: Targets;
  /** The instant of the update (ISO). */
  at: string;
  /** Queues an email to the unit or the coordinator, with the visit invite when `method` is set. */
  queue: (kind: EmailKind, to: string[], extra?: Partial<EmailData>, method?: 'REQUEST' | 'CANCEL') => void;
  /** The inspected unit's addresses. */
  unit: string[];
}

const deadlineInfo = (d: { date: string; rule: string; basis: string }) => ({ date: d.date, rule: d.rule, basis: d.basis });

export const APPLY: { [K in UpdateName]: (ctx: ApplyContext, p: UpdatePayloads[K]) => void } = {
  recordReport: ({ state, targets, at }, p) => {
    const kpi = applyReport(state, targets, p, at);
    if (p.narrative) state.report!.narrative = p.narrative;
    if (p.files) state.files.push(...p.files.map((f) => ({ ...f, for: 'report', at })));
    const source = p.prefilled ? `; ${p.prefilled.indicators.length} chỉ tiêu lấy từ báo cáo định kỳ ${p.prefilled.period} (nhận ngày ${formatDateVi(p.prefilled.receivedOn)})` : '';
    state.history.push({ at, actor: p.by, action: 'Ghi nhận báo cáo phục vụ kiểm tra', detail: `nhận ngày ${formatDateVi(p.receivedOn)}${state.report!.late ? ' (muộn)' : ''}; ${kpi.filter((x) => !x.met).length}/${kpi.length} chỉ tiêu chưa đạt${source}` });
  },
  acknowledgeNotice: ({ state, at }, p) => {
    state.acknowledged = { at, by: p.by, ...(p.contact ? { contact: p.contact } : {}) };
    state.history.push({ at, actor: p.by, action: 'Đơn vị xác nhận đã nhận thông báo kiểm tra', detail: p.contact ? `đầu mối: ${p.contact}` : undefined });
  },
  recordOpeningMeeting: ({ state, at }, p) => {
    state.openingMeeting = { date: p.date, notes: p.notes };
    state.history.push({ at, actor: p.by, action: 'Ghi nhận cuộc họp mở đầu', detail: formatDateVi(p.date) });
  },
  recordFinding: ({ state, at }, p) => {
    state.findings.push({ text: p.text, source: 'team', at, by: p.by });
    state.history.push({ at, actor: p.by, action: 'Ghi nhận phát hiện', detail: p.text });
  },
  recordClosingMeeting: ({ state, at }, p) => {
    state.closingMeeting = { date: p.date, preliminaryResults: p.preliminaryResults };
    state.history.push({ at, actor: p.by, action: 'Ghi nhận cuộc họp kết thúc, thông báo sơ bộ kết quả', detail: formatDateVi(p.date) });
    transition(state, 'drafting', p.by, 'Kết thúc làm việc tại đơn vị', at);
  },
  issueDraftConclusion: ({ state, calendar, at, queue, unit }, p) => {
    state.draft = { issuedOn: p.issuedOn, recommendations: p.recommendations, meetingDate: p.meetingDate, responseBy: p.responseBy };
    const d = forwardDeadline(calendar, 'response', p.responseBy, 'Kế hoạch kiểm tra năm 2026, Mục II.2.b');
    state.deadlines.push(d);
    state.history.push({ at, actor: p.by, action: 'Gửi dự thảo kết luận', detail: `hạn góp ý ${formatDateVi(p.responseBy)}` });
    queue('draft_conclusion', unit, { recommendationsDraft: state.draft.recommendations, meetingDate: p.meetingDate, deadline: deadlineInfo(d) });
  },
  recordUnitResponse: ({ state, at }, p) => {
    if (p.files) state.files.push(...p.files.map((f) => ({ ...f, for: 'response', at })));
    state.unitResponse = { receivedOn: p.receivedOn, accepted: p.accepted, explanations: p.explanations };
    state.history.push({ at, actor: p.by, action: p.accepted ? 'Đơn vị tiếp thu dự thảo kết luận' : 'Đơn vị giải trình về dự thảo kết luận', detail: p.explanations });
  },
  signConclusion: ({ state, calendar, at, queue, unit }, p) => {
    applyConclusion(state, calendar, p);
    state.history.push({ at, actor: p.by, action: 'Ký ban hành kết luận kiểm tra', detail: `${p.signer}, ngày ${formatDateVi(p.signedOn)}; ${state.recommendations.length} kiến nghị` });
    transition(state, 'concluded', p.by, 'Kết luận đã ký', at);
    queue('conclusion', unit, { conclusion: state.conclusion, recommendations: state.recommendations });
    if (state.recommendations.length > 0) transition(state, 'remediating', SYSTEM, 'Theo dõi khắc phục các kiến nghị', at);
    else transition(state, 'closed', SYSTEM, 'Kết luận không có kiến nghị', at);
  },
  recordRemediationReport: ({ state, at }, p) => {
    for (const d of p.done) if (d.file) state.files.push({ ...d.file, for: `remediation:${d.id}`, at });
    for (const d of p.done) {
      const r = state.recommendations.find((x) => x.id === d.id)!;
      r.status = 'done';
      r.doneOn = p.receivedOn;
      r.evidence = d.evidence;
      r.overdue = false;
    }
    state.history.push({ at, actor: p.by, action: 'Ghi nhận báo cáo kết quả khắc phục', detail: p.done.map((d) => d.id).join(', ') });
    if (state.recommendations.every((r) => r.status === 'done')) transition(state, 'closed', SYSTEM, 'Mọi kiến nghị đã được khắc phục', at);
  },
  reschedule: ({ state, calendar, at, queue, unit }, p) => {
    const before = state.visit;
    state.visit = { start: p.start, end: p.end };
    state.periodReviewed = { ...state.periodReviewed, to: p.start };
    if (p.surprise !== undefined) state.kind = p.surprise ? 'surprise' : 'periodic';
    state.scheduleRevision++;
    recomputeDeadlines(state, calendar);
    const clash = p.clashWith?.length ? `; chấp nhận trùng lịch với ${p.clashWith.join(', ')}` : '';
    state.history.push({ at, actor: p.by, action: 'Điều chỉnh lịch kiểm tra', detail: `${formatDateVi(before.start)} → ${formatDateVi(p.start)}${p.reason ? `; lý do: ${p.reason}` : ''}${clash}` });
    if (state.stage === 'notified') queue('revised_notice', unit, { reason: p.reason }, 'REQUEST');
  },
  cancel: ({ state, at, queue, unit }, p) => {
    const noticeSent = state.emails.some((e) => e.kind === 'notice' || e.kind === 'revised_notice');
    state.cancellation = { reason: p.reason, by: p.by, at };
    transition(state, 'cancelled', p.by, p.reason, at);
    if (noticeSent) queue('cancellation', unit, { reason: p.reason }, 'CANCEL');
  },
};

import { CalendarRangeError, type WorkingCalendar } from '../../domain/calendar';
import { dateInText, formatDateVi, formatLocalDateTime, localDateOf, type LocalDate } from '../../domain/dates';
import { forwardDeadline, NOTICE_WORKING_DAYS, noticeDeadline } from '../../domain/deadlines';
import { DOCUMENT_KINDS } from '../../domain/documents';
import type { EvaluationOptions, Targets } from '../../domain/kpi';
import { missingForms } from '../../domain/report-measures';
import { conclusionSignerRefusal, describeMember, describeSigner, findSigner, sameName } from '../../domain/team';
import { answerRefusal, describeRequest, nextRequestId, requestRefusal } from '../../domain/document-requests';
import { attendeesRefusal, meetingDayRefusal, normalisedAttendees, type MeetingAttendees, type MeetingKind } from '../../domain/meetings';
import type { EmailKind } from '../../emails/kinds';
import type { EmailData } from '../../emails/templates';
import { record, SYSTEM } from '../kit/history';
import { refuse } from '../kit/refusal';
import { noCheck, type UpdateTable } from '../kit/updates';
import { applySign, applyWithdraw, checkedSigner, commandTarget, documentsOf, latest, needState } from './documents';
import type { DocumentJob } from './desk-jobs';
import type { Stage } from './stages';
import { answersRefusal, applyTeamFinding, applyDossierSample, sampleRepeatRefusal } from './findings';
import { applyConclusion, applyForms, applyReport, recomputeDeadlines, replaceReport, transition } from './state';
import type { InspectionState } from './types';
import { UPDATE_STAGES, type updateSchemas } from './updates';

/**
 * The inspection's update table: for each update, the stages that accept it, its check (what makes
 * it acceptable in the current state: read-only, a refusal is a Vietnamese message with English
 * detail and leaves no event in history) and its apply (the changes to the state and the emails it
 * asks for). Typed from the payload schemas, so an update without one of them does not compile.
 */

/** What a validator reads. `calendar()` refuses as not ready while the snapshot is loading. */
export interface CheckContext {
  state: InspectionState;
  calendar: () => WorkingCalendar;
  today: LocalDate;
  /** Whether a rule added after executions started applies to this check (see `ruleApplies`). */
  applies: (rule: string) => boolean;
}

/**
 * The patch that guards the rules against a repeated submission (December 2026): one report unless
 * it replaces the recorded one, no finding recorded twice, no reschedule to the visit already set.
 */
export const REPEATS_REFUSED = 'inspection-repeats-refused';

/**
 * The patch that guards the signer rule (December 2026): an inspection with a team accepts a
 * conclusion signed only by the Trưởng đoàn or a deputy the plan names with an authority.
 */
export const SIGNER_FROM_TEAM = 'inspection-signer-from-team';

/**
 * The patch that starts the documents' life (December 2026): an inspection started with
 * `documents` drafts its Thông báo at the start and sends the notice only once it is issued.
 */
export const DOCUMENTS_LIFE = 'inspection-documents-life';

/**
 * The patch that sends the issued Thông báo kết luận to the unit (December 2026, after the
 * documents' life): the inspection ends only once it is sent, as it does for the Kết luận.
 */
export const SENDS_CONCLUSION_NOTICE = 'inspection-sends-conclusion-notice';

/**
 * The patch that guards the meeting's day (December 2026): the opening on the visit's first day,
 * the closing on its last, or a reason. A meeting an older worker accepted on another day replays.
 */
export const MEETING_DAY_CHECKED = 'inspection-meeting-day-checked';

/**
 * The patch of the report in full (December 2026, issue 23), taken at the start: the unit is
 * reminded of the forms of II.2 it has not sent, and each 2026 target is evaluated with its own
 * label (time and cost cut apart). Executions started before keep the labels they wrote.
 */
export const REPORT_IN_FULL = 'inspection-report-in-full';

/** What a handler works with. */
export interface ApplyContext {
  state: InspectionState;
  calendar: WorkingCalendar;
  /** The year's targets, from the plan file (recorded at the start). */
  targets: Targets;
  /** How the report's rates are compared with the targets (their comparisons; the labels of the execution's release). */
  evaluation: EvaluationOptions;
  /** The instant of the update (ISO). */
  at: string;
  /** Queues an email to the unit or the coordinator, with the visit invite when `method` is set. */
  queue: (kind: EmailKind, to: string[], extra?: Partial<EmailData>, method?: 'REQUEST' | 'CANCEL') => void;
  /** The inspected unit's addresses. */
  unit: string[];
  /** Asks for document work (a draft, an issue, a withdrawal): done by activities after the apply. */
  documents: (job: DocumentJob) => void;
}

/** The inspection's update table type. */
export type InspectionTable = UpdateTable<typeof updateSchemas, Stage, CheckContext, ApplyContext>;

const deadlineInfo = (d: { date: string; rule: string; basis: string }) => ({ date: d.date, rule: d.rule, basis: d.basis });

/** Refuses a day off, or a day outside the inspection's calendar snapshot. */
function workingDay(ctx: CheckContext, d: LocalDate, what: string): void {
  const cal = ctx.calendar();
  let ok: boolean;
  try {
    ok = cal.isWorkingDay(d);
  } catch (err) {
    if (!(err instanceof CalendarRangeError)) throw err;
    refuse(`${what} ${d} nằm ngoài phạm vi lịch của cuộc kiểm tra`, `date ${d} outside the calendar snapshot`);
  }
  if (!ok) refuse(`${what} ${formatDateVi(d)} là ngày nghỉ`, `${d} is not a working day`);
}

/** Refuses a day before today. */
function notPast(ctx: CheckContext, d: LocalDate, what: string): void {
  if (d < ctx.today) refuse(`${what} ${formatDateVi(d)} đã qua`, `${d} is in the past`);
}

/** Refuses a day after today. */
function notFuture(ctx: CheckContext, d: LocalDate, what: string): void {
  if (d > ctx.today) refuse(`${what} ${formatDateVi(d)} chưa đến`, `${d} is in the future`);
}

/** The checks a meeting's new fields add: its day against the visit (guarded), its attendees against the team. */
function meetingChecks(ctx: CheckContext, kind: MeetingKind, p: { date: LocalDate; attendees?: MeetingAttendees; reason?: string }): void {
  if (p.attendees) {
    const who = attendeesRefusal(ctx.state.team, p.attendees);
    if (who) refuse(who, 'attendee not in the team or named twice');
  }
  if (ctx.applies(MEETING_DAY_CHECKED)) {
    const day = meetingDayRefusal(kind, p.date, ctx.state.visit, p.reason);
    if (day) refuse(day, `${kind} meeting on another day than expected, without a reason`);
  }
}

/** The meeting as recorded: its attendees (team names as the team spells them) and the reason, when given. */
function meetingExtras(state: InspectionState, p: { attendees?: MeetingAttendees; reason?: string }) {
  return {
    ...(p.attendees ? { attendees: normalisedAttendees(state.team, p.attendees) } : {}),
    ...(p.reason ? { reason: p.reason } : {}),
  };
}

/** A meeting's history detail: its day, who attended, why on another day. */
function meetingDetail(p: { date: LocalDate; attendees?: MeetingAttendees; reason?: string }): string {
  const who = p.attendees
    ? `; Đoàn kiểm tra: ${p.attendees.team.join(', ')}; đơn vị: ${p.attendees.unit.map((u) => `${u.name} (${u.position})`).join(', ')}`
    : '';
  return `${formatDateVi(p.date)}${who}${p.reason ? `; lý do họp ngày này: ${p.reason}` : ''}`;
}

/** Every update of the inspection, written once. */
export const UPDATE_TABLE: InspectionTable = {
  recordReport: {
    stages: UPDATE_STAGES.recordReport,
    check: (ctx, p) => {
      notFuture(ctx, p.receivedOn, 'Ngày nhận báo cáo');
      const recorded = ctx.state.report;
      if (p.replace && !recorded) refuse('Chưa có báo cáo nào được ghi nhận để thay thế', 'no report to replace');
      if (recorded && !p.replace && ctx.applies(REPEATS_REFUSED))
        refuse(
          `Báo cáo của đơn vị đã được ghi nhận ${dateInText(recorded.receivedOn)}; muốn thay thế, cần nêu lý do (kiemtra report … --replace --reason "lý do")`,
          'report already recorded',
        );
      const absent = p.prefilled?.indicators.filter((id) => p.indicators[id as keyof typeof p.indicators] === undefined) ?? [];
      if (absent.length > 0)
        refuse(
          `Chỉ tiêu ghi là lấy từ báo cáo định kỳ nhưng không có giá trị: ${absent.join(', ')}`,
          'prefilled indicators missing from the report',
        );
    },
    apply: ({ state, targets, evaluation, at }, p) => {
      const replaced = p.replace ? replaceReport(state) : undefined;
      const kpi = applyReport(state, targets, p, at, evaluation);
      if (p.narrative) state.report!.narrative = p.narrative;
      if (p.items) state.report!.items = p.items;
      if (p.budget) state.report!.budget = p.budget;
      if (p.forms?.length) applyForms(state, p.forms, p.receivedOn, at);
      const forms = p.forms?.length ? `; biểu mẫu: ${p.forms.map((f) => f.form).join(', ')}` : '';
      if (p.files) state.files.push(...p.files.map((f) => ({ ...f, for: 'report', at })));
      const source = p.prefilled
        ? `; ${p.prefilled.indicators.length} chỉ tiêu lấy từ báo cáo định kỳ ${p.prefilled.period} (nhận ${dateInText(p.prefilled.receivedOn)})`
        : '';
      record(state.history, {
        at,
        actor: p.by,
        action: replaced ? 'Thay thế báo cáo phục vụ kiểm tra' : 'Ghi nhận báo cáo phục vụ kiểm tra',
        detail: `nhận ${dateInText(p.receivedOn)}${state.report!.late ? ', muộn hạn' : ''}; ${kpi.filter((x) => !x.met).length}/${kpi.length} chỉ tiêu chưa đạt${source}${forms}${replaced ? `; thay báo cáo nhận ${dateInText(replaced.receivedOn)}, lý do: ${p.replace!.reason}` : ''}`,
      });
    },
  },
  attachReportForms: {
    stages: UPDATE_STAGES.attachReportForms,
    check: (ctx, p) => {
      notFuture(ctx, p.receivedOn, 'Ngày nhận biểu mẫu');
      if (!ctx.state.report) refuse('Chưa có báo cáo phục vụ kiểm tra: gửi biểu mẫu cùng báo cáo', 'no report to attach forms to');
      const again = p.forms.find((f) => ctx.state.reportForms?.[f.form]);
      if (again)
        refuse(
          `Biểu số ${again.form}/VPCP/KSTT đã được nhận ${dateInText(ctx.state.reportForms![again.form]!.receivedOn)}`,
          `form ${again.form} already received`,
        );
    },
    apply: ({ state, at }, p) => {
      applyForms(state, p.forms, p.receivedOn, at);
      const left = missingForms(state.reportForms);
      record(state.history, {
        at,
        actor: p.by,
        action: 'Ghi nhận biểu mẫu số liệu kèm báo cáo',
        detail: `${p.forms.map((f) => f.form).join(', ')}, nhận ${dateInText(p.receivedOn)}; ${left.length ? `còn thiếu: ${left.map((f) => f.id).join(', ')}` : 'đã đủ các biểu mẫu'}`,
      });
    },
  },
  acknowledgeNotice: {
    stages: UPDATE_STAGES.acknowledgeNotice,
    check: (ctx) => {
      if (ctx.state.acknowledged)
        refuse(
          `Đơn vị đã xác nhận nhận thông báo lúc ${formatLocalDateTime(Date.parse(ctx.state.acknowledged.at))}`,
          'notice already acknowledged',
        );
    },
    apply: ({ state, at }, p) => {
      state.acknowledged = { at, by: p.by, ...(p.contact ? { contact: p.contact } : {}) };
      record(state.history, {
        at,
        actor: p.by,
        action: 'Đơn vị xác nhận đã nhận thông báo kiểm tra',
        detail: p.contact ? `đầu mối: ${p.contact}` : undefined,
      });
    },
  },
  recordOpeningMeeting: {
    stages: UPDATE_STAGES.recordOpeningMeeting,
    check: (ctx, p) => {
      notFuture(ctx, p.date, 'Ngày họp');
      if (p.date < ctx.state.visit.start)
        refuse(`Cuộc họp mở đầu phải từ ngày làm việc đầu tiên ${formatDateVi(ctx.state.visit.start)}`, 'opening meeting before the visit');
      if (ctx.state.openingMeeting) refuse('Cuộc họp mở đầu đã được ghi nhận', 'opening meeting already recorded');
      meetingChecks(ctx, 'opening', p);
    },
    apply: ({ state, at, documents }, p) => {
      state.openingMeeting = { date: p.date, notes: p.notes, ...meetingExtras(state, p) };
      record(state.history, { at, actor: p.by, action: 'Ghi nhận cuộc họp mở đầu', detail: meetingDetail(state.openingMeeting) });
      if (state.documents) documents({ type: 'draft', kind: 'opening_minutes', by: p.by });
    },
  },
  recordFinding: {
    stages: UPDATE_STAGES.recordFinding,
    check: (ctx, p) => {
      if (ctx.state.findings.some((f) => f.source === 'team' && f.text === p.text) && ctx.applies(REPEATS_REFUSED))
        refuse('Phát hiện này đã được ghi nhận', 'finding already recorded');
    },
    apply: ({ state, at }, p) => void applyTeamFinding(state, p, at),
  },
  recordDossierSample: {
    stages: UPDATE_STAGES.recordDossierSample,
    check: (ctx, p) => {
      const refusal = sampleRepeatRefusal(ctx.state, p.dossiers);
      if (refusal) refuse(refusal, 'dossier already in the sample');
    },
    apply: ({ state, targets, at }, p) => applyDossierSample(state, p, (id) => targets[id], at),
  },
  recordClosingMeeting: {
    stages: UPDATE_STAGES.recordClosingMeeting,
    check: (ctx, p) => {
      notFuture(ctx, p.date, 'Ngày họp');
      const opening = ctx.state.openingMeeting;
      if (!opening) refuse('Chưa ghi nhận cuộc họp mở đầu', 'no opening meeting yet');
      if (p.date < opening.date) refuse('Cuộc họp kết thúc không thể trước cuộc họp mở đầu', 'closing before opening');
      meetingChecks(ctx, 'closing', p);
    },
    apply: ({ state, at, documents }, p) => {
      state.closingMeeting = { date: p.date, preliminaryResults: p.preliminaryResults, ...meetingExtras(state, p) };
      const closing = state.closingMeeting;
      if (state.documents) documents({ type: 'draft', kind: 'closing_minutes', by: p.by });
      record(state.history, {
        at,
        actor: p.by,
        action: 'Ghi nhận cuộc họp kết thúc, thông báo sơ bộ kết quả',
        detail: meetingDetail(closing),
      });
      transition(state, 'drafting', p.by, 'Kết thúc làm việc tại đơn vị', at);
    },
  },
  issueDraftConclusion: {
    stages: UPDATE_STAGES.issueDraftConclusion,
    check: (ctx, p) => {
      notFuture(ctx, p.issuedOn, 'Ngày gửi dự thảo');
      if (ctx.state.draft) refuse('Dự thảo kết luận đã được gửi', 'draft already issued');
      workingDay(ctx, p.responseBy, 'Hạn góp ý');
      notPast(ctx, p.responseBy, 'Hạn góp ý');
      if (p.responseBy <= p.issuedOn) refuse('Hạn góp ý phải sau ngày gửi dự thảo', 'response deadline not after issue date');
      if (p.meetingDate) {
        workingDay(ctx, p.meetingDate, 'Ngày họp thông báo dự thảo');
        notPast(ctx, p.meetingDate, 'Ngày họp thông báo dự thảo');
      }
    },
    apply: ({ state, calendar, at, queue, unit, documents }, p) => {
      state.draft = { issuedOn: p.issuedOn, recommendations: p.recommendations, meetingDate: p.meetingDate, responseBy: p.responseBy };
      const d = forwardDeadline(calendar, 'response', p.responseBy, 'điểm b khoản 2 Mục II của Kế hoạch kiểm tra năm 2026');
      state.deadlines.push(d);
      record(state.history, { at, actor: p.by, action: 'Gửi dự thảo kết luận', detail: `hạn góp ý ${formatDateVi(p.responseBy)}` });
      // With documents, the email goes with the issued draft (documentEmail), not before.
      if (state.documents) return documents({ type: 'draft', kind: 'draft_conclusion', by: p.by });
      queue('draft_conclusion', unit, {
        recommendationsDraft: state.draft.recommendations,
        meetingDate: p.meetingDate,
        deadline: deadlineInfo(d),
      });
    },
  },
  recordUnitResponse: {
    stages: UPDATE_STAGES.recordUnitResponse,
    check: (ctx, p) => {
      if (!ctx.state.draft) refuse('Chưa có dự thảo kết luận', 'no draft conclusion issued');
      if (ctx.state.unitResponse) refuse('Ý kiến của đơn vị đã được ghi nhận', 'response already recorded');
      notFuture(ctx, p.receivedOn, 'Ngày nhận ý kiến');
    },
    apply: ({ state, at }, p) => {
      if (p.files) state.files.push(...p.files.map((f) => ({ ...f, for: 'response', at })));
      state.unitResponse = { receivedOn: p.receivedOn, accepted: p.accepted, explanations: p.explanations };
      record(state.history, {
        at,
        actor: p.by,
        action: p.accepted ? 'Đơn vị tiếp thu dự thảo kết luận' : 'Đơn vị giải trình về dự thảo kết luận',
        detail: p.explanations,
      });
    },
  },
  signConclusion: {
    stages: UPDATE_STAGES.signConclusion,
    check: (ctx, p) => {
      notFuture(ctx, p.signedOn, 'Ngày ký');
      if (p.signedOn < ctx.state.visit.end)
        refuse('Ngày ký kết luận không thể trước ngày làm việc cuối cùng', 'signed before the visit ended');
      for (const r of p.recommendations) {
        workingDay(ctx, r.deadline, 'Hạn khắc phục');
        notPast(ctx, r.deadline, 'Hạn khắc phục');
      }
      const unknown = answersRefusal(ctx.state, p.recommendations);
      if (unknown) refuse(unknown, 'a recommendation answers an unknown finding');
      const team = ctx.state.team;
      const refusal = team && ctx.applies(SIGNER_FROM_TEAM) ? conclusionSignerRefusal(team, p.signer) : undefined;
      if (refusal) refuse(refusal, 'signer is neither the team lead nor a deputy with signing authority');
    },
    apply: ({ state, calendar, at, queue, unit, documents }, p) => {
      applyConclusion(state, calendar, p);
      const signer = state.team ? findSigner(state.team, p.signer) : undefined;
      if (signer) {
        state.conclusion = {
          ...state.conclusion!,
          signer: signer.name,
          ...(signer.position ? { position: signer.position } : {}),
          ...(signer.authority ? { authority: signer.authority, signsFor: signer.signsFor } : {}),
        };
      }
      record(state.history, {
        at,
        actor: p.by,
        action: 'Ký ban hành kết luận kiểm tra',
        detail: `${signer ? describeSigner(signer) : p.signer}, ${dateInText(p.signedOn)}; ${state.recommendations.length} kiến nghị`,
      });
      transition(state, 'concluded', p.by, 'Kết luận đã ký', at);
      if (state.documents) {
        // The conclusion goes with the issued Kết luận (documentEmail); the Office issues the Thông báo kết luận.
        documents({ type: 'draft', kind: 'conclusion', by: p.by });
        documents({ type: 'draft', kind: 'conclusion_notice', by: p.by });
      } else queue('conclusion', unit, { conclusion: state.conclusion, recommendations: state.recommendations });
      if (state.recommendations.length > 0) transition(state, 'remediating', SYSTEM, 'Theo dõi khắc phục các kiến nghị', at);
      else transition(state, 'closed', SYSTEM, 'Kết luận không có kiến nghị', at);
    },
  },
  recordRemediationReport: {
    stages: UPDATE_STAGES.recordRemediationReport,
    check: (ctx, p) => {
      notFuture(ctx, p.receivedOn, 'Ngày nhận báo cáo khắc phục');
      for (const d of p.done) {
        const r = ctx.state.recommendations.find((x) => x.id === d.id);
        if (!r) refuse(`Không có kiến nghị ${d.id}`, `unknown recommendation ${d.id}`);
        if (r.status === 'done') refuse(`Kiến nghị ${d.id} đã được báo cáo hoàn thành`, `recommendation ${d.id} already done`);
      }
    },
    apply: ({ state, at }, p) => {
      for (const d of p.done) if (d.file) state.files.push({ ...d.file, for: `remediation:${d.id}`, at });
      for (const d of p.done) {
        const r = state.recommendations.find((x) => x.id === d.id)!;
        r.status = 'done';
        r.doneOn = p.receivedOn;
        r.evidence = d.evidence;
        r.overdue = false;
      }
      record(state.history, { at, actor: p.by, action: 'Ghi nhận báo cáo kết quả khắc phục', detail: p.done.map((d) => d.id).join(', ') });
      if (state.recommendations.every((r) => r.status === 'done'))
        transition(state, 'closed', SYSTEM, 'Mọi kiến nghị đã được khắc phục', at);
    },
  },
  reschedule: {
    stages: UPDATE_STAGES.reschedule,
    check: (ctx, p) => {
      workingDay(ctx, p.start, 'Ngày bắt đầu');
      workingDay(ctx, p.end, 'Ngày kết thúc');
      notPast(ctx, p.start, 'Ngày bắt đầu');
      if (p.end < p.start) refuse('Ngày kết thúc trước ngày bắt đầu', 'end before start');
      const surprise = p.surprise ?? ctx.state.kind === 'surprise';
      const visit = ctx.state.visit;
      if (p.start === visit.start && p.end === visit.end && surprise === (ctx.state.kind === 'surprise') && ctx.applies(REPEATS_REFUSED))
        refuse(
          `Lịch kiểm tra đã là ${formatDateVi(visit.start)} – ${formatDateVi(visit.end)}; không có gì thay đổi`,
          'visit already set to these days',
        );
      if (!surprise) {
        const noticeBy = noticeDeadline(ctx.calendar(), p.start).date;
        if (noticeBy < ctx.today) {
          refuse(
            `Lịch mới không còn đủ ${NOTICE_WORKING_DAYS} ngày làm việc để thông báo (phải thông báo chậm nhất ${dateInText(noticeBy)}); hãy chọn ngày muộn hơn hoặc chuyển sang kiểm tra đột xuất`,
            `less than ${NOTICE_WORKING_DAYS} working days of notice`,
          );
        }
      }
    },
    apply: ({ state, calendar, at, queue, unit, documents }, p) => {
      const before = state.visit;
      state.visit = { start: p.start, end: p.end };
      state.periodReviewed = { ...state.periodReviewed, to: p.start };
      if (p.surprise !== undefined) state.kind = p.surprise ? 'surprise' : 'periodic';
      state.scheduleRevision++;
      recomputeDeadlines(state, calendar);
      const clash = p.clashWith?.length ? `; chấp nhận trùng lịch với ${p.clashWith.join(', ')}` : '';
      record(state.history, {
        at,
        actor: p.by,
        action: 'Điều chỉnh lịch kiểm tra',
        detail: `${formatDateVi(before.start)} → ${formatDateVi(p.start)}${p.reason ? `; lý do: ${p.reason}` : ''}${clash}`,
      });
      // With documents, a new Thông báo citing the one before; the revised notice goes with it once issued.
      if (state.documents && state.kind === 'periodic') documents({ type: 'draft', kind: 'schedule_notice', by: p.by });
      else if (state.stage === 'notified') queue('revised_notice', unit, { reason: p.reason }, 'REQUEST');
    },
  },
  cancel: {
    stages: UPDATE_STAGES.cancel,
    check: noCheck,
    apply: ({ state, at, queue, unit }, p) => {
      const noticeSent = state.emails.some((e) => e.kind === 'notice' || e.kind === 'revised_notice');
      state.cancellation = { reason: p.reason, by: p.by, at };
      transition(state, 'cancelled', p.by, p.reason, at);
      if (noticeSent) queue('cancellation', unit, { reason: p.reason }, 'CANCEL');
    },
  },
  changeTeam: {
    stages: UPDATE_STAGES.changeTeam,
    check: (ctx, p) => {
      const team = ctx.state.team;
      if (!team)
        refuse(
          'Cuộc kiểm tra này được khởi tạo khi kế hoạch chưa ghi thành phần Đoàn kiểm tra; không thể thay đổi thành viên',
          'inspection has no team',
        );
      if (!p.remove && !p.add)
        refuse('Cần nêu thành viên rời Đoàn (--remove) hoặc thành viên mới (--add), hoặc cả hai', 'nothing to change');
      if (p.remove) {
        if (sameName(p.remove, team.lead.name))
          refuse(
            `${p.remove} là Trưởng đoàn; Trưởng đoàn do Quyết định thành lập Đoàn xác định, sửa trong kế hoạch`,
            'cannot remove the lead',
          );
        if (!team.members.some((m) => sameName(m.name, p.remove!)))
          refuse(
            `"${p.remove}" không phải thành viên Đoàn; thành viên hiện tại: ${team.members.map((m) => m.name).join(', ') || 'chưa có'}`,
            'not a member',
          );
      }
      if (p.add) {
        const people = [team.lead.name, ...team.deputies.map((d) => d.name), ...team.members.map((m) => m.name)];
        if (people.some((n) => sameName(n, p.add!.name)) && !(p.remove && sameName(p.remove, p.add.name)))
          refuse(`${p.add.name} đã là thành viên Đoàn kiểm tra`, 'already in the team');
      }
    },
    apply: ({ state, at }, p) => {
      const team = state.team!;
      const removed = p.remove ? team.members.find((m) => sameName(m.name, p.remove!)) : undefined;
      if (removed) team.members = team.members.filter((m) => m !== removed);
      if (p.add) team.members.push({ ...p.add });
      const change =
        removed && p.add
          ? `${describeMember(p.add)} thay ${describeMember(removed)}`
          : p.add
            ? `bổ sung ${describeMember(p.add)}`
            : `${describeMember(removed!)} không tham gia Đoàn`;
      record(state.history, { at, actor: p.by, action: 'Thay đổi thành viên Đoàn kiểm tra', detail: `${change}; lý do: ${p.reason}` });
    },
  },
  signDocument: {
    stages: UPDATE_STAGES.signDocument,
    check: (ctx, p) => {
      const doc = commandTarget(ctx.state, p.kind);
      needState(doc, ['drafted'], 'ký duyệt');
      checkedSigner(ctx.state, p.kind, p.signer);
    },
    apply: ({ state, at }, p) => applySign(state, latest(state, p.kind)!, checkedSigner(state, p.kind, p.signer), at, p.by),
  },
  uploadSignedDocument: {
    stages: UPDATE_STAGES.uploadSignedDocument,
    check: (ctx, p) => needState(commandTarget(ctx.state, p.kind), ['drafted'], 'tải lên bản ký số của'),
    apply: ({ state, documents }, p) => {
      const doc = latest(state, p.kind)!;
      doc.busy = 'upload';
      documents({ type: 'upload', docId: doc.id, file: p.file, by: p.by });
    },
  },
  issueDocument: {
    stages: UPDATE_STAGES.issueDocument,
    check: (ctx, p) => {
      const doc = commandTarget(ctx.state, p.kind);
      needState(doc, ['drafted', 'signed'], 'ban hành');
      if (doc.state === 'drafted' && !p.signer)
        refuse(
          `${DOCUMENT_KINDS[p.kind].label} chưa được ký: người ký duyệt trước (kiemtra documents sign) hoặc tải lên bản ký số (kiemtra documents upload), hoặc ghi người đã ký (--signer)`,
          'document not signed',
        );
      if (p.signer) checkedSigner(ctx.state, p.kind, p.signer);
      if (p.number && !DOCUMENT_KINDS[p.kind].numbered) refuse(`${DOCUMENT_KINDS[p.kind].label} không được cấp số`, 'kind not numbered');
      if (p.number && documentsOf(ctx.state).some((d) => d.symbol === p.number))
        refuse(`Số ${p.number} đã dùng cho văn bản khác của cuộc kiểm tra này`, 'number already used here');
    },
    apply: ({ state, documents }, p) => {
      const doc = latest(state, p.kind)!;
      doc.busy = 'issue';
      documents({
        type: 'issue',
        docId: doc.id,
        by: p.by,
        ...(p.number ? { number: p.number } : {}),
        ...(p.signer ? { signer: checkedSigner(state, p.kind, p.signer) } : {}),
      });
    },
  },
  withdrawDocument: {
    stages: UPDATE_STAGES.withdrawDocument,
    check: (ctx, p) => needState(commandTarget(ctx.state, p.kind), ['drafted', 'signed', 'issued', 'sent'], 'thu hồi'),
    apply: ({ state, documents, at }, p) => {
      const doc = latest(state, p.kind)!;
      if (!doc.symbol) return applyWithdraw(state, doc, p.reason, at, p.by);
      doc.busy = 'withdraw';
      documents({ type: 'withdraw', docId: doc.id, reason: p.reason, by: p.by });
    },
  },
  renderDocument: {
    stages: UPDATE_STAGES.renderDocument,
    check: (ctx, p) => {
      // A kind without a draft yet (its draft failed) is drafted; otherwise only a draft is rendered again.
      if (ctx.state.documents && !latest(ctx.state, p.kind)) return;
      const doc = commandTarget(ctx.state, p.kind);
      if (doc.state !== 'withdrawn') needState(doc, ['drafted'], 'lập lại');
    },
    apply: ({ documents }, p) => documents({ type: 'render', kind: p.kind, by: p.by }),
  },
  recordConclusionText: {
    stages: UPDATE_STAGES.recordConclusionText,
    check: (ctx, p) => {
      if (ctx.state.conclusion) refuse('Kết luận đã được ký; không thể sửa nội dung kết luận', 'conclusion already signed');
      if (ctx.state.conclusionText && JSON.stringify(ctx.state.conclusionText.sections) === JSON.stringify(p.sections))
        refuse('Nội dung kết luận này đã được ghi nhận; không có gì thay đổi', 'same conclusion text');
    },
    apply: ({ state, at }, p) => {
      const again = state.conclusionText !== undefined;
      state.conclusionText = { sections: p.sections, at, by: p.by };
      const paragraphs = p.sections.reduce((n, s) => n + s.paragraphs.length, 0);
      record(state.history, {
        at,
        actor: p.by,
        action: again ? 'Sửa lại nội dung kết luận' : 'Ghi nhận nội dung kết luận do Đoàn kiểm tra biên tập',
        detail: `${p.sections.length} mục, ${paragraphs} đoạn: ${p.sections.map((s) => s.heading).join('; ')}`,
      });
    },
  },
  requestDocuments: {
    stages: UPDATE_STAGES.requestDocuments,
    check: (ctx, p) => {
      const why = requestRefusal(ctx.state.documentRequests, p, ctx.today);
      if (why) refuse(why, 'request refused: empty, repeated, past or too many open');
      workingDay(ctx, p.dueBy, 'Hạn cung cấp tài liệu');
    },
    apply: ({ state, calendar, at, queue, unit }, p) => {
      const requests = (state.documentRequests ??= []);
      const request = { id: nextRequestId(requests), items: p.items, dueBy: p.dueBy, by: p.by, at, askedOn: localDateOf(Date.parse(at)) };
      requests.push(request);
      const d = forwardDeadline(calendar, `documents:${request.id}`, p.dueBy, 'điểm b khoản 3 Mục V của Kế hoạch kiểm tra năm 2026');
      state.deadlines.push(d);
      record(state.history, { at, actor: p.by, action: 'Yêu cầu đơn vị cung cấp tài liệu', detail: describeRequest(request) });
      queue('document_request', unit, { documentRequest: { id: request.id, items: request.items, dueBy: request.dueBy, by: request.by } });
    },
  },
  answerDocumentRequest: {
    stages: UPDATE_STAGES.answerDocumentRequest,
    check: (ctx, p) => {
      notFuture(ctx, p.receivedOn, 'Ngày nhận tài liệu');
      const ids = p.answers.map((a) => a.id);
      const twice = ids.find((id, i) => ids.indexOf(id) !== i);
      if (twice) refuse(`Yêu cầu ${twice} được trả lời hai lần trong cùng một lần gửi`, 'request answered twice');
      for (const a of p.answers) {
        const why = answerRefusal(ctx.state.documentRequests, a);
        if (why) refuse(why, `answer to ${a.id} refused`);
      }
    },
    apply: ({ state, at }, p) => {
      for (const a of p.answers) {
        const r = state.documentRequests!.find((x) => x.id === a.id)!;
        r.answer = { receivedOn: p.receivedOn, ...(a.note ? { note: a.note } : {}), files: a.files ?? [], by: p.by, at };
        if (a.files) state.files.push(...a.files.map((f) => ({ ...f, for: `documents:${a.id}`, at })));
        record(state.history, {
          at,
          actor: p.by,
          action: `Đơn vị cung cấp tài liệu theo yêu cầu ${a.id}`,
          detail: [
            `nhận ${formatDateVi(p.receivedOn)}`,
            a.files?.length ? `${a.files.length} tệp: ${a.files.map((f) => f.name).join(', ')}` : '',
            a.note ? `ghi chú: ${a.note}` : '',
          ]
            .filter(Boolean)
            .join('; '),
        });
      }
    },
  },
};

import {
  ApplicationFailure,
  condition,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { CalendarRangeError, WorkingCalendar } from '../../domain/calendar';
import { formatDateVi, localDateOf, localInstant, yearOf, type LocalDate } from '../../domain/dates';
import { forwardDeadline, inspectionDeadlines, NOTICE_WORKING_DAYS, noticeDeadline, type Deadline } from '../../domain/deadlines';
import { evaluateIndicators } from '../../domain/kpi';
import { describeIssue } from '../../domain/validation';
import { EMAIL_LABELS, type EmailKind } from '../../emails/kinds';
import { createMailer } from '../mailer';
import { notifyParent } from '../round-api';
import type { EmailData } from '../../emails/templates';
import { SA } from '../search-attributes';
import { agenda, overdueAt, type AgendaItem } from './agenda';
import {
  inspectionInputSchema,
  NOT_READY,
  stateQuery,
  updates,
  updateSchemas,
  type InspectionInput,
  type InspectionState,
  type UpdateInputs,
} from './api';
import { acceptsUpdate, canTransition, isFinal, STAGE_LABELS, type Stage, type UpdateName } from './stages';

const { calendarSnapshot } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10 },
  summary: 'Lấy lịch ngày làm việc',
});

const SYSTEM = 'hệ thống';

/** A rejected update: a Vietnamese message for coordinators, English detail for developers. */
function reject(vi: string, en: string): never {
  throw ApplicationFailure.nonRetryable(`${vi} (${en})`, 'InvalidUpdate');
}

/**
 * One inspection of one unit, from scheduling to the last remediation report. Driven by Workflow
 * Updates from the coordinators' CLI; the stages and transitions are in ./stages.ts, the timed
 * actions in ./agenda.ts. Returns the final state.
 */
export async function inspection(input: InspectionInput): Promise<InspectionState> {
  const parsed = inspectionInputSchema.safeParse(input);
  if (!parsed.success) throw ApplicationFailure.nonRetryable(`Dữ liệu khởi tạo không hợp lệ: ${describeIssue(parsed.error.issues[0]!)}`, 'InvalidInput');
  const config = parsed.data;
  const info = workflowInfo();
  const startYear = yearOf(config.visit.start);
  /** The working-day calendar of the years this inspection spans, from a recorded snapshot. */
  let cal: WorkingCalendar | undefined;
  /** Set once the calendar is loaded and any imported facts are in place. */
  let ready = false;
  const calendar = (): WorkingCalendar => {
    if (!cal) throw ApplicationFailure.nonRetryable('Cuộc kiểm tra đang khởi tạo, vui lòng thử lại sau giây lát (calendar snapshot not loaded yet)', NOT_READY);
    return cal;
  };

  const today = () => localDateOf(Date.now());
  const nowIso = () => new Date().toISOString();

  const state: InspectionState = {
    workflowId: info.workflowId,
    config,
    // An imported inspection is at its stage from the first moment, so validators judge updates right.
    stage: config.current?.stage ?? 'scheduled',
    stageSince: nowIso(),
    kind: config.kind,
    visit: { ...config.visit },
    periodReviewed: { from: config.periodReviewedFrom, to: config.visit.start },
    deadlines: [],
    overdue: [],
    findings: [],
    recommendations: [],
    history: [{ at: nowIso(), actor: SYSTEM, action: 'Lên lịch kiểm tra', detail: `${config.kind === 'surprise' ? 'Kiểm tra đột xuất' : 'Kiểm tra định kỳ'}, làm việc từ ${formatDateVi(config.visit.start)} đến ${formatDateVi(config.visit.end)}` }],
    emails: [],
    pendingReminders: [],
    scheduleRevision: 0,
  };
  const fired = new Set<string>();
  let version = 0;
  const changed = () => version++;

  const recomputeDeadlines = () => {
    const d = inspectionDeadlines(calendar(), { start: state.visit.start, end: state.visit.end, surprise: state.kind === 'surprise' });
    const keep = state.deadlines.filter((x) => x.id === 'response' || x.id.startsWith('remediation:'));
    state.deadlines = [d.notice, d.report, d.conclusion, ...keep].filter((x): x is Deadline => x !== undefined);
  };
  const deadlineOf = (id: string) => state.deadlines.find((d) => d.id === id);

  const transition = (to: Stage, by: string, why: string) => {
    if (!canTransition(state.stage, to)) throw ApplicationFailure.nonRetryable(`illegal transition ${state.stage} → ${to}`, 'IllegalTransition');
    state.history.push({ at: nowIso(), actor: by, action: `Chuyển giai đoạn: ${STAGE_LABELS[state.stage]} → ${STAGE_LABELS[to]}`, detail: why });
    state.stage = to;
    state.stageSince = nowIso();
  };

  const emailData = (extra: Partial<EmailData> = {}): EmailData => ({
    unitName: config.unit.name,
    contacts: config.contacts,
    visit: state.visit,
    periodReviewed: state.periodReviewed,
    reportBy: deadlineOf('report')?.date,
    ...extra,
  });
  const unit = config.unit.emails;
  const coordinator = [config.contacts.coordinator.email];
  const mailer = createMailer({
    workflowId: info.workflowId,
    records: state.emails,
    coordinator,
    failureData: (failed) => emailData({ failed }),
    onFailure: (record) => state.history.push({ at: nowIso(), actor: SYSTEM, action: `Không gửi được email "${EMAIL_LABELS[record.kind]}"`, detail: record.error }),
    onProgress: () => publish(undefined),
  });
  /** The visit as a calendar event, as it stands when the email is sent. */
  const invite = (method: 'REQUEST' | 'CANCEL') => () => ({
    uid: `${info.workflowId}@kiemtra`,
    sequence: state.scheduleRevision,
    method,
    start: state.visit.start,
    end: state.visit.end,
    summary: `Đoàn kiểm tra công tác kiểm soát TTHC làm việc tại ${config.unit.name}`,
    location: config.unit.name,
    description: `Kiểm tra công tác kiểm soát TTHC năm ${config.year}. Liên hệ: ${config.contacts.coordinator.name} (${config.contacts.coordinator.email}).`,
  });
  const queue = (kind: EmailKind, to: string[], extra: Partial<EmailData> = {}, method?: 'REQUEST' | 'CANCEL') =>
    mailer.queue(kind, to, emailData(extra), method ? invite(method) : undefined);
  const deadlineInfo = (d: Deadline | undefined) => (d ? { date: d.date, rule: d.rule, basis: d.basis } : undefined);

  // ---- validation helpers for updates --------------------------------------------------------
  const parse = <K extends UpdateName>(name: K, payload: unknown): UpdateInputs[K] => {
    if (!acceptsUpdate(state.stage, name)) {
      reject(`Không thể thực hiện "${name}" khi cuộc kiểm tra đang ở giai đoạn "${STAGE_LABELS[state.stage]}"`, `update ${name} not allowed in stage ${state.stage}`);
    }
    const r = updateSchemas[name].safeParse(payload);
    if (!r.success) reject(`Dữ liệu không hợp lệ: ${describeIssue(r.error.issues[0]!)}`, `invalid ${name} payload`);
    return r.data as UpdateInputs[K];
  };
  const workingDay = (d: LocalDate, what: string) => {
    const cal = calendar();
    let ok: boolean;
    try {
      ok = cal.isWorkingDay(d);
    } catch (err) {
      if (!(err instanceof CalendarRangeError)) throw err;
      reject(`${what} ${d} nằm ngoài phạm vi lịch của cuộc kiểm tra`, `date ${d} outside the calendar snapshot`);
    }
    if (!ok) reject(`${what} ${formatDateVi(d)} là ngày nghỉ`, `${d} is not a working day`);
  };
  const notPast = (d: LocalDate, what: string) => {
    if (d < today()) reject(`${what} ${formatDateVi(d)} đã qua`, `${d} is in the past`);
  };
  const notFuture = (d: LocalDate, what: string) => {
    if (d > today()) reject(`${what} ${formatDateVi(d)} chưa đến`, `${d} is in the future`);
  };

  // ---- updates ----------------------------------------------------------------------------------
  const handle = <K extends UpdateName>(name: K, check: (p: UpdateInputs[K]) => void, apply: (p: UpdateInputs[K]) => void) => {
    setHandler(
      updates[name] as never,
      (async (payload: UpdateInputs[K]) => {
        await condition(() => ready);
        const p = updateSchemas[name].parse(payload) as UpdateInputs[K];
        apply(p);
        refreshOverdue();
        changed();
        return state;
      }) as never,
      {
        validator: (payload: unknown) => {
          check(parse(name, payload));
        },
      } as never,
    );
  };

  handle(
    'recordReport',
    (p) => notFuture(p.receivedOn, 'Ngày nhận báo cáo'),
    (p) => {
      const reportBy = deadlineOf('report')?.date;
      const kpi = evaluateIndicators(p.indicators);
      state.report = { receivedOn: p.receivedOn, late: reportBy !== undefined && p.receivedOn > reportBy, kpi };
      for (const k of kpi.filter((x) => !x.met)) state.findings.push({ text: k.text, source: 'kpi', at: nowIso(), by: SYSTEM });
      state.history.push({ at: nowIso(), actor: p.by, action: 'Ghi nhận báo cáo phục vụ kiểm tra', detail: `nhận ngày ${formatDateVi(p.receivedOn)}${state.report.late ? ' (muộn)' : ''}; ${kpi.filter((x) => !x.met).length}/${kpi.length} chỉ tiêu chưa đạt` });
    },
  );
  handle(
    'recordOpeningMeeting',
    (p) => {
      notFuture(p.date, 'Ngày họp');
      if (p.date < state.visit.start) reject(`Cuộc họp mở đầu phải từ ngày làm việc đầu tiên ${formatDateVi(state.visit.start)}`, 'opening meeting before the visit');
      if (state.openingMeeting) reject('Cuộc họp mở đầu đã được ghi nhận', 'opening meeting already recorded');
    },
    (p) => {
      state.openingMeeting = { date: p.date, notes: p.notes };
      state.history.push({ at: nowIso(), actor: p.by, action: 'Ghi nhận cuộc họp mở đầu', detail: formatDateVi(p.date) });
    },
  );
  handle(
    'recordFinding',
    () => undefined,
    (p) => {
      state.findings.push({ text: p.text, source: 'team', at: nowIso(), by: p.by });
      state.history.push({ at: nowIso(), actor: p.by, action: 'Ghi nhận phát hiện', detail: p.text });
    },
  );
  handle(
    'recordClosingMeeting',
    (p) => {
      notFuture(p.date, 'Ngày họp');
      if (!state.openingMeeting) reject('Chưa ghi nhận cuộc họp mở đầu', 'no opening meeting yet');
      if (p.date < state.openingMeeting!.date) reject('Cuộc họp kết thúc không thể trước cuộc họp mở đầu', 'closing before opening');
    },
    (p) => {
      state.closingMeeting = { date: p.date, preliminaryResults: p.preliminaryResults };
      state.history.push({ at: nowIso(), actor: p.by, action: 'Ghi nhận cuộc họp kết thúc, thông báo sơ bộ kết quả', detail: formatDateVi(p.date) });
      transition('drafting', p.by, 'Kết thúc làm việc tại đơn vị');
    },
  );
  handle(
    'issueDraftConclusion',
    (p) => {
      notFuture(p.issuedOn, 'Ngày gửi dự thảo');
      if (state.draft) reject('Dự thảo kết luận đã được gửi', 'draft already issued');
      workingDay(p.responseBy, 'Hạn góp ý');
      notPast(p.responseBy, 'Hạn góp ý');
      if (p.responseBy <= p.issuedOn) reject('Hạn góp ý phải sau ngày gửi dự thảo', 'response deadline not after issue date');
      if (p.meetingDate) {
        workingDay(p.meetingDate, 'Ngày họp thông báo dự thảo');
        notPast(p.meetingDate, 'Ngày họp thông báo dự thảo');
      }
    },
    (p) => {
      state.draft = { issuedOn: p.issuedOn, recommendations: p.recommendations ?? [], meetingDate: p.meetingDate, responseBy: p.responseBy };
      const d = forwardDeadline(calendar(), 'response', p.responseBy, 'Kế hoạch kiểm tra năm 2026, Mục II.2.b');
      state.deadlines.push(d);
      state.history.push({ at: nowIso(), actor: p.by, action: 'Gửi dự thảo kết luận', detail: `hạn góp ý ${formatDateVi(p.responseBy)}` });
      queue('draft_conclusion', unit, { recommendationsDraft: state.draft.recommendations, meetingDate: p.meetingDate, deadline: deadlineInfo(d) });
    },
  );
  handle(
    'recordUnitResponse',
    (p) => {
      if (!state.draft) reject('Chưa có dự thảo kết luận', 'no draft conclusion issued');
      if (state.unitResponse) reject('Ý kiến của đơn vị đã được ghi nhận', 'response already recorded');
      notFuture(p.receivedOn, 'Ngày nhận ý kiến');
    },
    (p) => {
      state.unitResponse = { receivedOn: p.receivedOn, accepted: p.accepted, explanations: p.explanations };
      state.history.push({ at: nowIso(), actor: p.by, action: p.accepted ? 'Đơn vị tiếp thu dự thảo kết luận' : 'Đơn vị giải trình về dự thảo kết luận', detail: p.explanations });
    },
  );
  handle(
    'signConclusion',
    (p) => {
      notFuture(p.signedOn, 'Ngày ký');
      if (p.signedOn < state.visit.end) reject('Ngày ký kết luận không thể trước ngày làm việc cuối cùng', 'signed before the visit ended');
      for (const r of p.recommendations) {
        workingDay(r.deadline, 'Hạn khắc phục');
        notPast(r.deadline, 'Hạn khắc phục');
      }
    },
    (p) => {
      const by = deadlineOf('conclusion');
      state.conclusion = { signer: p.signer, signedOn: p.signedOn, late: by !== undefined && p.signedOn > by.date };
      state.recommendations = p.recommendations.map((r, i) => ({ id: `R${i + 1}`, text: r.text, deadline: r.deadline, status: 'open', overdue: false }));
      for (const r of state.recommendations) state.deadlines.push(forwardDeadline(calendar(), `remediation:${r.id}`, r.deadline, 'Kết luận kiểm tra'));
      state.history.push({ at: nowIso(), actor: p.by, action: 'Ký ban hành kết luận kiểm tra', detail: `${p.signer}, ngày ${formatDateVi(p.signedOn)}; ${state.recommendations.length} kiến nghị` });
      transition('concluded', p.by, 'Kết luận đã ký');
      queue('conclusion', unit, { conclusion: state.conclusion, recommendations: state.recommendations });
      if (state.recommendations.length > 0) transition('remediating', SYSTEM, 'Theo dõi khắc phục các kiến nghị');
      else transition('closed', SYSTEM, 'Kết luận không có kiến nghị');
    },
  );
  handle(
    'recordRemediationReport',
    (p) => {
      notFuture(p.receivedOn, 'Ngày nhận báo cáo khắc phục');
      for (const d of p.done) {
        const r = state.recommendations.find((x) => x.id === d.id);
        if (!r) reject(`Không có kiến nghị ${d.id}`, `unknown recommendation ${d.id}`);
        if (r.status === 'done') reject(`Kiến nghị ${d.id} đã được báo cáo hoàn thành`, `recommendation ${d.id} already done`);
      }
    },
    (p) => {
      for (const d of p.done) {
        const r = state.recommendations.find((x) => x.id === d.id)!;
        r.status = 'done';
        r.doneOn = p.receivedOn;
        r.evidence = d.evidence;
        r.overdue = false;
      }
      state.history.push({ at: nowIso(), actor: p.by, action: 'Ghi nhận báo cáo kết quả khắc phục', detail: p.done.map((d) => d.id).join(', ') });
      if (state.recommendations.every((r) => r.status === 'done')) transition('closed', SYSTEM, 'Mọi kiến nghị đã được khắc phục');
    },
  );
  handle(
    'reschedule',
    (p) => {
      workingDay(p.start, 'Ngày bắt đầu');
      workingDay(p.end, 'Ngày kết thúc');
      notPast(p.start, 'Ngày bắt đầu');
      if (p.end < p.start) reject('Ngày kết thúc trước ngày bắt đầu', 'end before start');
      const surprise = p.surprise ?? state.kind === 'surprise';
      if (!surprise) {
        const noticeBy = noticeDeadline(calendar(), p.start).date;
        if (noticeBy < today()) {
          reject(`Lịch mới không còn đủ ${NOTICE_WORKING_DAYS} ngày làm việc để thông báo (phải thông báo chậm nhất ${formatDateVi(noticeBy)}); hãy chọn ngày muộn hơn hoặc chuyển sang kiểm tra đột xuất`, 'less than 7 working days of notice');
        }
      }
    },
    (p) => {
      const before = state.visit;
      state.visit = { start: p.start, end: p.end };
      state.periodReviewed = { ...state.periodReviewed, to: p.start };
      if (p.surprise !== undefined) state.kind = p.surprise ? 'surprise' : 'periodic';
      state.scheduleRevision++;
      recomputeDeadlines();
      state.history.push({ at: nowIso(), actor: p.by, action: 'Điều chỉnh lịch kiểm tra', detail: `${formatDateVi(before.start)} → ${formatDateVi(p.start)}${p.reason ? `; lý do: ${p.reason}` : ''}` });
      if (state.stage === 'notified') queue('revised_notice', unit, { reason: p.reason }, 'REQUEST');
    },
  );
  handle(
    'cancel',
    () => undefined,
    (p) => {
      const noticeSent = state.emails.some((e) => e.kind === 'notice' || e.kind === 'revised_notice');
      state.cancellation = { reason: p.reason, by: p.by, at: nowIso() };
      transition('cancelled', p.by, p.reason);
      if (noticeSent) queue('cancellation', unit, { reason: p.reason }, 'CANCEL');
    },
  );
  setHandler(stateQuery, () => state);

  /** Brings in an inspection already under way: its stage and facts, recorded as imported. */
  function importCurrent(c: NonNullable<InspectionState['config']['current']>): void {
    const at = nowIso();
    const imported = (action: string, detail?: string) => state.history.push({ at, actor: SYSTEM, action, detail, imported: true });
    if (c.report) {
      const reportBy = deadlineOf('report')?.date;
      const kpi = evaluateIndicators(c.report.indicators);
      state.report = { receivedOn: c.report.receivedOn, late: reportBy !== undefined && c.report.receivedOn > reportBy, kpi };
      for (const k of kpi.filter((x) => !x.met)) state.findings.push({ text: k.text, source: 'kpi', at, by: SYSTEM });
      imported('Báo cáo phục vụ kiểm tra (nhập từ trước)', `nhận ngày ${formatDateVi(c.report.receivedOn)}`);
    }
    if (c.openingMeeting) {
      state.openingMeeting = { date: c.openingMeeting };
      imported('Cuộc họp mở đầu (nhập từ trước)', formatDateVi(c.openingMeeting));
    }
    if (c.closingMeeting) {
      state.closingMeeting = { date: c.closingMeeting.date, preliminaryResults: c.closingMeeting.preliminaryResults };
      imported('Cuộc họp kết thúc (nhập từ trước)', formatDateVi(c.closingMeeting.date));
    }
    if (c.conclusion) {
      const by = deadlineOf('conclusion');
      state.conclusion = { signer: c.conclusion.signer, signedOn: c.conclusion.signedOn, late: by !== undefined && c.conclusion.signedOn > by.date };
      state.recommendations = c.conclusion.recommendations.map((r, i) => ({
        id: `R${i + 1}`,
        text: r.text,
        deadline: r.deadline,
        status: r.doneOn ? 'done' : 'open',
        doneOn: r.doneOn,
        overdue: false,
      }));
      for (const r of state.recommendations) state.deadlines.push(forwardDeadline(calendar(), `remediation:${r.id}`, r.deadline, 'Kết luận kiểm tra'));
      imported('Kết luận kiểm tra (nhập từ trước)', `${c.conclusion.signer}, ngày ${formatDateVi(c.conclusion.signedOn)}`);
    }
    imported(`Nhập cuộc kiểm tra đang ở giai đoạn "${STAGE_LABELS[c.stage]}"`);
    state.stage = c.stage === 'remediating' && state.recommendations.every((r) => r.status === 'done') ? 'closed' : c.stage;
    state.stageSince = at;
  }

  // ---- timed actions --------------------------------------------------------------------------
  const perform = (item: AgendaItem) => {
    const a = item.action;
    state.history.push({ at: nowIso(), actor: SYSTEM, action: item.label });
    switch (a.type) {
      case 'send_notice':
        queue('notice', unit, { deadline: deadlineInfo(deadlineOf('notice')) }, 'REQUEST');
        transition('notified', SYSTEM, 'Đã gửi thông báo lịch kiểm tra');
        break;
      case 'visit_start':
        transition('on_site', SYSTEM, 'Đến ngày làm việc đầu tiên của Đoàn kiểm tra');
        break;
      case 'report_reminder':
        queue('report_reminder', unit, { deadline: deadlineInfo(deadlineOf('report')) });
        break;
      case 'report_overdue':
        queue('report_overdue_escalation', coordinator, { deadline: deadlineInfo(deadlineOf('report')) });
        break;
      case 'conclusion_reminder':
        queue('conclusion_reminder', [config.contacts.teamLead.email], { deadline: deadlineInfo(deadlineOf('conclusion')) });
        break;
      case 'conclusion_overdue':
        queue('conclusion_overdue_escalation', coordinator, { deadline: deadlineInfo(deadlineOf('conclusion')) });
        break;
      case 'response_reminder':
        queue('response_reminder', unit, { deadline: deadlineInfo(deadlineOf('response')) });
        break;
      case 'remediation_reminder':
      case 'remediation_overdue': {
        const recs = state.recommendations.filter((r) => a.ids.includes(r.id) && r.status === 'open');
        const kind = a.type === 'remediation_reminder' ? 'remediation_reminder' : 'remediation_overdue_escalation';
        if (recs.length) queue(kind, kind === 'remediation_reminder' ? unit : coordinator, { recommendations: recs, deadline: deadlineInfo(deadlineOf(`remediation:${recs[0]!.id}`)) });
        break;
      }
    }
  };

  const refreshOverdue = () => {
    const now = Date.now();
    const late = (id: string) => {
      const d = deadlineOf(id);
      return d !== undefined && now >= overdueAt(calendar(), d.date);
    };
    const overdue: string[] = [];
    if ((state.stage === 'notified' || state.stage === 'on_site') && !state.report && state.kind === 'periodic' && late('report')) overdue.push('report');
    if ((state.stage === 'on_site' || state.stage === 'drafting') && late('conclusion')) overdue.push('conclusion');
    if (state.stage === 'drafting' && state.draft && !state.unitResponse && late('response')) overdue.push('response');
    for (const r of state.recommendations) {
      r.overdue = state.stage === 'remediating' && r.status === 'open' && late(`remediation:${r.id}`);
      if (r.overdue) overdue.push(`remediation:${r.id}`);
    }
    state.overdue = overdue;
  };

  let published = '';
  const publish = (next: AgendaItem | undefined) => {
    refreshOverdue();
    const open = state.deadlines
      .filter((d) => !isFinal(state.stage) && isOpenDeadline(state, d))
      .sort((a, b) => a.date.localeCompare(b.date));
    const nextDeadline = open.find((d) => !state.overdue.includes(d.id)) ?? open[0];
    const attrs = {
      stage: state.stage,
      kind: state.kind,
      visit: state.visit.start,
      next: nextDeadline?.date,
      overdue: state.overdue.length > 0,
    };
    const key = JSON.stringify(attrs);
    if (key !== published) {
      published = key;
      upsertSearchAttributes([
        { key: SA.stage, value: state.stage },
        { key: SA.kind, value: state.kind },
        { key: SA.visitDate, value: localInstant(state.visit.start) },
        { key: SA.overdue, value: state.overdue.length > 0 },
        { key: SA.nextDeadline, value: nextDeadline ? localInstant(nextDeadline.date, '23:59') : null },
      ] as never);
    }
    state.pendingReminders = agenda(state, calendar())
      .filter((i) => !fired.has(i.id))
      .map((i) => ({ id: i.id, at: new Date(i.at).toISOString(), label: i.label }));
    setCurrentDetails(currentDetails(state, nextDeadline, next));
  };

  cal = new WorkingCalendar(await calendarSnapshot({ fromYear: startYear - 1, toYear: startYear + 3 }));
  recomputeDeadlines();
  if (config.current) {
    importCurrent(config.current);
    // Nothing is sent for the past: every timed action already due is marked done unsent.
    for (const item of agenda(state, calendar())) if (item.at <= Date.now()) fired.add(item.id);
  }
  ready = true;
  upsertSearchAttributes([
    { key: SA.unit, value: config.unit.name },
    { key: SA.unitKind, value: config.unit.kind },
    { key: SA.round, value: config.round },
  ]);

  // ---- main loop --------------------------------------------------------------------------------
  for (;;) {
    await mailer.drain(nowIso);
    if (isFinal(state.stage)) break;
    const due = agenda(state, calendar()).filter((i) => !fired.has(i.id));
    const next = due[0];
    if (next && next.at <= Date.now()) {
      fired.add(next.id);
      perform(next);
      continue;
    }
    publish(next);
    const seen = version;
    if (next) await condition(() => version !== seen || mailer.pending(), next.at - Date.now(), { summary: next.label });
    else await condition(() => version !== seen || mailer.pending());
  }
  publish(undefined);
  await notifyParent(info.workflowId, state.stage);
  return state;
}

/** Whether a deadline still waits for someone, given the state. */
function isOpenDeadline(state: InspectionState, d: Deadline): boolean {
  switch (d.id) {
    case 'notice':
      return state.stage === 'scheduled';
    case 'report':
      return !state.report && (state.stage === 'scheduled' || state.stage === 'notified');
    case 'conclusion':
      return !state.conclusion;
    case 'response':
      return !!state.draft && !state.unitResponse && state.stage === 'drafting';
    default: {
      const r = state.recommendations.find((x) => `remediation:${x.id}` === d.id);
      return !!r && r.status === 'open';
    }
  }
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

/** The Vietnamese Markdown summary shown in the Web UI. */
function currentDetails(state: InspectionState, next: Deadline | undefined, timer: AgendaItem | undefined): string {
  const lines = [
    `**${state.config.unit.name}**: ${STAGE_LABELS[state.stage]}${state.kind === 'surprise' ? ' (đột xuất)' : ''}`,
    '',
    `- Đoàn làm việc: ${formatDateVi(state.visit.start)} → ${formatDateVi(state.visit.end)}`,
    `- Đang chờ: ${WAITING[state.stage]}`,
  ];
  if (next) lines.push(`- Hạn tiếp theo: ${formatDateVi(next.date)}, ${overdueLabel(next.id)}`);
  if (timer) lines.push(`- Việc hẹn giờ tiếp theo: ${timer.label}, ${formatDateVi(localDateOf(timer.at))} ${new Date(timer.at + 7 * 3_600_000).toISOString().slice(11, 16)}`);
  if (state.overdue.length) lines.push(`- **Quá hạn**: ${state.overdue.map(overdueLabel).join('; ')}`);
  const open = state.recommendations.filter((r) => r.status === 'open').length;
  if (state.recommendations.length) lines.push(`- Kiến nghị: ${state.recommendations.length - open}/${state.recommendations.length} đã khắc phục`);
  const failed = state.emails.filter((e) => e.status === 'failed').length;
  if (failed) lines.push(`- Email không gửi được: ${failed} (đã báo điều phối viên)`);
  return lines.join('\n');
}

function overdueLabel(id: string): string {
  if (id === 'notice') return 'gửi thông báo lịch kiểm tra';
  if (id === 'report') return 'báo cáo của đơn vị';
  if (id === 'conclusion') return 'ban hành kết luận';
  if (id === 'response') return 'ý kiến về dự thảo';
  return `khắc phục kiến nghị ${id.split(':')[1]}`;
}

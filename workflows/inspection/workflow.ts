import {
  ApplicationFailure,
  condition,
  patched,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { WorkingCalendar } from '../../domain/calendar';
import { formatLocalDateTime, localDateOf, yearOf } from '../../domain/dates';
import { EMAIL_LABELS, type EmailKind } from '../../emails/kinds';
import type { EmailData } from '../../emails/templates';
import { createMailer } from '../mailer';
import { snapshotCalendar } from '../common';
import { yearTargets } from '../targets';
import { handleLinkReissue } from '../links';
import { notifyParent, notifyParentOfVisit } from '../round-api';
import { SA } from '../search-attributes';
import { actionDeadline, performAction } from './actions';
import { PAST_AT_START } from '../../domain/send-times';
import { agenda, deferPastEscalations, isEscalation, type AgendaItem } from './agenda';
import { APPLY } from './handlers';
import { parseInspectionInput, type InspectionInput } from './input';
import { project } from './projection';
import { isFinal } from './stages';
import { deadlineOf, importCurrent, initialState, recomputeDeadlines, refreshOverdue, SYSTEM, type InspectionState } from './state';
import { NOT_READY, stateQuery, updatePayload, updates, type UpdateName } from './updates';
import { CHECKS, parseUpdate } from './validators';


/** Registers an update's handler and validator, typed by its definition. */
function onUpdate<Ret, Args extends unknown[]>(def: UpdateDefinition<Ret, Args>, handler: (...args: Args) => Promise<Ret>, validator: (...args: Args) => void): void {
  setHandler(def, handler, { validator });
}

/**
 * One inspection of one unit, from scheduling to the last remediation report, driven by Workflow
 * Updates from the coordinators' CLI. The rules live beside it: stages and transitions in
 * ./stages.ts, validators in ./validators.ts, what each update does in ./handlers.ts, the timed
 * actions in ./agenda.ts and ./actions.ts, the Web UI's view in ./projection.ts, the state in
 * ./state.ts. This file loads the calendar, wires them to Temporal and runs the main loop.
 * Returns the final state.
 */
export async function inspection(input: InspectionInput): Promise<InspectionState> {
  const parsed = parseInspectionInput(input);
  if (!parsed.ok) throw ApplicationFailure.nonRetryable(`Dữ liệu khởi tạo không hợp lệ: ${parsed.message}`, 'InvalidInput');
  const config = parsed.config;
  const info = workflowInfo();
  const nowIso = () => new Date().toISOString();
  const state = initialState(info.workflowId, config, nowIso());
  /** The working-day calendar of the years this inspection spans, from a recorded snapshot. */
  let cal: WorkingCalendar | undefined;
  /** Set once the calendar is loaded and any imported facts are in place. */
  let ready = false;
  const calendar = (): WorkingCalendar => {
    if (!cal) throw ApplicationFailure.nonRetryable('Cuộc kiểm tra đang khởi tạo, vui lòng thử lại sau giây lát (calendar snapshot not loaded yet)', NOT_READY);
    return cal;
  };
  /** The agenda items already performed (or skipped as past on import). */
  const fired = new Set<string>();
  let version = 0;

  const mailer = createMailer({
    workflowId: info.workflowId,
    records: state.emails,
    coordinator: [config.contacts.coordinator.email],
    failureData: (failed) => emailData({ failed }),
    onFailure: (record) => state.history.push({ at: nowIso(), actor: SYSTEM, action: `Không gửi được email "${EMAIL_LABELS[record.kind]}"`, detail: record.error }),
    onProgress: () => publish(undefined),
  });
  function emailData(extra: Partial<EmailData> = {}): EmailData {
    return { unitName: config.unit.name, contacts: config.contacts, visit: state.visit, periodReviewed: state.periodReviewed, reportBy: deadlineOf(state, 'report')?.date, linkGenerations: { ...state.linkGenerations }, ...extra };
  }
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
  const queue = (kind: EmailKind, to: string[], extra: Partial<EmailData> = {}, method?: 'REQUEST' | 'CANCEL') => mailer.queue(kind, to, emailData(extra), method ? invite(method) : undefined);

  // ---- updates: validator (read-only) and handler (applies), for every update name -------------
  const register = <K extends UpdateName>(name: K) => {
    const check = CHECKS[name];
    const apply = APPLY[name];
    onUpdate(
      updates[name],
      async (payload) => {
        await condition(() => ready);
        apply({ state, calendar: calendar(), targets: state.targets!.targets, at: nowIso(), queue, unit: config.unit.emails }, updatePayload(name, payload));
        refreshOverdue(state, calendar(), Date.now());
        version++;
        if (name === 'reschedule') await notifyParentOfVisit(info.workflowId, state.visit);
        return state;
      },
      (payload) => check({ state, calendar, today: localDateOf(Date.now()) }, parseUpdate(state, name, payload)),
    );
  };
  for (const name of Object.keys(updates) as UpdateName[]) register(name);
  setHandler(stateQuery, () => state);
  handleLinkReissue({
    actions: ['ack', 'report', 'response', 'remediation'],
    generations: state.linkGenerations,
    history: state.history,
    unit: config.unit.name,
    deadline: (a) =>
      a === 'ack' ? state.visit.start : a === 'report' ? deadlineOf(state, 'report')?.date : a === 'response' ? state.draft?.responseBy : state.recommendations.map((r) => r.deadline).sort().at(-1),
  });

  // ---- the Web UI's view ---------------------------------------------------------------------
  let published = '';
  const publish = (next: AgendaItem | undefined) => {
    refreshOverdue(state, calendar(), Date.now());
    const view = project(state, timedActions(), fired, next);
    if (view.attributesKey !== published) {
      published = view.attributesKey;
      const a = view.attributes;
      upsertSearchAttributes([
        { key: SA.stage, value: a.stage },
        { key: SA.kind, value: a.kind },
        { key: SA.visitDate, value: a.visitDate },
        { key: SA.overdue, value: a.overdue },
        { key: SA.nextDeadline, value: a.nextDeadline },
      ]);
    }
    state.pendingReminders = view.pendingReminders;
    setCurrentDetails(view.details);
  };

  // ---- timed actions ---------------------------------------------------------------------------
  /** The agenda as this execution runs it. */
  const timedActions = (): AgendaItem[] => (deferPast ? deferPastEscalations(agenda(state, calendar()), calendar(), startedAt) : agenda(state, calendar()));
  const perform = (item: AgendaItem) => {
    for (const email of performAction(state, item, nowIso())) {
      const recommendations = email.recommendationIds ? state.recommendations.filter((r) => email.recommendationIds!.includes(r.id)) : undefined;
      queue(email.kind, email.to, { ...(recommendations ? { recommendations } : {}), deadline: actionDeadline(state, email) }, email.invite);
    }
  };

  const startedAt = Date.now();
  const targets = yearTargets(config.year);
  cal = await snapshotCalendar(yearOf(config.visit.start) - 1, yearOf(config.visit.start) + 3);
  state.targets = await targets;
  recomputeDeadlines(state, cal);
  /** Escalations already due at the start go out once at the next 08:00 (added November 2026). */
  const deferPast = patched('escalate-past-deadlines-at-start');
  if (config.current) {
    importCurrent(state, cal, state.targets.targets, config.current, nowIso());
    // Nothing is sent for the past: every reminder already due is marked done unsent.
    for (const item of agenda(state, cal)) if (item.at <= Date.now() && !(deferPast && isEscalation(item.action))) fired.add(item.id);
    for (const item of timedActions()) {
      if (item.label.endsWith(`(${PAST_AT_START})`)) state.history.push({ at: nowIso(), actor: SYSTEM, action: `${item.label}: gửi lúc ${formatLocalDateTime(item.at)}` });
    }
  }
  ready = true;
  upsertSearchAttributes([
    { key: SA.unit, value: config.unit.name },
    { key: SA.unitKind, value: config.unit.kind },
    { key: SA.round, value: config.round },
  ]);

  // ---- main loop -------------------------------------------------------------------------------
  for (;;) {
    await mailer.drain(nowIso);
    if (isFinal(state.stage)) break;
    const next = timedActions().find((i) => !fired.has(i.id));
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

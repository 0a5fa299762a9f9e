import { patched, setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { WorkingCalendar } from '../../domain/calendar';
import { formatLocalDateTime, localDateOf, yearOf } from '../../domain/dates';
import { acceptingRecordedText } from '../../domain/validation';
import { PAST_AT_START } from '../../domain/send-times';
import { importedSignerRefusal } from '../../domain/team';
import type { EmailKind } from '../../emails/kinds';
import type { EmailData } from '../../emails/templates';
import { recordingMailer, snapshotCalendar } from '../common';
import { record, SYSTEM } from '../kit/history';
import { notifyParentOfVisit } from '../kit/parent';
import { runProcess } from '../kit/process';
import { createPublisher } from '../kit/publish';
import { invalidInput, startValue } from '../kit/refusal';
import { ruleApplies, wrongStageRefusal } from '../kit/updates';
import { handleLinkReissue } from '../links';
import { SA } from '../search-attributes';
import { yearTargets } from '../targets';
import { actionDeadline, performAction } from './actions';
import { agenda, deferPastEscalations, isEscalation, type AgendaItem } from './agenda';
import { CURRENT_SIGNER_FROM_TEAM, parseInspectionInput, type InspectionInput } from './input';
import { project } from './projection';
import { isFinal, STAGE_LABELS, STAGES } from './stages';
import { deadlineOf, importCurrent, initialState, linkDeadline, recomputeDeadlines, refreshOverdue } from './state';
import { createDesk } from './desk';
import type { DocumentJob } from './desk-jobs';
import { latest } from './documents';
import { DOCUMENTS_LIFE, REPORT_IN_FULL, SENDS_CONCLUSION_NOTICE, UPDATE_TABLE } from './table';
import type { InspectionState } from './types';
import { acceptedLater, stateQuery, UPDATE_LABELS, updates, updateSchemas, type UpdateName } from './updates';

/**
 * One inspection of one unit, from scheduling to the last remediation report, driven by Workflow
 * Updates from the coordinators' CLI and the units' pages, on the workflow kit (../kit). The rules
 * live beside it: stages and transitions in ./stages.ts, the update table (stages, check, apply of
 * each update) in ./table.ts, the timed actions in ./agenda.ts and ./actions.ts, the Web UI's view
 * in ./projection.ts, the state's rules in ./state.ts. This file supplies them to `runProcess`.
 * Returns the final state.
 */
export async function inspection(input: InspectionInput): Promise<InspectionState> {
  // The client checked the text rules; an input an older release accepted replays as it ran.
  const parsed = acceptingRecordedText(() => parseInspectionInput(input));
  if (!parsed.ok) invalidInput(parsed.message);
  const config = parsed.config;
  // Checked at the start of new executions only: one an older release started replays as it ran.
  const signer = importedSignerRefusal(config.team, config.current);
  if (signer && patched(CURRENT_SIGNER_FROM_TEAM)) invalidInput(signer);
  const info = workflowInfo();
  const nowIso = () => new Date().toISOString();
  const state = initialState(info.workflowId, config, nowIso());
  /** The working-day calendar of the years this inspection spans, from a recorded snapshot. */
  const cal = startValue<WorkingCalendar>('calendar snapshot', 'Cuộc kiểm tra');
  /** The agenda items already performed (or skipped as past on import). */
  const fired = new Set<string>();

  const mailer = recordingMailer({
    workflowId: info.workflowId,
    records: state.emails,
    history: state.history,
    coordinator: [config.contacts.coordinator.email],
    data: () => emailData(),
    onProgress: () => publish(undefined),
  });
  function emailData(extra: Partial<EmailData> = {}): EmailData {
    return {
      unitName: config.unit.name,
      contacts: config.contacts,
      visit: state.visit,
      periodReviewed: state.periodReviewed,
      reportBy: deadlineOf(state, 'report')?.date,
      linkGenerations: { ...state.linkGenerations },
      ...(state.team ? { team: state.team } : {}),
      ...extra,
    };
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
  const queue = (kind: EmailKind, to: string[], extra: Partial<EmailData> = {}, method?: 'REQUEST' | 'CANCEL') =>
    mailer.queue(kind, to, emailData(extra), method ? invite(method) : undefined);

  // ---- documents (December 2026, inspections started with `documents`) ------------------------
  /** Whether the issued Thông báo kết luận goes to the unit and the end waits for it (December 2026). */
  let sendsConclusionNotice = false;
  const desk = createDesk({
    state,
    workflowId: info.workflowId,
    nowIso,
    sendsConclusionNotice: () => sendsConclusionNotice,
    send: (kind, to, extra, method, files) => mailer.queue(kind, to, emailData(extra), method ? invite(method) : undefined, files),
  });
  /** The document job of the command being applied: its handler runs it (see `after`). */
  let commandJob: DocumentJob | undefined;
  const documentJob = (job: DocumentJob) => {
    if (job.type === 'draft') desk.later(job);
    else commandJob = job;
  };
  /** The loop's mail: the desk's jobs first (an issue queues its email), then the mail. */
  const outbox = {
    drain: async (now: () => string) => {
      await desk.drain();
      await mailer.drain(now);
    },
    pending: () => desk.pending() || mailer.pending(),
  };
  /**
   * With documents, the workflow ends only once the Kết luận is sent (its email waits for its
   * issue), and the Thông báo kết luận with it where it is sent.
   */
  const unsent = (kind: 'conclusion' | 'conclusion_notice') =>
    ['drafted', 'signed', 'issued'].includes(latest(state, kind)?.state ?? 'sent');
  const finished = () =>
    isFinal(state.stage) &&
    (state.stage === 'cancelled' || !state.documents || !(unsent('conclusion') || (sendsConclusionNotice && unsent('conclusion_notice'))));

  // ---- the Web UI's view ---------------------------------------------------------------------
  /** Executions started before the kit (December 2026) upsert the five changing attributes together. */
  let diffed = false;
  const publisher = createPublisher();
  let published = '';
  const publish = (next: AgendaItem | undefined) => {
    refreshOverdue(state, cal.get(), Date.now());
    const view = project(state, timedActions(), fired, next);
    const a = view.attributes;
    const changing = [
      { key: SA.stage, value: a.stage },
      { key: SA.kind, value: a.kind },
      { key: SA.visitDate, value: a.visitDate },
      { key: SA.overdue, value: a.overdue },
      { key: SA.nextDeadline, value: a.nextDeadline },
    ];
    state.pendingReminders = view.pendingReminders;
    if (diffed) {
      publisher.publish(
        [
          ...changing,
          { key: SA.unit, value: config.unit.name },
          { key: SA.unitKind, value: config.unit.kind },
          { key: SA.round, value: config.round },
        ],
        view.details,
      );
      return;
    }
    if (view.attributesKey !== published) {
      published = view.attributesKey;
      upsertSearchAttributes(changing);
    }
    setCurrentDetails(view.details);
  };

  /** How the report is evaluated: the targets' comparisons; before the report in full, the labels of then. */
  const evaluation = () => ({ comparisons: state.targets?.comparisons, legacyLabels: !state.reportInFull });

  // ---- timed actions ---------------------------------------------------------------------------
  let startedAt = 0;
  /** Escalations already due at the start go out once at the next 08:00 (added November 2026). */
  let deferPast = false;
  /** The agenda as this execution runs it. */
  const timedActions = (): AgendaItem[] =>
    deferPast ? deferPastEscalations(agenda(state, cal.get()), cal.get(), startedAt) : agenda(state, cal.get());
  const fire = (item: AgendaItem) => {
    if (item.action.type === 'document_auto_issue') desk.autoIssue(item.action.kind);
    for (const email of performAction(state, item, nowIso())) {
      const recommendations = email.recommendationIds
        ? state.recommendations.filter((r) => email.recommendationIds!.includes(r.id))
        : undefined;
      queue(
        email.kind,
        email.to,
        {
          ...(recommendations ? { recommendations } : {}),
          deadline: actionDeadline(state, email),
          ...(email.document ? { document: email.document } : {}),
          ...(email.documentRequest ? { documentRequest: email.documentRequest } : {}),
          ...(email.missingForms ? { missingForms: email.missingForms } : {}),
        },
        email.invite,
      );
    }
  };

  const start = async () => {
    startedAt = Date.now();
    const targets = yearTargets(config.year);
    cal.set(await snapshotCalendar(yearOf(config.visit.start) - 1, yearOf(config.visit.start) + 3));
    state.targets = await targets;
    recomputeDeadlines(state, cal.get());
    deferPast = patched('escalate-past-deadlines-at-start');
    diffed = patched('kit-diffed-publish');
    if (patched(REPORT_IN_FULL)) state.reportInFull = true;
    if (config.documents && patched(DOCUMENTS_LIFE)) {
      state.documents = [];
      sendsConclusionNotice = patched(SENDS_CONCLUSION_NOTICE);
      // The Thông báo lịch làm việc is drafted at the start; the notice waits for its issue.
      if (state.kind === 'periodic' && !config.current) desk.later({ type: 'draft', kind: 'schedule_notice', by: SYSTEM });
    }
    if (config.current) {
      importCurrent(state, cal.get(), state.targets.targets, config.current, nowIso(), evaluation());
      // Nothing is sent for the past: every reminder already due is marked done unsent.
      for (const item of agenda(state, cal.get()))
        if (item.at <= Date.now() && !(deferPast && isEscalation(item.action))) fired.add(item.id);
      for (const item of timedActions()) {
        if (item.label.endsWith(`(${PAST_AT_START})`))
          record(state.history, { actor: SYSTEM, action: `${item.label}: gửi lúc ${formatLocalDateTime(item.at)}` });
      }
    }
    if (!diffed) {
      upsertSearchAttributes([
        { key: SA.unit, value: config.unit.name },
        { key: SA.unitKind, value: config.unit.kind },
        { key: SA.round, value: config.round },
      ]);
    }
  };

  return runProcess({
    state,
    query: stateQuery,
    updates: {
      definitions: updates,
      schemas: updateSchemas,
      table: UPDATE_TABLE,
      stage: () => state.stage,
      wrongStage: wrongStageRefusal(
        'cuộc kiểm tra',
        (s) => STAGE_LABELS[s],
        (name) => UPDATE_LABELS[name as UpdateName],
        (name, stage) => acceptedLater(name as UpdateName, stage, STAGES, (s) => STAGE_LABELS[s]),
      ),
      checkContext: (phase) => ({
        state,
        calendar: () => cal.get(),
        today: localDateOf(Date.now()),
        applies: (rule) => ruleApplies(phase, rule),
      }),
      applyContext: () => ({
        state,
        calendar: cal.get(),
        targets: state.targets!.targets,
        evaluation: evaluation(),
        at: nowIso(),
        queue,
        unit: config.unit.emails,
        documents: documentJob,
      }),
      after: async (name) => {
        const job = commandJob;
        commandJob = undefined;
        if (job) await desk.command(job);
        refreshOverdue(state, cal.get(), Date.now());
        if (name === 'reschedule') await notifyParentOfVisit(info.workflowId, state.visit);
      },
    },
    handlers: () =>
      handleLinkReissue({
        actions: ['ack', 'report', 'response', 'remediation', 'documents', 'forms'],
        generations: state.linkGenerations,
        history: state.history,
        unit: config.unit.name,
        deadline: (a) => linkDeadline(state, a),
      }),
    start,
    agenda: { items: timedActions, fired, fire, isFinal: finished, mailer: outbox, publish },
    finalStage: () => state.stage,
  });
}

import { condition, patched, setCurrentDetails, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { dateInText, formatDateVi, formatLocalDateTime, localDateOf, localInstant, yearOf } from '../../domain/dates';
import { beforeDateDeadline } from '../../domain/deadlines';
import { evaluateIndicators } from '../../domain/kpi';
import type { LinkAction } from '../../domain/links';
import { at8, nextSendMoment, overdueAt, PAST_AT_START } from '../../domain/send-times';
import { EMAIL_LABELS } from '../../emails/kinds';
import { snapshotCalendar } from '../common';
import { notifyParent } from '../kit/parent';
import { parsePayload, refuse } from '../kit/refusal';
import { handleLinkReissue } from '../links';
import { createMailer } from '../mailer';
import { SA } from '../search-attributes';
import { yearTargets } from '../targets';
import type { SelfInspectionConfig } from './input';
import type { SelfInspectionState } from './types';
import { recordSelfInspectionReport, selfInspectionSchemas, selfInspectionStateQuery } from './updates';
import { markdownText } from '../../domain/safe-text';

/**
 * The self-inspection as it ran before the workflow kit (December 2026): executions started
 * earlier replay through this path (./workflow.ts chooses it with `patched()`), so the commands
 * they issued (every search attribute upserted on every publish) stay exactly as recorded.
 * Frozen: do not change what it issues.
 */

/** The self-inspection of one unit outside the round, before the kit. */
export async function selfInspectionBeforeKit(config: SelfInspectionConfig): Promise<SelfInspectionState> {
  const info = workflowInfo();
  const nowIso = () => new Date().toISOString();
  const state: SelfInspectionState = {
    workflowId: info.workflowId,
    unit: config.unit.name,
    stage: 'self_waiting',
    overdue: false,
    pending: [],
    emails: [],
    history: [{ at: nowIso(), actor: 'hệ thống', action: 'Bắt đầu theo dõi báo cáo tự kiểm tra' }],
  };
  setHandler(selfInspectionStateQuery, () => state);
  const generations: Partial<Record<LinkAction, number>> = {};
  state.linkGenerations = generations;
  handleLinkReissue({
    actions: ['self'],
    generations,
    history: state.history,
    unit: config.unit.name,
    deadline: () => state.deadline?.date,
  });
  setHandler(
    recordSelfInspectionReport,
    async (p) => {
      if (p.indicators && !state.targets) await condition(() => state.targets !== undefined);
      state.receivedOn = p.receivedOn;
      state.late = state.deadline !== undefined && p.receivedOn > state.deadline.date;
      if (p.indicators) state.kpi = evaluateIndicators(p.indicators, state.targets!.targets);
      if (p.files) state.files = p.files;
      state.stage = 'self_received';
      state.overdue = false;
      state.history.push({ at: nowIso(), actor: p.by, action: `Nhận báo cáo tự kiểm tra ${dateInText(p.receivedOn)}` });
      return state;
    },
    {
      validator: (p) => {
        const data = parsePayload(selfInspectionSchemas.recordReport, p, 'recordReport');
        if (state.stage !== 'self_waiting') refuse('Báo cáo tự kiểm tra đã được ghi nhận', 'already recorded');
        if (data.receivedOn > localDateOf(Date.now())) refuse(`Ngày nhận ${formatDateVi(data.receivedOn)} chưa đến`, 'date in the future');
      },
    },
  );

  const targets = yearTargets(config.year);
  const cal = await snapshotCalendar(yearOf(config.before) - 1, yearOf(config.before));
  state.targets = await targets;
  const deadline = beforeDateDeadline(cal, 'self-inspection', config.before, config.basis);
  state.deadline = deadline;
  const data = {
    unitName: config.unit.name,
    contacts: config.contacts,
    deadline: { date: deadline.date, rule: deadline.rule, basis: deadline.basis },
    linkGenerations: generations,
  };
  const mailer = createMailer({
    workflowId: info.workflowId,
    records: state.emails,
    coordinator: [config.contacts.coordinator.email],
    failureData: (failed) => ({ ...data, failed }),
    onFailure: (r) => state.history.push({ at: nowIso(), actor: 'hệ thống', action: `Không gửi được email "${EMAIL_LABELS[r.kind]}"` }),
    onProgress: () => undefined,
  });

  const startedAt = Date.now();
  const overdueMoment = overdueAt(cal, deadline.date);
  /** An escalation already due at the start goes out once at the next 08:00 (added November 2026). */
  const deferPast = patched('escalate-past-deadlines-at-start');
  const escalation = {
    at: overdueMoment,
    kind: 'self_inspection_overdue_escalation' as const,
    to: [config.contacts.coordinator.email],
    label: 'Báo cáo tự kiểm tra quá hạn: báo điều phối viên',
  };
  if (deferPast && overdueMoment < startedAt) {
    Object.assign(escalation, { at: nextSendMoment(cal, startedAt), label: `${escalation.label} (${PAST_AT_START})` });
    state.history.push({
      at: nowIso(),
      actor: 'hệ thống',
      action: `Hạn ${dateInText(deadline.date)} đã qua khi bắt đầu theo dõi: báo điều phối viên lúc ${formatLocalDateTime(escalation.at)}`,
    });
  }
  const agenda = [
    ...config.remindersWorkingDaysBefore.map((k) => ({
      at: at8(cal.addWorkingDays(deadline.date, -k)),
      kind: 'self_inspection_reminder' as const,
      to: config.unit.emails,
      label: 'Nhắc hạn báo cáo tự kiểm tra',
    })),
    escalation,
  ]
    .filter((a) => a.at >= startedAt)
    .sort((a, b) => a.at - b.at);

  const publish = () => {
    state.overdue = state.stage === 'self_waiting' && Date.now() >= overdueMoment;
    state.pending = state.stage === 'self_waiting' ? agenda.map((a) => ({ at: new Date(a.at).toISOString(), label: a.label })) : [];
    upsertSearchAttributes([
      { key: SA.round, value: config.round },
      { key: SA.unit, value: config.unit.name },
      { key: SA.unitKind, value: config.unit.kind },
      { key: SA.kind, value: 'self' },
      { key: SA.stage, value: state.stage },
      { key: SA.overdue, value: state.overdue },
      { key: SA.nextDeadline, value: state.stage === 'self_waiting' ? localInstant(deadline.date, '23:59') : null },
    ]);
    setCurrentDetails(
      [
        `**${markdownText(config.unit.name)}**: ${state.stage === 'self_received' ? `đã nộp báo cáo tự kiểm tra ${dateInText(state.receivedOn!)}` : 'chờ báo cáo tự kiểm tra'}`,
        '',
        `- Hạn: ${formatDateVi(deadline.date)} (${deadline.rule})`,
        ...(state.overdue ? ['- **Quá hạn**'] : []),
      ].join('\n'),
    );
  };

  while (state.stage === 'self_waiting') {
    publish();
    const next = agenda[0];
    if (next && next.at <= Date.now()) {
      agenda.shift();
      mailer.queue(next.kind, next.to, data);
      state.history.push({ at: nowIso(), actor: 'hệ thống', action: next.label });
      await mailer.drain(nowIso);
      continue;
    }
    if (next) await condition(() => state.stage !== 'self_waiting', next.at - Date.now(), { summary: next.label });
    else await condition(() => state.stage !== 'self_waiting');
  }
  publish();
  await notifyParent(state.workflowId, state.stage);
  return state;
}

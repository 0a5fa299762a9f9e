import {
  ApplicationFailure,
  condition,
  defineQuery,
  patched,
  defineUpdate,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { formatDateVi, formatLocalDateTime, localDateOf, localInstant, yearOf, type LocalDate } from '../domain/dates';
import { beforeDateDeadline, type Deadline } from '../domain/deadlines';
import { dateSchema, describeIssue, emailSchema, filesSchema, line, centerSchema, personSchema, roundIdSchema, z, type FileRef } from '../domain/validation';
import type { LinkAction } from '../domain/links';
import { handleLinkReissue } from './links';
import { evaluateIndicators, indicatorsSchema, type KpiResult, type YearTargets } from '../domain/kpi';
import { yearTargets } from './targets';
import { EMAIL_LABELS } from '../emails/kinds';
import { createMailer, type EmailRecord } from './mailer';
import { notifyParent } from './round-api';
import { at8, nextSendMoment, overdueAt, PAST_AT_START } from '../domain/send-times';
import { snapshotCalendar, startInput } from './common';
import { SA } from './search-attributes';

/**
 * A unit outside the round: it self-inspects and reports before a date (Mục V.4 of the plan).
 * Reminders before the deadline, an escalation to the coordinator after it, `recordReport` ends it.
 * Nothing is sent for moments already past when the workflow starts.
 */

/** Start input, version 1 (November 2026). Frozen like the inspection's: add a version, never edit. */
const selfInspectionInputV1 = z.strictObject({
  schemaVersion: z.literal(1).optional(),
  round: roundIdSchema,
  year: z.number().int().min(2020).max(2100),
  unit: z.strictObject({ name: line(200), kind: z.enum(['department', 'commune']), emails: z.array(emailSchema).min(1).max(10) }),
  before: dateSchema,
  basis: line(300),
  contacts: z.strictObject({
    coordinator: personSchema,
    teamLead: personSchema,
    center: centerSchema,
  }),
  remindersWorkingDaysBefore: z.array(z.number().int().min(0).max(30)).max(5).default([5, 0]),
});
export const SELF_INSPECTION_INPUT_SCHEMAS = { 1: selfInspectionInputV1 } as const;
export const selfInspectionInputSchema = SELF_INSPECTION_INPUT_SCHEMAS[1];
export type SelfInspectionInput = z.input<typeof selfInspectionInputV1>;

/** The input as the client sends it: validated, defaults filled, stamped with its version. */
export function completeSelfInspectionInput(input: SelfInspectionInput): z.output<typeof selfInspectionInputV1> {
  return { ...selfInspectionInputSchema.parse(input), schemaVersion: 1 };
}

export interface SelfInspectionState {
  workflowId: string;
  unit: string;
  stage: 'self_waiting' | 'self_received';
  deadline?: Deadline;
  receivedOn?: LocalDate;
  late?: boolean;
  /** The indicators of the report (the outline of Phụ lục I) and how they compare with the 2026 targets. */
  kpi?: KpiResult[];
  /** The targets the indicators are evaluated against, and the plan they come from. */
  targets?: YearTargets;
  /** Files the unit submitted with its report (hash, name, size, type). */
  files?: FileRef[];
  /** The generation of the unit's link (raised by re-issuing it). */
  linkGenerations?: Partial<Record<LinkAction, number>>;
  overdue: boolean;
  /** The reminders and escalations still to come. */
  pending: { at: string; label: string }[];
  emails: EmailRecord[];
  history: { at: string; actor: string; action: string }[];
}

export const selfInspectionStateQuery = defineQuery<SelfInspectionState>('state');
/** The report payload; `indicators` was added (optional) in November 2026, so older payloads stay valid. */
export const selfReportSchema = z.strictObject({ receivedOn: dateSchema, indicators: indicatorsSchema.optional(), files: filesSchema.optional(), by: line(120) });
export type SelfInspectionReport = z.input<typeof selfReportSchema>;
export const recordSelfInspectionReport = defineUpdate<SelfInspectionState, [SelfInspectionReport]>('recordReport');


/** The self-inspection of one unit outside the round. */
export async function selfInspection(input: SelfInspectionInput): Promise<SelfInspectionState> {
  const config = startInput(SELF_INSPECTION_INPUT_SCHEMAS[(input as { schemaVersion?: 1 }).schemaVersion ?? 1], input);
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
  handleLinkReissue({ actions: ['self'], generations, history: state.history, unit: config.unit.name, deadline: () => state.deadline?.date });
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
      state.history.push({ at: nowIso(), actor: p.by, action: `Nhận báo cáo tự kiểm tra ngày ${formatDateVi(p.receivedOn)}` });
      return state;
    },
    {
      validator: (p) => {
        const r = selfReportSchema.safeParse(p);
        if (!r.success) throw ApplicationFailure.nonRetryable(`Dữ liệu không hợp lệ: ${describeIssue(r.error.issues[0]!)} (invalid recordReport payload)`, 'InvalidUpdate');
        if (state.stage !== 'self_waiting') throw ApplicationFailure.nonRetryable('Báo cáo tự kiểm tra đã được ghi nhận (already recorded)', 'InvalidUpdate');
        if (r.data.receivedOn > localDateOf(Date.now())) throw ApplicationFailure.nonRetryable(`Ngày nhận ${formatDateVi(r.data.receivedOn)} chưa đến (date in the future)`, 'InvalidUpdate');
      },
    },
  );

  const targets = yearTargets(config.year);
  const cal = await snapshotCalendar(yearOf(config.before) - 1, yearOf(config.before));
  state.targets = await targets;
  const deadline = beforeDateDeadline(cal, 'self-inspection', config.before, config.basis);
  state.deadline = deadline;
  const data = { unitName: config.unit.name, contacts: config.contacts, deadline: { date: deadline.date, rule: deadline.rule, basis: deadline.basis }, linkGenerations: generations };
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
  const escalation = { at: overdueMoment, kind: 'self_inspection_overdue_escalation' as const, to: [config.contacts.coordinator.email], label: 'Báo cáo tự kiểm tra quá hạn: báo điều phối viên' };
  if (deferPast && overdueMoment < startedAt) {
    Object.assign(escalation, { at: nextSendMoment(cal, startedAt), label: `${escalation.label} (${PAST_AT_START})` });
    state.history.push({ at: nowIso(), actor: 'hệ thống', action: `Hạn ${formatDateVi(deadline.date)} đã qua khi bắt đầu theo dõi: báo điều phối viên lúc ${formatLocalDateTime(escalation.at)}` });
  }
  const agenda = [
    ...config.remindersWorkingDaysBefore.map((k) => ({ at: at8(cal.addWorkingDays(deadline.date, -k)), kind: 'self_inspection_reminder' as const, to: config.unit.emails, label: 'Nhắc hạn báo cáo tự kiểm tra' })),
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
        `**${config.unit.name}**: ${state.stage === 'self_received' ? `đã nộp báo cáo tự kiểm tra ngày ${formatDateVi(state.receivedOn!)}` : 'chờ báo cáo tự kiểm tra'}`,
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

import { ApplicationFailure, condition, defineQuery, defineUpdate, ParentClosePolicy, setCurrentDetails, setHandler, startChild, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { addDays, formatDate, formatDateVi, formatLocalDateTime, localDateOf, localInstant, yearOf, type LocalDate } from '../domain/dates';
import { forwardDeadline, type Deadline } from '../domain/deadlines';
import { evaluateIndicators, indicatorsSchema, type Indicators, type KpiResult, type YearTargets } from '../domain/kpi';
import { yearTargets } from './targets';
import { PERIOD_KINDS, periodBefore, reportDue, type ReportingPeriod } from '../domain/periods';
import { dateSchema, describeIssue, emailSchema, filesSchema, line, centerSchema, personSchema, roundIdSchema, text, z, type FileRef } from '../domain/validation';
import type { LinkAction } from '../domain/links';
import { handleLinkReissue } from './links';
import type { EmailKind } from '../emails/kinds';
import { recordingMailer, snapshotCalendar, startInput } from './common';
import { periodicReportWorkflowId } from './ids';
import { at8, nextSendMoment, overdueAt, PAST_AT_START } from './inspection/agenda';
import type { EmailRecord } from './mailer';
import { SA } from './search-attributes';

/**
 * Periodic reports of Điều 2.1 of the yearly plan. A Temporal Schedule per period kind starts a
 * `reportingPeriod` on the 15th (the day after the data cut-off); it starts one `periodicReport`
 * per reporting unit: the request, a reminder on the due day, an escalation after it, and
 * `recordPeriodicReport`. A report still missing 30 days after its due day closes as missing.
 */

const unitSchema = z.strictObject({ name: line(200), kind: z.enum(['department', 'commune']), emails: z.array(emailSchema).min(1).max(10) });
const contactsSchema = z.strictObject({
  coordinator: personSchema,
  center: centerSchema,
});
const periodSchema = z.strictObject({ kind: z.enum(PERIOD_KINDS), id: line(20), label: line(100), from: dateSchema, to: dateSchema });

/** A unit's report for a period. Version 1 (November 2026), frozen. */
const periodicReportInputV1 = z.strictObject({
  schemaVersion: z.literal(1).optional(),
  plan: roundIdSchema,
  planTitle: line(400),
  unit: unitSchema,
  period: periodSchema,
  due: dateSchema,
  contacts: contactsSchema,
  closeAfterDays: z.number().int().min(1).max(120).default(30),
});
export type PeriodicReportInput = z.input<typeof periodicReportInputV1>;

/** The start options of every unit's report for a period (ids, input, summary, search attributes). */
export function periodicReportOptions(config: Pick<z.output<typeof reportingPeriodInputV1>, 'plan' | 'planTitle' | 'units' | 'contacts'>, period: ReportingPeriod, due: LocalDate) {
  return config.units.map((unit) => ({
    workflowId: periodicReportWorkflowId(config.plan, period.id, unit.name),
    args: [{ schemaVersion: 1 as const, plan: config.plan, planTitle: config.planTitle, unit, period, due, contacts: config.contacts, closeAfterDays: 30 }] as [PeriodicReportInput],
    staticSummary: `${unit.name}: báo cáo ${period.label}, hạn ${formatDate(due)}`,
    typedSearchAttributes: [
      { key: SA.round, value: config.plan },
      { key: SA.unit, value: unit.name },
      { key: SA.unitKind, value: unit.kind },
      { key: SA.kind, value: `report-${period.kind}` },
      { key: SA.stage, value: 'report_waiting' },
      { key: SA.overdue, value: false },
    ],
  }));
}

/** A period for every reporting unit, as a Schedule starts it. Version 1 (November 2026), frozen. */
const reportingPeriodInputV1 = z.strictObject({
  schemaVersion: z.literal(1).optional(),
  plan: roundIdSchema,
  planTitle: line(400),
  kind: z.enum(PERIOD_KINDS),
  units: z.array(unitSchema).min(1).max(5000),
  contacts: contactsSchema,
  submitWorkingDaysAfterCutoff: z.number().int().min(0).max(30),
  /** The day the period is reported for; else the Schedule's scheduled time, else the start. */
  scheduledFor: dateSchema.optional(),
});
export type ReportingPeriodInput = z.input<typeof reportingPeriodInputV1>;

export type PeriodicReportStatus = 'report_waiting' | 'report_received' | 'report_missing';

export interface PeriodicReportState {
  workflowId: string;
  plan: string;
  unit: string;
  period: ReportingPeriod;
  status: PeriodicReportStatus;
  deadline?: Deadline;
  receivedOn?: LocalDate;
  late?: boolean;
  indicators?: Indicators;
  kpi?: KpiResult[];
  /** The targets the indicators are evaluated against, and the plan they come from. */
  targets?: YearTargets;
  /** Files the unit submitted with its report (hash, name, size, type). */
  files?: FileRef[];
  /** The generation of the unit's link (raised by re-issuing it). */
  linkGenerations?: Partial<Record<LinkAction, number>>;
  notes?: string;
  overdue: boolean;
  pending: { at: string; label: string }[];
  emails: EmailRecord[];
  history: { at: string; actor: string; action: string; detail?: string }[];
}

export const periodicRecordSchema = z.strictObject({ receivedOn: dateSchema, indicators: indicatorsSchema, notes: text(4000).optional(), files: filesSchema.optional(), by: line(120) });
export type PeriodicReportRecord = z.input<typeof periodicRecordSchema>;

export const periodicReportStateQuery = defineQuery<PeriodicReportState>('state');
export const recordPeriodicReport = defineUpdate<PeriodicReportState, [PeriodicReportRecord]>('recordPeriodicReport');

const SYSTEM = 'hệ thống';

/** One unit's report for one period. */
export async function periodicReport(input: PeriodicReportInput): Promise<PeriodicReportState> {
  const config = startInput(periodicReportInputV1, input);
  const info = workflowInfo();
  const nowIso = () => new Date().toISOString();
  const state: PeriodicReportState = {
    workflowId: info.workflowId,
    plan: config.plan,
    unit: config.unit.name,
    period: config.period,
    status: 'report_waiting',
    overdue: false,
    pending: [],
    emails: [],
    history: [{ at: nowIso(), actor: SYSTEM, action: `Đề nghị báo cáo ${config.period.label}`, detail: `số liệu từ ${formatDate(config.period.from)} đến ${formatDate(config.period.to)}` }],
  };
  let version = 0;
  setHandler(periodicReportStateQuery, () => state);
  const generations: Partial<Record<LinkAction, number>> = {};
  state.linkGenerations = generations;
  handleLinkReissue({ actions: ['periodic'], generations, history: state.history, unit: config.unit.name, deadline: () => state.deadline?.date });
  setHandler(
    recordPeriodicReport,
    async (u) => {
      const r = periodicRecordSchema.parse(u);
      // Lateness is judged against the deadline, which the workflow sets once its calendar is loaded.
      await condition(() => state.deadline !== undefined && state.targets !== undefined);
      state.receivedOn = r.receivedOn;
      state.late = state.deadline !== undefined && r.receivedOn > state.deadline.date;
      state.indicators = r.indicators;
      state.kpi = evaluateIndicators(r.indicators, state.targets!.targets);
      state.notes = r.notes;
      if (r.files) state.files = r.files;
      state.status = 'report_received';
      state.overdue = false;
      state.history.push({ at: nowIso(), actor: r.by, action: `Nhận báo cáo ${config.period.label}`, detail: `ngày ${formatDateVi(r.receivedOn)}${state.late ? ' (muộn)' : ''}; ${state.kpi.filter((k) => !k.met).length}/${state.kpi.length} chỉ tiêu chưa đạt` });
      version++;
      return state;
    },
    {
      validator: (u) => {
        const r = periodicRecordSchema.safeParse(u);
        if (!r.success) throw ApplicationFailure.nonRetryable(`Dữ liệu không hợp lệ: ${describeIssue(r.error.issues[0]!)} (invalid recordPeriodicReport payload)`, 'InvalidUpdate');
        if (state.status !== 'report_waiting') throw ApplicationFailure.nonRetryable(`Báo cáo ${config.period.label} đã được ghi nhận (already recorded)`, 'InvalidUpdate');
        if (r.data.receivedOn > localDateOf(Date.now())) throw ApplicationFailure.nonRetryable(`Ngày nhận ${formatDateVi(r.data.receivedOn)} chưa đến (date in the future)`, 'InvalidUpdate');
        if (r.data.receivedOn < config.period.to) throw ApplicationFailure.nonRetryable(`Ngày nhận ${formatDateVi(r.data.receivedOn)} trước ngày chốt số liệu ${formatDateVi(config.period.to)} (before the cut-off)`, 'InvalidUpdate');
      },
    },
  );

  const startedAt = Date.now();
  const targets = yearTargets(yearOf(config.period.to));
  const cal = await snapshotCalendar(yearOf(config.due) - 1, yearOf(config.due) + 1);
  state.targets = await targets;
  const deadline = forwardDeadline(cal, 'periodic-report', config.due, `${config.planTitle}, Điều 2.1; Nghị định số 09/2019/NĐ-CP, Điều 12`);
  state.deadline = deadline;
  const coordinator = [config.contacts.coordinator.email];
  const data = {
    unitName: config.unit.name,
    contacts: config.contacts,
    deadline: { date: deadline.date, rule: deadline.rule, basis: deadline.basis },
    period: { label: config.period.label, from: config.period.from, to: config.period.to, plan: config.planTitle },
    linkGenerations: generations,
  };
  const mailer = recordingMailer({ workflowId: info.workflowId, records: state.emails, history: state.history, coordinator, data: () => data });
  const late = overdueAt(cal, deadline.date);
  const closeAt = localInstant(addDays(deadline.date, config.closeAfterDays), '23:59').getTime();
  type Item = { at: number; kind?: EmailKind; to: string[]; label: string };
  const agenda: Item[] = [
    { at: startedAt, kind: 'periodic_report_request' as const, to: config.unit.emails, label: 'Đề nghị báo cáo định kỳ' },
    ...(at8(deadline.date) > startedAt ? [{ at: at8(deadline.date), kind: 'periodic_report_reminder' as const, to: config.unit.emails, label: 'Nhắc hạn báo cáo định kỳ' }] : []),
    late < startedAt
      ? { at: nextSendMoment(cal, startedAt), kind: 'periodic_report_overdue_escalation' as const, to: coordinator, label: `Báo cáo định kỳ quá hạn: báo điều phối viên (${PAST_AT_START})` }
      : { at: late, kind: 'periodic_report_overdue_escalation' as const, to: coordinator, label: 'Báo cáo định kỳ quá hạn: báo điều phối viên' },
    { at: Math.max(closeAt, startedAt), to: [], label: 'Đóng kỳ báo cáo: đơn vị không báo cáo' },
  ].sort((a, b) => a.at - b.at);

  const waiting = () => state.status === 'report_waiting';
  const publish = () => {
    state.overdue = waiting() && Date.now() >= late;
    state.pending = waiting() ? agenda.map((a) => ({ at: new Date(a.at).toISOString(), label: a.label })) : [];
    upsertSearchAttributes([
      { key: SA.round, value: config.plan },
      { key: SA.unit, value: config.unit.name },
      { key: SA.unitKind, value: config.unit.kind },
      { key: SA.kind, value: `report-${config.period.kind}` },
      { key: SA.stage, value: state.status },
      { key: SA.overdue, value: state.overdue },
      { key: SA.nextDeadline, value: waiting() ? localInstant(deadline.date, '23:59') : null },
    ]);
    setCurrentDetails(
      [
        `**${config.unit.name}**: báo cáo ${config.period.label} ${state.status === 'report_received' ? `đã nhận ngày ${formatDateVi(state.receivedOn!)}${state.late ? ' (muộn)' : ''}` : state.status === 'report_missing' ? 'không nhận được' : 'đang chờ'}`,
        '',
        `- Số liệu từ ${formatDate(config.period.from)} đến ${formatDate(config.period.to)}; hạn ${formatDateVi(deadline.date)}`,
        ...(state.overdue ? ['- **Quá hạn**'] : []),
      ].join('\n'),
    );
  };

  while (waiting()) {
    publish();
    const next = agenda[0];
    if (next && next.at <= Date.now()) {
      agenda.shift();
      state.history.push({ at: nowIso(), actor: SYSTEM, action: next.label });
      if (next.kind) {
        mailer.queue(next.kind, next.to, data);
        await mailer.drain(nowIso);
      } else {
        state.status = 'report_missing';
      }
      continue;
    }
    const seen = version;
    if (next) await condition(() => version !== seen, next.at - Date.now(), { summary: next.label });
    else await condition(() => version !== seen);
  }
  publish();
  return state;
}

const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/** What a reporting period started: the period and one workflow id per unit. */
export interface ReportingPeriodResult {
  period: ReportingPeriod;
  due: LocalDate;
  reports: string[];
}

/** A period for every reporting unit, started by the Schedule of its kind (or by hand, for a given day). */
export async function reportingPeriod(input: ReportingPeriodInput): Promise<ReportingPeriodResult> {
  const config = startInput(reportingPeriodInputV1, input);
  const info = workflowInfo();
  const scheduled = info.typedSearchAttributes.get(SCHEDULED_START);
  const day = config.scheduledFor ?? localDateOf(scheduled ?? info.startTime);
  const period = periodBefore(config.kind, day);
  const cal = await snapshotCalendar(yearOf(period.to) - 1, yearOf(period.to) + 1);
  const due = reportDue(cal, period, config.submitWorkingDaysAfterCutoff);
  const reports: string[] = [];
  for (const options of periodicReportOptions(config, period, due)) {
    reports.push(options.workflowId);
    try {
      await startChild(periodicReport, { ...options, parentClosePolicy: ParentClosePolicy.ABANDON });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  upsertSearchAttributes([
    { key: SA.round, value: config.plan },
    { key: SA.kind, value: `period-${period.kind}` },
    { key: SA.stage, value: period.id },
  ]);
  setCurrentDetails(`**Kỳ báo cáo ${period.label}**: ${reports.length} đơn vị; số liệu từ ${formatDate(period.from)} đến ${formatDate(period.to)}; hạn ${formatDateVi(due)} (khởi tạo ${formatLocalDateTime(Date.now())})`);
  return { period, due, reports };
}

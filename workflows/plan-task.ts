import { ApplicationFailure, condition, defineQuery, defineUpdate, setCurrentDetails, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { WorkingCalendar } from '../domain/calendar';
import { formatDateVi, formatLocalDateTime, localDateOf, localInstant, yearOf, type LocalDate } from '../domain/dates';
import { forwardDeadline, type Deadline } from '../domain/deadlines';
import { dateSchema, describeIssue, emailSchema, line, centerSchema, personSchema, roundIdSchema, text, z } from '../domain/validation';
import type { EmailKind } from '../emails/kinds';
import { recordingMailer, snapshotCalendar, startInput } from './common';
import { at8, nextSendMoment, overdueAt, PAST_AT_START } from './inspection/agenda';
import type { EmailRecord } from './mailer';
import { SA } from './search-attributes';

/**
 * One dated task of the yearly plan (seed 004): reminders to the lead agency before its deadline,
 * an escalation to the coordinator after it (once, at the next 08:00, if it had already passed at
 * the start), and `complete` (with the product), `extend` (a new deadline and its reason) or
 * `cancel`. "Thường xuyên" tasks have no workflow: the periodic reports cover them.
 */

/** Start input, version 1 (November 2026). Frozen: add a version, never edit. */
const planTaskInputV1 = z.strictObject({
  schemaVersion: z.literal(1).optional(),
  plan: roundIdSchema,
  planTitle: line(400),
  task: z.strictObject({ id: line(20), content: text(4000), lead: z.array(line(300)).min(1).max(20), product: text(1000), deadlineText: line(200) }),
  due: dateSchema,
  /** The lead agency's mailboxes; without one, reminders go to the coordinator. */
  emails: z.array(emailSchema).max(10),
  contacts: z.strictObject({
    coordinator: personSchema,
    center: centerSchema,
  }),
  remindersWorkingDaysBefore: z.array(z.number().int().min(0).max(60)).max(5).default([10, 3, 0]),
});
export type PlanTaskInput = z.input<typeof planTaskInputV1>;

/** The input as the client sends it: validated, defaults filled, stamped with its version. */
export function completePlanTaskInput(input: PlanTaskInput): z.output<typeof planTaskInputV1> {
  return { ...planTaskInputV1.parse(input), schemaVersion: 1 };
}

export type PlanTaskStatus = 'task_open' | 'task_done' | 'task_cancelled';

export interface PlanTaskState {
  workflowId: string;
  plan: string;
  taskId: string;
  content: string;
  lead: string[];
  status: PlanTaskStatus;
  deadline?: Deadline;
  overdue: boolean;
  product?: { document: string; signedOn: LocalDate; link?: string };
  extensions: { from: LocalDate; to: LocalDate; reason: string; by: string; at: string }[];
  cancellation?: { reason: string; by: string; at: string };
  pending: { at: string; label: string }[];
  emails: EmailRecord[];
  history: { at: string; actor: string; action: string; detail?: string }[];
}

const completeSchema = z.strictObject({ document: line(300), signedOn: dateSchema, link: z.url({ message: 'đường dẫn không hợp lệ' }).max(500).optional(), by: line(120) });
const extendSchema = z.strictObject({ due: dateSchema, reason: text(1000), by: line(120) });
const cancelSchema = z.strictObject({ reason: text(1000), by: line(120) });

export const planTaskStateQuery = defineQuery<PlanTaskState>('state');
export const completeTask = defineUpdate<PlanTaskState, [z.input<typeof completeSchema>]>('complete');
export const extendTask = defineUpdate<PlanTaskState, [z.input<typeof extendSchema>]>('extend');
export const cancelTask = defineUpdate<PlanTaskState, [z.input<typeof cancelSchema>]>('cancel');

const SYSTEM = 'hệ thống';
const STATUS_LABELS: Record<PlanTaskStatus, string> = { task_open: 'đang thực hiện', task_done: 'đã hoàn thành', task_cancelled: 'đã hủy' };

function refuse(vi: string, en: string): never {
  throw ApplicationFailure.nonRetryable(`${vi} (${en})`, 'InvalidUpdate');
}

function parsed<S extends z.ZodType>(schema: S, payload: unknown, name: string): z.output<S> {
  const r = schema.safeParse(payload);
  if (!r.success) refuse(`Dữ liệu không hợp lệ: ${describeIssue(r.error.issues[0]!)}`, `invalid ${name} payload`);
  return r.data;
}

/** A dated task of the yearly plan, from its start to done, extended or cancelled. */
export async function planTask(input: PlanTaskInput): Promise<PlanTaskState> {
  const config = startInput(planTaskInputV1, input);
  const info = workflowInfo();
  const nowIso = () => new Date().toISOString();
  const state: PlanTaskState = {
    workflowId: info.workflowId,
    plan: config.plan,
    taskId: config.task.id,
    content: config.task.content,
    lead: config.task.lead,
    status: 'task_open',
    overdue: false,
    extensions: [],
    pending: [],
    emails: [],
    history: [{ at: nowIso(), actor: SYSTEM, action: `Bắt đầu theo dõi nhiệm vụ ${config.task.id}`, detail: `thời hạn theo Kế hoạch: ${config.task.deadlineText}` }],
  };
  let cal: WorkingCalendar | undefined;
  let version = 0;
  /** Reminders whose moment had passed when the deadline was set (start or extension) are not sent. */
  let since = Date.now();
  const today = () => localDateOf(Date.now());
  const open = () => state.status === 'task_open';

  setHandler(planTaskStateQuery, () => state);
  setHandler(
    completeTask,
    (u) => {
      const c = completeSchema.parse(u);
      state.product = { document: c.document, signedOn: c.signedOn, link: c.link };
      state.status = 'task_done';
      state.overdue = false;
      state.history.push({ at: nowIso(), actor: c.by, action: 'Báo cáo hoàn thành nhiệm vụ', detail: `${c.document}, ngày ${formatDateVi(c.signedOn)}${c.link ? `; ${c.link}` : ''}` });
      version++;
      return state;
    },
    {
      validator: (u) => {
        const c = parsed(completeSchema, u, 'complete');
        if (!open()) refuse(`Nhiệm vụ ${config.task.id} ${STATUS_LABELS[state.status]}`, 'task not open');
        if (c.signedOn > today()) refuse(`Ngày văn bản ${formatDateVi(c.signedOn)} chưa đến`, 'date in the future');
      },
    },
  );
  setHandler(
    extendTask,
    async (u) => {
      const e = extendSchema.parse(u);
      await condition(() => cal !== undefined);
      const from = state.deadline!.date;
      state.extensions.push({ from, to: e.due, reason: e.reason, by: e.by, at: nowIso() });
      state.deadline = forwardDeadline(cal!, 'task', e.due, `Gia hạn: ${e.reason}`);
      since = Date.now();
      state.overdue = Date.now() >= overdueAt(cal!, e.due);
      state.history.push({ at: nowIso(), actor: e.by, action: 'Gia hạn nhiệm vụ', detail: `${formatDateVi(from)} → ${formatDateVi(e.due)}; lý do: ${e.reason}` });
      version++;
      return state;
    },
    {
      validator: (u) => {
        const e = parsed(extendSchema, u, 'extend');
        if (!open()) refuse(`Nhiệm vụ ${config.task.id} ${STATUS_LABELS[state.status]}`, 'task not open');
        if (!cal || !state.deadline) throw ApplicationFailure.nonRetryable('Nhiệm vụ đang khởi tạo, vui lòng thử lại sau giây lát (calendar snapshot not loaded yet)', 'NotReady');
        if (e.due <= today()) refuse(`Thời hạn mới ${formatDateVi(e.due)} phải sau hôm nay`, 'new deadline not in the future');
        if (e.due <= state.deadline.date) refuse(`Thời hạn mới phải sau thời hạn hiện tại ${formatDateVi(state.deadline.date)}`, 'not later than the current deadline');
      },
    },
  );
  setHandler(
    cancelTask,
    (u) => {
      const c = cancelSchema.parse(u);
      state.status = 'task_cancelled';
      state.overdue = false;
      state.cancellation = { reason: c.reason, by: c.by, at: nowIso() };
      state.history.push({ at: nowIso(), actor: c.by, action: 'Hủy theo dõi nhiệm vụ', detail: c.reason });
      version++;
      return state;
    },
    {
      validator: (u) => {
        parsed(cancelSchema, u, 'cancel');
        if (!open()) refuse(`Nhiệm vụ ${config.task.id} ${STATUS_LABELS[state.status]}`, 'task not open');
      },
    },
  );

  const startedAt = Date.now();
  cal = await snapshotCalendar(yearOf(config.due) - 1, yearOf(config.due) + 2);
  state.deadline = forwardDeadline(cal, 'task', config.due, `${config.planTitle}, nhiệm vụ ${config.task.id}`);
  const coordinator = [config.contacts.coordinator.email];
  const lead = config.emails.length ? config.emails : coordinator;
  const mailer = recordingMailer({ workflowId: info.workflowId, records: state.emails, history: state.history, coordinator, data: emailData });
  function emailData() {
    const d = state.deadline!;
    return {
      unitName: config.task.lead.join('; '),
      contacts: config.contacts,
      deadline: { date: d.date, rule: d.rule, basis: d.basis },
      task: { id: config.task.id, content: config.task.content, product: config.task.product, plan: config.planTitle },
    };
  }

  /** The timed actions for the current deadline; an escalation already due at the start goes out once at the next 08:00. */
  const fired = new Set<string>();
  const agenda = (): { id: string; at: number; kind: EmailKind; to: string[]; label: string }[] => {
    const due = state.deadline!.date;
    const reminders = config.remindersWorkingDaysBefore.map((k) => ({ id: `reminder:${due}:${k}`, at: at8(cal!.addWorkingDays(due, -k)), kind: 'task_reminder' as const, to: lead, label: 'Nhắc thời hạn nhiệm vụ' }));
    const late = overdueAt(cal!, due);
    const escalation =
      late < startedAt
        ? { id: `overdue:${due}`, at: nextSendMoment(cal!, startedAt), kind: 'task_overdue_escalation' as const, to: coordinator, label: `Nhiệm vụ quá hạn: báo điều phối viên (${PAST_AT_START})` }
        : { id: `overdue:${due}`, at: late, kind: 'task_overdue_escalation' as const, to: coordinator, label: 'Nhiệm vụ quá hạn: báo điều phối viên' };
    return [...reminders.filter((r) => r.at >= since), escalation].filter((a) => !fired.has(a.id)).sort((a, b) => a.at - b.at);
  };
  if (overdueAt(cal, config.due) < startedAt) {
    state.history.push({ at: nowIso(), actor: SYSTEM, action: `Hạn ${formatDateVi(config.due)} đã qua khi bắt đầu theo dõi: báo điều phối viên lúc ${formatLocalDateTime(nextSendMoment(cal, startedAt))}` });
  }

  const publish = () => {
    state.overdue = open() && Date.now() >= overdueAt(cal!, state.deadline!.date);
    state.pending = open() ? agenda().map((a) => ({ at: new Date(a.at).toISOString(), label: a.label })) : [];
    upsertSearchAttributes([
      { key: SA.round, value: config.plan },
      { key: SA.unit, value: config.task.lead[0]! },
      { key: SA.kind, value: 'task' },
      { key: SA.stage, value: state.status },
      { key: SA.overdue, value: state.overdue },
      { key: SA.nextDeadline, value: open() ? localInstant(state.deadline!.date, '23:59') : null },
    ]);
    setCurrentDetails(
      [
        `**Nhiệm vụ ${config.task.id}**: ${STATUS_LABELS[state.status]}${state.overdue ? ' (**quá hạn**)' : ''}`,
        '',
        `- ${config.task.content}`,
        `- Chủ trì: ${config.task.lead.join('; ')}`,
        `- Thời hạn: ${formatDateVi(state.deadline!.date)}${state.extensions.length ? ` (gia hạn ${state.extensions.length} lần)` : ''}`,
        ...(state.product ? [`- Sản phẩm: ${state.product.document}, ngày ${formatDateVi(state.product.signedOn)}`] : []),
      ].join('\n'),
    );
  };

  while (open()) {
    publish();
    const next = agenda()[0];
    if (next && next.at <= Date.now()) {
      fired.add(next.id);
      state.history.push({ at: nowIso(), actor: SYSTEM, action: next.label });
      mailer.queue(next.kind, next.to, emailData());
      await mailer.drain(nowIso);
      continue;
    }
    const seen = version;
    if (next) await condition(() => version !== seen, next.at - Date.now(), { summary: next.label });
    else await condition(() => version !== seen);
  }
  publish();
  return state;
}

import { ApplicationFailure, condition, setCurrentDetails, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { WorkingCalendar } from '../../domain/calendar';
import { formatDateVi, formatLocalDateTime, localDateOf, yearOf } from '../../domain/dates';
import { forwardDeadline } from '../../domain/deadlines';
import { describeIssue, type z } from '../../domain/validation';
import { recordingMailer, snapshotCalendar, startInput } from '../common';
import { nextSendMoment, overdueAt } from '../inspection/agenda';
import {
  cancelTask,
  completeTask,
  deadlineInstant,
  extendTask,
  PLAN_TASK_INPUT_SCHEMAS,
  planTaskSearchAttributes,
  planTaskStateQuery,
  planTaskUpdateSchemas,
  type PlanTaskInput,
  type PlanTaskState,
} from './contract';
import { applyCancel, applyComplete, applyExtend, isOpen, isOverdue, planTaskAgenda, planTaskDetails, refuseComplete, refuseExtend, refuseUnlessOpen, type PlanTaskContext, type Refusal } from './rules';

/**
 * One dated task of the yearly plan (seed 004): reminders to the lead agency before its deadline,
 * an escalation to the coordinator after it (once, at the next 08:00, if it had already passed at
 * the start), and `complete` (with the product), `extend` (a new deadline and its reason) or
 * `cancel`. "Thường xuyên" tasks have no workflow: the periodic reports cover them.
 */

const SYSTEM = 'hệ thống';

function refuse(r: Refusal | undefined): void {
  if (r) throw ApplicationFailure.nonRetryable(`${r.vi} (${r.en})`, 'InvalidUpdate');
}

function parsed<S extends z.ZodType>(schema: S, payload: unknown, name: string): z.output<S> {
  const r = schema.safeParse(payload);
  if (!r.success) throw ApplicationFailure.nonRetryable(`Dữ liệu không hợp lệ: ${describeIssue(r.error.issues[0]!)} (invalid ${name} payload)`, 'InvalidUpdate');
  return r.data;
}

/** A dated task of the yearly plan, from its start to done, extended or cancelled. */
export async function planTask(input: PlanTaskInput): Promise<PlanTaskState> {
  const config = startInput(PLAN_TASK_INPUT_SCHEMAS[1](), input);
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
  /** Set once the calendar is loaded; extensions wait for it. */
  let ctx: PlanTaskContext | undefined;
  let version = 0;
  const today = () => localDateOf(Date.now());

  setHandler(planTaskStateQuery, () => state);
  setHandler(
    completeTask,
    (u) => {
      applyComplete(state, planTaskUpdateSchemas.complete.parse(u), nowIso());
      version++;
      return state;
    },
    { validator: (u) => refuse(refuseComplete(state, parsed(planTaskUpdateSchemas.complete, u, 'complete'), today())) },
  );
  setHandler(
    extendTask,
    async (u) => {
      const e = planTaskUpdateSchemas.extend.parse(u);
      await condition(() => ctx !== undefined);
      applyExtend(state, e, ctx!.cal, Date.now());
      ctx!.deadlineSetAt = Date.now();
      version++;
      return state;
    },
    {
      validator: (u) => {
        const e = parsed(planTaskUpdateSchemas.extend, u, 'extend');
        refuse(refuseUnlessOpen(state));
        if (!ctx || !state.deadline) throw ApplicationFailure.nonRetryable('Nhiệm vụ đang khởi tạo, vui lòng thử lại sau giây lát (calendar snapshot not loaded yet)', 'NotReady');
        refuse(refuseExtend({ ...state, deadline: state.deadline }, e, today()));
      },
    },
  );
  setHandler(
    cancelTask,
    (u) => {
      applyCancel(state, planTaskUpdateSchemas.cancel.parse(u), nowIso());
      version++;
      return state;
    },
    {
      validator: (u) => {
        parsed(planTaskUpdateSchemas.cancel, u, 'cancel');
        refuse(refuseUnlessOpen(state));
      },
    },
  );

  const startedAt = Date.now();
  const cal: WorkingCalendar = await snapshotCalendar(yearOf(config.due) - 1, yearOf(config.due) + 2);
  state.deadline = forwardDeadline(cal, 'task', config.due, `${config.planTitle}, nhiệm vụ ${config.task.id}`);
  ctx = { config, cal, startedAt, deadlineSetAt: startedAt };
  const coordinator = [config.contacts.coordinator.email];
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

  /** The timed actions for the current deadline not yet fired. */
  const fired = new Set<string>();
  const agenda = () => planTaskAgenda(state.deadline!.date, ctx!).filter((a) => !fired.has(a.id));
  if (overdueAt(cal, config.due) < startedAt) {
    state.history.push({ at: nowIso(), actor: SYSTEM, action: `Hạn ${formatDateVi(config.due)} đã qua khi bắt đầu theo dõi: báo điều phối viên lúc ${formatLocalDateTime(nextSendMoment(cal, startedAt))}` });
  }

  const publish = () => {
    state.overdue = isOverdue(state, cal, Date.now());
    state.pending = isOpen(state) ? agenda().map((a) => ({ at: new Date(a.at).toISOString(), label: a.label })) : [];
    upsertSearchAttributes([...planTaskSearchAttributes({ plan: config.plan, lead: config.task.lead[0]!, status: state.status, overdue: state.overdue, nextDeadline: isOpen(state) ? deadlineInstant(state.deadline!.date) : null })]);
    setCurrentDetails(planTaskDetails(state));
  };

  while (isOpen(state)) {
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

import { patched, workflowInfo } from '@temporalio/workflow';
import type { WorkingCalendar } from '../../domain/calendar';
import { localDateOf, yearOf } from '../../domain/dates';
import { recordingMailer, snapshotCalendar, startInput } from '../common';
import { SYSTEM, record } from '../kit/history';
import { runProcess } from '../kit/process';
import { createPublisher, createUndiffedPublisher } from '../kit/publish';
import { startValue } from '../kit/refusal';
import { noCheck, type UpdateTable } from '../kit/updates';
import {
  deadlineInstant,
  PLAN_TASK_INPUT_SCHEMAS,
  planTaskSearchAttributes,
  planTaskStateQuery,
  planTaskUpdates,
  planTaskUpdateSchemas,
  type PlanTaskInput,
  type PlanTaskState,
  type PlanTaskStatus,
  type PlanTaskUpdateSchemas,
} from './contract';
import {
  applyCancel,
  applyComplete,
  applyExtend,
  checkComplete,
  checkExtend,
  initialPlanTaskState,
  isOpen,
  isOverdue,
  planTaskAgenda,
  planTaskDetails,
  refuseClosed,
  setPlanDeadline,
  type PlanTaskAgendaItem,
} from './rules';

/**
 * One dated task of the yearly plan (seed 004): reminders to the lead agency before its deadline,
 * an escalation to the coordinator after it (once, at the next 08:00, if it had already passed at
 * the start), and `complete` (with the product), `extend` (a new deadline and its reason) or
 * `cancel`. "Thường xuyên" tasks have no workflow: the periodic reports cover them.
 */

interface CheckContext {
  state: PlanTaskState;
  today: string;
}
interface ApplyContext {
  state: PlanTaskState;
  cal: WorkingCalendar;
  now: number;
}

/** The task's updates: each needs an open task, and refuses what its rule forbids. */
const TABLE: UpdateTable<PlanTaskUpdateSchemas, PlanTaskStatus, CheckContext, ApplyContext> = {
  complete: { stages: ['task_open'], check: (c, p) => checkComplete(p, c.today), apply: (a, p) => applyComplete(a.state, p, a.now) },
  extend: {
    stages: ['task_open'],
    check: (c, p) => checkExtend(c.state, p, c.today),
    apply: (a, p) => applyExtend(a.state, p, a.cal, a.now),
  },
  cancel: { stages: ['task_open'], check: noCheck, apply: (a, p) => applyCancel(a.state, p, a.now) },
};

/** A dated task of the yearly plan, from its start to done, extended or cancelled. */
export async function planTask(input: PlanTaskInput): Promise<PlanTaskState> {
  const config = startInput(PLAN_TASK_INPUT_SCHEMAS[1](), input);
  /** Executions started before this patch upsert every search attribute on every turn of the loop. */
  const diffed = patched('plan-task-diffed-publish');
  const startedAt = Date.now();
  const state = initialPlanTaskState(workflowInfo().workflowId, config, startedAt);
  const cal = startValue<WorkingCalendar>('calendar snapshot', 'Nhiệm vụ');
  const ctx = () => ({ config, cal: cal.get(), startedAt });
  const coordinator = [config.contacts.coordinator.email];
  const emailData = () => {
    const d = state.deadline!;
    return {
      unitName: config.task.lead.join('; '),
      contacts: config.contacts,
      deadline: { date: d.date, rule: d.rule, basis: d.basis },
      task: { id: config.task.id, content: config.task.content, product: config.task.product, plan: config.planTitle },
    };
  };
  const mailer = recordingMailer({
    workflowId: state.workflowId,
    records: state.emails,
    history: state.history,
    coordinator,
    data: emailData,
  });
  const fired = new Set<string>();
  const publisher = diffed ? createPublisher() : createUndiffedPublisher();

  const publish = () => {
    state.overdue = isOverdue(state, cal.get(), Date.now());
    state.pending = planTaskAgenda(state, ctx())
      .filter((a) => !fired.has(a.id))
      .map((a) => ({ at: new Date(a.at).toISOString(), label: a.label }));
    const attributes = [
      ...planTaskSearchAttributes({
        plan: config.plan,
        lead: config.task.lead[0]!,
        status: state.status,
        overdue: state.overdue,
        nextDeadline: isOpen(state) ? deadlineInstant(state.deadline!.date) : null,
      }),
    ];
    publisher.publish(attributes, planTaskDetails(state));
  };
  const fire = (item: PlanTaskAgendaItem) => {
    // The loop before the kit published at the top of every turn, before firing too: old executions still do.
    if (!diffed) publish();
    record(state.history, { actor: SYSTEM, action: item.label });
    mailer.queue(item.kind, item.to, emailData());
  };

  return runProcess({
    state,
    query: planTaskStateQuery,
    updates: {
      definitions: planTaskUpdates,
      schemas: planTaskUpdateSchemas,
      table: TABLE,
      stage: () => state.status,
      wrongStage: () => refuseClosed(state),
      checkContext: () => ({ state, today: localDateOf(Date.now()) }),
      applyContext: () => ({ state, cal: cal.get(), now: Date.now() }),
    },
    start: async () => {
      cal.set(await snapshotCalendar(yearOf(config.due) - 1, yearOf(config.due) + 2));
      setPlanDeadline(state, ctx(), Date.now());
    },
    // No finalStage: a plan task has no parent round to tell.
    agenda: { items: () => planTaskAgenda(state, ctx()), fired, fire, isFinal: () => !isOpen(state), mailer, publish: () => publish() },
  });
}

import { patched, workflowInfo } from '@temporalio/workflow';
import type { WorkingCalendar } from '../../domain/calendar';
import { localDateOf, yearOf } from '../../domain/dates';
import { forwardDeadline } from '../../domain/deadlines';
import { deadlinePassedAt } from '../../domain/send-times';
import type { YearTargets } from '../../domain/kpi';
import type { LinkAction } from '../../domain/links';
import type { EmailData } from '../../emails/templates';
import { recordingMailer, snapshotCalendar, startInput } from '../common';
import { record, SYSTEM } from '../kit/history';
import { runProcess } from '../kit/process';
import { createPublisher, createUndiffedPublisher } from '../kit/publish';
import { startValue } from '../kit/refusal';
import type { UpdateTable } from '../kit/updates';
import { handleLinkReissue } from '../links';
import { yearTargets } from '../targets';
import {
  deadlineInstant,
  PERIODIC_REPORT_INPUT_SCHEMAS,
  periodicReportSearchAttributes,
  periodicReportStateQuery,
  periodicReportUpdates,
  periodicReportUpdateSchemas,
  type PeriodicReportInput,
  type PeriodicReportState,
  type PeriodicReportStatus,
  type PeriodicReportUpdateSchemas,
} from './contract';
import {
  applyRecord,
  checkRecord,
  initialPeriodicReportState,
  isOverdue,
  isWaiting,
  markNotRequested,
  periodicReportAgenda,
  periodicReportDetails,
  refuseSettled,
  type PeriodicReportAgendaItem,
} from './rules';

/**
 * Periodic reports of Điều 2.1 of the yearly plan: one unit's report for one period, started by a
 * `reportingPeriod`: the request, a reminder on the due day, an escalation after it, and
 * `recordPeriodicReport`. A report still missing 30 days after its due day closes as missing.
 */

interface CheckContext {
  state: PeriodicReportState;
  today: string;
}
interface ApplyContext {
  state: PeriodicReportState;
  targets: YearTargets;
  now: number;
}

/** The report's one update: while it is awaited, received between the cut-off and today. */
const TABLE: UpdateTable<PeriodicReportUpdateSchemas, PeriodicReportStatus, CheckContext, ApplyContext> = {
  recordPeriodicReport: {
    stages: ['report_waiting'],
    check: (c, p) => checkRecord(c.state, p, c.today),
    apply: (a, p) => applyRecord(a.state, p, a.targets, a.now),
  },
};

/** One unit's report for one period. */
export async function periodicReport(input: PeriodicReportInput): Promise<PeriodicReportState> {
  const config = startInput(PERIODIC_REPORT_INPUT_SCHEMAS[1](), input);
  /** Executions started before this patch upsert every search attribute on every turn of the loop. */
  const diffed = patched('periodic-report-diffed-publish');
  const startedAt = Date.now();
  const state = initialPeriodicReportState(workflowInfo().workflowId, config, startedAt);
  const generations: Partial<Record<LinkAction, number>> = {};
  state.linkGenerations = generations;
  const cal = startValue<WorkingCalendar>('calendar snapshot', 'Báo cáo định kỳ');
  const targets = startValue<YearTargets>('targets');
  const coordinator = [config.contacts.coordinator.email];
  const data = (): EmailData => {
    const d = state.deadline!;
    return {
      unitName: config.unit.name,
      contacts: config.contacts,
      deadline: { date: d.date, rule: d.rule, basis: d.basis },
      period: { label: config.period.label, from: config.period.from, to: config.period.to, plan: config.planTitle },
      linkGenerations: generations,
    };
  };
  const mailer = recordingMailer({ workflowId: state.workflowId, records: state.emails, history: state.history, coordinator, data });
  const fired = new Set<string>();
  const items = () => periodicReportAgenda(state, config, cal.get(), startedAt);
  const publisher = diffed ? createPublisher() : createUndiffedPublisher();

  const publish = () => {
    state.overdue = isOverdue(state, cal.get(), Date.now());
    state.pending = items()
      .filter((a) => !fired.has(a.id))
      .map((a) => ({ at: new Date(a.at).toISOString(), label: a.label }));
    const waiting = isWaiting(state);
    const attributes = [
      ...periodicReportSearchAttributes({
        plan: config.plan,
        unit: config.unit,
        periodKind: config.period.kind,
        status: state.status,
        overdue: state.overdue,
        nextDeadline: waiting ? deadlineInstant(state.deadline!.date) : null,
      }),
    ];
    publisher.publish(attributes, periodicReportDetails(state));
  };
  const fire = (item: PeriodicReportAgendaItem) => {
    // The loop before the kit published at the top of every turn, before firing too: old executions still do.
    if (!diffed) publish();
    record(state.history, { actor: SYSTEM, action: item.label });
    if (item.kind) mailer.queue(item.kind, item.to, data());
    else state.status = 'report_missing';
  };

  return runProcess({
    state,
    query: periodicReportStateQuery,
    updates: {
      definitions: periodicReportUpdates,
      schemas: periodicReportUpdateSchemas,
      table: TABLE,
      stage: () => state.status,
      wrongStage: () => refuseSettled(state),
      checkContext: () => ({ state, today: localDateOf(Date.now()) }),
      applyContext: () => ({ state, targets: targets.get(), now: Date.now() }),
    },
    handlers: () =>
      handleLinkReissue({
        actions: ['periodic'],
        generations,
        history: state.history,
        unit: config.unit.name,
        deadline: () => state.deadline?.date,
      }),
    start: async () => {
      const loading = yearTargets(yearOf(config.period.to));
      cal.set(await snapshotCalendar(yearOf(config.due) - 1, yearOf(config.due) + 1));
      const loaded = await loading;
      targets.set(loaded);
      state.targets = loaded;
      state.deadline = forwardDeadline(
        cal.get(),
        'periodic-report',
        config.due,
        `khoản 1 Điều 2 của ${config.planTitle}; Điều 12 Nghị định số 09/2019/NĐ-CP`,
      );
      // Started after its deadline: no request (and so no "missing" a second later). Executions
      // from before this patch sent the request, then escalated and closed at once.
      if (deadlinePassedAt(state.deadline.date, startedAt) && patched('periodic-report-no-request-past-deadline'))
        markNotRequested(state, startedAt);
    },
    agenda: { items, fired, fire, isFinal: () => !isWaiting(state), mailer, publish: () => publish() },
  });
}

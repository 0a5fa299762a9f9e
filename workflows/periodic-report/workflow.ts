import { ApplicationFailure, condition, setCurrentDetails, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { localDateOf, yearOf } from '../../domain/dates';
import { forwardDeadline } from '../../domain/deadlines';
import type { LinkAction } from '../../domain/links';
import { describeIssue } from '../../domain/validation';
import { recordingMailer, snapshotCalendar, startInput } from '../common';
import { handleLinkReissue } from '../links';
import { SA } from '../search-attributes';
import { yearTargets } from '../targets';
import {
  deadlineInstant,
  PERIODIC_REPORT_INPUT_SCHEMAS,
  periodicReportSearchAttributes,
  periodicReportStateQuery,
  periodicReportUpdateSchemas,
  recordPeriodicReport,
  type PeriodicReportInput,
  type PeriodicReportState,
} from './contract';
import { applyRecord, isOverdue, isWaiting, periodicReportAgenda, periodicReportDetails, refuseRecord, requestEntry } from './rules';

/**
 * Periodic reports of Điều 2.1 of the yearly plan: one unit's report for one period, started by a
 * `reportingPeriod`: the request, a reminder on the due day, an escalation after it, and
 * `recordPeriodicReport`. A report still missing 30 days after its due day closes as missing.
 */

const SYSTEM = 'hệ thống';

/** One unit's report for one period. */
export async function periodicReport(input: PeriodicReportInput): Promise<PeriodicReportState> {
  const config = startInput(PERIODIC_REPORT_INPUT_SCHEMAS[1](), input);
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
    history: [requestEntry(config, nowIso())],
  };
  let version = 0;
  setHandler(periodicReportStateQuery, () => state);
  const generations: Partial<Record<LinkAction, number>> = {};
  state.linkGenerations = generations;
  handleLinkReissue({ actions: ['periodic'], generations, history: state.history, unit: config.unit.name, deadline: () => state.deadline?.date });
  setHandler(
    recordPeriodicReport,
    async (u) => {
      const r = periodicReportUpdateSchemas.recordPeriodicReport.parse(u);
      // Lateness is judged against the deadline, which the workflow sets once its calendar is loaded.
      await condition(() => state.deadline !== undefined && state.targets !== undefined);
      applyRecord(state, r, state.targets!, nowIso());
      version++;
      return state;
    },
    {
      validator: (u) => {
        const r = periodicReportUpdateSchemas.recordPeriodicReport.safeParse(u);
        if (!r.success) throw ApplicationFailure.nonRetryable(`Dữ liệu không hợp lệ: ${describeIssue(r.error.issues[0]!)} (invalid recordPeriodicReport payload)`, 'InvalidUpdate');
        const refused = refuseRecord(state, r.data, localDateOf(Date.now()));
        if (refused) throw ApplicationFailure.nonRetryable(`${refused.vi} (${refused.en})`, 'InvalidUpdate');
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
  const fired = new Set<string>();
  const agenda = () => periodicReportAgenda(config, deadline.date, cal, startedAt).filter((a) => !fired.has(a.id));

  const publish = () => {
    state.overdue = isOverdue(state, cal, Date.now());
    state.pending = isWaiting(state) ? agenda().map((a) => ({ at: new Date(a.at).toISOString(), label: a.label })) : [];
    upsertSearchAttributes([
      ...periodicReportSearchAttributes({ plan: config.plan, unit: config.unit, periodKind: config.period.kind, status: state.status, overdue: state.overdue }),
      { key: SA.nextDeadline, value: isWaiting(state) ? deadlineInstant(deadline.date) : null },
    ]);
    setCurrentDetails(periodicReportDetails(state));
  };

  while (isWaiting(state)) {
    publish();
    const next = agenda()[0];
    if (next && next.at <= Date.now()) {
      fired.add(next.id);
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

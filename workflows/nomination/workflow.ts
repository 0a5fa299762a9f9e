import { getExternalWorkflowHandle, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { WorkingCalendar } from '../../domain/calendar';
import { localDateOf, yearOf } from '../../domain/dates';
import type { EmailData } from '../../emails/templates';
import { recordingMailer, snapshotCalendar, startInput } from '../common';
import { roundWorkflowId } from '../ids';
import { SYSTEM, record } from '../kit/history';
import { teamJoined } from '../kit/parent';
import { runProcess } from '../kit/process';
import { createPublisher } from '../kit/publish';
import { startValue } from '../kit/refusal';
import { noCheck, type UpdateTable } from '../kit/updates';
import { SA } from '../search-attributes';
import {
  NOMINATION_INPUT_SCHEMAS,
  nominationStateQuery,
  nominationUpdates,
  nominationUpdateSchemas,
  type NominationActivities,
  type NominationInput,
  type NominationState,
  type NominationStatus,
  type NominationUpdateSchemas,
} from './contract';
import {
  applyCancel,
  applyJoined,
  applyNominate,
  checkNominate,
  initialNominationState,
  isFinal,
  isOverdue,
  isWaiting,
  nominationAgenda,
  nominationDetails,
  refuseClosed,
  setNominationDeadline,
  type NominationAgendaItem,
} from './rules';
import { localInstant } from '../../domain/dates';

/**
 * One partner department asked to nominate members of the Đoàn kiểm tra (Mục V.2.a of the plan),
 * a child of its round: the request at the first sending moment, reminders before the deadline,
 * the escalation to the coordinator once it has passed, and `nominate` (the department's answer,
 * recorded by the coordinator) or `cancel`. Once nominated, the members join the round's team (a
 * signal to the round) and the team of every inspection of the round not yet started (the
 * inspection's own `changeTeam` update, sent by an activity), then the department is told.
 */

interface CheckContext {
  state: NominationState;
}
interface ApplyContext {
  state: NominationState;
  now: number;
  today: string;
}

const { joinInspectionTeams } = proxyActivities<NominationActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
  summary: 'Bổ sung thành viên vào Đoàn kiểm tra',
});

const TABLE: UpdateTable<NominationUpdateSchemas, NominationStatus, CheckContext, ApplyContext> = {
  nominate: {
    stages: ['nomination_requested'],
    check: (_c, p) => checkNominate(p),
    apply: (a, p) => applyNominate(a.state, p, a.now, a.today),
  },
  cancel: { stages: ['nomination_requested'], check: noCheck, apply: (a, p) => applyCancel(a.state, p, a.now) },
};

/** A partner department's nomination of members, from the request to the members in the teams. */
export async function nomination(input: NominationInput): Promise<NominationState> {
  const config = startInput(NOMINATION_INPUT_SCHEMAS[1](), input);
  const startedAt = Date.now();
  const state = initialNominationState(workflowInfo().workflowId, config, startedAt);
  const cal = startValue<WorkingCalendar>('calendar snapshot', 'Đề nghị cử thành viên');
  const ctx = () => ({ config, cal: cal.get(), startedAt });
  const round = roundWorkflowId(config.round);
  const command = `npx kiemtra nominations record ${config.round} "${config.department.name}" --member "Họ và tên|Chức vụ|${config.department.name}|email"`;
  const emailData = (): EmailData => ({
    unitName: config.department.name,
    contacts: config.contacts,
    ...(state.deadline ? { deadline: { date: state.deadline.date, rule: state.deadline.rule, basis: state.deadline.basis } } : {}),
    nomination: {
      roundTitle: config.roundTitle,
      seats: config.department.seats,
      firstVisit: config.firstVisit,
      command,
      members: state.members,
      ...(state.joined ? { joined: state.joined.inspections.map((i) => i.unit) } : {}),
    },
  });
  const mailer = recordingMailer({
    workflowId: state.workflowId,
    records: state.emails,
    history: state.history,
    coordinator: [config.contacts.coordinator.email],
    data: emailData,
  });
  const fired = new Set<string>();
  const publisher = createPublisher();
  const publish = () => {
    state.overdue = isOverdue(state, cal.get(), Date.now());
    state.pending = nominationAgenda(state, ctx())
      .filter((a) => !fired.has(a.id))
      .map((a) => ({ at: new Date(a.at).toISOString(), label: a.label }));
    publisher.publish(
      [
        { key: SA.round, value: config.round },
        { key: SA.unit, value: config.department.name },
        { key: SA.kind, value: 'nomination' },
        { key: SA.stage, value: state.status },
        { key: SA.overdue, value: state.overdue },
        { key: SA.nextDeadline, value: isWaiting(state) && state.deadline ? localInstant(state.deadline.date, '23:59') : null },
      ],
      nominationDetails(state),
    );
  };
  const fire = (item: NominationAgendaItem) => {
    record(state.history, { actor: SYSTEM, action: item.label });
    mailer.queue(item.kind, item.to, emailData());
  };
  /** Once nominated: the members join the inspections not yet started and the round, then the department is told. */
  const join = async () => {
    const reason = `${config.department.name} cử tham gia Đoàn kiểm tra theo điểm a khoản 2 Mục V của Kế hoạch`;
    const joined = await joinInspectionTeams({ roundWorkflowId: round, members: state.members, reason, by: SYSTEM });
    try {
      await getExternalWorkflowHandle(round).signal(teamJoined, {
        workflowId: state.workflowId,
        members: state.members.map((m) => ({ ...m })),
      });
    } catch {
      // The round has ended: its inspections have too, and their teams are recorded in each.
    }
    applyJoined(state, joined, Date.now());
    mailer.queue('nomination_received', config.department.emails, emailData());
  };

  return runProcess({
    state,
    query: nominationStateQuery,
    updates: {
      definitions: nominationUpdates,
      schemas: nominationUpdateSchemas,
      table: TABLE,
      stage: () => state.status,
      wrongStage: () => refuseClosed(state),
      checkContext: () => ({ state }),
      applyContext: () => ({ state, now: Date.now(), today: localDateOf(Date.now()) }),
      after: async (name) => {
        if (name === 'nominate') await join();
      },
    },
    start: async () => {
      cal.set(await snapshotCalendar(yearOf(config.firstVisit) - 1, yearOf(config.firstVisit) + 1));
      setNominationDeadline(state, ctx(), Date.now());
    },
    agenda: { items: () => nominationAgenda(state, ctx()), fired, fire, isFinal: () => isFinal(state), mailer, publish: () => publish() },
  });
}

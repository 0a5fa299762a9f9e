import { workflowInfo } from '@temporalio/workflow';
import type { WorkingCalendar } from '../../domain/calendar';
import { localDateOf, localInstant, yearOf } from '../../domain/dates';
import { QUESTION_ORIGIN_LABELS } from '../../domain/questions';
import type { EmailData } from '../../emails/templates';
import { recordingMailer, snapshotCalendar, startInput } from '../common';
import { SYSTEM, record } from '../kit/history';
import { runProcess } from '../kit/process';
import { createPublisher } from '../kit/publish';
import { startValue } from '../kit/refusal';
import { noCheck, type UpdateTable } from '../kit/updates';
import { SA } from '../search-attributes';
import {
  QUESTION_INPUT_SCHEMAS,
  questionStateQuery,
  questionUpdates,
  questionUpdateSchemas,
  type QuestionInput,
  type QuestionState,
  type QuestionStatus,
  type QuestionUpdateSchemas,
} from './contract';
import {
  applyAnswer,
  initialQuestionState,
  isFinal,
  isOverdue,
  isWaiting,
  questionAgenda,
  questionDetails,
  refuseAnswered,
  setQuestionDeadline,
  type QuestionAgendaItem,
} from './rules';

/**
 * One unit's difficulty or question to the Public Administration Service Center (the plan's last
 * paragraph), started by the page server when the unit posts it from the link in an email: the
 * Center told at once, reminded at 08:00 before the answer is due, the coordinator told at 08:00
 * of the working day after; `answer` (from `kiemtra questions answer`) sends the answer to the
 * unit and ends the process. Everything is in its history.
 */

interface ApplyContext {
  state: QuestionState;
  now: number;
}

const TABLE: UpdateTable<QuestionUpdateSchemas, QuestionStatus, undefined, ApplyContext> = {
  answer: { stages: ['question_open'], check: noCheck, apply: (a, p) => applyAnswer(a.state, p, a.now) },
};

/** A unit's question, from its arrival to the answer in the unit's mailbox. */
export async function question(input: QuestionInput): Promise<QuestionState> {
  const config = startInput(QUESTION_INPUT_SCHEMAS[1](), input);
  const startedAt = Date.now();
  const state = initialQuestionState(workflowInfo().workflowId, config, startedAt, localDateOf(startedAt));
  const cal = startValue<WorkingCalendar>('calendar snapshot', 'Phản ánh');
  const ctx = () => ({ config, cal: cal.get(), startedAt });
  const emailData = (): EmailData => ({
    unitName: config.unit,
    contacts: config.contacts,
    ...(state.deadline ? { deadline: { date: state.deadline.date, rule: state.deadline.rule, basis: state.deadline.basis } } : {}),
    question: {
      number: config.number,
      origin: QUESTION_ORIGIN_LABELS[config.origin.kind],
      askedBy: config.askedBy,
      receivedOn: state.receivedOn,
      text: config.text,
      files: config.files?.length ?? 0,
      command: `npx kiemtra questions answer ${config.number} --text "Nội dung trả lời"`,
      ...(state.answer ? { answer: { text: state.answer.text, by: state.answer.by } } : {}),
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
    state.pending = questionAgenda(state, ctx())
      .filter((a) => !fired.has(a.id))
      .map((a) => ({ at: new Date(a.at).toISOString(), label: a.label }));
    publisher.publish(
      [
        { key: SA.unit, value: config.unit },
        { key: SA.kind, value: 'question' },
        { key: SA.stage, value: state.status },
        { key: SA.overdue, value: state.overdue },
        { key: SA.nextDeadline, value: isWaiting(state) && state.deadline ? localInstant(state.deadline.date, '23:59') : null },
      ],
      questionDetails(state),
    );
  };
  const fire = (item: QuestionAgendaItem) => {
    record(state.history, { actor: SYSTEM, action: item.label });
    mailer.queue(item.kind, item.to, emailData());
  };

  return runProcess({
    state,
    query: questionStateQuery,
    updates: {
      definitions: questionUpdates,
      schemas: questionUpdateSchemas,
      table: TABLE,
      stage: () => state.status,
      wrongStage: () => refuseAnswered(state),
      checkContext: () => undefined,
      applyContext: () => ({ state, now: Date.now() }),
      after: () => {
        mailer.queue('question_answer', state.replyTo, emailData());
      },
    },
    start: async () => {
      const year = yearOf(state.receivedOn);
      cal.set(await snapshotCalendar(year, year + 1));
      setQuestionDeadline(state, ctx(), Date.now());
      // The Center is told at once: a question is worth reading the day it arrives.
      mailer.queue('question_received', [config.contacts.center.email], emailData());
    },
    agenda: { items: () => questionAgenda(state, ctx()), fired, fire, isFinal: () => isFinal(state), mailer, publish: () => publish() },
  });
}

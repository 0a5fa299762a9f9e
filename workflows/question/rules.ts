import type { WorkingCalendar } from '../../domain/calendar';
import { dateInText, formatDateVi, type LocalDate } from '../../domain/dates';
import { QUESTION_ORIGIN_LABELS, questionAnswerDeadline } from '../../domain/questions';
import { markdownText } from '../../domain/safe-text';
import { at8, overdueAt } from '../../domain/send-times';
import type { QuestionEmailKind } from '../../emails/question-templates';
import { SYSTEM, record } from '../kit/history';
import { refuse } from '../kit/refusal';
import { QUESTION_STATUS_LABELS, type QuestionConfig, type QuestionState, type QuestionUpdatePayloads } from './contract';

/**
 * The rules of one unit's question to the Center, pure (no Temporal): the timed agenda (reminders
 * to the Center before the answer is due, the escalation to the coordinator once it has passed),
 * the answer's change, the text of the Web UI. The workflow wires them; test/question.test.ts runs
 * them on the time-skipping server, test/question-rules.test.ts alone.
 */

/** What the workflow knows besides the state. */
export interface QuestionContext {
  config: QuestionConfig;
  cal: WorkingCalendar;
  /** When the workflow started (epoch milliseconds). */
  startedAt: number;
}

/** A timed action of the agenda. */
export interface QuestionAgendaItem {
  id: string;
  /** Epoch milliseconds. */
  at: number;
  kind: Exclude<QuestionEmailKind, 'question_received' | 'question_answer'>;
  to: string[];
  /** The timer's name in the Web UI and the history line when it fires. */
  label: string;
}

/** Whether the Center has still to answer. */
export const isWaiting = (s: QuestionState): boolean => s.status === 'question_open';

/**
 * Every timed action while the Center has not answered, sorted by time: a reminder to the Center
 * at 08:00 the given working days before the answer is due (unless that comes before the
 * question arrived), the escalation to the coordinator at 08:00 of the working day after it.
 */
export function questionAgenda(s: QuestionState, ctx: QuestionContext): QuestionAgendaItem[] {
  if (!s.deadline || !isWaiting(s)) return [];
  const { cal, config, startedAt } = ctx;
  const due = s.deadline.date;
  const reminders = config.reminderWorkingDaysBefore
    .map((k) => ({
      id: `reminder:${due}:${k}`,
      at: at8(cal.addWorkingDays(due, -k)),
      kind: 'question_reminder' as const,
      to: [config.contacts.center.email],
      label: `Nhắc Trung tâm trả lời phản ánh ${s.number}`,
    }))
    .filter((r) => r.at > startedAt);
  const escalation: QuestionAgendaItem = {
    id: `overdue:${due}`,
    at: Math.max(overdueAt(cal, due), startedAt),
    kind: 'question_overdue_escalation',
    to: [config.contacts.coordinator.email],
    label: `Phản ánh ${s.number} chưa được trả lời: báo điều phối viên`,
  };
  return [...reminders, escalation].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

/** Whether the answer is late at `now` (only while the Center has not answered). */
export function isOverdue(s: QuestionState, cal: WorkingCalendar, now: number): boolean {
  return isWaiting(s) && s.deadline !== undefined && now >= overdueAt(cal, s.deadline.date);
}

/** The refusal of an answer once the question has one. */
export function refuseAnswered(s: QuestionState): never {
  refuse(
    `Phản ánh ${s.number} ${QUESTION_STATUS_LABELS[s.status]}${s.answer ? ` (${s.answer.by}, ${dateInText(s.answer.at.slice(0, 10))})` : ''}`,
    'question already answered',
  );
}

/** The Center's answer recorded; the unit is emailed by the workflow. */
export function applyAnswer(s: QuestionState, p: QuestionUpdatePayloads['answer'], now: number): void {
  const at = new Date(now).toISOString();
  s.status = 'question_answered';
  s.overdue = false;
  s.answer = { text: p.text, by: p.by, at, ...(p.files ? { files: p.files } : {}) };
  record(s.history, {
    at,
    actor: p.by,
    action: `Trả lời phản ánh ${s.number}`,
    detail: p.files?.length ? `kèm ${p.files.length} tệp` : undefined,
  });
}

/** The process has ended once the answer is recorded (its email drained by the loop first). */
export const isFinal = (s: QuestionState): boolean => s.status === 'question_answered';

/** The current details in the Web UI (Markdown). */
export function questionDetails(s: QuestionState): string {
  return [
    `**Phản ánh ${s.number} của ${markdownText(s.unit)}**: ${QUESTION_STATUS_LABELS[s.status]}${s.overdue ? ' (**quá hạn**)' : ''}`,
    '',
    `- Từ: ${QUESTION_ORIGIN_LABELS[s.origin.kind]} (${markdownText(s.origin.workflowId)})`,
    ...(s.deadline && isWaiting(s) ? [`- Hạn trả lời: ${formatDateVi(s.deadline.date)}`] : []),
    ...(s.answer ? [`- Trả lời: ${markdownText(s.answer.by)}`] : []),
  ].join('\n');
}

/** A question as it arrives: open, its deadline set once the calendar is loaded. */
export function initialQuestionState(workflowId: string, config: QuestionConfig, now: number, today: LocalDate): QuestionState {
  return {
    workflowId,
    number: config.number,
    unit: config.unit,
    origin: { ...config.origin },
    askedBy: config.askedBy,
    replyTo: [...config.replyTo],
    text: config.text,
    ...(config.files ? { files: config.files.map((f) => ({ ...f })) } : {}),
    receivedOn: today,
    status: 'question_open',
    overdue: false,
    pending: [],
    emails: [],
    history: [
      {
        at: new Date(now).toISOString(),
        actor: config.unit,
        action: `Gửi phản ánh ${config.number} qua đường dẫn trong email (từ: ${QUESTION_ORIGIN_LABELS[config.origin.kind]})`,
        detail: `người gửi: ${config.askedBy}${config.files?.length ? `; kèm ${config.files.length} tệp` : ''}`,
      },
    ],
  };
}

/** The answer's deadline, once the calendar is loaded, in history. */
export function setQuestionDeadline(s: QuestionState, ctx: QuestionContext, now: number): void {
  s.deadline = questionAnswerDeadline(ctx.cal, s.receivedOn, ctx.config.answerWithinWorkingDays);
  record(s.history, {
    at: new Date(now).toISOString(),
    actor: SYSTEM,
    action: `Hạn Trung tâm trả lời: ${formatDateVi(s.deadline.date)}`,
    detail: s.deadline.rule,
  });
}

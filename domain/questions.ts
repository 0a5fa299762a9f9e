import type { WorkingCalendar } from './calendar';
import type { LocalDate } from './dates';
import type { Deadline } from './deadlines';

/**
 * A unit's difficulty or question (the plan's last paragraph: "nếu có khó khăn, vướng mắc, các cơ
 * quan, đơn vị, địa phương phản ánh qua Trung tâm Phục vụ hành chính công thành phố"), raised from
 * the link at the foot of any email a unit receives: its human number, the process it came from,
 * the limits of its text, and when the Center is reminded. Pure; the workflow is in
 * workflows/question/, the page in web/question-page.ts.
 */

/** The letters a question's code is written with: no 0/O, 1/I/L, so it can be read out on the phone. */
export const QUESTION_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** How many letters a code has (31^6 ≈ 887 million per year). */
export const QUESTION_CODE_LENGTH = 6;

/** A question's number as people read it: `PA-2026-K7Q3XW` (PA: phản ánh). */
export const QUESTION_NUMBER_PATTERN = new RegExp(`^PA-(\\d{4})-([${QUESTION_CODE_ALPHABET}]{${QUESTION_CODE_LENGTH}})$`);

/** The number of a year and a code. */
export function questionNumber(year: number, code: string): string {
  return `PA-${year}-${code}`;
}

/**
 * A number as typed (any case, spaces around, an en dash), in its one spelling, or undefined when
 * it is not one.
 */
export function parseQuestionNumber(typed: string): string | undefined {
  const n = typed
    .trim()
    .toUpperCase()
    .replace(/[\u2010-\u2015]/g, '-');
  return QUESTION_NUMBER_PATTERN.test(n) ? n : undefined;
}

/** A code from bytes (a digest): the first {@link QUESTION_CODE_LENGTH} base-31 digits of them. */
export function questionCodeOf(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; out.length < QUESTION_CODE_LENGTH; i++) out += QUESTION_CODE_ALPHABET[bytes[i % bytes.length]! % 31]!;
  return out;
}

/** The longest question, and the longest answer, in characters. */
export const QUESTION_MAX_CHARS = 4000;
export const ANSWER_MAX_CHARS = 8000;

/** The working days the Center has to answer, counted from the day the question arrives. */
export const ANSWER_WITHIN_WORKING_DAYS = 5;
/** The Center is reminded this many working days before that deadline (at 08:00). */
export const QUESTION_REMINDER_WORKING_DAYS_BEFORE = [2];

/** The processes a question can come from, by the email's workflow. */
export type QuestionOriginKind =
  'inspection' | 'selfInspection' | 'periodicReport' | 'planTask' | 'nomination' | 'roundDocument' | 'round' | 'question' | 'other';

/** Each kind in Vietnamese: the one label map for the page, the emails and the CLI. */
export const QUESTION_ORIGIN_LABELS: Record<QuestionOriginKind, string> = {
  inspection: 'Cuộc kiểm tra',
  selfInspection: 'Tự kiểm tra',
  periodicReport: 'Báo cáo định kỳ',
  planTask: 'Nhiệm vụ của Kế hoạch kiểm soát TTHC',
  nomination: 'Cử thành viên Đoàn kiểm tra',
  roundDocument: 'Văn bản của đợt kiểm tra',
  round: 'Đợt kiểm tra',
  question: 'Phản ánh, câu hỏi trước đó',
  other: 'Quy trình khác',
};

/** The prefixes of the workflow ids (workflows/ids.ts), longest first where one begins another. */
const PREFIXES: [string, QuestionOriginKind][] = [
  ['self-inspection-', 'selfInspection'],
  ['inspection-', 'inspection'],
  ['report-', 'periodicReport'],
  ['task-', 'planTask'],
  ['nomination-', 'nomination'],
  ['round-document-', 'roundDocument'],
  ['round-', 'round'],
  ['question-', 'question'],
];

/** The kind of process a workflow id names. */
export function questionOriginKind(workflowId: string): QuestionOriginKind {
  return PREFIXES.find(([p]) => workflowId.startsWith(p))?.[1] ?? 'other';
}

/**
 * The day the Center should answer a question received on `receivedOn` by: N working days after
 * it (the day itself not counted). The plan sets no period for it: this one is the Office's own,
 * for the reminder and the escalation, and each start input may change it.
 */
export function questionAnswerDeadline(cal: WorkingCalendar, receivedOn: LocalDate, workingDays: number): Deadline {
  const date = cal.addWorkingDays(receivedOn, workingDays);
  return {
    id: 'answer',
    date,
    unit: 'working_days',
    count: workingDays,
    anchor: receivedOn,
    direction: 'after',
    rule: `${workingDays} ngày làm việc kể từ ngày nhận phản ánh (không tính ngày nhận)`,
    basis:
      'thời hạn theo dõi nội bộ của Văn phòng UBND thành phố để Trung tâm Phục vụ hành chính công thành phố tổng hợp, trả lời phản ánh theo đoạn cuối của Kế hoạch; không phải thời hạn pháp định',
    provisional: cal.isProvisional(date) || cal.isProvisional(receivedOn),
  };
}

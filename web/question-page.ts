import { dateInText, formatLocalDateTime } from '../domain/dates';
import { QUESTION_MAX_CHARS, QUESTION_ORIGIN_LABELS, questionOriginKind } from '../domain/questions';
import { emailSchema, line, type FileRef, z } from '../domain/validation';
import type { LinkClaims } from '../domain/links';
import type { QuestionContacts } from '../client/questions';
import { QUESTION_STATUS_LABELS, questionTextSchema, type QuestionState } from '../workflows/question/contract';
import { esc, facts } from './pages';
import { ACCEPTED_TYPES_TEXT } from './uploads';

/**
 * The page behind the link at the foot of every email to a unit: the unit raises a difficulty or
 * asks a question, the Center gets it (workflows/question/). The form, its checks, and the receipt
 * that shows the question's state and, once given, the Center's answer.
 */

/** The form's labels: the one source of the field names a message says. */
const LABELS = { askedBy: 'Người gửi', replyTo: 'Email nhận trả lời', text: 'Nội dung phản ánh, câu hỏi' } as const;

/** What the unit is told above the form. */
export function questionAbout(claims: LinkClaims, contacts: QuestionContacts): string {
  return [
    `<p>Theo Kế hoạch, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị, địa phương phản ánh qua ${esc(contacts.center.name)} để tổng hợp, báo cáo cấp có thẩm quyền xem xét, giải quyết. Trung tâm trả lời qua email.</p>`,
    facts([
      ['Đơn vị', claims.u],
      ['Từ', QUESTION_ORIGIN_LABELS[questionOriginKind(claims.w)]],
      ['Gửi đến', `${contacts.center.name} (${contacts.center.email})`],
    ]),
  ].join('');
}

/** The form's fields (HTML). */
export function questionForm(): string {
  return [
    `<label for="askedBy">${LABELS.askedBy} <span class="hint">(họ tên, chức vụ, số điện thoại)</span></label><input type="text" id="askedBy" name="askedBy" maxlength="200" required>`,
    `<label for="replyTo">${LABELS.replyTo}</label><input type="text" inputmode="email" id="replyTo" name="replyTo" maxlength="254" required>`,
    `<label for="text">${LABELS.text} <span class="hint">(tối đa ${QUESTION_MAX_CHARS} ký tự)</span></label><textarea id="text" name="text" maxlength="${QUESTION_MAX_CHARS}" required></textarea>`,
    `<label for="files">Tài liệu kèm theo <span class="hint">(không bắt buộc; ${esc(ACCEPTED_TYPES_TEXT)}; tối đa 5 tệp)</span></label><input type="file" id="files" name="files" multiple accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png">`,
  ].join('\n');
}

/** The checked question, or one Vietnamese message that names the field. */
export function buildQuestion(
  fields: Record<string, string>,
  files: FileRef[],
): { ok: true; askedBy: string; replyTo: string; text: string; files: FileRef[] } | { ok: false; message: string } {
  const schema = z.strictObject({ askedBy: line(200), replyTo: emailSchema, text: questionTextSchema() });
  const given = { askedBy: fields.askedBy ?? '', replyTo: (fields.replyTo ?? '').trim(), text: fields.text ?? '' };
  for (const k of ['askedBy', 'replyTo', 'text'] as const)
    if (!given[k].trim()) return { ok: false, message: `${LABELS[k]}: đề nghị nhập nội dung.` };
  const r = schema.safeParse(given);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path[0] as keyof typeof LABELS;
    return { ok: false, message: `${LABELS[field] ?? field}: ${issue.message}.` };
  }
  return { ok: true, ...r.data, files };
}

/** The receipt: the number, the state and, once given, the answer. */
export function questionReceipt(s: QuestionState): string {
  const answer = s.answer
    ? `<h2>Trả lời của Trung tâm</h2>${s.answer.text
        .split(/\n+/)
        .map((l) => `<p>${esc(l)}</p>`)
        .join('')}${facts([
        ['Người trả lời', s.answer.by],
        ['Lúc', formatLocalDateTime(Date.parse(s.answer.at))],
      ])}`
    : '';
  return [
    `<section class="done" role="status"><p>Phản ánh số ${esc(s.number)} đã được gửi đến Trung tâm ${esc(dateInText(s.receivedOn))}: ${esc(QUESTION_STATUS_LABELS[s.status])}. Trả lời được gửi đến ${esc(s.replyTo.join(', '))}.</p></section>`,
    `<section>${facts([
      ['Số phản ánh', s.number],
      ['Người gửi', s.askedBy],
      ...(s.deadline && !s.answer ? [['Hạn trả lời', dateInText(s.deadline.date)] as [string, string]] : []),
    ])}<h2>Nội dung</h2>${s.text
      .split(/\n+/)
      .map((l) => `<p>${esc(l)}</p>`)
      .join('')}${answer}</section>`,
  ].join('\n');
}

import fs from 'node:fs';
import type { Command } from 'commander';
import { ExitCode, UserFacingError } from '../../../config/errors';
import { dateInText, formatDateVi, formatLocalDateTime, localDateOf } from '../../../domain/dates';
import { parseQuestionNumber, QUESTION_ORIGIN_LABELS } from '../../../domain/questions';
import { displayFileName, displayLine as shown, quotedLines } from '../../../domain/safe-text';
import { describeIssue } from '../../../domain/validation';
import type { ListedQuestion } from '../../questions';
import type { QuestionState, QuestionUpdateInputs } from '../../../workflows/question/contract';
import { actor, updateIdOf, withSubmissionId } from '../args';
/* eslint-disable @typescript-eslint/no-require-imports -- Temporal's client loads only for commands that talk to it */
const temporal = () => ({
  ...(require('../../connect') as typeof import('../../connect')),
  ...(require('../../questions') as typeof import('../../questions')),
  ...(require('../../../workflows/question/contract') as typeof import('../../../workflows/question/contract')),
  ...(require('../../../workflows/ids') as typeof import('../../../workflows/ids')),
});

/* `kiemtra questions`: the units' difficulties and questions to the Center (the plan's last paragraph). */

/** A question as `kiemtra questions show` prints it. */
export function describeQuestion(s: QuestionState): string {
  const { QUESTION_STATUS_LABELS } = temporal();
  return [
    `Phản ánh ${s.number} của ${shown(s.unit)}: ${QUESTION_STATUS_LABELS[s.status]}${s.overdue ? ' (QUÁ HẠN)' : ''}`,
    `Nhận: ${formatDateVi(s.receivedOn)}; từ: ${QUESTION_ORIGIN_LABELS[s.origin.kind]} (${shown(s.origin.workflowId)})`,
    `Người gửi: ${shown(s.askedBy)}; trả lời gửi đến: ${s.replyTo.map(shown).join(', ')}`,
    ...(s.deadline && !s.answer ? [`Hạn trả lời: ${formatDateVi(s.deadline.date)} (${s.deadline.rule})`] : []),
    'Nội dung:',
    ...quotedLines(s.text, '  '),
    ...(s.files ?? []).map((f) => `Tệp: ${displayFileName(f.name)} (${f.sha256.slice(0, 12)}…)`),
    ...(s.answer
      ? [`Trả lời (${shown(s.answer.by)}, ${formatLocalDateTime(Date.parse(s.answer.at))}):`, ...quotedLines(s.answer.text, '  ')]
      : []),
    'Lịch sử:',
    ...s.history.map(
      (h) => `  ${formatLocalDateTime(Date.parse(h.at))}  ${shown(h.actor)}: ${shown(h.action)}${h.detail ? ` (${shown(h.detail)})` : ''}`,
    ),
  ].join('\n');
}

/** The listing as a table, open questions first. */
export function questionsTable(rows: readonly ListedQuestion[]): string {
  const { QUESTION_STATUS_LABELS } = temporal();
  if (!rows.length) return 'Không có phản ánh nào.';
  return rows
    .map((r) =>
      [
        r.number,
        shown(r.unit),
        `nhận ${formatDateVi(localDateOf(r.received))}`,
        (QUESTION_STATUS_LABELS as Record<string, string>)[r.status] ?? r.status,
        ...(r.open && r.due ? [`hạn trả lời ${dateInText(localDateOf(r.due))}`] : []),
        ...(r.overdue ? ['QUÁ HẠN'] : []),
      ].join('  '),
    )
    .join('\n');
}

/** The number as typed, or a refusal that says the form. */
function numberArg(typed: string): string {
  const n = parseQuestionNumber(typed);
  if (!n) throw new UserFacingError(`"${shown(typed)}" không phải số phản ánh (dạng PA-2026-K7Q3XW).`, ExitCode.badInput);
  return n;
}

/** Registers `kiemtra questions list|show|answer`. */
export function registerQuestions(program: Command): void {
  const q = program
    .command('questions')
    .description('Phản ánh khó khăn, vướng mắc, câu hỏi của đơn vị gửi Trung tâm Phục vụ hành chính công (qua đường dẫn trong email)');

  q.command('list')
    .description('Các phản ánh, chưa trả lời trước')
    .option('--open', 'chỉ những phản ánh chưa trả lời')
    .option('--json', 'in JSON')
    .action(async (o: { open?: boolean; json?: boolean }) => {
      const { withClient, listQuestions } = temporal();
      const rows = await withClient((client) => listQuestions(client, { open: o.open }));
      process.stdout.write(o.json ? `${JSON.stringify(rows, null, 2)}\n` : `${questionsTable(rows)}\n`);
    });

  q.command('show')
    .description('Nội dung, trả lời và lịch sử của một phản ánh')
    .argument('<số>', 'số phản ánh, ví dụ PA-2026-K7Q3XW')
    .option('--json', 'in JSON')
    .action(async (typed: string, o: { json?: boolean }) => {
      const number = numberArg(typed);
      const { withClient, questionState } = temporal();
      const s = await withClient((client) => questionState(client, number));
      process.stdout.write(o.json ? `${JSON.stringify(s, null, 2)}\n` : `${describeQuestion(s)}\n`);
    });

  withSubmissionId(
    q
      .command('answer')
      .description('Trả lời một phản ánh; nội dung trả lời được gửi cho đơn vị qua email')
      .argument('<số>', 'số phản ánh, ví dụ PA-2026-K7Q3XW')
      .option('--text <nội_dung>', 'nội dung trả lời')
      .option('--text-file <tệp>', 'tệp văn bản (UTF-8) chứa nội dung trả lời, thay cho --text')
      .option('--by <người>', 'người trả lời (mặc định: KIEMTRA_ACTOR hoặc tên đăng nhập)')
      .option('--json', 'in trạng thái sau khi cập nhật dưới dạng JSON')
      .addHelpText(
        'after',
        '\nVí dụ:\n  kiemtra questions answer PA-2026-K7Q3XW --text "Tính theo ngày tiếp nhận hồ sơ." --by "Nguyễn Văn An"',
      ),
  ).action(async (typed: string, o: { text?: string; textFile?: string; by?: string; json?: boolean; submissionId?: string }) => {
    const number = numberArg(typed);
    if ((o.text === undefined) === (o.textFile === undefined))
      throw new UserFacingError('cần đúng một trong --text hoặc --text-file.', ExitCode.badInput);
    let text = o.text;
    if (o.textFile !== undefined) {
      try {
        text = fs.readFileSync(o.textFile, 'utf8');
      } catch {
        throw new UserFacingError(`không đọc được tệp "${shown(o.textFile)}".`, ExitCode.badInput);
      }
    }
    const {
      withClient,
      executeUpdateRetrying,
      questionState,
      questionUpdates,
      questionUpdateSchemas,
      questionWorkflowId,
      QUESTION_STATUS_LABELS,
    } = temporal();
    const payload: QuestionUpdateInputs['answer'] = { text: text!, by: actor(o.by) };
    const r = questionUpdateSchemas.answer.safeParse(payload);
    if (!r.success) throw new UserFacingError(`${describeIssue(r.error.issues[0]!)}.`, ExitCode.badInput);
    const s = await withClient(async (client) => {
      // An answered question has ended: said by its number, not by the engine's "workflow completed".
      const now = await questionState(client, number);
      if (now.answer && o.submissionId === undefined)
        throw new UserFacingError(
          `Phản ánh ${number} ${QUESTION_STATUS_LABELS[now.status]} (${shown(now.answer.by)}, ${formatLocalDateTime(Date.parse(now.answer.at))}).`,
          ExitCode.badInput,
        );
      if (now.answer) return now;
      return executeUpdateRetrying(client.workflow.getHandle(questionWorkflowId(number)), questionUpdates.answer, payload, {
        updateId: updateIdOf('answer', o.submissionId),
      });
    });
    process.stdout.write(
      o.json
        ? `${JSON.stringify(s, null, 2)}\n`
        : `Đã ghi nhận trả lời; email gửi ${s.replyTo.map(shown).join(', ')}.\n${describeQuestion(s)}\n`,
    );
  });
}

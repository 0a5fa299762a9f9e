import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { formatDateVi, formatLocalDateTime } from '../domain/dates';
import { readerMessage } from '../workflows/kit/refusal';
import { questionInput, questionNumberOf } from '../client/questions';
import {
  QUESTION_WORKFLOW,
  questionStartOptions,
  questionStateQuery,
  questionUpdates,
  type QuestionState,
} from '../workflows/question/contract';
import { saveHistory } from './kit/histories';
import { at8, clock, skipTo } from './kit/inspection';
import { useWorkerStack } from './kit/stack';
import { eventually, sharedCalendar, timeSkippingEnv } from './kit/temporal';

/**
 * A unit's difficulty or question to the Center (issue 23, item 7; docs/questions.md), on the
 * time-skipping server with a real SMTP server: the Center is emailed at once, reminded at 08:00
 * two working days before the answer is due, the coordinator told at 08:00 of the working day
 * after it; a malformed answer is refused with no event; the answer reaches the unit by email.
 */
const cal = sharedCalendar();
const stack = useWorkerStack(timeSkippingEnv);
const CONTACTS = {
  coordinator: { name: 'Phòng Kiểm soát TTHC, Văn phòng UBND thành phố', email: 'kstthc@haiphong.example' },
  center: { name: 'Trung tâm Phục vụ hành chính công thành phố', address: 'Hải Phòng', email: 'tthc@haiphong.example' },
};
const TASK_EVENTS = new Set([5, 6, 7]);
const meaningfulEvents = async (h: WorkflowHandle) =>
  (await h.fetchHistory()).events!.filter((e) => !TASK_EVENTS.has(Number(e.eventType))).length;
const lines = (s: QuestionState) =>
  s.emails.map((e) => `${e.kind} → ${e.to.join(',')} @ ${formatLocalDateTime(Date.parse(e.requestedAt))} (${e.status})`);

describe('a unit asks the Center (time-skipping)', () => {
  it('tells the Center, reminds it, escalates, and sends the answer to the unit', async () => {
    const { today } = await clock(stack.env);
    const input = questionInput({
      originWorkflowId: 'inspection-2026-so-tai-chinh',
      unit: 'Sở Tài chính',
      askedBy: 'Trần Thị Bình, Phó Chánh Văn phòng',
      replyTo: ['binh@stc.haiphong.example'],
      text: 'Biểu II.06a tính hồ sơ theo ngày nhận hay ngày trả?\nXin hướng dẫn.',
      submission: 'sub-question-1',
      today,
      contacts: CONTACTS,
    });
    expect(input.number).toBe(questionNumberOf(Number(today.slice(0, 4)), 'sub-question-1'));
    const options = questionStartOptions(input, stack.worker.options.taskQueue, 'sub-question-1');
    expect(options.workflowId).toMatch(/^question-\d{4}-[a-z2-9]{6}$/);
    const h = await stack.env.client.workflow.start(QUESTION_WORKFLOW, options);
    const q = () => h.query(questionStateQuery);
    await eventually(async () => ((await q()).emails[0]?.status === 'sent' ? true : undefined), 20_000, 'the email to the Center');

    const s0 = await q();
    const due = cal.addWorkingDays(today, 5);
    expect(s0.deadline!.date).toBe(due);
    expect(s0.history.map((e) => e.action)).toEqual([
      `Gửi phản ánh ${input.number} qua đường dẫn trong email (từ: Cuộc kiểm tra)`,
      `Hạn Trung tâm trả lời: ${formatDateVi(due)}`,
    ]);
    const received = stack.smtp.messages.find((m) => m.envelopeTo.includes('tthc@haiphong.example'))!;
    expect(received.parsed.subject).toContain(`Phản ánh ${input.number} của Sở Tài chính`);
    expect(received.parsed.text).toContain('Biểu II.06a tính hồ sơ theo ngày nhận hay ngày trả?');
    expect(received.parsed.text).toContain(`npx kiemtra questions answer ${input.number} --text`);

    // The reminder two working days before the deadline, at 08:00, not before.
    const reminderDay = cal.addWorkingDays(due, -2);
    await skipTo(stack.env, reminderDay, '07:55');
    expect((await q()).emails.map((e) => e.kind)).toEqual(['question_received']);
    await skipTo(stack.env, reminderDay, '08:30');
    expect(lines(await q()).at(-1)).toBe(`question_reminder → tthc@haiphong.example @ ${at8(reminderDay)} (sent)`);

    // The escalation to the coordinator at 08:00 of the working day after the deadline.
    const late = cal.addWorkingDays(due, 1);
    await skipTo(stack.env, late, '08:30');
    const s1 = await q();
    expect(lines(s1).at(-1)).toBe(`question_overdue_escalation → kstthc@haiphong.example @ ${at8(late)} (sent)`);
    expect(s1.overdue).toBe(true);

    // A malformed answer is refused by the validator, in Vietnamese, and leaves no event.
    const before = await meaningfulEvents(h);
    for (const [payload, message] of [
      [{ text: '   ', by: 'Nguyễn Văn An' }, /^Dữ liệu không hợp lệ: text/],
      [{ text: 'Xem <script>', by: 'Nguyễn Văn An' }, /^Dữ liệu không hợp lệ: text: không được chứa ký tự < >/],
      [{ text: 'x'.repeat(8001), by: 'Nguyễn Văn An' }, /^Dữ liệu không hợp lệ: text/],
      [{ text: 'Trả lời\u202e', by: 'Nguyễn Văn An' }, /^Dữ liệu không hợp lệ: text: không được chứa ký tự đảo chiều/],
      [{ text: 'Trả lời', by: '' }, /^Dữ liệu không hợp lệ: by/],
    ] as const) {
      const err = await h.executeUpdate(questionUpdates.answer, { args: [payload] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(readerMessage(String((err as WorkflowUpdateFailedError).cause?.message)).text).toMatch(message);
    }
    expect(await meaningfulEvents(h)).toBe(before);

    const answered = await h.executeUpdate(questionUpdates.answer, {
      args: [{ text: 'Tính theo ngày tiếp nhận hồ sơ.\nTrân trọng.', by: 'Nguyễn Văn An' }],
    });
    expect(answered.status).toBe('question_answered');
    const done = (await h.result()) as QuestionState;
    expect(done.emails.map((e) => e.kind)).toEqual([
      'question_received',
      'question_reminder',
      'question_overdue_escalation',
      'question_answer',
    ]);
    expect(done.overdue).toBe(false);
    expect(done.history.at(-1)).toMatchObject({ actor: 'Nguyễn Văn An', action: `Trả lời phản ánh ${input.number}` });
    const answer = stack.smtp.messages.find((m) => m.envelopeTo.includes('binh@stc.haiphong.example'))!;
    expect(answer.parsed.subject).toBe(`Trả lời phản ánh ${input.number} của Sở Tài chính`);
    expect(answer.parsed.text).toContain('Tính theo ngày tiếp nhận hồ sơ.');
    await saveHistory(stack.env, h.workflowId, 'question-reminded-escalated-answered');
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { readerMessage } from '../workflows/kit/refusal';
import { INSPECTION_WORKFLOW, inspectionStartOptions, updates } from '../workflows/inspection/contract';
import { at8, clock, COORDINATOR, emailLines, inspectionInput, skipTo, state, type InspectionHandle } from './kit/inspection';
import { saveHistory } from './kit/histories';
import { useWorkerStack } from './kit/stack';
import { SAMPLE_TEAM } from './kit/team';
import { eventually, sharedCalendar, timeSkippingEnv } from './kit/temporal';

/**
 * Requests for documents (issue 23, item 7, first half) and the meetings' attendance and day
 * (item 8), on the time-skipping server with a real SMTP server: two requests open at once, the
 * reminder the working day before at 08:00, the coordinator told after the day, the answers
 * recorded with their files in any order; meetings with attendees from the team, on another day
 * only with a reason; every bad input refused by the validator with no event in history.
 */
const cal = sharedCalendar();
const wd = (d: string, n: number) => cal.addWorkingDays(d, n);
const stack = useWorkerStack(timeSkippingEnv);
const BY = 'Phạm Thị Dung';
const UNIT = 'Sở Tài chính';
const UNIT_EMAIL = 'so-tai-chinh@haiphong.example';
const FILE = { sha256: 'b'.repeat(64), name: 'so-theo-doi-ho-so.pdf', size: 2048, type: 'application/pdf' as const };

const TASK_EVENTS = new Set([5, 6, 7]);
const meaningfulEvents = async (h: InspectionHandle) =>
  (await h.fetchHistory()).events!.filter((e) => !TASK_EVENTS.has(Number(e.eventType))).length;

/** An update the validator must refuse with this message: no event, the state unchanged. */
async function refused(h: InspectionHandle, run: () => Promise<unknown>, message: string | RegExp): Promise<void> {
  await eventually(async () => ((await state(h)).emails.every((e) => e.status !== 'pending') ? true : undefined), 10_000, 'emails sent');
  const before = await meaningfulEvents(h);
  const stateBefore = await state(h);
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const got = readerMessage(String((err as WorkflowUpdateFailedError).cause?.message)).text;
  if (typeof message === 'string') expect(got).toBe(message);
  else expect(got).toMatch(message);
  expect(await meaningfulEvents(h)).toBe(before);
  expect(await state(h)).toEqual(stateBefore);
}

describe('requests for documents and meetings (time-skipping)', () => {
  it('asks twice, reminds, escalates, records the answers with their files; meetings with attendees, another day with a reason', async () => {
    const { today } = await clock(stack.env);
    const start = wd(today, 12);
    const end = wd(start, 2);
    const input = { ...inspectionInput(UNIT, { start, end }, 'surprise'), team: SAMPLE_TEAM };
    const h = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, inspectionStartOptions(input, stack.worker.options.taskQueue));
    await eventually(async () => ((await state(h)).deadlines.length ? true : undefined), 10_000, 'the inspection to load');
    await skipTo(stack.env, start, '09:00');
    expect((await state(h)).stage).toBe('on_site');

    // Meetings: a stranger in the team's side, one side empty, another day without a reason.
    const unitSide = [{ name: 'Lê Văn Hùng', position: 'Phó Giám đốc Sở Tài chính' }];
    await refused(
      h,
      () =>
        h.executeUpdate(updates.recordOpeningMeeting, {
          args: [{ date: start, attendees: { team: ['Nguyễn Văn An', 'Ngô Văn Khải'], unit: unitSide }, by: BY }],
        }),
      /^"Ngô Văn Khải" không có trong Đoàn kiểm tra; thành viên Đoàn: Nguyễn Văn An, /,
    );
    await refused(
      h,
      () =>
        h.executeUpdate(updates.recordOpeningMeeting, {
          args: [{ date: start, attendees: { team: ['Nguyễn Văn An'], unit: [] }, by: BY }],
        }),
      /cần ghi ít nhất một người của đơn vị dự họp/,
    );
    const opened = await h.executeUpdate(updates.recordOpeningMeeting, {
      args: [{ date: start, attendees: { team: ['nguyễn văn an', 'Phạm Thị Dung'], unit: unitSide }, by: BY }],
    });
    expect(opened.openingMeeting).toEqual({ date: start, attendees: { team: ['Nguyễn Văn An', 'Phạm Thị Dung'], unit: unitSide } });

    // Requests: empty, a past date, a day off; then two at once.
    await refused(
      h,
      () => h.executeUpdate(updates.requestDocuments, { args: [{ items: [], dueBy: end, by: BY }] }),
      /cần nêu ít nhất một tài liệu/,
    );
    await refused(
      h,
      () => h.executeUpdate(updates.requestDocuments, { args: [{ items: ['Sổ theo dõi'], dueBy: wd(start, -1), by: BY }] }),
      /^Hạn cung cấp tài liệu .* đã qua$/,
    );
    const y1 = await h.executeUpdate(updates.requestDocuments, {
      args: [{ items: ['Sổ theo dõi hồ sơ tháng 10', 'Văn bản xin lỗi hồ sơ trễ hạn'], dueBy: end, by: BY }],
    });
    expect(y1.documentRequests!.map((r) => [r.id, r.dueBy, r.by])).toEqual([['Y1', end, BY]]);
    const y2due = wd(end, 3);
    await h.executeUpdate(updates.requestDocuments, { args: [{ items: ['Danh sách hồ sơ số hóa'], dueBy: y2due, by: BY }] });
    await refused(
      h,
      () => h.executeUpdate(updates.requestDocuments, { args: [{ items: ['Danh sách hồ sơ số hóa'], dueBy: y2due, by: BY }] }),
      /^Yêu cầu Y2 với cùng nội dung đang chờ đơn vị cung cấp/,
    );
    await eventually(
      async () => ((await state(h)).emails.filter((e) => e.status === 'sent').length === 2 ? true : undefined),
      10_000,
      'two emails',
    );
    const asked = stack.smtp.messages.filter((m) => m.parsed.subject?.startsWith('Đề nghị cung cấp tài liệu'));
    expect(asked.map((m) => m.parsed.subject)).toEqual([expect.stringContaining('(yêu cầu Y1)'), expect.stringContaining('(yêu cầu Y2)')]);
    expect(asked[0]!.parsed.text).toContain('  - Văn bản xin lỗi hồ sơ trễ hạn');

    // The closing meeting on the visit's second day (its last is the third) without a reason is refused.
    const day2 = wd(start, 1);
    await skipTo(stack.env, day2, '10:00');
    await refused(
      h,
      () => h.executeUpdate(updates.recordClosingMeeting, { args: [{ date: day2, preliminaryResults: 'Sơ bộ', by: BY }] }),
      /^Cuộc họp kết thúc theo kế hoạch họp ngày .* \(ngày làm việc cuối cùng của Đoàn\); họp ngày .* cần nêu lý do \(--reason\)$/,
    );
    // Y1 is reminded at 08:00 the working day before its date.
    expect(emailLines(await state(h)).filter((l) => l.startsWith('document_request_reminder'))).toEqual([
      `document_request_reminder → ${UNIT_EMAIL} @ ${at8(wd(end, -1))} (sent)`,
    ]);

    // The unit answers Y2 with a file (Y1 still open); an answer with nothing is refused.
    await refused(
      h,
      () => h.executeUpdate(updates.answerDocumentRequest, { args: [{ receivedOn: day2, answers: [{ id: 'Y2' }], by: UNIT }] }),
      'Trả lời yêu cầu Y2 cần kèm tệp tài liệu hoặc ghi chú của đơn vị',
    );
    await h.executeUpdate(updates.answerDocumentRequest, {
      args: [{ receivedOn: day2, answers: [{ id: 'Y2', files: [FILE] }], by: UNIT }],
    });

    // After Y1's day the coordinator is told; the closing meeting a day late, with its reason.
    const late = wd(end, 1);
    await skipTo(stack.env, late, '10:00');
    const s = await state(h);
    expect(emailLines(s).filter((l) => l.startsWith('document_request'))).toEqual([
      `document_request → ${UNIT_EMAIL} @ ${emailLines(s)
        .find((l) => l.startsWith('document_request →'))!
        .split(' @ ')[1]!
        .replace(' (sent)', '')} (sent)`,
      expect.stringMatching(/^document_request → /),
      `document_request_reminder → ${UNIT_EMAIL} @ ${at8(wd(end, -1))} (sent)`,
      `document_request_overdue_escalation → ${COORDINATOR} @ ${at8(late)} (sent)`,
    ]);
    expect(s.overdue).toContain('documents:Y1');
    const escalation = stack.smtp.messages.find((m) => m.parsed.subject?.startsWith('[Quá hạn]') && m.parsed.subject.includes('Y1'))!;
    expect(escalation.envelopeTo).toEqual([COORDINATOR]);
    expect(escalation.parsed.text).toContain('  - Sổ theo dõi hồ sơ tháng 10');

    const drafting = await h.executeUpdate(updates.recordClosingMeeting, {
      args: [
        {
          date: late,
          preliminaryResults: 'Cơ bản thực hiện đúng quy định.',
          attendees: { team: ['Nguyễn Văn An'], unit: unitSide },
          reason: 'Lãnh đạo Sở dự họp HĐND thành phố ngày cuối của Đoàn',
          by: BY,
        },
      ],
    });
    expect(drafting.stage).toBe('drafting');
    expect(drafting.closingMeeting).toMatchObject({ reason: 'Lãnh đạo Sở dự họp HĐND thành phố ngày cuối của Đoàn' });

    // Y1 answered late, in drafting, with a note and a file.
    const answered = await h.executeUpdate(updates.answerDocumentRequest, {
      args: [
        {
          receivedOn: late,
          answers: [{ id: 'Y1', note: 'Sổ tháng 10 bản scan', files: [{ ...FILE, sha256: 'c'.repeat(64), name: 'xin-loi.pdf' }] }],
          by: UNIT,
        },
      ],
    });
    expect(answered.documentRequests!.map((r) => [r.id, r.answer?.receivedOn, r.answer?.files.map((f) => f.name)])).toEqual([
      ['Y1', late, ['xin-loi.pdf']],
      ['Y2', day2, ['so-theo-doi-ho-so.pdf']],
    ]);
    expect(answered.files.map((f) => f.for)).toEqual(['documents:Y2', 'documents:Y1']);
    expect(answered.overdue).not.toContain('documents:Y1');
    expect(answered.history.map((e) => e.action).filter((a) => /tài liệu|cuộc họp/i.test(a))).toEqual([
      'Ghi nhận cuộc họp mở đầu',
      'Yêu cầu đơn vị cung cấp tài liệu',
      'Yêu cầu đơn vị cung cấp tài liệu',
      'Nhắc hạn cung cấp tài liệu (yêu cầu Y1)',
      'Đơn vị cung cấp tài liệu theo yêu cầu Y2',
      'Tài liệu yêu cầu Y1 quá hạn: báo điều phối viên',
      'Ghi nhận cuộc họp kết thúc, thông báo sơ bộ kết quả',
      'Đơn vị cung cấp tài liệu theo yêu cầu Y1',
    ]);
    expect(answered.history.find((e) => e.action === 'Ghi nhận cuộc họp mở đầu')!.detail).toContain(
      'Đoàn kiểm tra: Nguyễn Văn An, Phạm Thị Dung; đơn vị: Lê Văn Hùng (Phó Giám đốc Sở Tài chính)',
    );
    // No reminder for Y2, answered before its day.
    await skipTo(stack.env, wd(y2due, 1), '10:00');
    expect(emailLines(await state(h)).filter((l) => l.includes('document_request_reminder') || l.includes('overdue')).length).toBe(2);

    await h.executeUpdate(updates.cancel, { args: [{ reason: 'Kết thúc kiểm thử', by: BY }] });
    await eventually(async () => ((await h.describe()).status.name === 'COMPLETED' ? true : undefined), 10_000, 'the end');
    await saveHistory(stack.env, h.workflowId, 'inspection-documents-requested-answered-meetings-attended');
  });
});

import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { KPI_TABLE_MARK } from '../domain/conclusion-body';
import { clock, inspectionInput, skipTo, state, type InspectionHandle } from './kit/inspection';
import { saveHistory } from './kit/histories';
import { eventually, sharedCalendar, timeSkippingEnv } from './kit/temporal';
import { useWorkerStack } from './kit/stack';
import { INSPECTION_WORKFLOW, inspectionStartOptions, updates } from '../workflows/inspection/contract';

/**
 * `recordConclusionText` (issue 23, item 5) through the time-skipping server: the team's edit of
 * the conclusion's body is recorded with its history entry, a malformed one, the same text again
 * and any text once the conclusion is signed are refused with no event in history.
 */
const cal = sharedCalendar();
const BY = 'Nguyễn Văn An (Trưởng đoàn)';
const stack = useWorkerStack(timeSkippingEnv);
const TASK_EVENTS = new Set([5, 6, 7]);
const meaningful = async (h: InspectionHandle) =>
  (await h.fetchHistory()).events!.filter((e) => !TASK_EVENTS.has(Number(e.eventType))).length;

async function refused(h: InspectionHandle, run: () => Promise<unknown>, message: RegExp): Promise<void> {
  const before = await meaningful(h);
  const stateBefore = await state(h);
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(String((err as WorkflowUpdateFailedError).cause?.message)).toMatch(message);
  expect(await meaningful(h)).toBe(before);
  expect(await state(h)).toEqual(stateBefore);
}

describe('the conclusion text (time-skipping)', () => {
  it('is recorded before signing, refused malformed, unchanged or after signing', async () => {
    const { today } = await clock(stack.env);
    const day = cal.addWorkingDays(today, 2);
    const input = inspectionInput('Sở Xây dựng', { start: day, end: day }, 'surprise');
    const h = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, inspectionStartOptions(input, stack.worker.options.taskQueue));
    await eventually(async () => ((await state(h)).deadlines.length > 0 ? true : undefined), 10_000, 'the calendar');
    await skipTo(stack.env, day, '08:30');
    await h.executeUpdate(updates.recordOpeningMeeting, { args: [{ date: day, by: BY }] });
    await h.executeUpdate(updates.recordFinding, { args: [{ text: 'Chưa niêm yết đầy đủ thủ tục hành chính', by: BY }] });

    const sections = [
      { heading: 'I. KHÁI QUÁT CHUNG', paragraphs: ['Sở Xây dựng chấp hành nghiêm túc Kế hoạch kiểm tra.'] },
      { heading: 'II. KẾT QUẢ KIỂM TRA', paragraphs: ['1. Kết quả thực hiện các chỉ tiêu năm 2026:', KPI_TABLE_MARK] },
      { heading: '2. Thực hiện cơ chế một cửa', paragraphs: ['- Chưa niêm yết đầy đủ thủ tục hành chính.'] },
    ];
    await refused(
      h,
      () =>
        h.executeUpdate(updates.recordConclusionText, {
          args: [{ sections: [{ heading: 'II. B', paragraphs: [KPI_TABLE_MARK, 'sau bảng'] }], by: BY }],
        }),
      /phải là dòng cuối của mục "II\. B"/u,
    );
    await refused(h, () => h.executeUpdate(updates.recordConclusionText, { args: [{ sections: [], by: BY }] }), /ít nhất một mục/u);

    const recorded = await h.executeUpdate(updates.recordConclusionText, { args: [{ sections, by: BY }] });
    expect(recorded.conclusionText).toMatchObject({ sections, by: BY });
    expect(recorded.history.at(-1)).toMatchObject({
      action: 'Ghi nhận nội dung kết luận do Đoàn kiểm tra biên tập',
      detail: '3 mục, 4 đoạn: I. KHÁI QUÁT CHUNG; II. KẾT QUẢ KIỂM TRA; 2. Thực hiện cơ chế một cửa',
    });
    await refused(h, () => h.executeUpdate(updates.recordConclusionText, { args: [{ sections, by: BY }] }), /không có gì thay đổi/u);

    await h.executeUpdate(updates.recordClosingMeeting, { args: [{ date: day, preliminaryResults: 'Cơ bản đạt yêu cầu.', by: BY }] });
    const edited = [...sections.slice(0, 2), { heading: '2. Về cơ chế một cửa', paragraphs: ['- Còn thiếu niêm yết.'] }];
    const again = await h.executeUpdate(updates.recordConclusionText, { args: [{ sections: edited, by: BY }] });
    expect(again.history.at(-1)!.action).toBe('Sửa lại nội dung kết luận');

    await h.executeUpdate(updates.signConclusion, {
      args: [
        {
          signer: 'Trần Văn B',
          signedOn: day,
          recommendations: [{ text: 'Niêm yết đủ TTHC', deadline: cal.addWorkingDays(day, 30) }],
          by: BY,
        },
      ],
    });
    await refused(
      h,
      () => h.executeUpdate(updates.recordConclusionText, { args: [{ sections, by: BY }] }),
      /Không thể ghi nhận nội dung kết luận/u,
    );
    expect((await state(h)).conclusionText!.sections).toEqual(edited);
    await saveHistory(stack.env, h.workflowId, 'conclusion-text-recorded');
  });
});

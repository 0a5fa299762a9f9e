import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { createHash } from 'node:crypto';
import { at8, clock, emailLines, finished, inspectionInput, skipTo, slug, state, type InspectionHandle } from './kit/inspection';
import { saveHistory } from './kit/histories';
import { FULL_COUNTS, formXlsx } from './kit/report-forms';
import { useWorkerStack } from './kit/stack';
import { eventually, sharedCalendar, timeSkippingEnv } from './kit/temporal';
import { INSPECTION_WORKFLOW, inspectionStartOptions, updates } from '../workflows/inspection/contract';

/**
 * The forms of II.2 tracked one by one (issue 23), on the time-skipping server with a real SMTP
 * server: a report recorded with one form is reminded, at 08:00 the next working day, of the three
 * still missing, by name, in the email the unit receives; forms sent later are recorded with their
 * date and the reminder stops; bad counts and a form sent twice are refused without an event.
 */
const cal = sharedCalendar();
const stack = useWorkerStack(timeSkippingEnv);
const BY = 'Nguyễn Văn A (Văn phòng UBND TP)';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' as const;

function formFile(form: 'II.04' | 'II.05a' | 'II.06a' | 'II.08') {
  const bytes = formXlsx(form);
  return { sha256: createHash('sha256').update(bytes).digest('hex'), name: `Bieu-${form}.xlsx`, size: bytes.length, type: XLSX };
}

const TASK_EVENTS = new Set([5, 6, 7]);
const events = async (h: InspectionHandle) => (await h.fetchHistory()).events!.filter((e) => !TASK_EVENTS.has(Number(e.eventType))).length;

async function refused(h: InspectionHandle, run: () => Promise<unknown>, message: RegExp): Promise<void> {
  await eventually(async () => ((await state(h)).emails.every((e) => e.status !== 'pending') ? true : undefined), 10_000, 'emails sent');
  const before = await events(h);
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(String((err as WorkflowUpdateFailedError).cause?.message)).toMatch(message);
  expect(await events(h)).toBe(before);
}

describe('the forms of the unit’s report (time-skipping, real SMTP)', () => {
  it('reminds the unit by name of the forms it has not sent, records the ones sent later, refuses bad counts', async () => {
    const unit = 'Sở Nội vụ';
    const { today } = await clock(stack.env);
    const visit = cal.addWorkingDays(today, 10);
    const input = inspectionInput(unit, { start: visit, end: cal.addWorkingDays(visit, 1) });
    const h = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, inspectionStartOptions(input, stack.worker.options.taskQueue));
    await eventually(async () => ((await state(h)).deadlines.length ? true : undefined), 10_000, 'the calendar');
    const noticeBy = (await state(h)).deadlines.find((d) => d.id === 'notice')!.date;
    await skipTo(stack.env, noticeBy, '09:00');

    const reportDay = cal.addWorkingDays(noticeBy, 1);
    await skipTo(stack.env, reportDay, '10:00');
    const base = { receivedOn: reportDay, indicators: {}, by: BY };
    await refused(
      h,
      () =>
        h.executeUpdate(updates.recordReport, { args: [{ ...base, counts: { onlineReceived: { numerator: 1200, denominator: 1000 } } }] }),
      /Hồ sơ tiếp nhận trực tuyến: "Số hồ sơ tiếp nhận trực tuyến" \(1\.200\) lớn hơn "Tổng số hồ sơ tiếp nhận" \(1\.000\)/,
    );
    await refused(
      h,
      () => h.executeUpdate(updates.recordReport, { args: [{ ...base, counts: { apologies: { numerator: -2, denominator: 9 } } }] }),
      /Xin lỗi khi hồ sơ giải quyết trễ hạn: .* không được âm/,
    );
    await refused(
      h,
      () =>
        h.executeUpdate(updates.attachReportForms, {
          args: [{ receivedOn: reportDay, forms: [{ form: 'II.05a', file: formFile('II.05a') }], by: BY }],
        }),
      /Chưa có báo cáo phục vụ kiểm tra/,
    );

    const reported = await h.executeUpdate(updates.recordReport, {
      args: [{ ...base, counts: FULL_COUNTS, budget: { amount: 150_000_000 }, forms: [{ form: 'II.04', file: formFile('II.04') }] }],
    });
    expect(reported.reportInFull).toBe(true);
    expect(reported.report!.kpi.find((k) => k.id === 'onlineReceived')).toMatchObject({ value: 62, met: false });
    expect(reported.findings.map((f) => f.text)).toEqual([
      'Hồ sơ tiếp nhận trực tuyến 62% < 80%',
      'Cắt giảm thời gian giải quyết TTHC so với năm 2024 40% < 50%',
    ]);
    expect(reported.reportForms).toEqual({ 'II.04': { file: formFile('II.04'), receivedOn: reportDay, at: expect.any(String) } });

    const remindOn = cal.addWorkingDays(reportDay, 1);
    await skipTo(stack.env, remindOn, '09:00');
    const reminded = await state(h);
    expect(emailLines(reminded).filter((l) => l.startsWith('report_forms_reminder'))).toEqual([
      `report_forms_reminder → ${slug(unit)}@haiphong.example @ ${at8(remindOn)} (sent)`,
    ]);
    const mail = await eventually(
      async () => stack.smtp.messages.find((m) => m.parsed.headers.get('x-kiemtra-kind') === 'report_forms_reminder'),
      10_000,
      'the forms reminder',
    );
    expect(mail.envelopeTo).toEqual([`${slug(unit)}@haiphong.example`]);
    const text = mail.parsed.text!;
    for (const f of ['II.05a', 'II.06a', 'II.08']) expect(text).toContain(`Biểu số ${f}/VPCP/KSTT`);
    expect(text).not.toContain('II.04/VPCP/KSTT');

    await refused(
      h,
      () =>
        h.executeUpdate(updates.attachReportForms, {
          args: [{ receivedOn: remindOn, forms: [{ form: 'II.04', file: formFile('II.04') }], by: unit }],
        }),
      /Biểu số II\.04\/VPCP\/KSTT đã được nhận/,
    );
    const attached = await h.executeUpdate(updates.attachReportForms, {
      args: [
        { receivedOn: remindOn, forms: (['II.05a', 'II.06a', 'II.08'] as const).map((form) => ({ form, file: formFile(form) })), by: unit },
      ],
    });
    expect(Object.entries(attached.reportForms!).map(([id, f]) => [id, f.receivedOn])).toEqual([
      ['II.04', reportDay],
      ['II.05a', remindOn],
      ['II.06a', remindOn],
      ['II.08', remindOn],
    ]);
    expect(attached.history.at(-1)).toMatchObject({
      action: 'Ghi nhận biểu mẫu số liệu kèm báo cáo',
      detail: expect.stringContaining('đã đủ các biểu mẫu'),
    });
    expect(attached.pendingReminders.map((r) => r.label)).not.toContain('Nhắc gửi biểu mẫu số liệu còn thiếu');

    await h.executeUpdate(updates.cancel, { args: [{ reason: 'Kết thúc thử nghiệm', by: BY }] });
    await finished(stack.env, h);
    await saveHistory(stack.env, h.workflowId, 'inspection-report-forms-reminded');
  }, 120_000);
});

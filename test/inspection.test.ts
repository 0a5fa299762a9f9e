import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { addDays, formatLocalDateTime } from '../domain/dates';
import {
  at8,
  clock,
  finished,
  COORDINATOR,
  emailLines,
  inspectionInput,
  skipTo,
  slug,
  state,
  TEAM_LEAD,
  type InspectionHandle,
} from './kit/inspection';
import { saveHistory as saveHistoryOf } from './kit/histories';
import { eventually, sharedCalendar, timeSkippingEnv } from './kit/temporal';
import { useWorkerStack } from './kit/stack';
import { INSPECTION_WORKFLOW, inspectionStartOptions, updates } from '../workflows/inspection/contract';

const cal = sharedCalendar();
const wd = (d: string, n: number) => cal.addWorkingDays(d, n);
const BY = 'Nguyễn Văn A (Văn phòng UBND TP)';

const stack = useWorkerStack(timeSkippingEnv);

async function start(
  unit: string,
  visitInWorkingDays: number,
  kind: 'periodic' | 'surprise' = 'periodic',
  days = 2,
): Promise<InspectionHandle> {
  const { today } = await clock(stack.env);
  const startDay = wd(today, visitInWorkingDays);
  const input = inspectionInput(unit, { start: startDay, end: wd(startDay, days - 1) }, kind);
  const handle = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, inspectionStartOptions(input, stack.worker.options.taskQueue));
  await eventually(
    async () => ((await state(handle)).deadlines.length > 0 ? true : undefined),
    10_000,
    'the inspection to load its calendar',
  );
  return handle;
}

const unitEmail = (unit: string) => `${slug(unit)}@haiphong.example`;

/**
 * Workflow-task events: the time-skipping server records a task for a rejected update, where a real
 * server's speculative task leaves nothing (test/inspection-dev.test.ts checks that strictly).
 */
const TASK_EVENTS = new Set([5, 6, 7]);
const meaningfulEvents = async (handle: InspectionHandle) =>
  (await handle.fetchHistory()).events!.filter((e) => !TASK_EVENTS.has(Number(e.eventType))).length;

const saveHistory = (handle: InspectionHandle, name: string) => saveHistoryOf(stack.env, handle.workflowId, name);

async function rejected(handle: InspectionHandle, run: () => Promise<unknown>, message: RegExp): Promise<void> {
  // An email still being sent would add its activity events meanwhile: let it finish first.
  await eventually(
    async () => ((await state(handle)).emails.every((e) => e.status !== 'pending') ? true : undefined),
    10_000,
    'queued emails to be sent',
  );
  const before = await meaningfulEvents(handle);
  const stateBefore = await state(handle);
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(String((err as WorkflowUpdateFailedError).cause?.message)).toMatch(message);
  expect(await meaningfulEvents(handle)).toBe(before);
  expect(await state(handle)).toEqual(stateBefore);
}

describe('inspection workflow (time-skipping)', () => {
  it('periodic: notice at 08:00, report on time with KPI findings, signed directly, one recommendation overdue then done', async () => {
    const unit = 'Sở Tài chính';
    const h = await start(unit, 10);
    const s0 = await state(h);
    const { start: visit, end } = s0.visit;
    const noticeBy = s0.deadlines.find((d) => d.id === 'notice')!.date;
    expect(noticeBy).toBe(wd(visit, -7));
    expect(s0.stage).toBe('scheduled');
    expect(s0.emails).toEqual([]);

    await skipTo(stack.env, noticeBy, '09:00');
    const s1 = await state(h);
    expect(s1.stage).toBe('notified');
    expect(emailLines(s1)).toEqual([`notice → ${unitEmail(unit)} @ ${at8(noticeBy)} (sent)`]);

    const reportDay = wd(noticeBy, 1);
    await skipTo(stack.env, reportDay, '10:00');
    const afterReport = await h.executeUpdate(updates.recordReport, {
      args: [{ receivedOn: reportDay, indicators: { onlineReceived: 62.4, satisfaction: 96, onlinePayment: 80 }, by: BY }],
    });
    expect(afterReport.report).toMatchObject({ receivedOn: reportDay, late: false });
    expect(afterReport.findings.map((f) => f.text)).toEqual(['Hồ sơ tiếp nhận trực tuyến 62,4% < 80%']);
    expect(afterReport.report!.kpi.filter((k) => k.met).map((k) => k.id)).toEqual(['satisfaction', 'onlinePayment']);

    await skipTo(stack.env, visit, '09:00');
    expect((await state(h)).stage).toBe('on_site');
    await h.executeUpdate(updates.recordOpeningMeeting, { args: [{ date: visit, by: BY }] });
    await h.executeUpdate(updates.recordFinding, { args: [{ text: '05 hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi.', by: BY }] });
    await skipTo(stack.env, end, '16:00');
    const drafting = await h.executeUpdate(updates.recordClosingMeeting, {
      args: [{ date: end, preliminaryResults: 'Cơ bản thực hiện đúng quy định.', by: BY }],
    });
    expect(drafting.stage).toBe('drafting');

    const signedOn = wd(end, 2);
    await skipTo(stack.env, signedOn, '10:00');
    const r1 = wd(signedOn, 8);
    const r2 = wd(signedOn, 20);
    const concluded = await h.executeUpdate(updates.signConclusion, {
      args: [
        {
          signer: 'Trần Văn B',
          signedOn,
          recommendations: [
            { text: 'Xin lỗi người dân khi trễ hạn.', deadline: r1 },
            { text: 'Nâng tỷ lệ tiếp nhận trực tuyến.', deadline: r2 },
          ],
          by: BY,
        },
      ],
    });
    expect(concluded.stage).toBe('remediating');
    expect(concluded.conclusion).toMatchObject({ signer: 'Trần Văn B', late: false });

    await skipTo(stack.env, wd(r1, 2), '10:00');
    const late = await state(h);
    expect(late.overdue).toEqual(['remediation:R1']);
    expect(late.recommendations.map((r) => [r.id, r.status, r.overdue])).toEqual([
      ['R1', 'open', true],
      ['R2', 'open', false],
    ]);

    await h.executeUpdate(updates.recordRemediationReport, {
      args: [{ receivedOn: wd(r1, 2), done: [{ id: 'R1', evidence: 'Văn bản xin lỗi số 12' }], by: BY }],
    });
    expect((await state(h)).overdue).toEqual([]);
    const closed = await h.executeUpdate(updates.recordRemediationReport, {
      args: [{ receivedOn: wd(r1, 2), done: [{ id: 'R2', evidence: 'Báo cáo số liệu tháng' }], by: BY }],
    });
    expect(closed.stage).toBe('closed');

    const final = await finished(stack.env, h);
    expect(final.stage).toBe('closed');
    expect(emailLines(final)).toEqual([
      `notice → ${unitEmail(unit)} @ ${at8(noticeBy)} (sent)`,
      // The report came without the forms of II.2: the unit is reminded of them the next working day.
      `report_forms_reminder → ${unitEmail(unit)} @ ${at8(wd(reportDay, 1))} (sent)`,
      `conclusion → ${unitEmail(unit)} @ ${at8(signedOn).replace('08:00', '10:00')} (sent)`,
      `remediation_reminder → ${unitEmail(unit)} @ ${at8(wd(r1, -5))} (sent)`,
      `remediation_overdue_escalation → ${COORDINATOR} @ ${at8(wd(r1, 1))} (sent)`,
    ]);
    const arrived = stack.smtp.messages.filter((m) => m.parsed.headers.get('x-kiemtra-workflow') === h.workflowId);
    expect(arrived.map((m) => m.parsed.messageId)).toEqual(final.emails.map((e) => e.messageId));
    const notice = arrived[0]!.parsed;
    expect(notice.subject).toBe(`Thông báo lịch kiểm tra công tác kiểm soát TTHC năm 2026 tại ${unit}`);
    expect(notice.text).toContain(`từ ngày 01/10/2025`);
    expect(final.history.map((x) => x.action)).toContain('Ký ban hành kết luận kiểm tra');
    await saveHistory(h, 'kit-periodic-direct-conclusion-overdue-recommendation');
  });

  it('periodic: report late after two reminders and an escalation on the visit day, then cancelled on site', async () => {
    const unit = 'UBND phường Nguyễn Trãi';
    const h = await start(unit, 9);
    const s0 = await state(h);
    const reportBy = s0.deadlines.find((d) => d.id === 'report')!.date;
    const noticeBy = s0.deadlines.find((d) => d.id === 'notice')!.date;
    const visit = s0.visit.start;
    await skipTo(stack.env, visit, '10:00');
    const s1 = await state(h);
    expect(s1.stage).toBe('on_site');
    expect(s1.overdue).toEqual(['report']);
    const r = await h.executeUpdate(updates.recordReport, { args: [{ receivedOn: visit, indicators: { onlineReceived: 85 }, by: BY }] });
    expect(r.report).toMatchObject({ late: true });
    expect(r.overdue).toEqual([]);
    const cancelled = await h.executeUpdate(updates.cancel, { args: [{ reason: 'Đơn vị có sự cố mất điện kéo dài', by: BY }] });
    expect(cancelled.stage).toBe('cancelled');
    const final = await finished(stack.env, h);
    expect(emailLines(final)).toEqual([
      `notice → ${unitEmail(unit)} @ ${at8(noticeBy)} (sent)`,
      `report_reminder → ${unitEmail(unit)} @ ${at8(wd(reportBy, -3))} (sent)`,
      `report_reminder → ${unitEmail(unit)} @ ${at8(reportBy)} (sent)`,
      `report_overdue_escalation → ${COORDINATOR} @ ${at8(wd(reportBy, 1))} (sent)`,
      `cancellation → ${unitEmail(unit)} @ ${at8(visit).replace('08:00', '10:00')} (sent)`,
    ]);
    const cancelMail = stack.smtp.messages.find((m) => m.parsed.messageId === final.emails.at(-1)!.messageId)!;
    expect(cancelMail.raw).toContain('METHOD:CANCEL');
    await saveHistory(h, 'periodic-late-report-cancelled-on-site');
  });

  it('periodic: report never sent, draft conclusion with response reminder, conclusion reminder, signed without recommendations', async () => {
    const unit = 'UBND xã An Lão';
    const h = await start(unit, 8, 'periodic', 1);
    const s0 = await state(h);
    const { start: visit, end } = s0.visit;
    const reportBy = s0.deadlines.find((d) => d.id === 'report')!.date;
    const conclusionBy = s0.deadlines.find((d) => d.id === 'conclusion')!.date;
    expect(conclusionBy).toBe(wd(end, 15));
    await skipTo(stack.env, visit, '09:00');
    await h.executeUpdate(updates.recordOpeningMeeting, { args: [{ date: visit, by: BY }] });
    await h.executeUpdate(updates.recordClosingMeeting, { args: [{ date: end, preliminaryResults: 'Còn thiếu sót.', by: BY }] });
    const issuedOn = wd(end, 2);
    await skipTo(stack.env, issuedOn, '10:00');
    const responseBy = wd(issuedOn, 5);
    const drafted = await h.executeUpdate(updates.issueDraftConclusion, {
      args: [{ issuedOn, responseBy, recommendations: ['Bổ sung quy trình nội bộ'], by: BY }],
    });
    expect(drafted.draft).toMatchObject({ responseBy });
    await skipTo(stack.env, responseBy, '09:00');
    await h.executeUpdate(updates.recordUnitResponse, {
      args: [{ receivedOn: responseBy, accepted: false, explanations: 'Đã ban hành quy trình từ tháng 9.', by: BY }],
    });
    const signDay = wd(conclusionBy, -1);
    await skipTo(stack.env, signDay, '11:00');
    const closed = await h.executeUpdate(updates.signConclusion, {
      args: [{ signer: 'Trần Văn B', signedOn: signDay, recommendations: [], by: BY }],
    });
    expect(closed.stage).toBe('closed');
    const final = await finished(stack.env, h);
    expect(final.unitResponse).toMatchObject({ accepted: false });
    expect(emailLines(final)).toEqual([
      `notice → ${unitEmail(unit)} @ ${at8(wd(visit, -7))} (sent)`,
      `report_reminder → ${unitEmail(unit)} @ ${at8(wd(reportBy, -3))} (sent)`,
      `report_reminder → ${unitEmail(unit)} @ ${at8(reportBy)} (sent)`,
      `report_overdue_escalation → ${COORDINATOR} @ ${at8(wd(reportBy, 1))} (sent)`,
      `draft_conclusion → ${unitEmail(unit)} @ ${at8(issuedOn).replace('08:00', '10:00')} (sent)`,
      `response_reminder → ${unitEmail(unit)} @ ${at8(wd(responseBy, -1))} (sent)`,
      `conclusion_reminder → ${TEAM_LEAD} @ ${at8(wd(conclusionBy, -3))} (sent)`,
      `conclusion → ${unitEmail(unit)} @ ${at8(signDay).replace('08:00', '11:00')} (sent)`,
    ]);
    await saveHistory(h, 'periodic-no-report-draft-conclusion');
  });

  it('surprise: no notice and no report deadline; on site from the first day; closed after remediation', async () => {
    const unit = 'UBND phường Kiến An';
    const h = await start(unit, 2, 'surprise', 1);
    const s0 = await state(h);
    expect(s0.deadlines.map((d) => d.id)).toEqual(['conclusion']);
    await skipTo(stack.env, s0.visit.start, '08:30');
    expect((await state(h)).stage).toBe('on_site');
    await h.executeUpdate(updates.recordOpeningMeeting, { args: [{ date: s0.visit.start, by: BY }] });
    await h.executeUpdate(updates.recordClosingMeeting, { args: [{ date: s0.visit.end, preliminaryResults: 'Đạt yêu cầu.', by: BY }] });
    const rem = await h.executeUpdate(updates.signConclusion, {
      args: [
        {
          signer: 'Trần Văn B',
          signedOn: s0.visit.end,
          recommendations: [{ text: 'Niêm yết đủ TTHC', deadline: wd(s0.visit.end, 30) }],
          by: BY,
        },
      ],
    });
    expect(rem.stage).toBe('remediating');
    await h.executeUpdate(updates.recordRemediationReport, {
      args: [{ receivedOn: s0.visit.end, done: [{ id: 'R1', evidence: 'Ảnh chụp bảng niêm yết' }], by: BY }],
    });
    const final = await finished(stack.env, h);
    expect(final.stage).toBe('closed');
    expect(emailLines(final)).toEqual([`conclusion → ${unitEmail(unit)} @ ${at8(s0.visit.start).replace('08:00', '08:30')} (sent)`]);
  });

  it('reschedule before the notice moves it; after the notice sends a revised notice; too soon is rejected unless surprise', async () => {
    const unit = 'Sở Xây dựng';
    const h = await start(unit, 10);
    const { today } = await clock(stack.env);
    const later = wd(today, 14);
    const moved = await h.executeUpdate(updates.reschedule, {
      args: [{ start: later, end: wd(later, 1), reason: 'Trùng lịch họp HĐND', by: BY }],
    });
    expect(moved.deadlines.find((d) => d.id === 'notice')!.date).toBe(wd(later, -7));
    expect(moved.emails).toEqual([]);
    const noticeBy = wd(later, -7);
    await skipTo(stack.env, noticeBy, '09:00');
    expect((await state(h)).stage).toBe('notified');
    const later2 = wd(noticeBy, 12);
    const revised = await h.executeUpdate(updates.reschedule, { args: [{ start: later2, end: later2, by: BY }] });
    expect(revised.scheduleRevision).toBe(2);
    expect(revised.deadlines.find((d) => d.id === 'report')!.date).toBe(cal.previousWorkingDayOnOrBefore(addDays(later2, -2)));
    const soon = wd(noticeBy, 3);
    await rejected(
      h,
      () => h.executeUpdate(updates.reschedule, { args: [{ start: soon, end: soon, by: BY }] }),
      /không còn đủ 7 ngày làm việc/,
    );
    const surprise = await h.executeUpdate(updates.reschedule, { args: [{ start: soon, end: soon, surprise: true, by: BY }] });
    expect(surprise.kind).toBe('surprise');
    expect(surprise.deadlines.map((d) => d.id)).toEqual(['conclusion']);
    await h.executeUpdate(updates.cancel, { args: [{ reason: 'Dừng theo chỉ đạo', by: BY }] });
    const final = await finished(stack.env, h);
    expect(final.emails.map((e) => e.kind)).toEqual(['notice', 'revised_notice', 'revised_notice', 'cancellation']);
    const invites = stack.smtp.messages
      .filter((m) => m.parsed.headers.get('x-kiemtra-workflow') === h.workflowId)
      .map((m) => /SEQUENCE:(\d+)/.exec(m.raw)?.[1]);
    expect(invites).toEqual(['1', '2', '3', '3']);
    const uids = stack.smtp.messages
      .filter((m) => m.parsed.headers.get('x-kiemtra-workflow') === h.workflowId)
      .map((m) => /UID:(\S+)/.exec(m.raw)?.[1]);
    expect(new Set(uids)).toEqual(new Set([`${h.workflowId}@kiemtra`]));
    await saveHistory(h, 'kit-reschedule-before-and-after-notice');
  });

  it.each(['scheduled', 'notified', 'drafting', 'remediating'] as const)('cancel in stage %s ends the inspection', async (stage) => {
    const unit = `UBND xã Tứ Kỳ ${stage}`;
    const h = await start(unit, 9, 'periodic', 1);
    const s0 = await state(h);
    if (stage !== 'scheduled') await skipTo(stack.env, wd(s0.visit.start, -7), '09:00');
    if (stage === 'drafting' || stage === 'remediating') {
      await skipTo(stack.env, s0.visit.start, '09:00');
      await h.executeUpdate(updates.recordOpeningMeeting, { args: [{ date: s0.visit.start, by: BY }] });
      await h.executeUpdate(updates.recordClosingMeeting, { args: [{ date: s0.visit.end, preliminaryResults: 'Sơ bộ.', by: BY }] });
    }
    if (stage === 'remediating') {
      await h.executeUpdate(updates.signConclusion, {
        args: [
          {
            signer: 'Trần Văn B',
            signedOn: s0.visit.end,
            recommendations: [{ text: 'Khắc phục', deadline: wd(s0.visit.end, 20) }],
            by: BY,
          },
        ],
      });
    }
    expect((await state(h)).stage).toBe(stage);
    const { now } = await clock(stack.env);
    const c = await h.executeUpdate(updates.cancel, { args: [{ reason: 'Thay đổi kế hoạch', by: BY }] });
    expect(c.stage).toBe('cancelled');
    const final = await finished(stack.env, h);
    expect(final.cancellation).toMatchObject({ reason: 'Thay đổi kế hoạch', by: BY });
    const u = unitEmail(unit);
    const signed = stage === 'remediating' ? [`conclusion → ${u} @ ${at8(s0.visit.start).replace('08:00', '09:00')} (sent)`] : [];
    const notice = stage === 'scheduled' ? [] : [`notice → ${u} @ ${at8(wd(s0.visit.start, -7))} (sent)`];
    const reminders =
      stage === 'drafting' || stage === 'remediating'
        ? [
            `report_reminder → ${u} @ ${at8(wd(s0.deadlines.find((d) => d.id === 'report')!.date, -3))} (sent)`,
            `report_reminder → ${u} @ ${at8(s0.deadlines.find((d) => d.id === 'report')!.date)} (sent)`,
            `report_overdue_escalation → ${COORDINATOR} @ ${at8(wd(s0.deadlines.find((d) => d.id === 'report')!.date, 1))} (sent)`,
          ]
        : [];
    const cancellation = stage === 'scheduled' ? [] : [`cancellation → ${u} @ ${formatLocalDateTime(now)} (sent)`];
    expect(emailLines(final)).toEqual([...notice, ...reminders, ...signed, ...cancellation]);
  });

  it('rejects invalid updates with a Vietnamese message and leaves no event in history', async () => {
    const h = await start('UBND xã Thanh Hà', 10);
    const s0 = await state(h);
    const { today } = await clock(stack.env);
    await rejected(
      h,
      () => h.executeUpdate(updates.recordOpeningMeeting, { args: [{ date: today, by: BY }] }),
      /Không thể ghi nhận cuộc họp mở đầu khi cuộc kiểm tra đang ở giai đoạn "Đã lên lịch"; việc này làm được khi cuộc kiểm tra đến giai đoạn "Đang kiểm tra tại đơn vị"/,
    );
    let sunday = wd(today, 12);
    while (new Date(`${sunday}T00:00:00Z`).getUTCDay() !== 0) sunday = addDays(sunday, 1);
    await rejected(h, () => h.executeUpdate(updates.reschedule, { args: [{ start: sunday, end: sunday, by: BY }] }), /là ngày nghỉ/);
    await rejected(
      h,
      () => h.executeUpdate(updates.reschedule, { args: [{ start: wd(today, -1), end: wd(today, -1), surprise: true, by: BY }] }),
      /đã qua/,
    );
    await rejected(
      h,
      () => h.executeUpdate(updates.reschedule, { args: [{ start: '2026-02-30', end: '2026-02-30', by: BY }] }),
      /ngày không hợp lệ/,
    );
    await rejected(
      h,
      () => h.executeUpdate(updates.cancel, { args: [{ reason: 'x', by: 'A\r\nBcc: attacker@example.com' }] }),
      /không được chứa xuống dòng/,
    );
    await skipTo(stack.env, wd(s0.visit.start, -7), '09:00');
    await rejected(
      h,
      () =>
        h.executeUpdate(updates.recordReport, {
          args: [{ receivedOn: wd(s0.visit.start, -7), indicators: { onlineReceived: 120 }, by: BY }],
        }),
      /tỷ lệ phải từ 0 đến 100/,
    );
    await rejected(
      h,
      () =>
        h.executeUpdate(updates.recordReport, {
          args: [{ receivedOn: wd(s0.visit.start, -7), indicators: { unknownRate: 5 } as never, by: BY }],
        }),
      /Khóa không được nhận dạng/,
    );
    await rejected(
      h,
      () => h.executeUpdate(updates.recordReport, { args: [{ receivedOn: wd(s0.visit.start, 1), indicators: {}, by: BY }] }),
      /chưa đến/,
    );
    await skipTo(stack.env, s0.visit.start, '09:00');
    await h.executeUpdate(updates.recordOpeningMeeting, { args: [{ date: s0.visit.start, by: BY }] });
    await skipTo(stack.env, s0.visit.end, '16:00');
    await h.executeUpdate(updates.recordClosingMeeting, { args: [{ date: s0.visit.end, preliminaryResults: 'Sơ bộ.', by: BY }] });
    await h.executeUpdate(updates.signConclusion, {
      args: [
        { signer: 'Trần Văn B', signedOn: s0.visit.end, recommendations: [{ text: 'Khắc phục', deadline: wd(s0.visit.end, 20) }], by: BY },
      ],
    });
    await rejected(
      h,
      () =>
        h.executeUpdate(updates.recordRemediationReport, {
          args: [{ receivedOn: s0.visit.end, done: [{ id: 'R7', evidence: 'x' }], by: BY }],
        }),
      /Không có kiến nghị R7/,
    );
    await h.executeUpdate(updates.cancel, { args: [{ reason: 'Kết thúc kiểm thử', by: BY }] });
    await finished(stack.env, h);
  });

  it('escalates a permanently refused email to the coordinator and retries a temporary failure until it is delivered once', async () => {
    const unit = 'UBND xã Tiên Minh';
    const h = await start(unit, 8, 'periodic', 1);
    const noticeBy = (await state(h)).deadlines.find((d) => d.id === 'notice')!.date;
    let refusals = 0;
    stack.smtp.setVerdict((_n, session) => {
      const to = session.envelope.rcptTo.map((r) => r.address);
      if (to.includes(unitEmail(unit)) && refusals < 2) {
        refusals++;
        return { code: 451, message: '4.3.0 Hệ thống tạm thời bận' };
      }
      return undefined;
    });
    await skipTo(stack.env, noticeBy, '09:30');
    const s1 = await state(h);
    expect(s1.emails.map((e) => [e.kind, e.status])).toEqual([['notice', 'sent']]);
    expect(refusals).toBe(2);
    expect(stack.smtp.messages.filter((m) => m.parsed.messageId === s1.emails[0]!.messageId)).toHaveLength(1);

    stack.smtp.setVerdict((_n, session) =>
      session.envelope.rcptTo.some((r) => r.address === unitEmail(unit))
        ? { code: 550, message: '5.1.1 Hộp thư không tồn tại' }
        : undefined,
    );
    const reportBy = s1.deadlines.find((d) => d.id === 'report')!.date;
    await skipTo(stack.env, wd(reportBy, -3), '09:00');
    const s2 = await state(h);
    stack.smtp.setVerdict(undefined);
    expect(s2.emails.map((e) => [e.kind, e.to.join(','), e.status])).toEqual([
      ['notice', unitEmail(unit), 'sent'],
      ['report_reminder', unitEmail(unit), 'failed'],
      ['delivery_failure_escalation', COORDINATOR, 'sent'],
    ]);
    expect(s2.emails[1]!.error).toContain('550');
    await h.executeUpdate(updates.cancel, { args: [{ reason: 'Kết thúc kiểm thử', by: BY }] });
    await finished(stack.env, h);
    await saveHistory(h, 'kit-email-temporary-and-permanent-failures');
  });
});

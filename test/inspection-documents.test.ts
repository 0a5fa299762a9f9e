import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { storeContent } from '../activities/documents';
import { readRegister, record as recordNumber } from '../client/register';
import { dateInText } from '../domain/dates';
import { noticeDeadline } from '../domain/deadlines';
import type { DocumentsConfig } from '../domain/document-life';
import { citedDate } from '../domain/team';
import { readerMessage } from '../workflows/kit/refusal';
import { INSPECTION_WORKFLOW, inspectionStartOptions, updates, type InspectionState } from '../workflows/inspection/contract';
import { documentDoubles, BROKEN_SIGNATURE, signedPdf } from './kit/documents';
import { saveHistory } from './kit/histories';
import {
  clock,
  COORDINATOR,
  finished,
  inspectionInput,
  skipTo,
  state,
  workingDaysFromToday,
  type InspectionHandle,
} from './kit/inspection';
import { useWorkerStack } from './kit/stack';
import { SAMPLE_TEAM } from './kit/team';
import { eventually, sharedCalendar, timeSkippingEnv } from './kit/temporal';

/**
 * The documents of one inspection (issue 22, items 3 and 7), on the time-skipping server with a
 * real SMTP server and the test doubles of the renderer and the signature verifier
 * (test/kit/documents.ts): the notice waits for its Thông báo to be issued, the Office is reminded
 * and the coordinator told when the moment passes unissued; an auto-issued Thông báo goes out
 * numbered and attached; signer, number and signature are checked and refused without change.
 */
const cal = sharedCalendar();
const deps = documentDoubles();
const stack = useWorkerStack(timeSkippingEnv, { documents: () => deps });
const BY = 'Văn thư Văn phòng';
const OFFICE = { name: 'Vũ Thị Hạnh', position: 'Phó Chánh Văn phòng UBND thành phố', email: 'vanphong@haiphong.example' };

async function start(unit: string, documents: Partial<DocumentsConfig>): Promise<InspectionHandle> {
  const v = await workingDaysFromToday(stack.env, 12);
  const input = {
    ...inspectionInput(unit, { start: v, end: cal.addWorkingDays(v, 1) }),
    team: SAMPLE_TEAM,
    documents: { office: OFFICE, ...documents },
  };
  const h = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, inspectionStartOptions(input, stack.worker.options.taskQueue));
  await eventually(async () => ((await state(h)).documents?.length ? true : undefined), 15_000, 'the Thông báo drafted');
  return h;
}

const notice = (s: InspectionState) => s.documents!.find((d) => d.kind === 'schedule_notice')!;
const received = (to: string, subject: RegExp) =>
  stack.smtp.messages.filter((m) => m.envelopeTo.includes(to) && subject.test(m.parsed.subject ?? ''));
const unitAddress = (unit: string) => inspectionInput(unit, { start: '2026-01-05', end: '2026-01-05' }).unit.emails[0]!;

/** Runs an update that must be refused: the Vietnamese message, and the state (history included) unchanged. */
async function refused(h: InspectionHandle, run: () => Promise<unknown>, message: string | RegExp, noEvent: boolean): Promise<void> {
  const events = async () => (await h.fetchHistory()).events!.filter((e) => ![5, 6, 7].includes(Number(e.eventType))).length;
  const before = await state(h);
  const eventsBefore = await events();
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const got = readerMessage(String((err as WorkflowUpdateFailedError).cause?.message)).text;
  if (typeof message === 'string') expect(got).toBe(message);
  else expect(got).toMatch(message);
  expect(await state(h)).toEqual(before);
  if (noEvent) expect(await events()).toBe(eventsBefore);
}

describe('the documents of an inspection (time-skipping)', () => {
  it('drafts the Thông báo at the start; no notice before it is issued; the Office reminded, the coordinator told; sign, number, issue, send', async () => {
    const unit = 'Sở Xây dựng';
    const h = await start(unit, { autoIssue: [], issueWorkingDaysBefore: [2] });
    const s0 = await state(h);
    const draft = notice(s0);
    expect(draft).toMatchObject({ id: 'schedule_notice-1', state: 'drafted', revision: 1 });
    expect(draft.files.map((f) => f.type)).toEqual([
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/pdf',
    ]);
    expect(
      s0.history.some(
        (e) => e.action === 'Lập dự thảo Thông báo lịch làm việc của Đoàn kiểm tra' && e.detail?.includes(draft.files[0]!.sha256),
      ),
    ).toBe(true);

    // Past the notice moment and its escalation: still no notice to the unit.
    const noticeBy = noticeDeadline(cal, s0.visit.start).date;
    await skipTo(stack.env, cal.addWorkingDays(noticeBy, 1), '09:00');
    const late = await eventually(async () => {
      const s = await state(h);
      return s.emails.some((e) => e.kind === 'document_issue_overdue_escalation' && e.status === 'sent') ? s : undefined;
    });
    expect(late.stage).toBe('scheduled');
    expect(late.emails.filter((e) => e.kind === 'notice')).toEqual([]);
    expect(received(unitAddress(unit), /Thông báo/)).toEqual([]);
    expect(late.emails.filter((e) => e.kind === 'document_issue_reminder').map((e) => e.to)).toEqual([[OFFICE.email]]);
    const escalation = received(COORDINATOR, /chưa được ban hành/).at(-1)!;
    expect(escalation.parsed.text).toContain(
      `Đến hết ${dateInText(noticeBy)}, Thông báo lịch làm việc của Đoàn kiểm tra gửi ${unit} chưa được ban hành`,
    );

    // A sign by someone the plan does not name: refused, no event.
    await refused(
      h,
      () => h.executeUpdate(updates.signDocument, { args: [{ kind: 'schedule_notice', signer: 'Nguyễn Văn An', by: BY }] }),
      /^"Nguyễn Văn An" không phải người ký Thông báo lịch làm việc của Đoàn kiểm tra; người ký theo kế hoạch: Vũ Thị Hạnh/,
      true,
    );
    // Issue before any signature: refused, no event.
    await refused(
      h,
      () => h.executeUpdate(updates.issueDocument, { args: [{ kind: 'schedule_notice', by: BY }] }),
      /^Thông báo lịch làm việc của Đoàn kiểm tra chưa được ký/,
      true,
    );
    await h.executeUpdate(updates.signDocument, { args: [{ kind: 'schedule_notice', signer: 'vũ thị  hạnh', by: BY }] });

    // A number already used in the register: refused, nothing changes in the inspection.
    const year = Number((await clock(stack.env)).today.slice(0, 4));
    const used = await recordNumber(
      stack.env.client,
      { body: 'VP', year },
      { number: '41/TB-VP', type: 'TB', subject: 'Thông báo khác', by: BY },
      { taskQueue: stack.worker.options.taskQueue },
    );
    expect(used.entry.symbol).toBe('41/TB-VP');
    await refused(
      h,
      () => h.executeUpdate(updates.issueDocument, { args: [{ kind: 'schedule_notice', number: '41/TB-VP', by: BY }] }),
      /^Số 41\/TB-VP đã được sử dụng trong sổ năm \d{4}: 41\/TB-VP ngày [\d/]+, thông báo "Thông báo khác"$/,
      false,
    );

    // Issued with the register's next number: number, date and signer in state and history; the notice goes out attached.
    const after = await h.executeUpdate(updates.issueDocument, { args: [{ kind: 'schedule_notice', by: BY }] });
    const issued = notice(after);
    expect(issued.symbol).toBe('42/TB-VP');
    expect(issued.signer).toMatchObject({ name: OFFICE.name, position: OFFICE.position });
    const today = (await clock(stack.env)).today;
    expect(issued.issuedOn).toBe(today);
    expect(after.history.find((e) => e.action === 'Ban hành Thông báo lịch làm việc của Đoàn kiểm tra')?.detail).toMatch(
      new RegExp(
        `^số 42/TB-VP, ngày ${citedDate(today)}; người ký Vũ Thị Hạnh, Phó Chánh Văn phòng UBND thành phố; tệp .*sha256 ${issued.files[0]!.sha256}`,
      ),
    );
    const mail = await eventually(async () => received(unitAddress(unit), /^Thông báo lịch kiểm tra/).at(0), 15_000, 'the notice');
    expect(mail.parsed.text).toContain(`Thông báo lịch làm việc của Đoàn kiểm tra số 42/TB-VP ngày ${citedDate(today)} (tệp đính kèm)`);
    const pdf = mail.parsed.attachments.find((a) => a.contentType === 'application/pdf')!;
    expect(pdf.filename).toBe('schedule_notice-42-TB-VP.pdf');
    expect(pdf.content.toString()).toContain('Số: 42/TB-VP');
    const sent = await eventually(async () => ((await state(h)).stage === 'notified' ? state(h) : undefined));
    expect(notice(sent).state).toBe('sent');
    await saveHistory(stack.env, h.workflowId, 'inspection-documents-reminded-escalated-issued');
  });

  it('auto-issues the Thông báo at its moment and sends it numbered, attached', async () => {
    const unit = 'Sở Y tế';
    const h = await start(unit, { autoIssue: ['schedule_notice'] });
    const noticeBy = noticeDeadline(cal, (await state(h)).visit.start).date;
    await skipTo(stack.env, noticeBy, '09:00');
    const s = await eventually(async () => {
      const x = await state(h);
      return x.stage === 'notified' ? x : undefined;
    });
    const doc = notice(s);
    expect(doc).toMatchObject({ state: 'sent', issuedOn: noticeBy, signer: { name: OFFICE.name } });
    expect(doc.symbol).toMatch(/^\d{2}\/TB-VP$/);
    const mail = await eventually(async () => received(unitAddress(unit), /^Thông báo lịch kiểm tra/).at(0), 15_000, 'the notice');
    expect(mail.parsed.text).toContain(`số ${doc.symbol} ngày ${citedDate(noticeBy)}`);
    expect(mail.parsed.attachments.map((a) => a.filename)).toContain(`schedule_notice-${doc.symbol!.replace('/', '-')}.pdf`);
    expect(s.emails.filter((e) => e.kind === 'document_issue_reminder' || e.kind === 'document_issue_overdue_escalation')).toEqual([]);
  });

  it('refuses an upload whose signature is broken and changes nothing; records a good one with its signer and time', async () => {
    const h = await start('Sở Tài chính', { autoIssue: [] });
    const broken = await storeContent(deps.dir, Buffer.from('%PDF-1.4\nđã sửa sau khi ký\n'), 'thong-bao-da-ky.pdf', 'application/pdf');
    await refused(
      h,
      () =>
        h.executeUpdate(updates.uploadSignedDocument, {
          args: [{ kind: 'schedule_notice', file: { ...broken, type: 'application/pdf' }, by: BY }],
        }),
      `Bản ký số không hợp lệ: ${BROKEN_SIGNATURE}`,
      false,
    );
    const good = await storeContent(
      deps.dir,
      signedPdf('VŨ THỊ HẠNH', '2026-12-01T09:30:00+07:00'),
      'thong-bao-ky-so.pdf',
      'application/pdf',
    );
    const s = await h.executeUpdate(updates.uploadSignedDocument, {
      args: [{ kind: 'schedule_notice', file: { ...good, type: 'application/pdf' }, by: BY }],
    });
    expect(notice(s)).toMatchObject({
      state: 'signed',
      signed: { signer: 'VŨ THỊ HẠNH', signedAt: '2026-12-01T09:30:00+07:00', file: { sha256: good.sha256 } },
    });
    expect(s.history.at(-1)).toMatchObject({ action: 'Tải lên bản ký số Thông báo lịch làm việc của Đoàn kiểm tra' });
    expect(s.history.at(-1)!.detail).toContain(good.sha256);
  });

  it('a reschedule after the notice drafts a Thông báo citing the one it replaces, sent with the revised notice; a withdrawal keeps the number', async () => {
    const unit = 'Sở Nội vụ';
    const h = await start(unit, { autoIssue: ['schedule_notice'] });
    const noticeBy = noticeDeadline(cal, (await state(h)).visit.start).date;
    await skipTo(stack.env, noticeBy, '09:00');
    const first = notice(await eventually(async () => ((await state(h)).stage === 'notified' ? state(h) : undefined)));
    const start2 = await workingDaysFromToday(stack.env, 10);
    await h.executeUpdate(updates.reschedule, { args: [{ start: start2, end: start2, reason: 'Đoàn bận họp', by: BY }] });
    const s = await eventually(async () => {
      const x = await state(h);
      return x.documents!.find((d) => d.id === 'schedule_notice-2')?.state === 'sent' ? x : undefined;
    });
    const second = s.documents!.find((d) => d.id === 'schedule_notice-2')!;
    expect(second.replaces).toEqual({ id: 'schedule_notice-1', symbol: first.symbol, issuedOn: first.issuedOn });
    expect(second.symbol).not.toBe(first.symbol);
    const revised = await eventually(async () => received(unitAddress(unit), /điều chỉnh lịch/).at(0), 15_000, 'the revised notice');
    expect(revised.parsed.text).toContain(`số ${second.symbol} ngày ${citedDate(second.issuedOn!)}`);
    const pdf = revised.parsed.attachments.find((a) => a.contentType === 'application/pdf')!;
    expect(pdf.content.toString()).toContain(`Thay thế: ${first.symbol} ngày ${first.issuedOn}`);

    const w = await h.executeUpdate(updates.withdrawDocument, { args: [{ kind: 'schedule_notice', reason: 'Ban hành nhầm', by: BY }] });
    expect(notice({ ...w, documents: w.documents!.filter((d) => d.revision === 2) })).toMatchObject({
      state: 'withdrawn',
      symbol: second.symbol,
    });
    const reg = await readRegister(stack.env.client, { body: 'VP', year: Number(second.issuedOn!.slice(0, 4)) });
    expect(reg!.entries.find((e) => e.symbol === second.symbol)).toMatchObject({
      status: 'withdrawn',
      withdrawal: { reason: 'Ban hành nhầm' },
    });
    await saveHistory(stack.env, h.workflowId, 'inspection-documents-auto-issued-rescheduled-withdrawn');
  });

  it('an auto-issued Kết luận goes with the conclusion email; a closed inspection ends once it is sent', async () => {
    const { today } = await clock(stack.env);
    const v = cal.addWorkingDays(cal.nextWorkingDayOnOrAfter(today), -2);
    const unit = 'Sở Tư pháp';
    const input = {
      ...inspectionInput(unit, { start: v, end: v }, 'surprise'),
      team: SAMPLE_TEAM,
      documents: { office: OFFICE, autoIssue: ['conclusion' as const] },
      current: { stage: 'drafting' as const, openingMeeting: v, closingMeeting: { date: v, preliminaryResults: 'Sơ bộ' } },
    };
    const h = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, inspectionStartOptions(input, stack.worker.options.taskQueue));
    await eventually(async () => ((await state(h)).deadlines.length ? true : undefined), 10_000, 'the inspection to load');
    await h.executeUpdate(updates.signConclusion, { args: [{ signer: 'Trần Thị Bình', signedOn: today, recommendations: [], by: BY }] });
    const done = await finished(stack.env, h);
    expect(done.stage).toBe('closed');
    const kl = done.documents!.find((d) => d.kind === 'conclusion')!;
    expect(kl).toMatchObject({ state: 'sent', signer: { name: 'Trần Thị Bình', authority: 'KT.' } });
    expect(kl.symbol).toMatch(/^\d{2}\/KL-ĐKT$/);
    expect(done.documents!.find((d) => d.kind === 'conclusion_notice')?.state).toBe('drafted');
    const mail = received(unitAddress(unit), /kết luận/i).at(-1)!;
    expect(mail.parsed.text).toContain(`Kết luận kiểm tra số ${kl.symbol} ngày ${citedDate(kl.issuedOn!)} (tệp đính kèm)`);
    expect(mail.parsed.attachments.map((a) => a.filename)).toEqual([`conclusion-${kl.symbol!.replace('/', '-')}.pdf`]);
    await saveHistory(stack.env, h.workflowId, 'inspection-documents-conclusion-auto-issued-closed');
  });

  it('drafts the Biên bản when the meetings are recorded, the Dự thảo with the draft, sent unnumbered once issued; renders again', async () => {
    const { today } = await clock(stack.env);
    const unit = 'Sở Văn hóa, Thể thao và Du lịch';
    const v = cal.nextWorkingDayOnOrAfter(today);
    const input = {
      ...inspectionInput(unit, { start: v, end: v }, 'surprise'),
      team: SAMPLE_TEAM,
      documents: { office: OFFICE, autoIssue: ['draft_conclusion' as const] },
    };
    const h = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, inspectionStartOptions(input, stack.worker.options.taskQueue));
    if (v > today) await skipTo(stack.env, v, '08:30');
    await eventually(async () => ((await state(h)).stage === 'on_site' ? true : undefined), 15_000, 'the visit');
    await h.executeUpdate(updates.recordOpeningMeeting, { args: [{ date: v, by: BY }] });
    await h.executeUpdate(updates.recordClosingMeeting, { args: [{ date: v, preliminaryResults: 'Sơ bộ kết quả', by: BY }] });
    const minutes = await eventually(async () => {
      const x = await state(h);
      return x.documents!.length === 2 ? x.documents! : undefined;
    });
    expect(minutes.map((d) => [d.kind, d.state])).toEqual([
      ['opening_minutes', 'drafted'],
      ['closing_minutes', 'drafted'],
    ]);
    const before = minutes[0]!.files;
    const again = await h.executeUpdate(updates.renderDocument, { args: [{ kind: 'opening_minutes', by: BY }] });
    expect(again.documents![0]!.files.map((f) => f.sha256)).toEqual(before.map((f) => f.sha256));
    expect(again.history.at(-1)).toMatchObject({ action: 'Lập lại Biên bản họp mở đầu' });

    const responseBy = cal.addWorkingDays(v, 5);
    await h.executeUpdate(updates.issueDraftConclusion, {
      args: [{ issuedOn: v, recommendations: ['Niêm yết đủ TTHC'], responseBy, by: BY }],
    });
    const s = await eventually(async () => {
      const x = await state(h);
      return x.documents!.find((d) => d.kind === 'draft_conclusion')?.state === 'sent' ? x : undefined;
    });
    const draft = s.documents!.find((d) => d.kind === 'draft_conclusion')!;
    expect(draft.symbol).toBeUndefined();
    const mail = await eventually(async () => received(unitAddress(unit), /dự thảo/i).at(0), 15_000, 'the draft conclusion');
    expect(mail.parsed.text).toContain(`Dự thảo Kết luận kiểm tra ngày ${citedDate(draft.issuedOn!)} (tệp đính kèm)`);
    expect(mail.parsed.attachments.map((a) => a.filename)).toEqual(['draft_conclusion-du-thao.pdf']);
  });
});

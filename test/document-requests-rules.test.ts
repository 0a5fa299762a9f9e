import { describe, expect, it } from 'vitest';
import { formatLocalDateTime } from '../domain/dates';
import { forwardDeadline } from '../domain/deadlines';
import { answerRefusal, nextRequestId, requestRefusal, requestStatus, type DocumentRequest } from '../domain/document-requests';
import { renderEmail } from '../emails/templates';
import { emailLinkClaims } from '../emails/links';
import { sampleRequest } from '../emails/sample';
import { linkExpiry } from '../domain/links';
import { ACTIONS } from '../web/actions';
import { formFields } from '../web/form-fields';
import { agenda } from '../workflows/inspection/agenda';
import { performAction } from '../workflows/inspection/actions';
import { completeInspectionInput, type InspectionState, updateSchemas } from '../workflows/inspection/contract';
import { initialState, isOpenDeadline, recomputeDeadlines, refreshOverdue } from '../workflows/inspection/state';
import { inspectionInput } from './kit/inspection';
import { sharedCalendar } from './kit/shared-data';

/**
 * The team's requests for more documents (issue 23, item 7, first half), without Temporal: the
 * rules of a request and its answer, the agenda's reminder and escalation, the email and its link,
 * the units' page that answers.
 */
const cal = sharedCalendar();
const VISIT = { start: '2026-05-25', end: '2026-05-26' };
const FILE = { sha256: 'a'.repeat(64), name: 'so-theo-doi.pdf', size: 1200, type: 'application/pdf' as const };

const request = (over: Partial<DocumentRequest> = {}): DocumentRequest => ({
  id: 'Y1',
  items: ['Sổ theo dõi hồ sơ tháng 10/2026'],
  dueBy: '2026-05-28',
  by: 'Phạm Thị Dung',
  at: '2026-05-25T03:00:00.000Z',
  askedOn: '2026-05-25',
  ...over,
});

function onSite(requests: DocumentRequest[]): InspectionState {
  const s = initialState(
    'inspection-2026-so-tai-chinh',
    completeInspectionInput(inspectionInput('Sở Tài chính', VISIT)),
    '2026-05-01T00:00:00.000Z',
  );
  recomputeDeadlines(s, cal);
  s.stage = 'on_site';
  s.stageSince = '2026-05-24T17:00:00.000Z';
  s.documentRequests = requests;
  for (const r of requests) s.deadlines.push(forwardDeadline(cal, `documents:${r.id}`, r.dueBy, 'điểm b khoản 3 Mục V'));
  return s;
}

describe('a request for documents', () => {
  it('refuses an empty request, an item twice, a past date, the same open request again, and too many open', () => {
    expect(requestRefusal([], { items: [], dueBy: '2026-05-28' }, '2026-05-25')).toBe(
      'Cần nêu ít nhất một tài liệu, số liệu đề nghị đơn vị cung cấp',
    );
    expect(requestRefusal([], { items: ['  '], dueBy: '2026-05-28' }, '2026-05-25')).toMatch(/^Cần nêu ít nhất một tài liệu/);
    expect(requestRefusal([], { items: ['Sổ A', 'sổ a'], dueBy: '2026-05-28' }, '2026-05-25')).toBe(
      'Tài liệu "sổ a" được nêu hai lần trong cùng một yêu cầu',
    );
    expect(requestRefusal([], { items: ['Sổ A'], dueBy: '2026-05-22' }, '2026-05-25')).toBe(
      'Hạn cung cấp tài liệu Thứ Sáu, 22/05/2026 đã qua',
    );
    expect(requestRefusal([request()], { items: ['Sổ theo dõi hồ sơ tháng 10/2026'], dueBy: '2026-05-29' }, '2026-05-25')).toBe(
      'Yêu cầu Y1 với cùng nội dung đang chờ đơn vị cung cấp (hạn cung cấp ngày 28/5/2026 (thứ Năm))',
    );
    const many = Array.from({ length: 20 }, (_, i) => request({ id: `Y${i + 1}`, items: [`Tài liệu ${i}`] }));
    expect(requestRefusal(many, { items: ['Khác'], dueBy: '2026-05-28' }, '2026-05-25')).toMatch(/^Đang có 20 yêu cầu chưa được trả lời/);
    // Today is accepted; an answered request with the same items does not block a new one.
    expect(
      requestRefusal(
        [request({ answer: { receivedOn: '2026-05-26', files: [FILE], by: 'x', at: 'y' } })],
        { items: ['Sổ theo dõi hồ sơ tháng 10/2026'], dueBy: '2026-05-25' },
        '2026-05-25',
      ),
    ).toBeUndefined();
    expect(nextRequestId([request(), request({ id: 'Y2' })])).toBe('Y3');
  });

  it('refuses an answer to no request, to one already answered, and an answer with neither file nor note', () => {
    const answered = request({ id: 'Y2', answer: { receivedOn: '2026-05-26', files: [FILE], by: 'x', at: 'y' } });
    expect(answerRefusal([request(), answered], { id: 'Y9', note: 'x' })).toBe(
      'Không có yêu cầu cung cấp tài liệu Y9; các yêu cầu đang chờ: Y1',
    );
    expect(answerRefusal([request(), answered], { id: 'Y2', note: 'x' })).toBe('Yêu cầu Y2 đã được đơn vị trả lời ngày 26/5/2026 (thứ Ba)');
    expect(answerRefusal([request()], { id: 'Y1' })).toBe('Trả lời yêu cầu Y1 cần kèm tệp tài liệu hoặc ghi chú của đơn vị');
    expect(answerRefusal([request()], { id: 'Y1', files: [FILE] })).toBeUndefined();
  });

  it('is open until its day, overdue after it, answered once answered', () => {
    expect(requestStatus(request(), '2026-05-28')).toBe('open');
    expect(requestStatus(request(), '2026-05-29')).toBe('overdue');
    expect(requestStatus(request({ answer: { receivedOn: '2026-05-29', files: [], note: 'n', by: 'x', at: 'y' } }), '2026-06-10')).toBe(
      'answered',
    );
  });

  it('has payload schemas that refuse an empty list, a blank item and a malformed id, in Vietnamese', () => {
    const ask = updateSchemas.requestDocuments;
    expect(ask.safeParse({ items: [], dueBy: '2026-05-28', by: 'A' }).error?.issues[0]?.message).toBe(
      'cần nêu ít nhất một tài liệu, số liệu đề nghị đơn vị cung cấp',
    );
    expect(ask.safeParse({ items: [' '], dueBy: '2026-05-28', by: 'A' }).success).toBe(false);
    const answer = updateSchemas.answerDocumentRequest;
    expect(answer.safeParse({ receivedOn: '2026-05-28', answers: [{ id: 'R1', note: 'x' }], by: 'A' }).error?.issues[0]?.message).toBe(
      'mã yêu cầu có dạng Y1, Y2…',
    );
    expect(answer.safeParse({ receivedOn: '2026-05-28', answers: [], by: 'A' }).error?.issues[0]?.message).toBe(
      'cần trả lời ít nhất một yêu cầu',
    );
  });
});

describe('the agenda of requests', () => {
  it('reminds the unit the working day before at 08:00 and tells the coordinator after the day, per open request', () => {
    const s = onSite([request(), request({ id: 'Y2', items: ['Khác'], dueBy: '2026-06-01', at: '2026-05-26T03:00:00.000Z' })]);
    const lines = agenda(s, cal)
      .filter((i) => i.action.type.startsWith('document_request'))
      .map((i) => `${i.action.type} ${'id' in i.action ? i.action.id : ''} @ ${formatLocalDateTime(i.at)}`);
    expect(lines).toEqual([
      'document_request_reminder Y1 @ 27/05/2026 08:00',
      'document_request_overdue Y1 @ 29/05/2026 08:00',
      'document_request_reminder Y2 @ 29/05/2026 08:00',
      'document_request_overdue Y2 @ 02/06/2026 08:00',
    ]);
    const reminder = agenda(s, cal).find((i) => i.action.type === 'document_request_reminder')!;
    expect(performAction(structuredClone(s), reminder, '2026-05-27T01:00:00.000Z')).toEqual([
      {
        kind: 'document_request_reminder',
        to: ['so-tai-chinh@haiphong.example'],
        documentRequest: { id: 'Y1', items: request().items, dueBy: '2026-05-28', by: 'Phạm Thị Dung' },
      },
    ]);
    const escalation = agenda(s, cal).find((i) => i.action.type === 'document_request_overdue')!;
    expect(performAction(structuredClone(s), escalation, '2026-05-29T01:00:00.000Z')[0]).toMatchObject({
      kind: 'document_request_overdue_escalation',
      to: ['dieuphoi@haiphong.example'],
    });
  });

  it('sends no reminder whose moment had passed when asked, nothing for an answered request, nothing after drafting', () => {
    const late = onSite([request({ at: '2026-05-27T05:00:00.000Z' })]);
    expect(
      agenda(late, cal)
        .filter((i) => i.action.type.startsWith('document_request'))
        .map((i) => i.action.type),
    ).toEqual(['document_request_overdue']);
    const answered = onSite([request({ answer: { receivedOn: '2026-05-26', files: [FILE], by: 'x', at: 'y' } })]);
    expect(agenda(answered, cal).some((i) => i.action.type.startsWith('document_request'))).toBe(false);
    const concluded = onSite([request()]);
    concluded.stage = 'remediating';
    expect(agenda(concluded, cal).some((i) => i.action.type.startsWith('document_request'))).toBe(false);
  });

  it('counts an unanswered request past its day as overdue, and its deadline open until answered', () => {
    const s = onSite([request()]);
    refreshOverdue(s, cal, Date.parse('2026-05-29T02:00:00.000Z'));
    expect(s.overdue).toContain('documents:Y1');
    expect(
      isOpenDeadline(
        s,
        s.deadlines.find((d) => d.id === 'documents:Y1')!,
      ),
    ).toBe(true);
    s.documentRequests![0]!.answer = { receivedOn: '2026-05-29', files: [FILE], by: 'x', at: 'y' };
    refreshOverdue(s, cal, Date.parse('2026-05-29T02:00:00.000Z'));
    expect(s.overdue).not.toContain('documents:Y1');
  });
});

describe('the email and the page', () => {
  it('asks for each item by name, by when, and links to the page valid 30 days after the date', () => {
    const r = sampleRequest('document_request');
    const mail = renderEmail('document_request', r.data, [{ action: 'documents', url: 'https://kiemtra.example/l/x' }]);
    expect(mail.subject).toBe('Đề nghị cung cấp tài liệu phục vụ kiểm tra (yêu cầu Y1), hạn ngày 28/5/2026 (thứ Năm)');
    expect(mail.text).toContain('  - Sổ theo dõi hồ sơ TTHC tháng 10/2026');
    expect(mail.text).toContain('Thời hạn cung cấp: chậm nhất ngày 28/5/2026 (thứ Năm).');
    expect(mail.text).toContain('Cung cấp tài liệu Đoàn kiểm tra yêu cầu: https://kiemtra.example/l/x');
    const claims = emailLinkClaims('document_request', r.workflowId, r.data, { documents: 1 }, '2026-05-25');
    // The request's own link, then the question link every email to a unit carries at its foot.
    expect(claims).toEqual([
      { v: 1, w: r.workflowId, a: 'documents', u: 'Sở Tài chính', exp: linkExpiry('2026-05-28'), g: 1 },
      expect.objectContaining({ a: 'question', w: r.workflowId }),
    ]);
    expect(emailLinkClaims('document_request_overdue_escalation', r.workflowId, r.data, {}, '2026-05-25')).toEqual([]);
  });

  it('shows each open request with a file input and a note, and builds one answer update of those filled', () => {
    const s = onSite([
      request(),
      request({ id: 'Y2', items: ['Khác'] }),
      request({ id: 'Y3', answer: { receivedOn: '2026-05-26', files: [FILE], by: 'x', at: 'y' } }),
    ]);
    const def = ACTIONS.documents;
    expect(def.closed(s as never)).toBeUndefined();
    const html = def.form(s as never, { today: '2026-05-27' });
    const fields = formFields(html);
    expect([...fields.files.keys()]).toEqual(['files_Y1', 'files_Y2']);
    expect([...fields.text]).toEqual(['note_Y1', 'note_Y2']);
    expect(def.build(s as never, { fields: {}, files: {} }, { today: '2026-05-27' })).toEqual({
      ok: false,
      message: 'Đề nghị gửi tệp tài liệu hoặc ghi chú cho ít nhất một yêu cầu.',
    });
    const built = def.build(
      s as never,
      { fields: { note_Y2: 'Chưa có sổ tháng 10' }, files: { files_Y1: [FILE] } },
      { today: '2026-05-27' },
    );
    expect(built).toMatchObject({
      ok: true,
      payload: {
        receivedOn: '2026-05-27',
        answers: [
          { id: 'Y1', files: [FILE] },
          { id: 'Y2', note: 'Chưa có sổ tháng 10' },
        ],
        by: 'Sở Tài chính',
      },
    });
    const done = onSite([request({ answer: { receivedOn: '2026-05-26', files: [FILE], by: 'x', at: 'y' } })]);
    expect(def.closed(done as never)).toBe('Đơn vị đã cung cấp tài liệu cho mọi yêu cầu của Đoàn kiểm tra.');
    expect(def.closed(onSite([]) as never)).toBe('Đoàn kiểm tra chưa yêu cầu đơn vị cung cấp tài liệu nào.');
  });
});

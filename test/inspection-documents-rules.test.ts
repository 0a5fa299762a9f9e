import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { roundInputFromPlan } from '../client/rounds';
import { documentLines } from '../client/documents';
import { projectRoot } from '../config/paths';
import { formatLocalDateTime } from '../domain/dates';
import { documentsConfigSchema, documentsWarnings, signerFor } from '../domain/document-life';
import { renderEmail } from '../emails/templates';
import { SAMPLE_DATA } from '../emails/sample';
import { loadPlan } from '../loaders/plan';
import { agenda } from '../workflows/inspection/agenda';
import { performAction } from '../workflows/inspection/actions';
import { addDraft, applyIssue, applySign, applyWithdraw, awaitingIssue } from '../workflows/inspection/documents';
import { initialState, recomputeDeadlines } from '../workflows/inspection/state';
import { completeInspectionInput, type InspectionState } from '../workflows/inspection/contract';
import { inspectionInput } from './kit/inspection';
import { sharedCalendar } from './kit/shared-data';
import { SAMPLE_TEAM } from './kit/team';

/**
 * The rules of an inspection's documents without Temporal (issue 22, items 3 and 7): the plan's
 * block, who may sign each kind, each revision's life in history, the timed actions of an
 * unissued Thông báo, and the cover text of an email that carries an issued document.
 */
const cal = sharedCalendar();
const VISIT = { start: '2026-05-25', end: '2026-05-26' };
const OFFICE = { name: 'Vũ Thị Hạnh', position: 'Phó Chánh Văn phòng UBND thành phố' };
const FILE = { sha256: 'a'.repeat(64), name: 'thong-bao.docx', size: 10, type: 'application/pdf' };

function fresh(autoIssue: string[] = [], withDocuments = true): InspectionState {
  const config = completeInspectionInput({
    ...inspectionInput('Sở Tài chính', VISIT),
    team: SAMPLE_TEAM,
    ...(withDocuments ? { documents: { autoIssue: autoIssue as never, office: OFFICE } } : {}),
  });
  const s = initialState('inspection-2026-so-tai-chinh', config, '2026-05-01T00:00:00.000Z');
  recomputeDeadlines(s, cal);
  if (withDocuments) s.documents = [];
  return s;
}
const lines = (s: InspectionState) => agenda(s, cal).map((i) => `${i.action.type} @ ${formatLocalDateTime(i.at)}`);

describe('the documents of an inspection (rules)', () => {
  it('reads the shipped plan: the notice, the draft and the conclusion issued by the system', () => {
    const plan = loadPlan(path.join(projectRoot, 'plans', 'haiphong-2026.yaml')).plan;
    const visits = plan.units.map((u, i) => ({
      ...u,
      visit: { start: cal.addWorkingDays('2026-06-01', i * 2), end: cal.addWorkingDays('2026-06-01', i * 2) },
    }));
    const input = roundInputFromPlan({ ...plan, units: visits });
    expect(input.inspections[0]!.documents).toMatchObject({
      autoIssue: ['schedule_notice', 'draft_conclusion', 'conclusion'],
      office: { position: 'Phó Chánh Văn phòng UBND thành phố', authority: 'KT.' },
      issueWorkingDaysBefore: [2],
    });
    expect(documentsConfigSchema().safeParse({ autoIssue: ['team_decision'] }).success).toBe(false);
    // The shipped plan's Office signer is a placeholder: `plan check` warns until the Office fills it in.
    expect(documentsWarnings(plan.documents)).toEqual([
      {
        path: ['documents', 'office', 'name'],
        message: 'chưa điền họ tên người ký văn bản của Văn phòng ("[cần điền] Họ và tên Lãnh đạo Văn phòng UBND thành phố")',
      },
    ]);
    expect(documentsWarnings({ autoIssue: ['schedule_notice', 'conclusion'] })[0]!.message).toBe(
      'chưa ghi người ký văn bản của Văn phòng, nên không ban hành được: Thông báo lịch làm việc của Đoàn kiểm tra',
    );
  });

  it('lets each kind be signed only by its signer as the plan names them', () => {
    const config = documentsConfigSchema().parse({ office: OFFICE });
    expect(signerFor('schedule_notice', 'vũ thị hạnh', SAMPLE_TEAM, config)).toMatchObject({ ok: true, signer: { name: 'Vũ Thị Hạnh' } });
    expect(signerFor('schedule_notice', 'Nguyễn Văn An', SAMPLE_TEAM, config)).toEqual({
      ok: false,
      message:
        '"Nguyễn Văn An" không phải người ký Thông báo lịch làm việc của Đoàn kiểm tra; người ký theo kế hoạch: Vũ Thị Hạnh (Phó Chánh Văn phòng UBND thành phố)',
    });
    expect(signerFor('conclusion', 'Trần Thị Bình', SAMPLE_TEAM, config)).toMatchObject({ ok: true, signer: { authority: 'KT.' } });
    expect(signerFor('conclusion', 'Lê Văn Cường', SAMPLE_TEAM, config)).toMatchObject({ ok: false });
    expect(signerFor('schedule_notice', 'Vũ Thị Hạnh', SAMPLE_TEAM, undefined)).toMatchObject({ ok: false, message: /documents\.office/ });
  });

  it('records each step with the file hash; a new revision cites the issued one, sets aside an unissued one', () => {
    const s = fresh();
    const first = addDraft(s, 'schedule_notice', [FILE], '2026-05-01T01:00:00.000Z', 'hệ thống');
    applySign(s, first, { name: 'Vũ Thị Hạnh', position: OFFICE.position }, '2026-05-02T01:00:00.000Z', 'Văn thư');
    applyIssue(
      s,
      first,
      { symbol: '08/TB-VP', register: 'register-2026-vp', issuedOn: '2026-05-04', files: [FILE] },
      '2026-05-04T01:00:00.000Z',
      'Văn thư',
    );
    const second = addDraft(s, 'schedule_notice', [FILE], '2026-05-05T01:00:00.000Z', 'Văn thư');
    expect(second).toMatchObject({
      id: 'schedule_notice-2',
      revision: 2,
      replaces: { id: 'schedule_notice-1', symbol: '08/TB-VP', issuedOn: '2026-05-04' },
    });
    const third = addDraft(s, 'schedule_notice', [FILE], '2026-05-06T01:00:00.000Z', 'Văn thư');
    expect(second.state).toBe('withdrawn');
    expect(third.replaces).toBeUndefined();
    applyWithdraw(s, first, 'Thay bằng Thông báo mới', '2026-05-07T01:00:00.000Z', 'Văn thư');
    expect(s.history.slice(1).map((e) => `${e.action}: ${e.detail}`)).toEqual([
      `Lập dự thảo Thông báo lịch làm việc của Đoàn kiểm tra: thong-bao.docx (sha256 ${FILE.sha256})`,
      `Ký duyệt Thông báo lịch làm việc của Đoàn kiểm tra: Vũ Thị Hạnh, Phó Chánh Văn phòng UBND thành phố; tệp thong-bao.docx (sha256 ${FILE.sha256})`,
      `Ban hành Thông báo lịch làm việc của Đoàn kiểm tra: số 08/TB-VP, ngày 04/5/2026; người ký Vũ Thị Hạnh, Phó Chánh Văn phòng UBND thành phố; tệp thong-bao.docx (sha256 ${FILE.sha256})`,
      `Lập dự thảo Thông báo lịch làm việc của Đoàn kiểm tra (lần 2): thong-bao.docx (sha256 ${FILE.sha256}); thay thế văn bản số 08/TB-VP`,
      `Lập dự thảo Thông báo lịch làm việc của Đoàn kiểm tra (lần 3): thong-bao.docx (sha256 ${FILE.sha256})`,
      'Thu hồi Thông báo lịch làm việc của Đoàn kiểm tra: số 08/TB-VP; lý do: Thay bằng Thông báo mới',
    ]);
    expect(documentLines(s.documents!)[0]).toMatch(
      /^schedule_notice +lần 1 +Đã thu hồi +số 08\/TB-VP ngày 04\/05\/2026; người ký: Vũ Thị Hạnh; tệp: thong-bao.docx/,
    );
  });

  it('with documents, the notice is no timed action: the Office is reminded, the coordinator told, or the system issues it', () => {
    // Without documents: the notice at 08:00 on its deadline, as before.
    expect(lines(fresh([], false))[0]).toBe('send_notice @ 14/05/2026 08:00');
    const manual = fresh();
    addDraft(manual, 'schedule_notice', [FILE], '2026-05-01T01:00:00.000Z', 'hệ thống');
    expect(awaitingIssue(manual, 'schedule_notice')).toBe(true);
    expect(lines(manual).slice(0, 3)).toEqual([
      'document_issue_reminder @ 12/05/2026 08:00',
      'document_issue_overdue @ 15/05/2026 08:00',
      'visit_start @ 25/05/2026 00:00',
    ]);
    const [reminder, overdue] = agenda(manual, cal);
    expect(performAction(manual, reminder!, '2026-05-12T01:00:00.000Z')).toEqual([
      {
        kind: 'document_issue_reminder',
        to: ['dieuphoi@haiphong.example'],
        deadline: 'notice',
        document: { label: 'Thông báo lịch làm việc của Đoàn kiểm tra' },
      },
    ]);
    expect(performAction(manual, overdue!, '2026-05-15T01:00:00.000Z')[0]).toMatchObject({
      kind: 'document_issue_overdue_escalation',
      to: ['dieuphoi@haiphong.example'],
    });
    const auto = fresh(['schedule_notice']);
    expect(lines(auto).slice(0, 2)).toEqual(['document_auto_issue @ 14/05/2026 08:00', 'document_issue_overdue @ 15/05/2026 08:00']);
    const issued = fresh();
    const doc = addDraft(issued, 'schedule_notice', [FILE], '2026-05-01T01:00:00.000Z', 'hệ thống');
    applyIssue(issued, doc, { symbol: '08/TB-VP', issuedOn: '2026-05-04', files: [FILE] }, '2026-05-04T01:00:00.000Z', 'Văn thư');
    expect(lines(issued)).toEqual(['visit_start @ 25/05/2026 00:00']);
  });

  it('writes a short cover text quoting the number and date when an email carries an issued document', () => {
    const mail = renderEmail('notice', {
      ...SAMPLE_DATA,
      document: { label: 'Thông báo lịch làm việc của Đoàn kiểm tra', symbol: '08/TB-VP', issuedOn: '2026-05-13', attached: true },
    });
    expect(mail.subject).toBe('Thông báo lịch kiểm tra công tác kiểm soát TTHC năm 2026 tại Sở Tài chính');
    expect(mail.text).toContain(
      'Văn phòng Ủy ban nhân dân thành phố gửi Sở Tài chính Thông báo lịch làm việc của Đoàn kiểm tra số 08/TB-VP ngày 13/5/2026 (tệp đính kèm).',
    );
    expect(mail.text).not.toContain('quý cơ quan');
    expect(mail.text).not.toContain('Thời kỳ kiểm tra');
    // Issued without a file (no renderer wired): the full notice, its number quoted, nothing said to be attached.
    const bare = renderEmail('notice', {
      ...SAMPLE_DATA,
      document: { label: 'Thông báo lịch làm việc của Đoàn kiểm tra', symbol: '08/TB-VP', issuedOn: '2026-05-13' },
    });
    expect(bare.text).toContain('Kính gửi: Sở Tài chính.\n\nThông báo lịch làm việc của Đoàn kiểm tra số 08/TB-VP ngày 13/5/2026.\n\n');
    expect(bare.text).toContain('Thời kỳ kiểm tra');
    expect(bare.text).not.toContain('tệp đính kèm');
  });
});

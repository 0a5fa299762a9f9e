import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { roundInputFromPlan } from '../client/rounds';
import { roundDocumentInputFromPlan, roundDocumentKindOf } from '../client/round-documents';
import { planSchema } from '../domain/plan-schema';
import { roundDocumentsWarnings, roundSignerFor } from '../domain/round-documents';
import { loadPlan } from '../loaders/plan';
import { completeRoundDocumentInput, roundDocumentUpdateSchemas } from '../workflows/round-document/contract';
import {
  addDraft,
  applyIssue,
  applySign,
  applyWithdraw,
  checkDraft,
  checkIssue,
  initialRoundDocumentState,
  stageOf,
} from '../workflows/round-document/rules';

/**
 * The rules of a round's documents without Temporal: who may sign the Decision and the report,
 * each revision's life in history with its hash, the checks of the updates, the plan's
 * `documents.chairman` (kept out of the inspections' input) and the CLI's words for the kinds.
 */
const plan = loadPlan(path.join(__dirname, '..', 'plans', 'haiphong-2026.yaml')).plan;
const CHAIRMAN = { name: 'Nguyễn Văn Phó', position: 'Phó Chủ tịch', authority: 'KT.' as const, signsFor: 'Chủ tịch' };
const OFFICE = { name: 'Vũ Thị Hạnh', position: 'Phó Chánh Văn phòng UBND thành phố' };
const FILE = { sha256: 'b'.repeat(64), name: 'team_decision-chua-so.docx', size: 10, type: 'application/pdf' };

function fresh(kind: 'team_decision' | 'round_report', signers = {}) {
  const config = completeRoundDocumentInput({ ...roundDocumentInputFromPlan(plan, kind), signers });
  return { config, state: initialRoundDocumentState(`round-document-${plan.round}-${kind}`, config, Date.parse('2026-05-06T02:00:00Z')) };
}

describe('who signs a round document', () => {
  it('the Decision: the Chairman the plan names, else anyone the Office names as a Vice-Chairman (KT. CHỦ TỊCH)', () => {
    expect(roundSignerFor('team_decision', 'nguyễn  văn phó', { chairman: CHAIRMAN })).toEqual({ ok: true, signer: CHAIRMAN });
    expect(roundSignerFor('team_decision', 'Trần Văn Khác', { chairman: CHAIRMAN })).toEqual({
      ok: false,
      message:
        '"Trần Văn Khác" không phải người ký Quyết định thành lập Đoàn kiểm tra; người ký theo kế hoạch: Nguyễn Văn Phó (KT. Phó Chủ tịch)',
    });
    expect(roundSignerFor('team_decision', 'Lê Văn Bình', {})).toEqual({
      ok: true,
      signer: { name: 'Lê Văn Bình', position: 'Phó Chủ tịch', authority: 'KT.', signsFor: 'Chủ tịch' },
    });
    expect(roundSignerFor('team_decision', '[cần điền] Họ tên', {})).toMatchObject({ ok: false, message: /^Chưa ghi họ tên người ký/ });
  });

  it("the report: the Office's signer alone; a plan whose signer is still a placeholder cannot sign", () => {
    expect(roundSignerFor('round_report', 'Vũ Thị Hạnh', { office: OFFICE })).toEqual({ ok: true, signer: OFFICE });
    expect(roundSignerFor('round_report', 'Vũ Thị Hạnh', {})).toMatchObject({ ok: false, message: /documents\.office/ });
    const shipped = roundDocumentInputFromPlan(plan, 'round_report').signers!;
    expect(roundSignerFor('round_report', 'Vũ Thị Hạnh', shipped)).toMatchObject({
      ok: false,
      message: /^Kế hoạch chưa điền họ tên người ký/,
    });
  });
});

describe("a round document's life", () => {
  it('drafts, signs, issues and withdraws, each step in history with the hash; a new draft cites the issued one', () => {
    const { config, state } = fresh('team_decision', { chairman: CHAIRMAN });
    expect(stageOf(state)).toBe('none');
    addDraft(state, [FILE], { at: '2026-05-06T02:00:00Z', by: 'Văn thư', draftedOn: '2026-05-06' });
    applySign(state, CHAIRMAN, '2026-05-06T03:00:00Z', 'Văn thư');
    const doc = state.documents[0]!;
    applyIssue(
      state,
      doc,
      { symbol: '12/QĐ-UBND', register: 'register-2026-UBND', issuedOn: '2026-05-08', files: [FILE] },
      '2026-05-08T02:00:00Z',
      'Văn thư',
    );
    expect(state.history.slice(1).map((h) => h.action)).toEqual([
      'Lập dự thảo Quyết định thành lập Đoàn kiểm tra',
      'Ký duyệt Quyết định thành lập Đoàn kiểm tra',
      'Ban hành Quyết định thành lập Đoàn kiểm tra',
    ]);
    expect(state.history.slice(1).every((h) => h.detail!.includes(FILE.sha256))).toBe(true);
    expect(state.history.at(-1)!.detail).toContain('số 12/QĐ-UBND, ngày 08/5/2026; người ký Nguyễn Văn Phó, Phó Chủ tịch');
    const second = addDraft(state, [FILE], { at: '2026-05-09T02:00:00Z', by: 'Văn thư', draftedOn: '2026-05-09' });
    expect(second).toMatchObject({ revision: 2, replaces: { id: 'team_decision-1', symbol: '12/QĐ-UBND' } });
    applyWithdraw(state, doc, 'Thay bằng Quyết định mới', '2026-05-09T03:00:00Z', 'Văn thư');
    expect(state.history.at(-1)).toMatchObject({
      action: 'Thu hồi Quyết định thành lập Đoàn kiểm tra',
      detail: 'số 12/QĐ-UBND; lý do: Thay bằng Quyết định mới',
    });
    expect(config.kind).toBe('team_decision');
  });

  it('refuses a report drafted without content, a Decision given content, an unsigned issue and a number of another register', () => {
    const report = fresh('round_report', { office: OFFICE });
    expect(() => checkDraft(report.state, { by: 'x' })).toThrow(/^Dự thảo Báo cáo cần nội dung/);
    const decision = fresh('team_decision');
    expect(() => checkDraft(decision.state, { report: { subject: 'a', asOf: '2026-05-06', sections: [] }, by: 'x' })).toThrow(
      /không nhận nội dung báo cáo/,
    );
    addDraft(decision.state, [FILE], { at: '2026-05-06T02:00:00Z', by: 'x', draftedOn: '2026-05-06' });
    expect(() => checkIssue(decision.state, decision.config, { by: 'x' })).toThrow(/chưa được ký/);
    expect(() => checkIssue(decision.state, decision.config, { signer: 'Lê Văn Bình', number: '08/TB-VP', by: 'x' })).toThrow(
      /^Số 08\/TB-VP không phải số của Quyết định thành lập Đoàn kiểm tra; số có dạng 12\/QĐ-UBND/,
    );
    expect(() => checkIssue(decision.state, decision.config, { signer: 'Lê Văn Bình', number: '08/QĐ-UBND', by: 'x' })).not.toThrow();
  });

  it("the update payloads refuse HTML in the report's content", () => {
    const r = roundDocumentUpdateSchemas.draft.safeParse({
      report: { subject: 'a', asOf: '2026-05-06', sections: [{ heading: 'I', paragraphs: ['<b>x</b>'] }] },
      by: 'x',
    });
    expect(r.success).toBe(false);
  });
});

describe('the plan and the CLI', () => {
  it("takes the Chairman in the plan's documents block, and keeps it out of the inspections' input", () => {
    const raw = { ...structuredClone(plan), documents: { ...plan.documents, chairman: CHAIRMAN } };
    const parsed = planSchema.parse(raw);
    expect(parsed.documents!.chairman).toEqual(CHAIRMAN);
    expect(roundDocumentInputFromPlan(parsed, 'team_decision').signers).toMatchObject({ chairman: CHAIRMAN });
    const units = [{ ...parsed.units[0]!, visit: { start: '2026-06-01', end: '2026-06-02' } }];
    const inspection = roundInputFromPlan({ ...parsed, units }).inspections[0]!;
    expect(inspection.documents).not.toHaveProperty('chairman');
  });

  it("warns while the plan's Chairman is still a placeholder", () => {
    expect(roundDocumentsWarnings({ chairman: { ...CHAIRMAN, name: '[cần điền] Họ và tên' } })).toEqual([
      {
        path: ['documents', 'chairman', 'name'],
        message: 'chưa điền họ tên người ký Quyết định thành lập Đoàn kiểm tra ("[cần điền] Họ và tên")',
      },
    ]);
    expect(roundDocumentsWarnings({ chairman: CHAIRMAN })).toEqual([]);
    expect(roundDocumentsWarnings(undefined)).toEqual([]);
  });

  it('reads decision and report (or the kind ids), and refuses anything else in Vietnamese', () => {
    expect(roundDocumentKindOf('decision')).toBe('team_decision');
    expect(roundDocumentKindOf(' report ')).toBe('round_report');
    expect(roundDocumentKindOf('team_decision')).toBe('team_decision');
    expect(() => roundDocumentKindOf('memo')).toThrow('loại văn bản của đợt "memo" không có; dùng decision');
  });
});

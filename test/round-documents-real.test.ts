import { X509Certificate } from 'node:crypto';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { storeContent } from '../activities/documents';
import { loadTemplates } from '../config/templates';
import { localDateOf } from '../domain/dates';
import { roundReportInput } from '../client/cli/summary';
import { loadRoundPlan, openRoundDocument, roundDocumentInputFromPlan } from '../client/round-documents';
import type { RoundDocumentKind } from '../domain/round-documents';
import { createDocumentDeps, roundDocumentContexts } from '../worker/documents';
import { readerMessage } from '../workflows/kit/refusal';
import {
  roundDocumentStateQuery,
  roundDocumentUpdates,
  type RoundDocumentInput,
  type RoundDocumentState,
} from '../workflows/round-document/contract';
import { saveHistory } from './kit/histories';
import { makeCa, makeSigner, signPdf, unsignedPdf } from './kit/signed-pdf';
import { useWorkerStack } from './kit/stack';
import { timeSkippingEnv } from './kit/temporal';

/**
 * The documents of a whole round with the worker's REAL dependencies (worker/documents.ts): the
 * Quyết định thành lập Đoàn kiểm tra of the shipped plan's round, drafted, signed by the
 * Vice-Chairman, numbered from the UBND register and issued; the Báo cáo kết quả kiểm tra drafted
 * from the round's figures and issued from the VP register; a signer the plan does not name, and
 * a broken signed PDF, refused with no change. The issued .docx is read back by mammoth.
 */
const ca = makeCa({ cn: 'Kiemtra Test CA' });
const vice = makeSigner(ca, { cn: 'Nguyễn Văn Phó' });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-round-documents-'));
const deps = createDocumentDeps({
  templates: loadTemplates({}),
  signing: { caFile: 'test-ca.pem', caCertificates: [new X509Certificate(ca.pem)] },
  contexts: roundDocumentContexts(),
  dir,
});
const stack = useWorkerStack(timeSkippingEnv, { documents: () => deps });
const plan = loadRoundPlan(path.join(__dirname, '..', 'plans', 'haiphong-2026.yaml'));
const BY = 'Văn thư Văn phòng';
const CHAIRMAN = { name: 'Nguyễn Văn Phó', position: 'Phó Chủ tịch', authority: 'KT.' as const, signsFor: 'Chủ tịch' };
const OFFICE = {
  name: 'Vũ Thị Hạnh',
  position: 'Phó Chánh Văn phòng UBND thành phố',
  authority: 'KT.' as const,
  signsFor: 'Chánh Văn phòng',
};
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function open(kind: RoundDocumentKind, signers: RoundDocumentInput['signers']) {
  const input = { ...roundDocumentInputFromPlan(plan, kind), signers };
  const id = await openRoundDocument(stack.env.client, input, stack.worker.options.taskQueue);
  return stack.env.client.workflow.getHandle(id);
}

/**
 * The events other than workflow tasks (the time-skipping server writes a task for an update its
 * validator rejected; the dev server writes none): a refusal must add none of them.
 */
async function events(h: ReturnType<typeof stack.env.client.workflow.getHandle>): Promise<number> {
  return (await h.fetchHistory()).events!.filter((e) => ![5, 6, 7].includes(Number(e.eventType))).length;
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return readerMessage(String((err as WorkflowUpdateFailedError).cause?.message)).text;
}

async function issuedText(s: RoundDocumentState): Promise<string> {
  const doc = s.documents.at(-1)!;
  const stored = doc.files.find((f) => f.name.endsWith('.docx'))!;
  const docx = fs.readFileSync(path.join(dir, stored.sha256));
  expect(sha256(docx)).toBe(stored.sha256);
  // Every step is in history with the file's hash.
  expect(s.history.at(-1)!.detail).toContain(stored.sha256);
  return (await mammoth.extractRawText({ buffer: docx })).value;
}

describe("a round's documents, rendered and numbered for real", () => {
  it('drafts the Decision forming the team of the shipped plan, signs it as the Vice-Chairman, issues it as NN/QĐ-UBND', async () => {
    const h = await open('team_decision', { chairman: CHAIRMAN });
    let s = await h.executeUpdate(roundDocumentUpdates.draft, { args: [{ by: BY }] });
    expect(s.documents).toMatchObject([{ id: 'team_decision-1', state: 'drafted' }]);
    const draftFile = s.documents[0]!.files[0]!;
    expect(s.history.at(-1)).toMatchObject({ action: 'Lập dự thảo Quyết định thành lập Đoàn kiểm tra' });
    expect(s.history.at(-1)!.detail).toContain(draftFile.sha256);

    // A signer the plan does not name: refused by the validator, no event, nothing changed.
    const before = await events(h);
    const stateBefore = await h.query(roundDocumentStateQuery);
    const text = await refusal(h.executeUpdate(roundDocumentUpdates.sign, { args: [{ signer: 'Trần Văn Khác', by: BY }] }));
    expect(text).toBe(
      '"Trần Văn Khác" không phải người ký Quyết định thành lập Đoàn kiểm tra; người ký theo kế hoạch: Nguyễn Văn Phó (KT. Phó Chủ tịch)',
    );
    expect(await events(h)).toBe(before);
    expect(await h.query(roundDocumentStateQuery)).toEqual(stateBefore);

    s = await h.executeUpdate(roundDocumentUpdates.sign, { args: [{ signer: 'nguyễn văn phó', by: BY }] });
    expect(s.documents[0]).toMatchObject({ state: 'signed', signer: CHAIRMAN });
    s = await h.executeUpdate(roundDocumentUpdates.issue, { args: [{ by: BY }] });
    const doc = s.documents[0]!;
    expect(doc.state).toBe('issued');
    expect(doc.symbol).toMatch(/^\d{2,}\/QĐ-UBND$/);
    expect(doc.issuedOn).toBe(localDateOf(Date.now()));
    expect(doc.files[0]!.sha256).not.toBe(draftFile.sha256);
    const words = await issuedText(s);
    expect(words).toContain(`Số: ${doc.symbol}`);
    expect(words).toContain('QUYẾT ĐỊNH');
    expect(words).toContain('KT. CHỦ TỊCH');
    expect(words).toContain('PHÓ CHỦ TỊCH');
    expect(words).toContain('Nguyễn Văn Phó');
    expect(words).toContain('714/QĐ-UBND');
    // Issued: a second issue is refused in the validator.
    expect(await refusal(h.executeUpdate(roundDocumentUpdates.issue, { args: [{ by: BY }] }))).toBe(
      'Không thể ban hành Quyết định thành lập Đoàn kiểm tra đang ở trạng thái "Đã ban hành"',
    );
    await saveHistory(stack.env, h.workflowId, 'round-document-decision-drafted-signed-issued');
  });

  it('drafts the Báo cáo from the round figures, refuses a broken signed PDF, accepts a good one and issues it as NN/BC-VP', async () => {
    const h = await open('round_report', { office: OFFICE });
    const report = roundReportInput({ round: plan.round, asOf: localDateOf(Date.now()), inspections: [], selfInspections: [] });
    // The report needs its content; the Decision's draft takes none.
    expect(await refusal(h.executeUpdate(roundDocumentUpdates.draft, { args: [{ by: BY }] }))).toMatch(/^Dự thảo Báo cáo cần nội dung/);
    let s = await h.executeUpdate(roundDocumentUpdates.draft, { args: [{ report, by: BY }] });
    expect(s.documents).toMatchObject([{ id: 'round_report-1', state: 'drafted' }]);

    const signed = await signPdf(unsignedPdf('Bao cao da ky'), makeSigner(ca, { cn: 'Vũ Thị Hạnh' }), ca);
    const altered = Buffer.from(signed);
    altered[altered.indexOf('Bao cao da ky')] = 'X'.charCodeAt(0);
    const bad = await storeContent(dir, altered, 'bao-cao-sua.pdf', 'application/pdf');
    const before = await h.query(roundDocumentStateQuery);
    expect(await refusal(h.executeUpdate(roundDocumentUpdates.upload, { args: [{ file: bad, by: BY }] }))).toMatch(
      /^Bản ký số không hợp lệ: .*(sửa|thay đổi)/,
    );
    expect(await h.query(roundDocumentStateQuery)).toEqual(before);

    // Issued on the Office's word that it signed on paper (the upload above changed nothing).
    expect(await refusal(h.executeUpdate(roundDocumentUpdates.issue, { args: [{ signer: 'Người Khác', by: BY }] }))).toMatch(
      /^"Người Khác" không phải người ký Báo cáo kết quả kiểm tra/,
    );
    s = await h.executeUpdate(roundDocumentUpdates.issue, { args: [{ signer: OFFICE.name, by: BY }] });
    const doc = s.documents[0]!;
    expect(doc).toMatchObject({ state: 'issued', signer: OFFICE });
    expect(doc.symbol).toMatch(/^\d{2,}\/BC-VP$/);
    const words = await issuedText(s);
    expect(words).toContain(`Số: ${doc.symbol}`);
    expect(words).toContain('BÁO CÁO');
    expect(words).toContain('I. TÌNH HÌNH CHUNG');
    expect(words).toContain(OFFICE.name);
  });

  it('drafts a second revision of the issued Decision, citing it; the signed PDF uploaded is issued as it is, with the next number', async () => {
    // The same round and kind: the workflow already running is joined (its input stays the one it started with).
    const h = await open('team_decision', { chairman: CHAIRMAN });
    let s = await h.executeUpdate(roundDocumentUpdates.draft, { args: [{ by: BY }] });
    const first = s.documents[0]!;
    expect(s.documents.at(-1)).toMatchObject({ revision: 2, state: 'drafted', replaces: { id: first.id, symbol: first.symbol } });
    const good = await storeContent(
      dir,
      await signPdf(unsignedPdf('Quyet dinh da ky'), vice, ca),
      'quyet-dinh-ky-so.pdf',
      'application/pdf',
    );
    s = await h.executeUpdate(roundDocumentUpdates.upload, { args: [{ file: good, by: BY }] });
    expect(s.documents.at(-1)).toMatchObject({
      state: 'signed',
      signed: { signer: 'Nguyễn Văn Phó', file: { sha256: good.sha256 } },
      signer: CHAIRMAN,
    });
    s = await h.executeUpdate(roundDocumentUpdates.issue, { args: [{ by: BY }] });
    const doc = s.documents.at(-1)!;
    expect(doc.state).toBe('issued');
    expect(doc.symbol).toBe(`${String(Number(first.symbol!.split('/')[0]) + 1).padStart(2, '0')}/QĐ-UBND`);
    expect(s.history.at(-1)).toMatchObject({ action: 'Ban hành Quyết định thành lập Đoàn kiểm tra' });
    expect(s.history.at(-1)!.detail).toContain(good.sha256);
  });
});

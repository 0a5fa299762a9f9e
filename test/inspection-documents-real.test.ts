import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { storeContent } from '../activities/documents';
import { loadTemplates } from '../config/templates';
import { noticeDeadline } from '../domain/deadlines';
import { findSoffice } from '../documents/pdf';
import { createDocumentDeps, roundDocumentContexts } from '../worker/documents';
import { readerMessage } from '../workflows/kit/refusal';
import { INSPECTION_WORKFLOW, inspectionStartOptions, updates, type InspectionState } from '../workflows/inspection/contract';
import { inspectionInput, skipTo, state, workingDaysFromToday } from './kit/inspection';
import { makeCa, makeSigner, signPdf, unsignedPdf } from './kit/signed-pdf';
import { useWorkerStack } from './kit/stack';
import { SAMPLE_TEAM } from './kit/team';
import { eventually, sharedCalendar, timeSkippingEnv } from './kit/temporal';

/**
 * The documents of an inspection with the worker's REAL dependencies (worker/documents.ts): the
 * Office's templates filled by the content builders, LibreOffice for the PDF, and the PAdES
 * verifier against a CA the test makes. The notice goes out with the issued Thông báo whose text,
 * read back from the attached .docx by an independent reader, carries its number and the unit.
 */
const cal = sharedCalendar();
const ca = makeCa({ cn: 'Kiemtra Test CA' });
const signer = makeSigner(ca, { cn: 'Vũ Thị Hạnh' });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-documents-real-'));
const deps = createDocumentDeps({
  templates: loadTemplates({}),
  signing: { caFile: 'test-ca.pem', caCertificates: [new X509Certificate(ca.pem)] },
  contexts: roundDocumentContexts(),
  dir,
});
const stack = useWorkerStack(timeSkippingEnv, { documents: () => deps });
const BY = 'Văn thư Văn phòng';
const OFFICE = { name: 'Vũ Thị Hạnh', position: 'Phó Chánh Văn phòng UBND thành phố', email: 'vanphong@haiphong.example' };
const notice = (s: InspectionState) => s.documents!.find((d) => d.kind === 'schedule_notice')!;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function start(unit: string, autoIssue: 'schedule_notice'[]) {
  const v = await workingDaysFromToday(stack.env, 12);
  const input = {
    ...inspectionInput(unit, { start: v, end: cal.addWorkingDays(v, 1) }),
    team: SAMPLE_TEAM,
    documents: { office: OFFICE, autoIssue },
  };
  const h = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, inspectionStartOptions(input, stack.worker.options.taskQueue));
  await eventually(
    async () => ((await state(h)).documents?.find((d) => d.kind === 'schedule_notice')?.files.length ? true : undefined),
    60_000,
    'the Thông báo drafted',
  );
  return h;
}

describe('the documents of an inspection, rendered and verified for real', () => {
  it('sends the auto-issued Thông báo as the .docx and PDF the templates make, stored under their hashes', async () => {
    const unit = 'Sở Công Thương';
    const h = await start(unit, ['schedule_notice']);
    await skipTo(stack.env, noticeDeadline(cal, (await state(h)).visit.start).date, '09:00');
    const s = await eventually(async () => {
      const x = await state(h);
      return notice(x).state === 'sent' ? x : undefined;
    }, 60_000);
    const doc = notice(s);
    const address = s.config.unit.emails[0]!;
    const mail = await eventually(async () =>
      stack.smtp.messages.find((m) => m.envelopeTo.includes(address) && /^Thông báo lịch/.test(m.parsed.subject ?? '')),
    );
    // The issued .docx, from the store by the hash the history names, read by an independent reader.
    const stored = doc.files.filter((f) => f.name.endsWith('.docx')).at(-1)!;
    const docx = fs.readFileSync(path.join(dir, stored.sha256));
    expect(sha256(docx)).toBe(stored.sha256);
    const text = (await mammoth.extractRawText({ buffer: docx })).value;
    expect(text).toContain(`Số: ${doc.symbol}`);
    expect(text).toContain('THÔNG BÁO');
    expect(text).toContain(`Kính gửi: ${unit}`);
    expect(text).toContain(OFFICE.name);
    // The email carries the issued PDF (LibreOffice) or, without it, the .docx: the stored file itself.
    const type = findSoffice() ? 'application/pdf' : stored.type;
    const attached = mail.parsed.attachments.find((a) => a.contentType === type);
    const file = doc.files.filter((f) => f.type === type).at(-1)!;
    expect(sha256(attached!.content)).toBe(file.sha256);
    if (findSoffice()) {
      const out = path.join(dir, 'attached.pdf');
      fs.writeFileSync(out, attached!.content);
      expect(execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' })).toContain(`Số: ${doc.symbol}`);
    }
  });

  it("accepts a PDF signed under the Office's CA with the signer's name; refuses an altered one and changes nothing", async () => {
    const h = await start('Sở Ngoại vụ', []);
    const signed = await signPdf(unsignedPdf('Thong bao da ky'), signer, ca);
    const altered = Buffer.from(signed);
    const at = altered.indexOf('Thong bao da ky');
    altered[at] = 'X'.charCodeAt(0);
    const bad = await storeContent(dir, altered, 'thong-bao-sua.pdf', 'application/pdf');
    const before = await state(h);
    const err = await h.executeUpdate(updates.uploadSignedDocument, { args: [{ kind: 'schedule_notice', file: bad, by: BY }] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(readerMessage(String((err as WorkflowUpdateFailedError).cause?.message)).text).toMatch(
      /^Bản ký số không hợp lệ: .*(sửa|thay đổi)/,
    );
    expect(await state(h)).toEqual(before);

    const good = await storeContent(dir, signed, 'thong-bao-ky-so.pdf', 'application/pdf');
    const s = await h.executeUpdate(updates.uploadSignedDocument, { args: [{ kind: 'schedule_notice', file: good, by: BY }] });
    expect(notice(s)).toMatchObject({ state: 'signed', signed: { signer: 'Vũ Thị Hạnh', file: { sha256: good.sha256 } } });
    expect(Date.parse(notice(s).signed!.signedAt!)).toBeGreaterThan(Date.now() - 10 * 60_000);
  });
});

import fs from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { readStored, storeContent } from '../activities/documents';
import { documentsDir } from '../config/paths';
import { loadSigningSettings } from '../config/signing';
import { ExitCode, UserFacingError } from '../config/errors';
import { formatDate, localDateOf, yearOf, type LocalDate } from '../domain/dates';
import {
  DOCUMENT_KINDS,
  DOCUMENT_STATE_LABELS,
  type DocumentKind,
  type DocumentState,
  type InspectionDocumentKind,
  type StoredFile,
} from '../domain/documents';
import { INSPECTION_DOCUMENT_KINDS } from '../domain/document-life';
import { displayLine as shown } from '../domain/safe-text';
import { signatureVerifier } from '../documents/signature';
import { checkRecord } from '../workflows/document-register/rules';
import { readerMessage } from '../workflows/kit/refusal';
import { stateQuery, type InspectionDocument, type InspectionState } from '../workflows/inspection/contract';
import { readRegister } from './register';

/**
 * The documents of an inspection for every client (the CLI now, the pages later): list them with
 * their number, state and file; read a file out of the content-addressed store; put a signed PDF
 * into it before its upload is sent to the workflow. What can be refused here is refused before
 * any update is sent (a broken signature, a number the register already holds), so a refusal
 * leaves no event in any workflow's history; the workflow's activities check both again.
 */

/** The kind a person typed (`schedule_notice`, `conclusion`…), or a Vietnamese refusal listing the kinds. */
export function documentKindOf(given: string): InspectionDocumentKind {
  const k = INSPECTION_DOCUMENT_KINDS.find((x) => x === given.trim());
  if (!k)
    throw new UserFacingError(
      `loại văn bản "${shown(given)}" không có; dùng một trong: ${INSPECTION_DOCUMENT_KINDS.map((x) => `${x} (${DOCUMENT_KINDS[x].label})`).join(', ')}.`,
      ExitCode.badInput,
    );
  return k;
}

/** The documents of an inspection (every revision), from its `state` query. */
export async function inspectionDocuments(
  client: Client,
  workflowId: string,
): Promise<{ state: InspectionState; documents: InspectionDocument[] }> {
  const state = await client.workflow.getHandle(workflowId).query(stateQuery);
  return { state, documents: state.documents ?? [] };
}

/** What a list shows of a revision: an inspection's document or a round's (workflows/round-document/). */
export interface DocumentRevision {
  kind: DocumentKind;
  revision: number;
  state: DocumentState;
  files: StoredFile[];
  signed?: { file?: StoredFile };
  symbol?: string;
  issuedOn?: LocalDate;
  signer?: { name: string };
  replaces?: { symbol?: string };
}

/** The file a reader wants of a document: the signed PDF, else the PDF, else the .docx (or the one asked for). */
export function fileOf(doc: DocumentRevision, want?: 'pdf' | 'docx'): StoredFile | undefined {
  const docx = doc.files.find((f) => f.name.endsWith('.docx'));
  const pdf = doc.signed?.file ?? doc.files.find((f) => f.type === 'application/pdf');
  if (want === 'docx') return docx;
  if (want === 'pdf') return pdf;
  return pdf ?? docx;
}

/** One line per revision: kind, revision, state, number and date, signer, file and hash. */
export function documentLines(documents: readonly DocumentRevision[]): string[] {
  if (documents.length === 0) return ['Chưa có văn bản nào.'];
  return documents.map((d) => {
    const file = fileOf(d);
    const number = d.symbol ? `số ${d.symbol}` : DOCUMENT_KINDS[d.kind].numbered ? 'chưa cấp số' : 'không cấp số';
    const dated = d.issuedOn ? ` ngày ${formatDate(d.issuedOn)}` : '';
    const signer = d.signer?.name ? `; người ký: ${shown(d.signer.name)}` : '';
    const replaces = d.replaces?.symbol ? `; thay thế số ${d.replaces.symbol}` : '';
    return `${d.kind.padEnd(18)} lần ${d.revision}  ${DOCUMENT_STATE_LABELS[d.state].padEnd(12)} ${number}${dated}${signer}${replaces}; tệp: ${
      file ? `${shown(file.name)} (sha256 ${file.sha256.slice(0, 12)}…)` : 'chưa có'
    }`;
  });
}

/** Copies a stored file out to `out` (a file or a folder), returning the path written. */
export async function writeDocumentFile(file: StoredFile, out: string, dir = documentsDir()): Promise<string> {
  const content = await readStored(dir, file.sha256).catch(() => {
    throw new UserFacingError(`không tìm thấy tệp ${shown(file.name)} trong kho văn bản ${dir}.`, ExitCode.failure);
  });
  const target = (await fs.stat(out).catch(() => undefined))?.isDirectory() ? path.join(out, path.basename(file.name)) : out;
  await fs.writeFile(target, content);
  return target;
}

/**
 * Puts a signed PDF into the store (content-addressed) and returns its reference for the upload,
 * once its signature holds against the Office's CA (KIEMTRA_SIGNING_CA); a broken, altered or
 * untrusted signature is refused here and nothing is stored or sent.
 */
export async function storeSignedPdf(file: string, dir = documentsDir()): Promise<StoredFile & { type: 'application/pdf' }> {
  const content = await fs.readFile(file).catch(() => {
    throw new UserFacingError(`không đọc được tệp ${shown(file)}.`, ExitCode.badInput);
  });
  if (!content.subarray(0, 5).equals(Buffer.from('%PDF-')))
    throw new UserFacingError(`${shown(file)} không phải tệp PDF.`, ExitCode.badInput);
  const verdict = await signatureVerifier(loadSigningSettings())(content);
  if (!verdict.ok) throw new UserFacingError(`Bản ký số không hợp lệ: ${verdict.message}`, ExitCode.badInput);
  const stored = await storeContent(dir, content, path.basename(file).normalize('NFC'), 'application/pdf');
  return { ...stored, type: 'application/pdf' };
}

/**
 * Refuses, before the issue is sent, a number of the Office's own system that the register of the
 * kind's issuing body already holds this year (or that is not a number of that register), with the
 * register's own rule and message.
 */
export async function refuseUsedNumber(
  client: Client,
  kind: DocumentKind,
  number: string,
  today: LocalDate = localDateOf(Date.now()),
): Promise<void> {
  const { body, type } = DOCUMENT_KINDS[kind];
  const state = await readRegister(client, { body, year: yearOf(today) });
  if (!state) return;
  try {
    checkRecord({ state, today }, { number, type, subject: DOCUMENT_KINDS[kind].label, by: 'kiemtra' });
  } catch (err) {
    throw new UserFacingError(readerMessage((err as Error).message).text, ExitCode.badInput);
  }
}

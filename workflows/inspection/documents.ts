import type { LocalDate } from '../../domain/dates';
import { DOCUMENT_MOMENTS, signerFor } from '../../domain/document-life';
import {
  canMoveDocument,
  DOCUMENT_KINDS,
  DOCUMENT_STATE_LABELS,
  type DocumentSigner,
  type DocumentState,
  type InspectionDocumentKind,
  type IssueFacts,
  type StoredFile,
} from '../../domain/documents';
import { citedDate } from '../../domain/team';
import { record } from '../kit/history';
import { refuse } from '../kit/refusal';
import type { InspectionDocument, InspectionState } from './types';

/**
 * The rules of the inspection's documents, without Temporal: each revision's life as the
 * catalogue's transitions allow it (domain/documents.ts), every step in history with the file's
 * hash, and the checks the document updates make (read-only; a refusal is a Vietnamese message).
 */

/** The documents of a state (empty for an inspection without them). */
export function documentsOf(state: InspectionState): InspectionDocument[] {
  return state.documents ?? [];
}

/** The latest revision of a kind, if any. */
export function latest(state: InspectionState, kind: InspectionDocumentKind): InspectionDocument | undefined {
  return documentsOf(state)
    .filter((d) => d.kind === kind)
    .at(-1);
}

const label = (kind: InspectionDocumentKind) => DOCUMENT_KINDS[kind].label;
const filesText = (files: readonly StoredFile[]) => files.map((f) => `${f.name} (sha256 ${f.sha256})`).join('; ');

/** Moves a document, as the life allows; anything else is a bug. */
function move(doc: InspectionDocument, to: DocumentState): void {
  if (!canMoveDocument(doc.state, to)) throw new Error(`illegal document transition ${doc.state} → ${to}`);
  doc.state = to;
}

/**
 * A new draft of a kind: the next revision. A revision still unissued is set aside (withdrawn,
 * never numbered); an issued one is cited as the one this replaces.
 */
export function addDraft(
  state: InspectionState,
  kind: InspectionDocumentKind,
  files: StoredFile[],
  at: string,
  by: string,
): InspectionDocument {
  state.documents ??= [];
  const before = latest(state, kind);
  let replaces: InspectionDocument['replaces'];
  if (before && (before.state === 'drafted' || before.state === 'signed')) {
    move(before, 'withdrawn');
    before.withdrawal = { reason: 'thay bằng bản dự thảo mới', by, at };
  } else if (before && (before.state === 'issued' || before.state === 'sent')) {
    replaces = {
      id: before.id,
      ...(before.symbol ? { symbol: before.symbol } : {}),
      ...(before.issuedOn ? { issuedOn: before.issuedOn } : {}),
    };
  }
  const revision = (before?.revision ?? 0) + 1;
  const doc: InspectionDocument = { id: `${kind}-${revision}`, kind, revision, state: 'drafted', files, ...(replaces ? { replaces } : {}) };
  state.documents.push(doc);
  record(state.history, {
    at,
    actor: by,
    action: `Lập dự thảo ${label(kind)}${revision > 1 ? ` (lần ${revision})` : ''}`,
    detail: `${files.length ? filesText(files) : 'chưa có tệp'}${replaces?.symbol ? `; thay thế văn bản số ${replaces.symbol}` : ''}`,
  });
  return doc;
}

/** The draft rendered again (the same revision, new files). */
export function replaceFiles(state: InspectionState, doc: InspectionDocument, files: StoredFile[], at: string, by: string): void {
  doc.files = files;
  record(state.history, { at, actor: by, action: `Lập lại ${label(doc.kind)}`, detail: filesText(files) });
}

/** The document a command is about: the latest revision of its kind, refused when there is none. */
export function commandTarget(state: InspectionState, kind: InspectionDocumentKind): InspectionDocument {
  if (!state.documents)
    refuse(
      'Cuộc kiểm tra này được khởi tạo khi kế hoạch chưa quản lý văn bản (documents); không có văn bản để xử lý',
      'inspection has no documents',
    );
  const doc = latest(state, kind);
  if (!doc) refuse(`Chưa có ${label(kind)} của cuộc kiểm tra này`, `no ${kind} yet`);
  if (doc.busy) refuse(`${label(kind)} đang được xử lý; vui lòng thử lại sau giây lát`, `${kind} busy: ${doc.busy}`);
  return doc;
}

/** Refuses a document that is not in one of the states a command needs. */
export function needState(doc: InspectionDocument, states: readonly DocumentState[], what: string): void {
  if (!states.includes(doc.state))
    refuse(
      `Không thể ${what} ${label(doc.kind)} đang ở trạng thái "${DOCUMENT_STATE_LABELS[doc.state]}"`,
      `${doc.kind} is ${doc.state}, not ${states.join('/')}`,
    );
}

/** The signer a command names, checked against the plan (the kind's signer role); refused otherwise. */
export function checkedSigner(state: InspectionState, kind: InspectionDocumentKind, name: string): DocumentSigner {
  const r = signerFor(kind, name, state.team, state.config.documents);
  if (!r.ok) refuse(r.message, `signer ${name} may not sign ${kind}`);
  return r.signer;
}

/** The signer approves the document by a command. */
export function applySign(state: InspectionState, doc: InspectionDocument, signer: DocumentSigner, at: string, by: string): void {
  move(doc, 'signed');
  doc.signed = { by, at, signer: signer.name };
  doc.signer = signer;
  record(state.history, {
    at,
    actor: by,
    action: `Ký duyệt ${label(doc.kind)}`,
    detail: `${signer.name}${signer.position ? `, ${signer.position}` : ''}; tệp ${filesText(doc.files)}`,
  });
}

/** The signed PDF uploaded, its signature verified: the signer and time the signature names are recorded. */
export function applyUpload(
  state: InspectionState,
  doc: InspectionDocument,
  file: StoredFile,
  verdict: { signer: string; signedAt: string },
  at: string,
  by: string,
): void {
  move(doc, 'signed');
  doc.signed = { by, at, signer: verdict.signer, signedAt: verdict.signedAt, file };
  doc.signer ??= { name: verdict.signer, position: '' };
  record(state.history, {
    at,
    actor: by,
    action: `Tải lên bản ký số ${label(doc.kind)}`,
    detail: `ký số bởi ${verdict.signer} lúc ${verdict.signedAt}; tệp ${filesText([file])}`,
  });
}

/** The document issued: its number and date, its signer, its issued files. */
export function applyIssue(
  state: InspectionState,
  doc: InspectionDocument,
  issue: { symbol?: string; register?: string; issuedOn: LocalDate; signer?: DocumentSigner; files: StoredFile[] },
  at: string,
  by: string,
): void {
  move(doc, 'issued');
  if (issue.symbol) doc.symbol = issue.symbol;
  if (issue.register) doc.register = issue.register;
  doc.issuedOn = issue.issuedOn;
  if (issue.signer) doc.signer = issue.signer;
  doc.files = issue.files;
  const signer = doc.signer ? `; người ký ${doc.signer.name}${doc.signer.position ? `, ${doc.signer.position}` : ''}` : '';
  record(state.history, {
    at,
    actor: by,
    action: `Ban hành ${label(doc.kind)}`,
    detail: `${issue.symbol ? `số ${issue.symbol}, ` : ''}ngày ${citedDate(issue.issuedOn)}${signer}; tệp ${filesText(issue.files) || 'chưa có tệp'}`,
  });
}

/** The document withdrawn; its number stays used, marked withdrawn in the register. */
export function applyWithdraw(state: InspectionState, doc: InspectionDocument, reason: string, at: string, by: string): void {
  move(doc, 'withdrawn');
  doc.withdrawal = { reason, by, at };
  record(state.history, {
    at,
    actor: by,
    action: `Thu hồi ${label(doc.kind)}`,
    detail: `${doc.symbol ? `số ${doc.symbol}; ` : ''}lý do: ${reason}`,
  });
}

/** The issued document handed to the mailer. */
export function markSent(doc: InspectionDocument, at: string): void {
  move(doc, 'sent');
  doc.sentAt = at;
}

/** What the issue adds to a document's content, for the renderer. */
export function issueFacts(doc: InspectionDocument): IssueFacts {
  return {
    ...(doc.symbol ? { symbol: doc.symbol } : {}),
    ...(doc.issuedOn ? { issuedOn: doc.issuedOn } : {}),
    ...(doc.signer ? { signer: doc.signer } : {}),
    ...(doc.replaces?.symbol && doc.replaces.issuedOn
      ? { replaces: { symbol: doc.replaces.symbol, issuedOn: doc.replaces.issuedOn } }
      : {}),
  };
}

/** The files an email carries: the signed PDF if there is one, else the issued rendering's PDF, else its .docx. */
export function attachmentsOf(doc: InspectionDocument): StoredFile[] {
  if (doc.signed?.file) return [doc.signed.file];
  const pdf = doc.files.find((f) => f.type === 'application/pdf');
  return pdf ? [pdf] : doc.files.slice(0, 1);
}

/** Whether a kind's latest revision still waits to be issued before its legal moment (reminders, escalation). */
export function awaitingIssue(state: InspectionState, kind: InspectionDocumentKind): boolean {
  const doc = latest(state, kind);
  return !!doc && (doc.state === 'drafted' || doc.state === 'signed');
}

/** The kinds whose legal moment is a deadline of the inspection, with that deadline. */
export function momentOf(kind: InspectionDocumentKind): 'notice' | undefined {
  return DOCUMENT_MOMENTS[kind];
}

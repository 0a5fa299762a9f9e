import type { LocalDate } from '../../domain/dates';
import {
  canMoveDocument,
  DOCUMENT_KINDS,
  DOCUMENT_STATE_LABELS,
  type DocumentSigner,
  type DocumentState,
  type IssueFacts,
  type StoredFile,
} from '../../domain/documents';
import { plannedRoundSigner, roundSignerFor, type RoundSigners } from '../../domain/round-documents';
import { citedDate } from '../../domain/team';
import { SYSTEM, record } from '../kit/history';
import { refuse } from '../kit/refusal';
import type { RoundDocument, RoundDocumentConfig, RoundDocumentState, RoundDocumentUpdatePayloads } from './contract';

/**
 * The rules of a round's document, pure (no Temporal): each revision's life as the catalogue's
 * transitions allow it (domain/documents.ts), every step in history with the file's hash, the
 * checks of the updates (read-only; a refusal is a Vietnamese message and leaves no event).
 */

/** The stage the update table reads: the latest revision's state, or `none` before the first draft. */
export type RoundDocumentStage = DocumentState | 'none';

export const latestRevision = (s: RoundDocumentState): RoundDocument | undefined => s.documents.at(-1);
export const stageOf = (s: RoundDocumentState): RoundDocumentStage => latestRevision(s)?.state ?? 'none';

const filesText = (files: readonly StoredFile[]) => files.map((f) => `${f.name} (sha256 ${f.sha256})`).join('; ');

function move(doc: RoundDocument, to: DocumentState): void {
  if (!canMoveDocument(doc.state, to)) throw new Error(`illegal document transition ${doc.state} → ${to}`);
  doc.state = to;
}

/** A round's document as it starts: no revision yet. */
export function initialRoundDocumentState(workflowId: string, config: RoundDocumentConfig, now: number): RoundDocumentState {
  const label = DOCUMENT_KINDS[config.kind].label;
  return {
    workflowId,
    round: config.round,
    kind: config.kind,
    label,
    documents: [],
    history: [{ at: new Date(now).toISOString(), actor: SYSTEM, action: `Theo dõi ${label} của đợt kiểm tra`, detail: config.plan.title }],
  };
}

/** The refusal of an update in a state that does not accept it, naming the state. */
export function refuseStage(s: RoundDocumentState, what: string): never {
  const doc = latestRevision(s);
  if (!doc) refuse(`Chưa có dự thảo ${s.label}: lập dự thảo trước (draft)`, 'no draft yet');
  refuse(`Không thể ${what} ${s.label} đang ở trạng thái "${DOCUMENT_STATE_LABELS[doc.state]}"`, `document is ${doc.state}`);
}

/** A document busy with an activity is refused: the command is sent again later. */
export function checkNotBusy(s: RoundDocumentState): void {
  const doc = latestRevision(s);
  if (doc?.busy) refuse(`${s.label} đang được xử lý; vui lòng thử lại sau giây lát`, `busy: ${doc.busy}`);
}

/** A draft of the report carries its content; a draft of the Decision takes its content from the plan. */
export function checkDraft(s: RoundDocumentState, p: RoundDocumentUpdatePayloads['draft']): void {
  checkNotBusy(s);
  if (s.kind === 'round_report' && !p.report) refuse('Dự thảo Báo cáo cần nội dung báo cáo (số liệu của đợt)', 'report content missing');
  if (s.kind === 'team_decision' && p.report)
    refuse('Quyết định thành lập Đoàn lấy nội dung từ kế hoạch, không nhận nội dung báo cáo', 'report content given');
}

/** The signer a command names, checked against the plan; refused otherwise. */
export function checkedRoundSigner(config: RoundDocumentConfig, name: string): DocumentSigner {
  const r = roundSignerFor(config.kind, name, config.signers);
  if (!r.ok) refuse(r.message, `signer ${name} may not sign ${config.kind}`);
  return r.signer;
}

/** An issue needs a signature (a sign, an upload, or `signer` who signed on paper), and a number of this kind. */
export function checkIssue(s: RoundDocumentState, config: RoundDocumentConfig, p: RoundDocumentUpdatePayloads['issue']): void {
  checkNotBusy(s);
  const doc = latestRevision(s)!;
  if (doc.state === 'drafted' && !p.signer)
    refuse(
      `${s.label} chưa được ký: người ký duyệt trước (sign) hoặc tải lên bản ký số (upload), hoặc ghi người đã ký (--signer)`,
      'document not signed',
    );
  if (p.signer) checkedRoundSigner(config, p.signer);
  const { type, body } = DOCUMENT_KINDS[config.kind];
  if (p.number && !new RegExp(`^\\d{1,5}/${type}-${body}$`, 'u').test(p.number))
    refuse(`Số ${p.number} không phải số của ${s.label}; số có dạng 12/${type}-${body}`, 'number of another type');
}

/** The next revision: a revision still unissued is set aside (withdrawn, never numbered); an issued one is cited. */
export function addDraft(
  s: RoundDocumentState,
  files: StoredFile[],
  o: { at: string; by: string; draftedOn: LocalDate; report?: RoundDocument['report'] },
): RoundDocument {
  const before = latestRevision(s);
  let replaces: RoundDocument['replaces'];
  if (before && (before.state === 'drafted' || before.state === 'signed')) {
    move(before, 'withdrawn');
    before.withdrawal = { reason: 'thay bằng bản dự thảo mới', by: o.by, at: o.at };
  } else if (before && (before.state === 'issued' || before.state === 'sent')) {
    replaces = {
      id: before.id,
      ...(before.symbol ? { symbol: before.symbol } : {}),
      ...(before.issuedOn ? { issuedOn: before.issuedOn } : {}),
    };
  }
  const revision = (before?.revision ?? 0) + 1;
  const doc: RoundDocument = {
    id: `${s.kind}-${revision}`,
    kind: s.kind,
    revision,
    state: 'drafted',
    files,
    draftedOn: o.draftedOn,
    ...(o.report ? { report: o.report } : {}),
    ...(replaces ? { replaces } : {}),
  };
  s.documents.push(doc);
  record(s.history, {
    at: o.at,
    actor: o.by,
    action: `Lập dự thảo ${s.label}${revision > 1 ? ` (lần ${revision})` : ''}`,
    detail: `${filesText(files)}${replaces?.symbol ? `; thay thế văn bản số ${replaces.symbol}` : ''}`,
  });
  return doc;
}

/** The signer approves the revision by a command. */
export function applySign(s: RoundDocumentState, signer: DocumentSigner, at: string, by: string): void {
  const doc = latestRevision(s)!;
  move(doc, 'signed');
  doc.signed = { by, at, signer: signer.name };
  doc.signer = signer;
  record(s.history, {
    at,
    actor: by,
    action: `Ký duyệt ${s.label}`,
    detail: `${signer.name}${signer.position ? `, ${signer.position}` : ''}; tệp ${filesText(doc.files)}`,
  });
}

/** The signed PDF uploaded, its signature verified: the signer and time the signature names are recorded. */
export function applyUpload(
  s: RoundDocumentState,
  doc: RoundDocument,
  file: StoredFile,
  verdict: { signer: string; signedAt: string },
  signers: RoundSigners,
  at: string,
  by: string,
): void {
  move(doc, 'signed');
  doc.signed = { by, at, signer: verdict.signer, signedAt: verdict.signedAt, file };
  // The signature's name, with the position the plan gives that signer when it is the one the plan names.
  const planned = roundSignerFor(s.kind, verdict.signer, signers);
  doc.signer ??= planned.ok ? planned.signer : { name: verdict.signer, position: '' };
  record(s.history, {
    at,
    actor: by,
    action: `Tải lên bản ký số ${s.label}`,
    detail: `ký số bởi ${verdict.signer} lúc ${verdict.signedAt}; tệp ${filesText([file])}`,
  });
}

/** Who the issue names as signer: the command's, the one who signed, or the plan's. */
export function issueSigner(config: RoundDocumentConfig, doc: RoundDocument, given?: DocumentSigner): DocumentSigner | undefined {
  return given ?? doc.signer ?? plannedRoundSigner(config.kind, config.signers);
}

/** The revision issued: its number and date, its signer, its issued files. */
export function applyIssue(
  s: RoundDocumentState,
  doc: RoundDocument,
  issue: { symbol: string; register: string; issuedOn: LocalDate; signer?: DocumentSigner; files: StoredFile[] },
  at: string,
  by: string,
): void {
  move(doc, 'issued');
  doc.symbol = issue.symbol;
  doc.register = issue.register;
  doc.issuedOn = issue.issuedOn;
  if (issue.signer) doc.signer = issue.signer;
  doc.files = issue.files;
  const signer = doc.signer ? `; người ký ${doc.signer.name}${doc.signer.position ? `, ${doc.signer.position}` : ''}` : '';
  record(s.history, {
    at,
    actor: by,
    action: `Ban hành ${s.label}`,
    detail: `số ${issue.symbol}, ngày ${citedDate(issue.issuedOn)}${signer}; tệp ${filesText(doc.signed?.file ? [doc.signed.file] : issue.files)}`,
  });
}

/** The revision withdrawn; its number stays used, marked withdrawn in the register. */
export function applyWithdraw(s: RoundDocumentState, doc: RoundDocument, reason: string, at: string, by: string): void {
  move(doc, 'withdrawn');
  doc.withdrawal = { reason, by, at };
  record(s.history, { at, actor: by, action: `Thu hồi ${s.label}`, detail: `${doc.symbol ? `số ${doc.symbol}; ` : ''}lý do: ${reason}` });
}

/** What the issue adds to the content, for the renderer. */
export function issueFacts(doc: RoundDocument): IssueFacts {
  return {
    ...(doc.symbol ? { symbol: doc.symbol } : {}),
    ...(doc.issuedOn ? { issuedOn: doc.issuedOn } : {}),
    ...(doc.signer ? { signer: doc.signer } : {}),
    ...(doc.replaces?.symbol && doc.replaces.issuedOn
      ? { replaces: { symbol: doc.replaces.symbol, issuedOn: doc.replaces.issuedOn } }
      : {}),
  };
}

/** The current details in the Web UI (Markdown). */
export function roundDocumentDetails(s: RoundDocumentState): string {
  const doc = latestRevision(s);
  return `**${s.label}**: ${
    doc ? `lần ${doc.revision}, ${DOCUMENT_STATE_LABELS[doc.state]}${doc.symbol ? `, số ${doc.symbol}` : ''}` : 'chưa lập dự thảo'
  }`;
}

import {
  GOVERNING_BODY,
  DRAFT_MARK,
  numberText,
  PLACE,
  placeAndDate,
  recipientLines,
  signingLines,
  upper,
} from '../domain/document-layout';
import { paras } from '../domain/document-fields';
import { DOCUMENT_KINDS, type DocumentKind, type DocumentSigner, type IssueFacts } from '../domain/documents';
import { ISSUING_BODIES, type IssuingBody } from '../domain/document-register';
import type { LocalDate } from '../domain/dates';
import { citeDecision, type Decision, type Team } from '../domain/team';

/**
 * What every kind's content shares: the header (bodies, number, place and date, draft mark), the
 * signing block and the Nơi nhận, from the catalogue (domain/documents.ts), the layout rules
 * (domain/document-layout.ts) and the issue's facts.
 */

/** The two lines of the header's left column for each issuing body: the governing body (if any) and the issuing body. */
export const ISSUER_HEADER: Record<IssuingBody, { governing?: string; issuing: string }> = {
  UBND: { issuing: upper(ISSUING_BODIES.UBND.name) },
  VP: { governing: GOVERNING_BODY, issuing: 'VĂN PHÒNG' },
  ĐKT: { governing: GOVERNING_BODY, issuing: 'ĐOÀN KIỂM TRA' },
  TTPVHCC: { governing: GOVERNING_BODY, issuing: 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG' },
};

/** Who signs when the issue does not say: the role's usual signer (the name is written on signing). */
export function defaultSigner(kind: DocumentKind, team?: Team): DocumentSigner {
  switch (DOCUMENT_KINDS[kind].signer) {
    case 'chairman':
      return { name: '', position: 'Phó Chủ tịch', authority: 'KT.', signsFor: 'Chủ tịch' };
    case 'office':
      return { name: '', position: 'Phó Chánh Văn phòng', authority: 'KT.', signsFor: 'Chánh Văn phòng' };
    case 'lead':
    case 'meeting':
      return { name: team ? cleanName(team.lead.name) : '', position: 'Trưởng đoàn' };
  }
}

/** A name as printed: the plan's "[cần điền]" placeholders print as blank. */
export function cleanName(name: string): string {
  return /\[cần điền\]/iu.test(name) ? '' : name.replace(/\s*\(Trưởng đoàn\)\s*$/u, '').trim();
}

/** The context a document cites beyond the inspection's state: the plan and the decisions. */
export interface DocumentContext {
  /** The round's title as the plan gives it. */
  planTitle?: string;
  /** The plan's own Quyết định. */
  planDecision?: Decision;
  /** The Quyết định forming the team. */
  teamDecision?: Decision;
  /** The Kết luận a Thông báo kết luận reports. */
  conclusion?: { symbol: string; issuedOn: LocalDate };
  /** What follows "Lưu: VT," (the drafting unit). */
  archive?: string;
}

/** The fields every kind has, from the kind, the issue's facts and the date the draft is made. */
export function commonFields(kind: DocumentKind, facts: IssueFacts, o: { draftedOn: LocalDate; subject: string; signer: DocumentSigner }) {
  const info = DOCUMENT_KINDS[kind];
  const head = ISSUER_HEADER[info.body];
  const draft = !info.numbered;
  const signer = facts.signer ?? o.signer;
  const sign = signingLines(signer);
  return {
    governingBody: head.governing ? paras([head.governing]) : [],
    issuingBody: head.issuing,
    numberLine: numberText(draft ? undefined : facts.symbol, kind),
    placeDate: placeAndDate(PLACE, draft ? undefined : facts.issuedOn, Number((facts.issuedOn ?? o.draftedOn).slice(0, 4))),
    draftMark: draft ? paras([DRAFT_MARK]) : [],
    subject: o.subject,
    signAuthority: sign.authority,
    signPosition: sign.position,
    signName: sign.name,
  };
}

/** The Nơi nhận field: one recipient a line, then "- Lưu: VT, <archive>." (KSTTHC: the Office's control division). */
export function recipientsField(recipients: string[], archive = 'KSTTHC') {
  return { recipients: paras(recipientLines(recipients, archive)) };
}

/** "Quyết định số 714/QĐ-UBND ngày 27/02/2026 của …", or a generic mention when unknown. */
export function citeOrGeneric(d: Decision | undefined, generic: string): string {
  return d ? citeDecision(d) : generic;
}

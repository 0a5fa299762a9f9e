import type { LocalDate } from './dates';
import type { DocumentType, IssuingBody } from './document-register';
import type { SigningAuthority } from './team';

/**
 * The Office's acts as documents (Nghị định 30/2020/NĐ-CP): which documents kiemtra produces, who
 * issues each under which register, who signs it, and the life every document goes through. Pure:
 * the renderer (documents/), the workflows, the activities and the CLI all read this catalogue, so
 * a kind is named and labelled in one place.
 */

/** Who signs a kind of document, as the round plan names them. */
export type SignerRole =
  /** The Chairman or a Vice-Chairman (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH). */
  | 'chairman'
  /** The leader of the City PC Office who issues it for the Office (Chánh or Phó Chánh Văn phòng). */
  | 'office'
  /** The Trưởng đoàn, or a deputy named in the plan with an authority. */
  | 'lead'
  /** Both sides of a meeting: the Trưởng đoàn and the unit's head. */
  | 'meeting';

/** What a document is about: the whole round, one inspection, or one reporting period. */
export type DocumentScope = 'round' | 'inspection' | 'period';

/** One kind of document kiemtra produces. */
export interface DocumentKindInfo {
  /** The name as a Vietnamese reader sees it in lists. */
  label: string;
  /** The type as the register numbers it. */
  type: DocumentType;
  /** The body that issues it under its own numbers. */
  body: IssuingBody;
  scope: DocumentScope;
  signer: SignerRole;
  /** False for a draft: it is sent for comments, never numbered. */
  numbered: boolean;
}

/** Every kind of document, in the order an inspection round produces them. */
export const DOCUMENT_KINDS = {
  team_decision: {
    label: 'Quyết định thành lập Đoàn kiểm tra',
    type: 'QĐ',
    body: 'UBND',
    scope: 'round',
    signer: 'chairman',
    numbered: true,
  },
  schedule_notice: {
    label: 'Thông báo lịch làm việc của Đoàn kiểm tra',
    type: 'TB',
    body: 'VP',
    scope: 'inspection',
    signer: 'office',
    numbered: true,
  },
  opening_minutes: { label: 'Biên bản họp mở đầu', type: 'BB', body: 'ĐKT', scope: 'inspection', signer: 'meeting', numbered: true },
  closing_minutes: { label: 'Biên bản họp kết thúc', type: 'BB', body: 'ĐKT', scope: 'inspection', signer: 'meeting', numbered: true },
  draft_conclusion: { label: 'Dự thảo Kết luận kiểm tra', type: 'KL', body: 'ĐKT', scope: 'inspection', signer: 'lead', numbered: false },
  conclusion: { label: 'Kết luận kiểm tra', type: 'KL', body: 'ĐKT', scope: 'inspection', signer: 'lead', numbered: true },
  conclusion_notice: {
    label: 'Thông báo kết luận kiểm tra',
    type: 'TB',
    body: 'VP',
    scope: 'inspection',
    signer: 'office',
    numbered: true,
  },
  round_report: { label: 'Báo cáo kết quả kiểm tra', type: 'BC', body: 'VP', scope: 'round', signer: 'office', numbered: true },
  period_report: { label: 'Báo cáo tổng hợp', type: 'BC', body: 'VP', scope: 'period', signer: 'office', numbered: true },
} as const satisfies Record<string, DocumentKindInfo>;

/** A kind of document (`schedule_notice`, `conclusion`, …). */
export type DocumentKind = keyof typeof DOCUMENT_KINDS;
/** Every kind, in the order of {@link DOCUMENT_KINDS}. */
export const DOCUMENT_KIND_IDS = Object.keys(DOCUMENT_KINDS) as DocumentKind[];
/** The kinds one inspection produces. */
export type InspectionDocumentKind = {
  [K in DocumentKind]: (typeof DOCUMENT_KINDS)[K]['scope'] extends 'inspection' ? K : never;
}[DocumentKind];

/**
 * The states of a document's life. Drafted by kiemtra, signed (by a command of the signer, or by a
 * clerk's upload of the signed PDF), issued with its number and date, sent to its recipients; an
 * issued document may be withdrawn, keeping its number marked as withdrawn.
 */
export const DOCUMENT_STATES = ['drafted', 'signed', 'issued', 'sent', 'withdrawn'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

/** What a Vietnamese reader sees for each state. */
export const DOCUMENT_STATE_LABELS: Record<DocumentState, string> = {
  drafted: 'Đã dự thảo',
  signed: 'Đã ký',
  issued: 'Đã ban hành',
  sent: 'Đã gửi',
  withdrawn: 'Đã thu hồi',
};

/** The life as data: the states each state may go to. */
export const DOCUMENT_TRANSITIONS: Record<DocumentState, readonly DocumentState[]> = {
  drafted: ['signed', 'issued', 'withdrawn'],
  signed: ['issued', 'withdrawn'],
  issued: ['sent', 'withdrawn'],
  sent: ['withdrawn'],
  withdrawn: [],
};

/** Whether a document may go from one state to another. */
export function canMoveDocument(from: DocumentState, to: DocumentState): boolean {
  return DOCUMENT_TRANSITIONS[from].includes(to);
}

/** A stored file, content-addressed: its hash names it in the store and in history. */
export interface StoredFile {
  sha256: string;
  name: string;
  size: number;
  /** Media type (the .docx, or application/pdf). */
  type: string;
}

/** The signer as the document prints them in its signing block. */
export interface DocumentSigner {
  name: string;
  position: string;
  /** KT., TL., Q. (or TM. for a collective body) when signing for someone. */
  authority?: SigningAuthority | 'TM.';
  /** The position signed for ("Trưởng đoàn kiểm tra", "Chủ tịch"), with an authority. */
  signsFor?: string;
}

/**
 * What the issue of a document adds to its content: its number and date, its signer, and the
 * document it replaces (a revised Thông báo cites the one before). Absent while it is a draft.
 */
export interface IssueFacts {
  /** "08/TB-VP"; absent until numbered. */
  symbol?: string;
  /** The date of issue, printed as "Hải Phòng, ngày 08 tháng 5 năm 2026". */
  issuedOn?: LocalDate;
  signer?: DocumentSigner;
  replaces?: { symbol: string; issuedOn: LocalDate };
}

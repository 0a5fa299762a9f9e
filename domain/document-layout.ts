import type { LocalDate } from './dates';
import { DOCUMENT_KINDS, type DocumentKind, type DocumentSigner } from './documents';
import { DOCUMENT_TYPES } from './document-register';

/**
 * The layout of an administrative document, Nghị định 30/2020/NĐ-CP, Phụ lục I, stated once: the
 * page, the font and its sizes, the header's two columns, the number, place and date, the type and
 * the trích yếu, the body, the signing block and the Nơi nhận. Pure data and functions: the
 * template maker (documents/template-maker.ts) lays templates out from it, the content builders
 * write their lines with it, and the PDF tests check the rendered page against it. The rules in
 * words are in docs/documents.md.
 */

/** The page: A4 portrait, margins inside Phụ lục I's ranges (top/bottom 20–25, left 30–35, right 15–20 mm). */
export const PAGE = {
  widthMm: 210,
  heightMm: 297,
  marginsMm: { top: 20, bottom: 20, left: 30, right: 15 },
  /** Where the page number sits above the text (from the top edge). */
  headerMm: 10,
} as const;

/** The width of the text between the margins. */
export const TEXT_WIDTH_MM = PAGE.widthMm - PAGE.marginsMm.left - PAGE.marginsMm.right;

/** The one font of every document. */
export const FONT = 'Times New Roman';

/** Font sizes in points, each inside the range Phụ lục I gives for its element. */
export const SIZES = {
  /** Tên cơ quan chủ quản: 12–13, capitals, not bold. */
  governingBody: 12,
  /** Tên cơ quan ban hành: 12–13, bold capitals. */
  issuingBody: 12,
  /** Quốc hiệu: 12–13, bold capitals (12, so that it holds on one line of its column). */
  nationalTitle: 12,
  /** Tiêu ngữ: 13–14, bold. */
  motto: 14,
  /** Số, ký hiệu: 13. */
  number: 13,
  /** Địa danh và thời gian: 13–14, italic. */
  placeDate: 14,
  /** Tên loại: 13–14, bold capitals. */
  type: 14,
  /** Trích yếu: 13–14, bold. */
  subject: 14,
  /** "V/v …" of a công văn: 12–13. */
  letterSubject: 13,
  /** Nội dung: 13–14. */
  body: 14,
  /** Tables in the body: smaller than the body, as Phụ lục I allows. */
  table: 12,
  /** Quyền hạn, chức vụ và họ tên người ký: 13–14, bold. */
  signer: 14,
  /** "Nơi nhận:": 12, bold italic. */
  recipientsLabel: 12,
  /** The recipients: 11. */
  recipients: 11,
  /** Số trang: 13–14. */
  pageNumber: 13,
} as const;

/** The header's two columns (mm; their sum is the text width) and the length of each short rule. */
export const HEADER = {
  leftMm: 66,
  rightMm: TEXT_WIDTH_MM - 66,
  /** Under the issuing body: a third to a half of its line. */
  issuingRuleMm: 25,
  /** Under the motto: as long as the motto. */
  mottoRuleMm: 66,
  /** Under the trích yếu. */
  subjectRuleMm: 30,
} as const;

/** The governing body above the Office and the team (not bold, capitals; Phụ lục I allows "UBND"). */
export const GOVERNING_BODY = 'UBND THÀNH PHỐ HẢI PHÒNG';
/** The place in "Hải Phòng, ngày …". */
export const PLACE = 'Hải Phòng';
/** The national title, in bold capitals. */
export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
/** The motto, in bold. */
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
/** Printed above the type of a draft. */
export const DRAFT_MARK = 'DỰ THẢO';
/** The first-line indent of a body paragraph. */
export const FIRST_LINE_INDENT_MM = 10;
/** Space between body paragraphs (points) and the line spacing (a multiple of single). */
export const BODY_SPACING = { afterPt: 6, line: 1.15 } as const;
/** Lines left empty for the signature, between the position and the name. */
export const SIGNATURE_SPACE_LINES = 4;

/** What the layout adds per kind: whether it has a Kính gửi, a Nơi nhận, two signing sides. */
export interface KindLayout {
  /** The type as printed, in bold capitals ("THÔNG BÁO"). */
  title: string;
  /** "Kính gửi: …" under the trích yếu. */
  addressee: boolean;
  /** "Nơi nhận:" beside the signing block. */
  recipients: boolean;
  /** Minutes are signed by both sides, side by side. */
  twoSided: boolean;
}

/** The layout of each kind, from the catalogue (domain/documents.ts). */
export function kindLayout(kind: DocumentKind): KindLayout {
  const info = DOCUMENT_KINDS[kind];
  const minutes = info.signer === 'meeting';
  return {
    title: upper(DOCUMENT_TYPES[info.type].name),
    addressee: kind === 'schedule_notice' || kind === 'conclusion_notice' || kind === 'round_report' || kind === 'period_report',
    recipients: !minutes,
    twoSided: minutes,
  };
}

/** Capitals as Vietnamese writes them. */
export function upper(s: string): string {
  return s.toLocaleUpperCase('vi');
}

/** A day or month as Phụ lục I writes it: a leading zero for days below 10 and for months 1 and 2 only. */
function dayPart(d: number): string {
  return String(d).padStart(2, '0');
}
function monthPart(m: number): string {
  return m <= 2 ? String(m).padStart(2, '0') : String(m);
}

/** The blank a draft leaves for a day, a month or a number to be filled in on signing. */
export const BLANK = '      ';

/**
 * The place and date under the national title: "Hải Phòng, ngày 08 tháng 5 năm 2026". Without a
 * date (a draft), the day and month are left blank: "Hải Phòng, ngày      tháng      năm 2026".
 */
export function placeAndDate(place: string, date: LocalDate | undefined, year?: number): string {
  if (!date) return `${place}, ngày${BLANK}tháng${BLANK}năm ${year ?? ''}`.trimEnd();
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${place}, ngày ${dayPart(d)} tháng ${monthPart(m)} năm ${y}`;
}

/** The number line: "Số: 08/TB-VP", or for a document not yet numbered "Số:      /KL-ĐKT". */
export function numberText(symbol: string | undefined, kind: DocumentKind): string {
  if (symbol) return `Số: ${symbol}`;
  const info: { type: string; body: string } = DOCUMENT_KINDS[kind];
  return `Số:${BLANK}/${info.type === 'CV' ? info.body : `${info.type}-${info.body}`}`;
}

/** The signing block's lines: the authority with what is signed for, the position, the name. */
export interface SigningLines {
  /** "KT. CHỦ TỊCH", "TM. ĐOÀN KIỂM TRA"; empty when the signer signs in their own right. */
  authority: string;
  /** "PHÓ CHỦ TỊCH", "TRƯỞNG ĐOÀN". */
  position: string;
  name: string;
}

/** The signing block of a signer: authority and position in bold capitals, then the name. */
export function signingLines(s: DocumentSigner): SigningLines {
  return {
    authority: s.authority ? `${s.authority} ${upper(s.signsFor ?? '')}`.trim() : '',
    position: upper(s.position),
    name: s.name,
  };
}

/**
 * The Nơi nhận list: one recipient a line, each "- …;", the last "- Lưu: VT, ….". `archive` is what
 * follows VT (the drafting unit and the drafter's initials).
 */
export function recipientLines(recipients: readonly string[], archive: string): string[] {
  const clean = (r: string) => r.trim().replace(/[;.,]+$/u, '');
  return [...recipients.map((r) => `- ${clean(r)};`), `- Lưu: VT${archive ? `, ${clean(archive)}` : ''}.`];
}

/** The "V/v …" line a công văn carries under its number instead of a type and trích yếu. */
export function letterSubject(subject: string): string {
  return `V/v ${subject.trim()}`;
}

/** Millimetres to twentieths of a point (twips), the unit of a .docx. */
export function mmToTwip(mm: number): number {
  return Math.round((mm * 1440) / 25.4);
}

/** Millimetres to PDF points. */
export function mmToPt(mm: number): number {
  return (mm * 72) / 25.4;
}

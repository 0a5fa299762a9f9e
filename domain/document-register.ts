/**
 * The register of outgoing documents (sổ đăng ký văn bản đi, Nghị định 30/2020/NĐ-CP, Điều 15 and
 * Phụ lục I): the document types and their abbreviations, the issuing bodies, how a number and its
 * symbol ("08/TB-VP") are written, and how a number recorded by hand is read. Pure: the register
 * workflow, the client layer, the CLI and (later) the documents all read these rules.
 */

import { slugify } from './slug';

/** A document type the register numbers, by its abbreviation in the symbol. */
export const DOCUMENT_TYPES = {
  QĐ: { name: 'Quyết định' },
  TB: { name: 'Thông báo' },
  BB: { name: 'Biên bản' },
  KL: { name: 'Kết luận' },
  BC: { name: 'Báo cáo' },
  KH: { name: 'Kế hoạch' },
  GM: { name: 'Giấy mời' },
  TTr: { name: 'Tờ trình' },
  /** A công văn has no type abbreviation: its symbol is the issuing body's ("15/VP"). */
  CV: { name: 'Công văn' },
} as const satisfies Record<string, { name: string }>;

/** A document type's abbreviation (`QĐ`, `TB`, …; `CV` for a công văn). */
export type DocumentType = keyof typeof DOCUMENT_TYPES;
/** Every document type, in the order of {@link DOCUMENT_TYPES}. */
export const DOCUMENT_TYPE_CODES = Object.keys(DOCUMENT_TYPES) as DocumentType[];

/** A body that issues documents under its own numbers, by the abbreviation in the symbol. */
export const ISSUING_BODIES = {
  UBND: { name: 'Ủy ban nhân dân thành phố Hải Phòng' },
  VP: { name: 'Văn phòng Ủy ban nhân dân thành phố Hải Phòng' },
  ĐKT: { name: 'Đoàn kiểm tra' },
  TTPVHCC: { name: 'Trung tâm Phục vụ hành chính công thành phố Hải Phòng' },
} as const satisfies Record<string, { name: string }>;

/** An issuing body's abbreviation (`UBND`, `VP`, `ĐKT`, `TTPVHCC`). */
export type IssuingBody = keyof typeof ISSUING_BODIES;
/** Every issuing body, in the order of {@link ISSUING_BODIES}. */
export const ISSUING_BODY_CODES = Object.keys(ISSUING_BODIES) as IssuingBody[];

/** The series a register keeps all types in, unless a type is configured to have its own. */
export const COMMON_SERIES = 'chung';

/** Folds what a person types to compare with a code: ASCII D for Đ, any case. */
const fold = (s: string) => s.normalize('NFC').replace(/đ/gi, 'D').toUpperCase();

function byFolded<T extends string>(codes: readonly T[], given: string): T | undefined {
  const f = fold(given.trim());
  return codes.find((c) => fold(c) === f);
}

/** The document type a person typed ("QD", "qđ", "TB"), or undefined. */
export function documentTypeOf(given: string): DocumentType | undefined {
  return byFolded(DOCUMENT_TYPE_CODES, given);
}

/** The issuing body a person typed ("DKT", "vp"), or undefined. */
export function issuingBodyOf(given: string): IssuingBody | undefined {
  return byFolded(ISSUING_BODY_CODES, given);
}

/** The Vietnamese refusal of an unknown document type, listing the known ones. */
export function unknownTypeMessage(given: string): string {
  return `loại văn bản "${given}" không có trong sổ; dùng một trong: ${DOCUMENT_TYPE_CODES.map((c) => `${c} (${DOCUMENT_TYPES[c].name})`).join(', ')}`;
}

/** The Vietnamese refusal of an unknown issuing body, listing the known ones. */
export function unknownBodyMessage(given: string): string {
  return `cơ quan ban hành "${given}" không có trong sổ; dùng một trong: ${ISSUING_BODY_CODES.map((c) => `${c} (${ISSUING_BODIES[c].name})`).join(', ')}`;
}

/** A number as written: at least two digits ("01", "08", "12", "123"). */
export function formatSerial(n: number): string {
  return String(n).padStart(2, '0');
}

/** The symbol of a number: "08/TB-VP", "12/QĐ-UBND"; a công văn's carries the body alone ("15/VP"). */
export function documentSymbol(n: number, type: DocumentType, body: IssuingBody): string {
  return `${formatSerial(n)}/${type === 'CV' ? body : `${type}-${body}`}`;
}

/** The line under the header of a document: "Số: 08/TB-VP". */
export function numberLine(n: number, type: DocumentType, body: IssuingBody): string {
  return `Số: ${documentSymbol(n, type, body)}`;
}

/**
 * The series a type is numbered in: its own when the register keeps one for it (Điều 15: a type
 * issued in large numbers may have its own register), else {@link COMMON_SERIES}.
 */
export function seriesOf(type: DocumentType, ownSeries: readonly DocumentType[]): string {
  return ownSeries.includes(type) ? type : COMMON_SERIES;
}

/** The next number of a series: one after the highest used (allocated, recorded or withdrawn), from 01. */
export function nextSerial(used: readonly { series: string; number: number }[], series: string): number {
  let max = 0;
  for (const e of used) if (e.series === series && e.number > max) max = e.number;
  return max + 1;
}

/** The largest number a register accepts (six digits). */
export const MAX_SERIAL = 999_999;

/** A number read from what a person typed. */
export interface ParsedNumber {
  number: number;
  type: DocumentType;
  body: IssuingBody;
  /** As the register writes it ("08/TB-VP"). */
  symbol: string;
}

/** The outcome of reading a number: the number, or a Vietnamese message saying what is wrong. */
export type ParseResult = { ok: true; value: ParsedNumber } | { ok: false; message: string };

/**
 * Reads a number recorded by hand ("08/TB-VP", "Số: 8/TB-VP", "12/QD-UBND", "15/VP" for a công
 * văn), checking it against the register's body and, when given, the expected type. The number is
 * written back with two digits at least. A normative document's number with its year
 * ("12/2026/QĐ-UBND") is not a number of this register.
 */
export function parseDocumentNumber(given: string, expect: { body: IssuingBody; type?: DocumentType }): ParseResult {
  const fail = (message: string): ParseResult => ({ ok: false, message });
  const raw = given
    .normalize('NFC')
    .trim()
    .replace(/^số\s*:?\s*/i, '');
  if (/^\d+\/\d{4}\//.test(raw))
    return fail(`số "${given}" có năm ban hành (dạng của văn bản quy phạm pháp luật), không thuộc sổ đăng ký văn bản đi này`);
  const m = /^(\d{1,6})\s*\/\s*([\p{L}]+)(?:\s*-\s*([\p{L}]+))?$/u.exec(raw);
  if (!m) return fail(`số văn bản "${given}" không đúng dạng; cần dạng số/ký hiệu, ví dụ ${documentSymbol(8, 'TB', expect.body)}`);
  const number = Number(m[1]);
  if (number < 1) return fail(`số văn bản bắt đầu từ 01, không có số ${m[1]}`);
  let type: DocumentType | undefined;
  let bodyText: string;
  if (m[3] === undefined) {
    type = 'CV';
    bodyText = m[2]!;
  } else {
    type = documentTypeOf(m[2]!);
    bodyText = m[3];
    if (!type || type === 'CV') return fail(unknownTypeMessage(m[2]!));
  }
  const body = issuingBodyOf(bodyText);
  if (!body) return fail(unknownBodyMessage(bodyText));
  if (body !== expect.body)
    return fail(
      `số "${given}" là của ${ISSUING_BODIES[body].name} (${body}), không thuộc sổ của ${ISSUING_BODIES[expect.body].name} (${expect.body})`,
    );
  if (expect.type && type !== expect.type)
    return fail(
      `số "${given}" là số của ${DOCUMENT_TYPES[type].name.toLowerCase()}, không phải ${DOCUMENT_TYPES[expect.type].name.toLowerCase()}`,
    );
  return { ok: true, value: { number, type, body, symbol: documentSymbol(number, type, body) } };
}

/** `register-<year>-<body-slug>`, e.g. `register-2026-vp`, `register-2026-dkt` for the Đoàn kiểm tra. */
export const documentRegisterWorkflowId = (year: number, body: string): string => `register-${year}-${slugify(body)}`;

/**
 * The register workflow as a caller outside the workflow layer names it (the activity that takes a
 * number, which may not import workflows/): its type and its update names. The contract
 * (workflows/document-register/contract.ts) reads the same names.
 */
export const REGISTER_WORKFLOW = {
  type: 'documentRegister',
  updates: { allocate: 'allocate', record: 'record', withdraw: 'withdraw' },
} as const;

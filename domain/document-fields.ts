import type { DocumentKind } from './documents';
import { z } from './validation';

/**
 * The fields each kind of document fills in its template, as zod schemas: one source that the
 * content builders (documents/) produce and check, and that the start-up check of the templates
 * (config/templates.ts) compares every placeholder with. A field a template names that its
 * kind's schema lacks is refused at start-up, naming the file and the placeholder.
 *
 * Every list is an array of objects (`{ text }`), so a template loops over it with
 * `{#list}{text}{/list}`; an optional part (a table, the draft mark) is a list of zero or one.
 */

const str = z.string().max(5000);
const paragraph = z.strictObject({ text: str });
const paragraphs = z.array(paragraph).max(500);
const table = z.strictObject({
  head: z
    .array(z.strictObject({ text: str }))
    .min(1)
    .max(12),
  rows: z.array(z.strictObject({ cells: z.array(z.strictObject({ text: str })).max(12) })).max(1000),
});
const section = z.strictObject({
  heading: str,
  paragraphs,
  /** Zero or one table after the paragraphs. */
  table: z.array(table).max(1),
});

/** The fields every kind has: header, type and trích yếu, body, signing block. */
const common = {
  /** Tên cơ quan chủ quản, capitals; a list of zero or one (the City PC itself has none above it). */
  governingBody: paragraphs.max(1),
  issuingBody: str,
  numberLine: str,
  placeDate: str,
  /** "DỰ THẢO" for a draft: a list of zero or one. */
  draftMark: paragraphs.max(1),
  subject: str,
  /** Paragraphs before the numbered sections. */
  intro: paragraphs,
  sections: z.array(section).max(100),
  /** Paragraphs after the sections. */
  closing: paragraphs,
  signAuthority: str,
  signPosition: str,
  signName: str,
};

const withRecipients = { ...common, recipients: paragraphs.min(1) };
const withAddressee = { ...withRecipients, addressee: str };

/** The schema of each kind's fields. */
export const DOCUMENT_FIELDS = {
  team_decision: z.strictObject({
    ...withRecipients,
    /** "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG", the authority issuing the decision. */
    authorityLine: str,
    /** The Căn cứ, one a line. */
    basis: paragraphs,
  }),
  schedule_notice: z.strictObject(withAddressee),
  opening_minutes: z.strictObject({ ...common, unitSignTitle: str, unitSignName: str }),
  closing_minutes: z.strictObject({ ...common, unitSignTitle: str, unitSignName: str }),
  draft_conclusion: z.strictObject(withRecipients),
  conclusion: z.strictObject(withRecipients),
  conclusion_notice: z.strictObject(withAddressee),
  round_report: z.strictObject(withAddressee),
  period_report: z.strictObject(withAddressee),
} as const satisfies Record<DocumentKind, z.ZodObject>;

/** The fields of one kind, as its builder produces them. */
export type DocumentFields<K extends DocumentKind = DocumentKind> = z.output<(typeof DOCUMENT_FIELDS)[K]>;
/** One section of a body: heading, paragraphs, an optional table. */
export type DocumentSection = z.output<typeof section>;
/** A table of a section. */
export type DocumentTable = z.output<typeof table>;

/** The placeholders a kind's fields allow, as a tree: a list's children are the fields of its items. */
export interface FieldTree {
  [name: string]: FieldTree | null;
}

function treeOf(schema: z.ZodType): FieldTree | null {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else break;
  }
  if (!(s instanceof z.ZodObject)) return null;
  const out: FieldTree = {};
  for (const [k, v] of Object.entries(s.shape as Record<string, z.ZodType>)) out[k] = treeOf(v);
  return out;
}

/** The placeholder tree of a kind (for the template check). */
export function fieldTree(kind: DocumentKind): FieldTree {
  return treeOf(DOCUMENT_FIELDS[kind])!;
}

/** A paragraph list from lines. */
export function paras(lines: readonly string[]): { text: string }[] {
  return lines.map((text) => ({ text }));
}

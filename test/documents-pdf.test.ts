import mammoth from 'mammoth';
import { beforeAll, expect, it } from 'vitest';
import { loadTemplates } from '../config/templates';
import type { DocumentFields } from '../domain/document-fields';
import {
  HEADER,
  kindLayout,
  mmToPt,
  MOTTO,
  NATIONAL_TITLE,
  PAGE,
  SIGNATURE_SPACE_LINES,
  SIZES,
  TEXT_WIDTH_MM,
} from '../domain/document-layout';
import { DOCUMENT_KIND_IDS, DOCUMENT_KINDS, type DocumentKind } from '../domain/documents';
import { docxToPdf } from '../documents/pdf';
import { renderDocx } from '../documents/render';
import { rehearsalContents } from '../scripts/document-samples';
import { centreOf, readPdfLayout, rightOf, type PdfLayout, type PdfText } from './kit/pdf-text';
import { describeWithTools, libreOfficeTool, popplerTool } from './kit/tools';

/**
 * Every kind of document, rendered from the rehearsal set (scripts/document-samples.ts), converted
 * to PDF by LibreOffice here, and checked on the page against Nghị định 30/2020, Phụ lục I
 * (domain/document-layout.ts), from the PDF's text with positions and fonts: A4 and the margins
 * within 1 mm, the two header columns side by side, the number, the italic date in its form, the
 * type and trích yếu, the signing block, the Nơi nhận one a line, the page numbers from page 2 and
 * a table's head repeated on page 2. The .docx is also read back by mammoth for its text.
 */

const MM = mmToPt(1);
const M = {
  top: mmToPt(PAGE.marginsMm.top),
  bottom: mmToPt(PAGE.marginsMm.bottom),
  left: mmToPt(PAGE.marginsMm.left),
  right: mmToPt(PAGE.marginsMm.right),
};
const TEXT_LEFT = M.left;
const TEXT_RIGHT = mmToPt(PAGE.widthMm) - M.right;
const TEXT_CENTRE = TEXT_LEFT + mmToPt(TEXT_WIDTH_MM) / 2;
const COLUMN_SPLIT = TEXT_LEFT + mmToPt(HEADER.leftMm);
/** poppler rounds to whole points: a position is checked to 1 mm plus that rounding. */
const TOL = MM + 1;
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

interface Rendered {
  fields: DocumentFields;
  docx: Buffer;
  layout: PdfLayout;
}

const rendered = new Map<DocumentKind, Rendered>();

function find(layout: PdfLayout, text: string, page?: number): PdfText | undefined {
  return layout.texts.find((t) => t.text === norm(text) && (page === undefined || t.page === page));
}
function must(layout: PdfLayout, text: string, page?: number): PdfText {
  const t = find(layout, text, page);
  if (!t)
    throw new Error(`"${text}" not found on its own line${page ? ` on page ${page}` : ''}: ${layout.texts.map((x) => x.text).join(' | ')}`);
  return t;
}

describeWithTools('documents as PDF (Nghị định 30/2020, Phụ lục I)', [libreOfficeTool(), popplerTool()], () => {
  beforeAll(async () => {
    const templates = loadTemplates({});
    const contents = rehearsalContents();
    for (const kind of DOCUMENT_KIND_IDS) {
      const fields = contents[kind] as DocumentFields;
      const docx = renderDocx(kind, fields as never, templates);
      const pdf = await docxToPdf(docx);
      if (!pdf) throw new Error('LibreOffice made no PDF');
      rendered.set(kind, { fields, docx, layout: readPdfLayout(pdf) });
    }
  }, 300_000);

  const each = (name: string, check: (kind: DocumentKind, r: Rendered) => void | Promise<void>) =>
    it.each(DOCUMENT_KIND_IDS)(`${name}: %s`, (kind) => check(kind, rendered.get(kind)!));

  each('is A4 on every page, with the text inside the margins (top, left, right within 1 mm)', (_kind, { layout }) => {
    for (const p of layout.pages) {
      expect(Math.abs(p.width - mmToPt(PAGE.widthMm))).toBeLessThan(MM);
      expect(Math.abs(p.height - mmToPt(PAGE.heightMm))).toBeLessThan(MM);
    }
    const page1 = layout.texts.filter((t) => t.page === 1);
    expect(Math.abs(Math.min(...page1.map((t) => t.top)) - M.top)).toBeLessThan(TOL);
    expect(Math.abs(Math.min(...page1.map((t) => t.left)) - TEXT_LEFT)).toBeLessThan(TOL);
    expect(Math.abs(Math.max(...page1.map(rightOf)) - TEXT_RIGHT)).toBeLessThan(TOL);
    const limit = mmToPt(PAGE.heightMm) - M.bottom;
    for (const t of layout.texts.filter((x) => x.text !== String(x.page) || x.top > M.top))
      expect(t.top + t.height).toBeLessThan(limit + 1);
  });

  each('has the two header columns side by side', (kind, { fields, layout }) => {
    const national = must(layout, NATIONAL_TITLE, 1);
    const motto = must(layout, MOTTO, 1);
    expect(national.bold && motto.bold).toBe(true);
    expect(motto.top).toBeGreaterThan(national.top);
    // The left column starts on the national title's line, and stays left of the column split.
    const issuingFirst = layout.texts.find(
      (t) => t.page === 1 && t.bold && fields.issuingBody.startsWith(t.text) && t.left < COLUMN_SPLIT,
    )!;
    expect(issuingFirst).toBeDefined();
    const firstLeft = fields.governingBody.length ? must(layout, fields.governingBody[0]!.text, 1) : issuingFirst;
    if (fields.governingBody.length) expect(firstLeft.bold).toBe(false);
    expect(Math.abs(firstLeft.top - national.top)).toBeLessThan(2);
    for (const t of [firstLeft, issuingFirst]) expect(rightOf(t)).toBeLessThan(COLUMN_SPLIT + 1);
    expect(national.left).toBeGreaterThan(COLUMN_SPLIT - 1);
    expect(Math.abs(centreOf(motto) - centreOf(national))).toBeLessThan(2);
    expect(DOCUMENT_KINDS[kind].body === 'UBND' ? fields.governingBody.length : 1).toBe(DOCUMENT_KINDS[kind].body === 'UBND' ? 0 : 1);
  });

  each('prints Số/ký hiệu on the left and the italic date on the right, on one line', (kind, { fields, layout }) => {
    const number = must(layout, fields.numberLine, 1);
    const date = must(layout, fields.placeDate, 1);
    expect(number.text).toMatch(DOCUMENT_KINDS[kind].numbered ? /^Số: \d{2,}\/[\p{Lu}]+(-[\p{Lu}]+)?$/u : /^Số: \/KL-ĐKT$/u);
    expect(rightOf(number)).toBeLessThan(COLUMN_SPLIT);
    expect(date.left).toBeGreaterThan(COLUMN_SPLIT);
    expect(Math.abs(number.top - date.top)).toBeLessThan(3);
    expect(date.italic).toBe(true);
    expect(number.italic).toBe(false);
    expect(date.size).toBe(SIZES.placeDate);
    expect(date.text).toMatch(
      DOCUMENT_KINDS[kind].numbered
        ? /^Hải Phòng, ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$/u
        : /^Hải Phòng, ngày tháng năm \d{4}$/u,
    );
  });

  each('prints the type in bold capitals and the trích yếu in bold under it, centred', (kind, { fields, layout }) => {
    const title = must(layout, kindLayout(kind).title, 1);
    expect(title.bold).toBe(true);
    expect(Math.abs(centreOf(title) - TEXT_CENTRE)).toBeLessThan(TOL);
    const after = layout.texts.filter((t) => t.page === 1 && t.top > title.top).sort((a, b) => a.top - b.top);
    const lines: PdfText[] = [];
    for (const t of after) {
      if (!t.bold) break;
      lines.push(t);
      if (norm(lines.map((l) => l.text).join(' ')) === norm(fields.subject)) break;
    }
    expect(norm(lines.map((l) => l.text).join(' '))).toBe(norm(fields.subject));
    for (const l of lines) expect(Math.abs(centreOf(l) - TEXT_CENTRE)).toBeLessThan(TOL);
    if (!DOCUMENT_KINDS[kind].numbered) {
      const mark = must(layout, 'DỰ THẢO', 1);
      expect(mark.bold && mark.top < title.top).toBe(true);
    }
  });

  each('ends with the signing block: authority and position in bold capitals, space, the name in bold', (kind, { fields, layout }) => {
    const last = Math.max(...layout.texts.map((t) => t.page));
    const position = must(layout, fields.signPosition, last);
    expect(position.bold).toBe(true);
    expect(position.text).toBe(position.text.toLocaleUpperCase('vi'));
    expect(position.left).toBeGreaterThan(TEXT_CENTRE - 1);
    if (fields.signAuthority) {
      const authority = must(layout, fields.signAuthority, last);
      expect(authority.bold).toBe(true);
      expect(position.top - authority.top).toBeGreaterThan(5);
      expect(position.top - authority.top).toBeLessThan(25);
    }
    if (fields.signName) {
      const name = must(layout, fields.signName, last);
      expect(name.bold).toBe(true);
      expect(name.top - position.top).toBeGreaterThan(SIGNATURE_SPACE_LINES * SIZES.signer);
      expect(Math.abs(centreOf(name) - centreOf(position))).toBeLessThan(2);
    }
    if (kindLayout(kind).twoSided) {
      const unit = must(layout, (fields as DocumentFields<'opening_minutes'>).unitSignTitle, last);
      expect(unit.bold && rightOf(unit) < TEXT_CENTRE + 1).toBe(true);
      expect(Math.abs(unit.top - (fields.signAuthority ? position.top - 17 : position.top))).toBeLessThan(20);
    }
  });

  each('lists the Nơi nhận one a line, "- …;" and last "- Lưu: VT, ….", beside the signer', (kind, { fields, layout }) => {
    if (!kindLayout(kind).recipients) {
      expect(find(layout, 'Nơi nhận:')).toBeUndefined();
      return;
    }
    const recipients = (fields as DocumentFields<'conclusion'>).recipients;
    const label = must(layout, 'Nơi nhận:');
    expect(label.bold && label.italic).toBe(true);
    expect(label.size).toBe(SIZES.recipientsLabel);
    expect(Math.abs(label.left - TEXT_LEFT)).toBeLessThan(TOL);
    let top = label.top;
    recipients.forEach((r, i) => {
      const line = must(layout, r.text, label.page);
      expect(line.top).toBeGreaterThan(top);
      expect(line.left).toBe(label.left);
      expect(line.size).toBe(SIZES.recipients);
      expect(line.text).toMatch(i === recipients.length - 1 ? /^- Lưu: VT, .+\.$/u : /^- .+;$/u);
      top = line.top;
    });
  });

  it('numbers pages from page 2, centred at the top, and repeats a table head on page 2', () => {
    const { layout } = rendered.get('round_report')!;
    expect(layout.pages.length).toBeGreaterThan(1);
    // Page 1: nothing in the top margin.
    expect(layout.texts.filter((t) => t.page === 1 && t.top < M.top - 1)).toEqual([]);
    for (let page = 2; page <= layout.pages.length; page++) {
      const n = must(layout, String(page), page);
      expect(n.top + n.height).toBeLessThan(M.top + 1);
      expect(Math.abs(centreOf(n) - TEXT_CENTRE)).toBeLessThan(TOL);
    }
    const firstRow = layout.texts.filter((t) => t.page === 2 && t.top >= M.top - 1);
    const top = Math.min(...firstRow.map((t) => t.top));
    const head = firstRow.filter((t) => Math.abs(t.top - top) < 2);
    expect(head.map((t) => t.text)).toEqual(expect.arrayContaining(['Đơn vị', 'Giai đoạn', 'Ngày làm việc']));
    expect(head.every((t) => t.bold)).toBe(true);
    // The bottom margin: page 1's text stops within a table row of it.
    const limit = mmToPt(PAGE.heightMm) - M.bottom;
    const bottom1 = Math.max(...layout.texts.filter((t) => t.page === 1).map((t) => t.top + t.height));
    expect(bottom1).toBeLessThan(limit + 1);
    expect(limit - bottom1).toBeLessThan(40);
  });

  each('reads back from the .docx (mammoth) with every field and no placeholder left', async (kind, { fields, docx }) => {
    const { value } = await mammoth.extractRawText({ buffer: docx });
    const text = norm(value);
    for (const s of [fields.numberLine, fields.placeDate, fields.subject, fields.signPosition, ...fields.sections.map((x) => x.heading)])
      expect(text).toContain(norm(s));
    if (kindLayout(kind).recipients) for (const r of (fields as DocumentFields<'conclusion'>).recipients) expect(text).toContain(r.text);
    expect(text).not.toMatch(/[{}]/);
  });
});

import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import {
  FIRST_LINE_INDENT_MM,
  FONT,
  HEADER,
  kindLayout,
  letterSubject,
  mmToTwip,
  numberText,
  PAGE,
  placeAndDate,
  recipientLines,
  signingLines,
  SIZES,
  TEXT_WIDTH_MM,
} from '../domain/document-layout';
import { dateInText, formatDateNd30, weekdayInText } from '../domain/dates';
import { DOCUMENT_KIND_IDS } from '../domain/documents';
import { makeTemplate } from '../documents/template-maker';

/** The layout of Nghị định 30/2020, Phụ lục I (domain/document-layout.ts), rule by rule, and the templates made from it. */

describe('the page and the font', () => {
  it('is A4 with margins inside Phụ lục I ranges (top/bottom 20–25, left 30–35, right 15–20 mm)', () => {
    expect([PAGE.widthMm, PAGE.heightMm]).toEqual([210, 297]);
    const m = PAGE.marginsMm;
    for (const [v, lo, hi] of [
      [m.top, 20, 25],
      [m.bottom, 20, 25],
      [m.left, 30, 35],
      [m.right, 15, 20],
    ] as const) {
      expect(v).toBeGreaterThanOrEqual(lo);
      expect(v).toBeLessThanOrEqual(hi);
    }
    expect(TEXT_WIDTH_MM).toBe(210 - m.left - m.right);
    expect(HEADER.leftMm + HEADER.rightMm).toBe(TEXT_WIDTH_MM);
    expect(FONT).toBe('Times New Roman');
  });

  it('sizes each element inside its Phụ lục I range', () => {
    const ranges: Record<keyof typeof SIZES, [number, number]> = {
      governingBody: [12, 13],
      issuingBody: [12, 13],
      nationalTitle: [12, 13],
      motto: [13, 14],
      number: [13, 13],
      placeDate: [13, 14],
      type: [13, 14],
      subject: [13, 14],
      letterSubject: [12, 13],
      body: [13, 14],
      table: [11, 13],
      signer: [13, 14],
      recipientsLabel: [12, 12],
      recipients: [11, 11],
      pageNumber: [13, 14],
    };
    for (const [k, [lo, hi]] of Object.entries(ranges)) {
      expect(SIZES[k as keyof typeof SIZES], k).toBeGreaterThanOrEqual(lo);
      expect(SIZES[k as keyof typeof SIZES], k).toBeLessThanOrEqual(hi);
    }
  });
});

describe('the place and date', () => {
  it('writes "Hải Phòng, ngày 08 tháng 5 năm 2026": a leading zero for days below 10 and months 1–2 only', () => {
    expect(placeAndDate('Hải Phòng', '2026-05-08')).toBe('Hải Phòng, ngày 08 tháng 5 năm 2026');
    expect(placeAndDate('Hải Phòng', '2026-02-27')).toBe('Hải Phòng, ngày 27 tháng 02 năm 2026');
    expect(placeAndDate('Hải Phòng', '2026-01-09')).toBe('Hải Phòng, ngày 09 tháng 01 năm 2026');
    expect(placeAndDate('Hải Phòng', '2026-12-15')).toBe('Hải Phòng, ngày 15 tháng 12 năm 2026');
    expect(placeAndDate('Hải Phòng', '2026-03-10')).toBe('Hải Phòng, ngày 10 tháng 3 năm 2026');
  });

  it('leaves the day and month blank on a draft', () => {
    expect(placeAndDate('Hải Phòng', undefined, 2026)).toMatch(/^Hải Phòng, ngày\s{3,}tháng\s{3,}năm 2026$/u);
  });

  it('writes running-text dates with the weekday in lower case, "Chủ nhật" capitalised', () => {
    expect(dateInText('2026-06-12')).toBe('ngày 12/6/2026 (thứ Sáu)');
    expect(dateInText('2026-06-07')).toBe('ngày 07/6/2026 (Chủ nhật)');
    expect(dateInText('2026-02-02')).toBe('ngày 02/02/2026 (thứ Hai)');
    expect(formatDateNd30('2026-11-30')).toBe('30/11/2026');
    expect(weekdayInText('2026-06-13')).toBe('thứ Bảy');
  });
});

describe('the number, the signer and the recipients', () => {
  it('prints "Số: 08/TB-VP", and for a draft "Số:      /KL-ĐKT"', () => {
    expect(numberText('08/TB-VP', 'schedule_notice')).toBe('Số: 08/TB-VP');
    expect(numberText(undefined, 'draft_conclusion')).toMatch(/^Số:\s{3,}\/KL-ĐKT$/u);
    expect(numberText(undefined, 'team_decision')).toMatch(/\/QĐ-UBND$/u);
  });

  it('writes the authority and position in capitals: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', () => {
    expect(signingLines({ name: 'Hoàng Minh Cường', position: 'Phó Chủ tịch', authority: 'KT.', signsFor: 'Chủ tịch' })).toEqual({
      authority: 'KT. CHỦ TỊCH',
      position: 'PHÓ CHỦ TỊCH',
      name: 'Hoàng Minh Cường',
    });
    expect(signingLines({ name: 'Nguyễn Văn An', position: 'Trưởng đoàn' })).toEqual({
      authority: '',
      position: 'TRƯỞNG ĐOÀN',
      name: 'Nguyễn Văn An',
    });
  });

  it('lists one recipient a line, "- …;", the last "- Lưu: VT, ….", whatever punctuation came in', () => {
    expect(recipientLines(['Như trên', 'CT, các PCT UBND TP (để b/c);', 'Sở Tài chính.'], 'KSTTHC')).toEqual([
      '- Như trên;',
      '- CT, các PCT UBND TP (để b/c);',
      '- Sở Tài chính;',
      '- Lưu: VT, KSTTHC.',
    ]);
    expect(recipientLines([], '')).toEqual(['- Lưu: VT.']);
  });

  it('writes a công văn\'s "V/v …" under its number', () => {
    expect(letterSubject(' cử thành viên Đoàn kiểm tra ')).toBe('V/v cử thành viên Đoàn kiểm tra');
  });

  it('gives "Kính gửi" to the notices and reports, both signing sides and no Nơi nhận to the minutes', () => {
    const withAddressee = DOCUMENT_KIND_IDS.filter((k) => kindLayout(k).addressee);
    expect(withAddressee).toEqual(['schedule_notice', 'conclusion_notice', 'round_report', 'period_report']);
    expect(DOCUMENT_KIND_IDS.filter((k) => kindLayout(k).twoSided)).toEqual(['opening_minutes', 'closing_minutes']);
    expect(DOCUMENT_KIND_IDS.filter((k) => !kindLayout(k).recipients)).toEqual(['opening_minutes', 'closing_minutes']);
    expect(kindLayout('team_decision').title).toBe('QUYẾT ĐỊNH');
    expect(kindLayout('conclusion').title).toBe('KẾT LUẬN');
  });
});

/** The template's XML parts. */
async function xmlOf(kind: (typeof DOCUMENT_KIND_IDS)[number]) {
  const zip = new PizZip(await makeTemplate(kind));
  const files = Object.keys(zip.files);
  const headers = files.filter((f) => /^word\/header\d*\.xml$/.test(f)).map((f) => zip.file(f)!.asText());
  return { doc: zip.file('word/document.xml')!.asText(), styles: zip.file('word/styles.xml')!.asText(), headers };
}

/** The run properties of the run whose text is `text`. */
function runProps(xml: string, text: string): string {
  const i = xml.indexOf(`>${text}</w:t>`);
  expect(i, text).toBeGreaterThan(0);
  const start = xml.lastIndexOf('<w:r>', i);
  return xml.slice(start, i);
}

describe('the templates made from the layout', () => {
  it.each(DOCUMENT_KIND_IDS)('%s: A4, the margins, page numbers from page 2, Times New Roman, the fonts of each element', async (kind) => {
    const { doc, styles, headers } = await xmlOf(kind);
    expect(doc).toContain(`<w:pgSz w:w="${mmToTwip(210)}" w:h="${mmToTwip(297)}"`);
    const m = PAGE.marginsMm;
    expect(doc).toMatch(
      new RegExp(
        `<w:pgMar w:top="${mmToTwip(m.top)}" w:right="${mmToTwip(m.right)}" w:bottom="${mmToTwip(m.bottom)}" w:left="${mmToTwip(m.left)}"`,
      ),
    );
    expect(doc).toContain('<w:titlePg/>');
    expect(headers.some((h) => h.includes('PAGE'))).toBe(true);
    expect(headers.some((h) => !h.includes('PAGE'))).toBe(true);
    expect(styles).toContain(`w:ascii="${FONT}"`);
    expect(runProps(doc, '{placeDate}')).toMatch(/<w:i\/>/);
    expect(runProps(doc, '{placeDate}')).not.toMatch(/<w:b\/>/);
    expect(runProps(doc, '{subject}')).toMatch(/<w:b\/>/);
    expect(runProps(doc, '{issuingBody}')).toMatch(/<w:b\/>/);
    expect(runProps(doc, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')).toMatch(/<w:b\/>/);
    expect(runProps(doc, 'Độc lập - Tự do - Hạnh phúc')).toMatch(/<w:b\/>/);
    expect(runProps(doc, '{signPosition}')).toMatch(/<w:b\/>/);
    expect(doc).toContain(`<w:ind w:firstLine="${mmToTwip(FIRST_LINE_INDENT_MM)}"/>`);
    if (kindLayout(kind).recipients) expect(runProps(doc, 'Nơi nhận:')).toMatch(/<w:b\/><w:bCs\/><w:i\/>|<w:b\/>.*<w:i\/>/s);
    if (kind === 'round_report') expect(doc).toContain('<w:tblHeader/>');
    // Two header columns of the layout's widths.
    expect(doc).toContain(`<w:gridCol w:w="${mmToTwip(HEADER.leftMm)}"/><w:gridCol w:w="${mmToTwip(HEADER.rightMm)}"/>`);
  });
});

describe('the short rules', () => {
  it.each(DOCUMENT_KIND_IDS)('%s: under the issuing body, the motto and the trích yếu, of the layout lengths', async (kind) => {
    const { doc } = await xmlOf(kind);
    const rules = [...doc.matchAll(/<w:pPr>(?:(?!<\/w:pPr>).)*<w:top w:val="single"(?:(?!<\/w:pPr>).)*<\/w:pPr>/gs)].map((m) => m[0]);
    expect(rules).toHaveLength(3);
    const side = (lengthMm: number, withinMm: number) => mmToTwip((withinMm - lengthMm) / 2);
    const indents = rules.map((r) => Number(/w:left="(\d+)"/.exec(r)![1]));
    expect(indents).toEqual([
      side(HEADER.issuingRuleMm, HEADER.leftMm),
      side(HEADER.mottoRuleMm, HEADER.rightMm),
      side(HEADER.subjectRuleMm, TEXT_WIDTH_MM),
    ]);
  });
});

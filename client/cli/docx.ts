/* eslint-disable @typescript-eslint/no-require-imports -- docx loads only when a document is written */

/** One part of an administrative report: a heading, paragraphs, and a table. */
export interface ReportSection {
  heading: string;
  paragraphs?: string[];
  table?: { head: string[]; rows: string[][] };
}

/**
 * A report to the Chairman as a .docx, in the usual layout of a Vietnamese administrative document:
 * the issuing body and the national motto, the place and date, the title, the addressee, then the
 * numbered sections. Times New Roman throughout.
 */
export async function administrativeReportDocx(r: { asOf: string; title: string; sections: ReportSection[] }): Promise<Buffer> {
  const docx = require('docx') as typeof import('docx');
  const { AlignmentType, Document, Packer, Paragraph, Table, TableRow, TableCell, TextRun, WidthType } = docx;
  const p = (text: string, opts: { bold?: boolean; center?: boolean } = {}) =>
    new Paragraph({
      alignment: opts.center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
      children: [new TextRun({ text, bold: opts.bold, font: 'Times New Roman', size: 28 })],
    });
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, font: 'Times New Roman', size: 24 })] })] });
  const table = (head: string[], rows: string[][]) =>
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ children: head.map((h) => cell(h, true)) }),
        ...rows.map((row) => new TableRow({ children: row.map((c) => cell(c)) })),
      ],
    });
  const doc = new Document({
    sections: [
      {
        children: [
          p('ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG', { bold: true, center: true }),
          p('VĂN PHÒNG', { bold: true, center: true }),
          p('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, center: true }),
          p('Độc lập - Tự do - Hạnh phúc', { bold: true, center: true }),
          p(`Hải Phòng, ngày ${r.asOf.slice(8, 10)} tháng ${r.asOf.slice(5, 7)} năm ${r.asOf.slice(0, 4)}`, { center: true }),
          p('BÁO CÁO', { bold: true, center: true }),
          p(r.title, { bold: true, center: true }),
          p('Kính gửi: Chủ tịch Ủy ban nhân dân thành phố.', { center: true }),
          ...r.sections.flatMap((s) => [
            p(s.heading, { bold: true }),
            ...(s.paragraphs ?? []).map((t) => p(t)),
            ...(s.table ? [table(s.table.head, s.table.rows)] : []),
          ]),
          p('Nơi nhận: Như trên; Lưu: VT.'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

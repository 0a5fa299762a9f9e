import { dateInText, formatDateNd30 } from '../domain/dates';
import { paras, type DocumentFields, type DocumentSection } from '../domain/document-fields';
import type { IssueFacts } from '../domain/documents';
import type { LocalDate } from '../domain/dates';
import { commonFields, defaultSigner, recipientsField } from './common';

/**
 * The two reports to the Chairman: the Báo cáo kết quả kiểm tra of a round and the Báo cáo tổng
 * hợp of a reporting period. Their sections are computed by the client layer from its figures
 * and given here as headings, paragraphs and tables; this module lays them out as a kind's fields,
 * and {@link reportMarkdown} writes the same fields as Markdown, so the .md and the .docx have
 * the same sections.
 */

/** One section as the client computes it. */
export interface ReportSectionInput {
  heading: string;
  paragraphs?: string[];
  table?: { head: string[]; rows: string[][] };
}

/** What a report needs. */
export interface ReportInput {
  /** The trích yếu: "Kết quả kiểm tra công tác kiểm soát thủ tục hành chính … năm 2026". */
  subject: string;
  /** The date of the figures. */
  asOf: LocalDate;
  /** The opening sentence: what the report answers ("Thực hiện Kế hoạch …, Văn phòng … báo cáo như sau:"). */
  opening?: string;
  /** What the reader must know first (where the figures come from). */
  notes?: string[];
  sections: ReportSectionInput[];
}

function sectionOf(s: ReportSectionInput): DocumentSection {
  return {
    heading: s.heading,
    paragraphs: paras(s.paragraphs ?? []),
    table: s.table ? [{ head: paras(s.table.head), rows: s.table.rows.map((r) => ({ cells: paras(r) })) }] : [],
  };
}

function reportFields(kind: 'round_report' | 'period_report', r: ReportInput, facts: IssueFacts) {
  return {
    ...commonFields(kind, facts, {
      draftedOn: r.asOf,
      subject: r.subject,
      signer: defaultSigner(kind),
    }),
    ...recipientsField(['Như trên', 'Các PCT UBND TP (để b/c)', 'Lãnh đạo VP UBND TP', 'Trung tâm PVHCC TP']),
    addressee: 'Chủ tịch Ủy ban nhân dân thành phố',
    intro: paras([
      r.opening ?? 'Văn phòng Ủy ban nhân dân thành phố báo cáo Chủ tịch Ủy ban nhân dân thành phố như sau:',
      `Số liệu tính đến ${dateInText(r.asOf)}.`,
      ...(r.notes ?? []),
    ]),
    sections: r.sections.map(sectionOf),
    closing: paras(['Văn phòng Ủy ban nhân dân thành phố kính báo cáo Chủ tịch Ủy ban nhân dân thành phố./.']),
  };
}

/** The Báo cáo kết quả kiểm tra of a round. */
export function roundReportContent(r: ReportInput, facts: IssueFacts): DocumentFields<'round_report'> {
  return reportFields('round_report', r, facts);
}

/** The Báo cáo tổng hợp of a reporting period. */
export function periodReportContent(r: ReportInput, facts: IssueFacts): DocumentFields<'period_report'> {
  return reportFields('period_report', r, facts);
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** A report's fields as Markdown: the same header facts, sections, tables and Nơi nhận as the .docx. */
export function reportMarkdown(f: DocumentFields<'round_report' | 'period_report'>): string {
  const out = [
    `${[...f.governingBody.map((g) => g.text), f.issuingBody].join(' – ')} · ${f.numberLine} · _${f.placeDate}_`,
    '',
    `# Báo cáo ${f.subject.charAt(0).toLocaleLowerCase('vi')}${f.subject.slice(1)}`,
    '',
    `Kính gửi: ${f.addressee}.`,
    '',
    ...f.intro.flatMap((p) => [p.text, '']),
  ];
  for (const s of f.sections) {
    out.push(`## ${s.heading}`, '');
    for (const p of s.paragraphs) out.push(`- ${p.text}`);
    if (s.paragraphs.length) out.push('');
    for (const t of s.table) {
      out.push(`| ${t.head.map((h) => cell(h.text)).join(' | ')} |`, `|${t.head.map(() => '---').join('|')}|`);
      for (const r of t.rows) out.push(`| ${r.cells.map((c) => cell(c.text)).join(' | ')} |`);
      out.push('');
    }
  }
  out.push(...f.closing.flatMap((p) => [p.text, '']));
  out.push('**_Nơi nhận:_**', '', ...f.recipients.map((r) => `${r.text}  `), '');
  out.push(`**${[f.signAuthority, f.signPosition].filter(Boolean).join(' / ')}**${f.signName ? ` — ${f.signName}` : ''}`, '');
  return out.join('\n');
}

/** "ngày 12/6/2026" without the weekday, for table cells. */
export const cellDate = (d: LocalDate) => formatDateNd30(d);

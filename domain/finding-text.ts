import { CONTENT_AREAS, placeLabels, type ContentArea, type FindingKind, type FindingPlace, type FindingSource } from './findings';

/**
 * How a finding reads in the conclusion, the report to the Chairman and the workbook: its kind
 * when it names none (a missed target or a finding recorded before December 2026 is a
 * shortcoming), its sentence without the comparison signs a document field refuses, and the place
 * and evidence it names. Pure; one source for these sentences.
 */

/** What the sentences read of a finding. */
export interface FindingLike extends FindingPlace {
  id?: string;
  text: string;
  source: FindingSource;
}

/** The kind a finding counts as: its own, else a shortcoming. */
export function kindOf(f: FindingLike): FindingKind {
  return f.kind ?? 'shortcoming';
}

/** A content area's name without its number: "Công tác kiểm soát thủ tục hành chính". */
export function areaName(area: ContentArea): string {
  return CONTENT_AREAS[area].replace(/^\(\d\)\s*/u, '');
}

/** The finding's text as one sentence without a final stop and without `<`/`>` ("62,4% < 80%" → "62,4%, thấp hơn mục tiêu 80%"). */
export function findingSentence(f: FindingLike): string {
  return f.text
    .replace(/\s*<\s*/gu, ', thấp hơn mục tiêu ')
    .replace(/\s*>\s*/gu, ', cao hơn ')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[.;]$/u, '');
}

/** The place and evidence in brackets: "(Mục: …; hồ sơ: A, B; kiểm tra trên …)", or "". */
export function findingDetails(f: FindingLike): string {
  const l = placeLabels(f);
  const parts = [
    ...(l.item ? [`nội dung: ${l.item}`] : []),
    ...(f.evidence?.dossiers?.length ? [`hồ sơ: ${f.evidence.dossiers.join(', ')}`] : []),
    ...(l.system ? [`kiểm tra trên ${l.system}`] : []),
    ...(f.evidence?.files?.length ? [`tài liệu: ${f.evidence.files.map((x) => x.name).join(', ')}`] : []),
  ];
  return parts.length ? ` (${parts.join('; ')})` : '';
}

/** One line of a list: "- text (details). Trách nhiệm: division." (the responsibility for a violation). */
export function findingLine(f: FindingLike, unit: string): string {
  const kind = kindOf(f);
  const who =
    kind === 'violation'
      ? ` Trách nhiệm: ${f.division ?? `${unit} xác định, làm rõ trách nhiệm của tập thể, cá nhân có liên quan`}.`
      : f.division
        ? ` Bộ phận liên quan: ${f.division}.`
        : '';
  return `- ${findingSentence(f)}${findingDetails(f)}.${who}`;
}

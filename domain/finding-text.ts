import { CONTENT_AREAS, placeLabels, type ContentArea, type FindingKind, type FindingPlace, type FindingSource } from './findings';

/**
 * How a finding reads for a person (issue 23): its place as short phrases for the CLI's `status`
 * and the dossier list; and, for the conclusion, the report to the Chairman and the workbook, its
 * kind when it names none (a missed target or a finding recorded before December 2026 is a
 * shortcoming), its sentence without the comparison signs a document field refuses, and the place
 * and evidence it names. Pure; one source for these sentences; the caller escapes unit text for
 * its medium.
 */

/** Where a finding came from, as a person reads it. */
export const FINDING_SOURCES: Record<FindingSource, string> = {
  team: 'Đoàn kiểm tra ghi nhận',
  kpi: 'từ chỉ tiêu báo cáo của đơn vị',
  sample: 'từ kết quả kiểm tra hồ sơ',
};

/** At most ten codes, then how many more. */
function codes(list: readonly string[]): string {
  return list.length > 10 ? `${list.slice(0, 10).join(', ')} và ${list.length - 10} hồ sơ khác` : list.join(', ');
}

/** The content area's number as the plan writes it: "(3)". */
function areaNumber(p: FindingPlace): string | undefined {
  return p.area ? CONTENT_AREAS[p.area].slice(0, 3) : undefined;
}

/**
 * The parts of a place, each as a short phrase: the kind, "nội dung (3)", "mục: …", "hồ sơ: A, B",
 * the system, "tệp: …", "bộ phận: …". Empty when the finding has no place (before December 2026).
 */
export function placeParts(p: FindingPlace): string[] {
  const l = placeLabels(p);
  const area = areaNumber(p);
  const e = p.evidence;
  return [
    ...(l.kind ? [l.kind] : []),
    ...(area ? [`nội dung ${area}`] : []),
    ...(l.item ? [`mục: ${l.item}`] : []),
    ...(e?.dossiers?.length ? [`hồ sơ: ${codes(e.dossiers)}`] : []),
    ...(l.system ? [`kiểm tra trên ${l.system}`] : []),
    ...(e?.files?.length ? [`tệp: ${e.files.map((f) => f.name).join(', ')}`] : []),
    ...(p.division ? [`bộ phận: ${p.division}`] : []),
  ];
}

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
    ...(f.evidence?.dossiers?.length ? [`hồ sơ: ${codes(f.evidence.dossiers)}`] : []),
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

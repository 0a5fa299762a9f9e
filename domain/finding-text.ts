import { CONTENT_AREAS, type FindingPlace, type FindingSource, placeLabels } from './findings';

/**
 * How a finding's place reads for a person (issue 23): the CLI's `status` and the dossier list
 * print it, and any later text (the conclusion, the report to the Chairman) can reuse it. Pure;
 * the caller escapes unit text for its medium.
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

import { KPI_TABLE_MARK, type ConclusionBody, type ConclusionBodySection } from '../domain/conclusion-body';
import { dateInText, type LocalDate } from '../domain/dates';
import { paras, type DocumentSection } from '../domain/document-fields';
import { CONTENT_AREAS, FINDING_KINDS, type ContentArea, type FindingKind } from '../domain/findings';
import { areaName, findingLine, findingSentence, kindOf, type FindingLike } from '../domain/finding-text';
import type { InspectionState } from '../workflows/inspection/contract';

/**
 * The Kết luận issue by issue, from the inspection's findings (issue 23): the general part, the
 * indicators against the targets, then for each content area of Mục II.1 what was done well, the
 * shortcomings and the violations with who is responsible; findings without an area (recorded
 * before December 2026, or a missed target) in a last part of their own. The team may record its
 * own edit of this body (`recordConclusionText`); the recommendations are always built from the
 * recommendations recorded. Pure.
 */

const KIND_ORDER: readonly FindingKind[] = ['good', 'shortcoming', 'violation'];
const KIND_HEADINGS: Record<FindingKind, string> = {
  good: `${FINDING_KINDS.good}:`,
  shortcoming: `${FINDING_KINDS.shortcoming}:`,
  violation: 'Vi phạm và trách nhiệm:',
};

/** The paragraphs of one group of findings: "a) Kết quả đạt được:", its lines, "b) …". */
function byKind(findings: readonly FindingLike[], unit: string): string[] {
  const out: string[] = [];
  let letter = 0;
  for (const kind of KIND_ORDER) {
    const these = findings.filter((f) => kindOf(f) === kind);
    if (!these.length) continue;
    out.push(`${String.fromCharCode(97 + letter++)}) ${KIND_HEADINGS[kind]}`, ...these.map((f) => findingLine(f, unit)));
  }
  return out;
}

/** The body built from the state (what the team starts from). */
export function builtConclusionBody(state: InspectionState): ConclusionBody {
  const unit = state.config.unit.name;
  const kpi = state.report?.kpi ?? [];
  const sections: ConclusionBodySection[] = [
    {
      heading: 'I. KHÁI QUÁT CHUNG',
      paragraphs: [
        state.report?.narrative?.situation?.replace(/\s*\n\s*/gu, ' ') ??
          `${unit} đã xây dựng Báo cáo phục vụ kiểm tra${state.report ? ` (nhận ${dateInText(state.report.receivedOn)}${state.report.late ? ', chậm so với thời hạn' : ''})` : ''}; bố trí lãnh đạo, công chức, viên chức làm việc với Đoàn kiểm tra.`,
      ],
    },
    {
      heading: 'II. KẾT QUẢ KIỂM TRA',
      paragraphs: [
        `1. Kết quả thực hiện các chỉ tiêu năm ${state.config.year}:`,
        kpi.length ? KPI_TABLE_MARK : 'Đơn vị chưa báo cáo số liệu các chỉ tiêu.',
      ],
    },
  ];
  let n = 2;
  for (const area of Object.keys(CONTENT_AREAS) as ContentArea[]) {
    const these = state.findings.filter((f) => f.area === area);
    if (these.length) sections.push({ heading: `${n++}. ${areaName(area)}`, paragraphs: byKind(these, unit) });
  }
  const unplaced = state.findings.filter((f) => !f.area);
  const placed = state.findings.length > unplaced.length;
  if (unplaced.length || !placed)
    sections.push({
      heading: `${n}. ${placed ? 'Các nội dung khác' : 'Những tồn tại, hạn chế'}`,
      paragraphs: unplaced.length ? byKind(unplaced, unit) : ['Không có.'],
    });
  return { sections };
}

/** The body the documents use: the team's recorded edit, else the one built from the state. */
export function conclusionBodyOf(state: InspectionState): ConclusionBody {
  return state.conclusionText ? { sections: state.conclusionText.sections } : builtConclusionBody(state);
}

/** The body's sections as the document's, the mark replaced by the table of the indicators. */
export function bodySections(state: InspectionState, body: ConclusionBody): DocumentSection[] {
  const kpi = state.report?.kpi ?? [];
  return body.sections.map((s) => {
    const marked = s.paragraphs.at(-1) === KPI_TABLE_MARK;
    const lines = marked ? s.paragraphs.slice(0, -1) : s.paragraphs;
    return {
      heading: s.heading,
      paragraphs: paras(marked && !kpi.length ? [...lines, 'Đơn vị chưa báo cáo số liệu các chỉ tiêu.'] : lines),
      table:
        marked && kpi.length
          ? [
              {
                head: paras(['Chỉ tiêu', 'Kết quả', 'Mục tiêu', 'Đánh giá']),
                rows: kpi.map((k) => ({
                  cells: paras([k.label, `${String(k.value).replace('.', ',')}%`, `≥ ${k.target}%`, k.met ? 'Đạt' : 'Chưa đạt']),
                })),
              },
            ]
          : [],
    };
  });
}

/**
 * The recommendations, numbered, each with its deadline and the findings it answers (by their
 * text, never their id); a draft lists the draft's recommendations, without deadlines.
 */
export function recommendationParagraphs(state: InspectionState, draft: boolean): string[] {
  const byId = new Map(state.findings.filter((f) => f.id).map((f) => [f.id!, f]));
  const recs: { text: string; deadline?: LocalDate; answers?: string[] }[] = draft
    ? (state.draft?.recommendations ?? state.recommendations.map((r) => r.text)).map((text) => ({ text }))
    : state.recommendations;
  const lines = recs.map((r, i) => {
    const answered = (r.answers ?? []).map((id) => byId.get(id)).filter((f) => f !== undefined);
    return `${i + 1}. ${r.text.replace(/\.$/u, '')}.${r.deadline ? ` Thời hạn hoàn thành: trước ${dateInText(r.deadline)}.` : ''}${answered.length ? ` Nhằm khắc phục: ${answered.map((f) => findingSentence(f)).join('; ')}.` : ''}`;
  });
  return lines.length ? lines : ['Không có kiến nghị.'];
}

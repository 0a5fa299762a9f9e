import { formatDate, formatDateVi } from '../../domain/dates';
import { prefilledText } from '../../domain/periods';
import { displayLine as shown } from '../../domain/safe-text';
import { roundFigures, type RoundData } from '../rounds';
import { inspectionStageLabel } from '../terminated';
import { stageLabel } from './listing-table';
import { administrativeReportDocx } from './docx';

/* The round's report to the Chairman (`kiemtra round summary`), from the round's figures. */

/** The report to the Chairman, in Markdown. */
export function summaryMarkdown(d: RoundData): string {
  const f = roundFigures(d);
  const out = [
    `# Báo cáo kết quả kiểm tra công tác kiểm soát thủ tục hành chính: đợt ${d.round}`,
    '',
    `Kính gửi: Chủ tịch Ủy ban nhân dân thành phố. Số liệu tính đến ${formatDateVi(d.asOf)}.`,
    '',
    ...sourceNotes(d).flatMap((n) => [`> ${n}`, '']),
    '## I. Tình hình chung',
    '',
    `- Số cơ quan, đơn vị được kiểm tra: ${f.inspections}.`,
    ...Object.entries(f.byStage).map(([stage, n]) => `- ${stageLabel(stage)}: ${n}.`),
    `- Báo cáo phục vụ kiểm tra đã nhận: ${f.reportsReceived} (muộn: ${f.reportsLate}).`,
    `- Kiến nghị: ${f.recommendations}; đã khắc phục: ${f.recommendationsDone}; quá hạn: ${f.recommendationsOverdue}.`,
    `- Đơn vị có việc quá hạn: ${f.overdue.length ? f.overdue.join(', ') : 'không có'}.`,
    '',
    '## II. Kết quả theo từng đơn vị',
    '',
    '| Đơn vị | Giai đoạn | Ngày làm việc | Việc quá hạn | Kiến nghị (đã khắc phục/tổng) |',
    '|---|---|---|---|---|',
    ...d.inspections.map(
      (s) =>
        `| ${shown(s.config.unit.name)} | ${inspectionStageLabel(s)} | ${formatDate(s.visit.start)}–${formatDate(s.visit.end)} | ${s.overdue.length ? s.overdue.join(', ') : ''} | ${s.recommendations.filter((r) => r.status === 'done').length}/${s.recommendations.length} |`,
    ),
    '',
    '## III. Kết quả thực hiện các chỉ tiêu năm 2026 (theo báo cáo của đơn vị)',
    '',
    '| Chỉ tiêu | Mục tiêu | Số đơn vị báo cáo | Số đơn vị đạt |',
    '|---|---|---|---|',
    ...f.kpi.map((k) => `| ${k.label} | ≥ ${k.target}% | ${k.reported} | ${k.met} |`),
    '',
    ...(f.prefilled.length
      ? [
          'Số liệu lấy từ báo cáo định kỳ của đơn vị (Điều 2.1 Kế hoạch năm 2026):',
          '',
          ...f.prefilled.map((p) => `- ${p.unit}: ${prefilledText(p)}.`),
          '',
        ]
      : []),
    '## IV. Kiến nghị và tình hình khắc phục',
    '',
    ...d.inspections.flatMap((s) =>
      s.recommendations.map(
        (r) =>
          `- ${shown(s.config.unit.name)}, ${r.id}: ${shown(r.text)} (hạn ${formatDate(r.deadline)}): ${r.status === 'done' ? `đã khắc phục ngày ${formatDate(r.doneOn!)}` : r.overdue ? 'quá hạn' : 'đang khắc phục'}.`,
      ),
    ),
    ...(f.recommendations === 0 ? ['- Chưa có kiến nghị.'] : []),
    '',
    '## V. Báo cáo tự kiểm tra của các đơn vị không thuộc phạm vi kiểm tra',
    '',
    `- Đã nhận: ${f.selfReceived.length}/${f.selfInspections}${f.selfReceived.length ? ` (${f.selfReceived.join(', ')})` : ''}.`,
    `- Chưa nhận: ${f.selfMissing.length ? f.selfMissing.join(', ') : 'không có'}.`,
    ...(f.selfTerminated.length ? [`- ${stageLabel('terminated')}: ${f.selfTerminated.join(', ')}.`] : []),
    '',
    '## VI. Đề xuất',
    '',
    '- Đôn đốc các đơn vị có việc quá hạn và các đơn vị chưa gửi báo cáo tự kiểm tra.',
    '- Chỉ đạo các đơn vị chưa đạt chỉ tiêu xây dựng giải pháp khắc phục, báo cáo kết quả theo kết luận kiểm tra.',
    '',
  ];
  return out.join('\n');
}

/**
 * What the reader must know about where the figures come from: units read from the record store,
 * and units the round started that could not be found at all (never dropped silently).
 */
export function sourceNotes(d: RoundData): string[] {
  const f = roundFigures(d);
  return [
    ...(f.fromRecords.length
      ? [
          `Số liệu của ${f.fromRecords.length} đơn vị lấy từ hồ sơ lưu trữ (Temporal đã xóa quy trình đã kết thúc sau thời hạn lưu giữ): ${f.fromRecords.map(shown).join(', ')}.`,
        ]
      : []),
    ...(f.missing.length
      ? [
          `CHÚ Ý: ${f.missing.length} đơn vị của đợt không có trong Temporal lẫn hồ sơ lưu trữ nên không có trong số liệu: ${f.missing.map(shown).join(', ')}.`,
        ]
      : []),
  ];
}

/** The same report as a .docx, in the usual layout of a Vietnamese administrative report. */
export function summaryDocx(d: RoundData): Promise<Buffer> {
  const f = roundFigures(d);
  return administrativeReportDocx({
    asOf: d.asOf,
    title: `Kết quả kiểm tra công tác kiểm soát thủ tục hành chính: đợt ${d.round}`,
    sections: [
      {
        heading: 'I. TÌNH HÌNH CHUNG',
        paragraphs: [
          ...sourceNotes(d),
          `Số cơ quan, đơn vị được kiểm tra: ${f.inspections}. Báo cáo phục vụ kiểm tra đã nhận: ${f.reportsReceived} (muộn: ${f.reportsLate}). Kiến nghị: ${f.recommendations}; đã khắc phục: ${f.recommendationsDone}; quá hạn: ${f.recommendationsOverdue}.`,
        ],
      },
      {
        heading: 'II. KẾT QUẢ THEO TỪNG ĐƠN VỊ',
        table: {
          head: ['Đơn vị', 'Giai đoạn', 'Ngày làm việc', 'Quá hạn', 'Kiến nghị'],
          rows: d.inspections.map((s) => [
            s.config.unit.name,
            inspectionStageLabel(s),
            `${formatDate(s.visit.start)}–${formatDate(s.visit.end)}`,
            s.overdue.join(', '),
            `${s.recommendations.filter((r) => r.status === 'done').length}/${s.recommendations.length}`,
          ]),
        },
      },
      {
        heading: 'III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2026',
        table: {
          head: ['Chỉ tiêu', 'Mục tiêu', 'Đơn vị báo cáo', 'Đơn vị đạt'],
          rows: f.kpi.map((k) => [k.label, `≥ ${k.target}%`, String(k.reported), String(k.met)]),
        },
        ...(f.prefilled.length ? { paragraphs: f.prefilled.map((p) => `${p.unit}: ${prefilledText(p)}.`) } : {}),
      },
      {
        heading: 'IV. BÁO CÁO TỰ KIỂM TRA',
        paragraphs: [
          `Đã nhận: ${f.selfReceived.length}/${f.selfInspections}. Chưa nhận: ${f.selfMissing.length ? f.selfMissing.join(', ') : 'không có'}.`,
        ],
      },
      {
        heading: 'V. ĐỀ XUẤT',
        paragraphs: [
          'Đôn đốc các đơn vị có việc quá hạn và các đơn vị chưa gửi báo cáo tự kiểm tra; chỉ đạo các đơn vị chưa đạt chỉ tiêu khắc phục theo kết luận kiểm tra.',
        ],
      },
    ],
  });
}

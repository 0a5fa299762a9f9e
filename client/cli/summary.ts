import { loadTemplates } from '../../config/templates';
import { formatDate } from '../../domain/dates';
import { deadlineName } from '../../domain/deadline-catalogue';
import { prefilledText } from '../../domain/periods';
import { displayLine as shown } from '../../domain/safe-text';
import { renderDocx } from '../../documents/render';
import { reportMarkdown, roundReportContent, type ReportInput } from '../../documents/reports';
import { roundFigures, type RoundData } from '../rounds';
import { inspectionStageLabel } from '../terminated';
import { stageLabel } from './listing-table';

/*
 * The round's report to the Chairman (`kiemtra round summary`), from the round's figures: one set
 * of sections (documents/reports.ts) written as Markdown and as the Báo cáo kết quả kiểm tra .docx.
 */

const TOPIC = 'kiểm tra công tác kiểm soát thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông';

/** The report's sections, from the round's data. */
export function roundReportInput(d: RoundData): ReportInput {
  const f = roundFigures(d);
  const year = d.inspections[0]?.config.year ?? Number(d.asOf.slice(0, 4));
  const recommendations = d.inspections.flatMap((s) =>
    s.recommendations.map(
      (r) =>
        `${shown(s.config.unit.name)}: ${shown(r.text).replace(/\.$/u, '')} (hạn ${formatDate(r.deadline)}): ${r.status === 'done' ? `đã khắc phục ngày ${formatDate(r.doneOn!)}` : r.overdue ? 'quá hạn' : 'đang khắc phục'}.`,
    ),
  );
  return {
    subject: `Kết quả ${TOPIC} năm ${year}`,
    asOf: d.asOf,
    opening: `Văn phòng Ủy ban nhân dân thành phố báo cáo Chủ tịch Ủy ban nhân dân thành phố kết quả ${TOPIC} năm ${year} như sau:`,
    notes: sourceNotes(d),
    sections: [
      {
        heading: 'I. TÌNH HÌNH CHUNG',
        paragraphs: [
          `Số cơ quan, đơn vị được kiểm tra: ${f.inspections}.`,
          ...Object.entries(f.byStage).map(([stage, n]) => `${stageLabel(stage)}: ${n}.`),
          `Báo cáo phục vụ kiểm tra đã nhận: ${f.reportsReceived} (muộn: ${f.reportsLate}).`,
          `Kiến nghị: ${f.recommendations}; đã khắc phục: ${f.recommendationsDone}; quá hạn: ${f.recommendationsOverdue}.`,
          `Đơn vị có việc quá hạn: ${f.overdue.length ? f.overdue.map(shown).join(', ') : 'không có'}.`,
        ],
      },
      {
        heading: 'II. KẾT QUẢ THEO TỪNG ĐƠN VỊ',
        table: {
          head: ['Đơn vị', 'Giai đoạn', 'Ngày làm việc', 'Việc quá hạn', 'Kiến nghị (đã khắc phục/tổng)'],
          rows: d.inspections.map((s) => [
            shown(s.config.unit.name),
            inspectionStageLabel(s),
            `${formatDate(s.visit.start)}–${formatDate(s.visit.end)}`,
            s.overdue.map((id) => deadlineName(id)).join('; '),
            `${s.recommendations.filter((r) => r.status === 'done').length}/${s.recommendations.length}`,
          ]),
        },
      },
      {
        heading: `III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM ${year} (THEO BÁO CÁO CỦA ĐƠN VỊ)`,
        paragraphs: f.prefilled.length
          ? [
              `Số liệu lấy từ báo cáo định kỳ của đơn vị (khoản 1 Điều 2 của Kế hoạch năm ${year}): ${f.prefilled.map((p) => `${shown(p.unit)}: ${prefilledText(p)}`).join('; ')}.`,
            ]
          : [],
        table: {
          head: ['Chỉ tiêu', 'Mục tiêu', 'Số đơn vị báo cáo', 'Số đơn vị đạt'],
          rows: f.kpi.map((k) => [k.label, `≥ ${k.target}%`, String(k.reported), String(k.met)]),
        },
      },
      { heading: 'IV. KIẾN NGHỊ VÀ TÌNH HÌNH KHẮC PHỤC', paragraphs: recommendations.length ? recommendations : ['Chưa có kiến nghị.'] },
      {
        heading: 'V. BÁO CÁO TỰ KIỂM TRA CỦA CÁC ĐƠN VỊ KHÔNG THUỘC PHẠM VI KIỂM TRA',
        paragraphs: [
          `Đã nhận: ${f.selfReceived.length}/${f.selfInspections}${f.selfReceived.length ? ` (${f.selfReceived.map(shown).join(', ')})` : ''}.`,
          `Chưa nhận: ${f.selfMissing.length ? f.selfMissing.map(shown).join(', ') : 'không có'}.`,
          ...(f.selfTerminated.length ? [`${stageLabel('terminated')}: ${f.selfTerminated.map(shown).join(', ')}.`] : []),
        ],
      },
      {
        heading: 'VI. ĐỀ XUẤT',
        paragraphs: [
          'Đôn đốc các đơn vị có việc quá hạn và các đơn vị chưa gửi báo cáo tự kiểm tra.',
          'Chỉ đạo các đơn vị chưa đạt chỉ tiêu xây dựng giải pháp khắc phục, báo cáo kết quả theo kết luận kiểm tra.',
        ],
      },
    ],
  };
}

/** The report to the Chairman, in Markdown: the same sections as the .docx. */
export function summaryMarkdown(d: RoundData): string {
  return reportMarkdown(roundReportContent(roundReportInput(d), {}));
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

/** The same report as the Báo cáo kết quả kiểm tra .docx (templates/documents/round_report.docx). */
export function summaryDocx(d: RoundData): Promise<Buffer> {
  return Promise.resolve(renderDocx('round_report', roundReportContent(roundReportInput(d), {}), loadTemplates()));
}

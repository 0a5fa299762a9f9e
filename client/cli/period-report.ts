import { formatDate } from '../../domain/dates';
import { formatRate } from '../../domain/kpi';
import { displayLine as shown } from '../../domain/safe-text';
import { periodFigures, receivedReport, type PeriodData } from '../reports';
import { loadTemplates } from '../../config/templates';
import { renderDocx } from '../../documents/render';
import { periodReportContent, reportMarkdown, type ReportInput } from '../../documents/reports';

/* A period's consolidated report (`kiemtra reports summary`), from the period's figures. */

const trendText = (t?: number) => (t === undefined ? '' : t === 0 ? 'không đổi' : `${t > 0 ? 'tăng' : 'giảm'} ${formatRate(Math.abs(t))}`);

function sections(d: PeriodData) {
  const f = periodFigures(d);
  return [
    {
      heading: 'I. Tình hình báo cáo',
      paragraphs: [
        `Số liệu từ ngày ${formatDate(d.period.from)} đến ngày ${formatDate(d.period.to)}. Số cơ quan, đơn vị phải báo cáo: ${f.units}; đã báo cáo: ${f.received} (muộn: ${f.late.length}).`,
        `Chưa báo cáo: ${f.missing.length ? f.missing.join(', ') : 'không có'}.`,
        ...(f.notRequested.length
          ? [
              `Trong đó chưa được đề nghị báo cáo (kỳ chưa mở, hoặc mở khi hạn nộp đã qua nên không gửi đề nghị): ${f.notRequested.join(', ')}.`,
            ]
          : []),
        ...(f.late.length ? [`Báo cáo muộn: ${f.late.join(', ')}.`] : []),
      ],
    },
    {
      heading: 'II. Kết quả theo từng đơn vị',
      table: {
        head: ['Đơn vị', 'Ngày nhận', 'Chỉ tiêu chưa đạt'],
        rows: d.units.map((u) => {
          const r = receivedReport(u.report);
          return [
            shown(u.unit),
            r
              ? `${formatDate(r.receivedOn!)}${r.late ? ' (muộn)' : ''}`
              : !u.report || u.report.notRequested
                ? 'chưa được đề nghị'
                : 'chưa báo cáo',
            r
              ? (r.kpi ?? [])
                  .filter((k) => !k.met)
                  .map((k) => k.text)
                  .join('; ') || 'không có'
              : '',
          ];
        }),
      },
    },
    {
      heading: `III. Kết quả theo từng chỉ tiêu (so với ${d.previous.label})`,
      table: {
        head: ['Chỉ tiêu', 'Mục tiêu', 'Đơn vị báo cáo', 'Đơn vị đạt', 'Bình quân', 'Xu hướng'],
        rows: f.byTarget
          .filter((t) => t.reported > 0)
          .map((t) => [
            t.label,
            `≥ ${t.target}%`,
            String(t.reported),
            String(t.met),
            t.average === undefined ? '' : formatRate(t.average),
            trendText(t.trend),
          ]),
      },
    },
    {
      heading: 'IV. Đơn vị chưa đạt chỉ tiêu',
      paragraphs: f.misses.length ? f.misses.map((m) => `${shown(m.unit)}: ${m.text}.`) : ['Không có.'],
    },
    {
      heading: 'V. Đề xuất',
      paragraphs: [
        'Đôn đốc các đơn vị chưa báo cáo; chỉ đạo các đơn vị chưa đạt chỉ tiêu xây dựng giải pháp, báo cáo kết quả trong kỳ sau.',
      ],
    },
  ];
}

/** The report's sections, from the period's figures. */
export function periodReportInput(d: PeriodData): ReportInput {
  return {
    subject: `Tổng hợp kết quả kiểm soát thủ tục hành chính ${d.period.label}`,
    asOf: d.asOf,
    opening: `Thực hiện ${d.planTitle}, Văn phòng Ủy ban nhân dân thành phố tổng hợp báo cáo của các cơ quan, đơn vị, địa phương như sau:`,
    sections: sections(d).map((s) => ({ ...s, heading: s.heading.toLocaleUpperCase('vi') })),
  };
}

/** The consolidated report of a period as Markdown: the same sections as the .docx. */
export function periodMarkdown(d: PeriodData): string {
  return reportMarkdown(periodReportContent(periodReportInput(d), {}));
}

/** The same report as the Báo cáo tổng hợp .docx (templates/documents/period_report.docx). */
export function periodDocx(d: PeriodData): Promise<Buffer> {
  return Promise.resolve(renderDocx('period_report', periodReportContent(periodReportInput(d), {}), loadTemplates()));
}

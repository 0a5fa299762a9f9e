import { formatDate, formatDateVi, type LocalDate } from '../domain/dates';
import { formatRate, INDICATORS, type IndicatorId } from '../domain/kpi';
import type { ReportingPeriod } from '../domain/periods';
import type { PeriodicReportState } from '../workflows/periodic-report/contract';
import { administrativeReportDocx } from './docx';

/** What a period's consolidated report is made from: each unit's report for the period and the one before. */
export interface PeriodData {
  planTitle: string;
  asOf: LocalDate;
  period: ReportingPeriod;
  previous: ReportingPeriod;
  units: { unit: string; report?: PeriodicReportState; previous?: PeriodicReportState }[];
}

const received = (s?: PeriodicReportState) => (s?.status === 'report_received' ? s : undefined);
const average = (values: number[]) => (values.length ? values.reduce((a, v) => a + v, 0) / values.length : undefined);

/** The figures of a period: who reported, who is missing, and each target across the units, with the trend. */
export function periodFigures(d: PeriodData) {
  const got = d.units.filter((u) => received(u.report));
  const byTarget = INDICATORS.map((i) => {
    const results = got.flatMap((u) => (u.report!.kpi ?? []).filter((k) => k.id === i.id));
    const before = d.units.flatMap((u) => (received(u.previous)?.indicators?.[i.id as IndicatorId] !== undefined ? [u.previous!.indicators![i.id as IndicatorId]!] : []));
    const now = average(results.map((k) => k.value));
    const then = average(before);
    return { id: i.id, label: i.label, target: results[0]?.target, reported: results.length, met: results.filter((k) => k.met).length, average: now, previousAverage: then, trend: now !== undefined && then !== undefined ? now - then : undefined };
  });
  return {
    period: d.period.id,
    units: d.units.length,
    received: got.length,
    late: got.filter((u) => u.report!.late).map((u) => u.unit),
    missing: d.units.filter((u) => !received(u.report)).map((u) => u.unit),
    byTarget,
    misses: got.flatMap((u) => (u.report!.kpi ?? []).filter((k) => !k.met).map((k) => ({ unit: u.unit, target: k.id, text: k.text }))),
  };
}

const trendText = (t?: number) => (t === undefined ? '' : t === 0 ? 'không đổi' : `${t > 0 ? 'tăng' : 'giảm'} ${formatRate(Math.abs(t))}`);

function sections(d: PeriodData) {
  const f = periodFigures(d);
  return [
    {
      heading: 'I. Tình hình báo cáo',
      paragraphs: [
        `Số liệu từ ngày ${formatDate(d.period.from)} đến ngày ${formatDate(d.period.to)}. Số cơ quan, đơn vị phải báo cáo: ${f.units}; đã báo cáo: ${f.received} (muộn: ${f.late.length}).`,
        `Chưa báo cáo: ${f.missing.length ? f.missing.join(', ') : 'không có'}.`,
        ...(f.late.length ? [`Báo cáo muộn: ${f.late.join(', ')}.`] : []),
      ],
    },
    {
      heading: 'II. Kết quả theo từng đơn vị',
      table: {
        head: ['Đơn vị', 'Ngày nhận', 'Chỉ tiêu chưa đạt'],
        rows: d.units.map((u) => {
          const r = received(u.report);
          return [u.unit, r ? `${formatDate(r.receivedOn!)}${r.late ? ' (muộn)' : ''}` : 'chưa báo cáo', r ? (r.kpi ?? []).filter((k) => !k.met).map((k) => k.text).join('; ') || 'không có' : ''];
        }),
      },
    },
    {
      heading: `III. Kết quả theo từng chỉ tiêu (so với ${d.previous.label})`,
      table: {
        head: ['Chỉ tiêu', 'Mục tiêu', 'Đơn vị báo cáo', 'Đơn vị đạt', 'Bình quân', 'Xu hướng'],
        rows: f.byTarget.filter((t) => t.reported > 0).map((t) => [t.label, `≥ ${t.target}%`, String(t.reported), String(t.met), t.average === undefined ? '' : formatRate(t.average), trendText(t.trend)]),
      },
    },
    {
      heading: 'IV. Đơn vị chưa đạt chỉ tiêu',
      paragraphs: f.misses.length ? f.misses.map((m) => `${m.unit}: ${m.text}.`) : ['Không có.'],
    },
    {
      heading: 'V. Đề xuất',
      paragraphs: ['Đôn đốc các đơn vị chưa báo cáo; chỉ đạo các đơn vị chưa đạt chỉ tiêu xây dựng giải pháp, báo cáo kết quả trong kỳ sau.'],
    },
  ];
}

/** The consolidated report of a period as Markdown. */
export function periodMarkdown(d: PeriodData): string {
  const out = [`# Báo cáo tổng hợp kết quả kiểm soát TTHC ${d.period.label}`, '', `${d.planTitle}. Kính gửi: Chủ tịch Ủy ban nhân dân thành phố. Số liệu tính đến ${formatDateVi(d.asOf)}.`, ''];
  for (const s of sections(d)) {
    out.push(`## ${s.heading}`, '');
    for (const p of s.paragraphs ?? []) out.push(`- ${p}`);
    if (s.table) out.push(`| ${s.table.head.join(' | ')} |`, `|${s.table.head.map(() => '---').join('|')}|`, ...s.table.rows.map((r) => `| ${r.join(' | ')} |`));
    out.push('');
  }
  return out.join('\n');
}

/** The same report as a .docx. */
export function periodDocx(d: PeriodData): Promise<Buffer> {
  return administrativeReportDocx({ asOf: d.asOf, title: `Tổng hợp kết quả kiểm soát thủ tục hành chính ${d.period.label}`, sections: sections(d) });
}

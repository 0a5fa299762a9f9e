import { loadTemplates } from '../../config/templates';
import { formatDate } from '../../domain/dates';
import { deadlineName } from '../../domain/deadline-catalogue';
import { prefilledText } from '../../domain/periods';
import { displayLine as shown } from '../../domain/safe-text';
import { renderDocx } from '../../documents/render';
import { reportMarkdown, roundReportContent, type ReportInput, type ReportSectionInput } from '../../documents/reports';
import { roundFigures, type RoundData } from '../rounds';
import { KIND_LABELS, roundSubstance, type UnitSubstance } from '../round-substance';
import { formatRate, type IndicatorId } from '../../domain/kpi';
import { inspectionStageLabel } from '../terminated';
import { stageLabel } from './listing-table';

/*
 * The round's report to the Chairman (`kiemtra round summary`), from the round's figures: one set
 * of sections (documents/reports.ts) written as Markdown and as the Báo cáo kết quả kiểm tra .docx.
 */

const TOPIC = 'kiểm tra công tác kiểm soát thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông';

/** The heading of the part the Office edits before issuing (`--proposals`). */
export const PROPOSALS_HEADING = 'VIII. ĐỀ XUẤT GIẢI PHÁP VÀ BIỆN PHÁP XỬ LÝ VI PHẠM';

const rate = (n: number) => formatRate(n);

/** The proposals built from what the round found: the solutions for what recurs or misses its target, the handling of violations. */
export function builtProposals(d: RoundData): ReportSectionInput[] {
  const x = roundSubstance(d);
  const f = roundFigures(d);
  const solutions = [
    ...x.recurring.map(
      (r) =>
        `Chỉ đạo các cơ quan, đơn vị khắc phục tồn tại, hạn chế lặp lại về ${r.label.charAt(0).toLocaleLowerCase('vi')}${r.label.slice(1)} (${r.units.length} đơn vị: ${r.units.map(shown).join(', ')}).`,
    ),
    ...x.targets
      .filter((t) => t.missedBy.length)
      .map((t) => `Chỉ đạo ${t.missedBy.map(shown).join(', ')} xây dựng giải pháp nâng chỉ tiêu "${t.label}" đạt mục tiêu ≥ ${t.target}%.`),
    ...(f.overdue.length || f.selfMissing.length ? ['Đôn đốc các đơn vị có việc quá hạn và các đơn vị chưa gửi báo cáo tự kiểm tra.'] : []),
  ];
  const violations = d.inspections.flatMap((s) => {
    const v = s.findings.filter((g) => g.kind === 'violation');
    if (!v.length) return [];
    const divisions = [...new Set(v.flatMap((g) => (g.division ? [g.division] : [])))];
    return [
      `${shown(s.config.unit.name)}: ${v.length} vi phạm; đề nghị ${shown(s.config.unit.name)} kiểm điểm, làm rõ trách nhiệm của tập thể, cá nhân có liên quan${divisions.length ? ` (${divisions.map(shown).join(', ')})` : ''}, báo cáo kết quả xử lý.`,
    ];
  });
  return [
    {
      heading: PROPOSALS_HEADING,
      paragraphs: [
        '1. Giải pháp:',
        ...(solutions.length
          ? solutions
          : ['Tiếp tục duy trì kết quả đạt được; theo dõi việc khắc phục các kiến nghị theo kết luận kiểm tra.']),
        '2. Xử lý vi phạm:',
        ...(violations.length ? violations : ['Qua kiểm tra chưa phát hiện vi phạm phải xử lý.']),
      ],
    },
  ];
}

/** "Sở A: Hồ sơ tiếp nhận trực tuyến 62,4% (mục tiêu ≥ 80%)", the targets one unit misses. */
function missedText(u: UnitSubstance): string {
  const missed = u.targets.filter((t) => !t.met);
  if (!u.targets.length) return 'chưa báo cáo số liệu';
  return `đạt ${u.targets.length - missed.length}/${u.targets.length}${missed.length ? `; chưa đạt: ${missed.map((t) => `${t.label} ${rate(t.value)} (mục tiêu ≥ ${t.target}%)`).join('; ')}` : ''}`;
}

/** The paragraphs of one unit: its targets, its findings by area, its recommendations. */
function unitParagraphs(u: UnitSubstance, i: number): string[] {
  const done = u.recommendations.filter((r) => r.status === 'done').length;
  return [
    `${i + 1}. ${shown(u.unit)}`,
    `- Chỉ tiêu: ${missedText(u)}.`,
    ...u.areas.map(
      (a) =>
        `- ${a.label}: ${KIND_LABELS.filter(([k]) => a.byKind[k].length)
          .map(([k, label]) => `${label}: ${a.byKind[k].map(shown).join('; ')}`)
          .join('. ')}.`,
    ),
    ...(u.areas.length ? [] : ['- Chưa ghi nhận phát hiện.']),
    `- Kiến nghị: ${u.recommendations.length}${u.recommendations.length ? `; đã khắc phục: ${done}; quá hạn: ${u.recommendations.filter((r) => r.status === 'overdue').length}` : ''}.`,
  ];
}

/** The report's sections, from the round's data; `proposals` replaces the built proposals (the Office's edit). */
export function roundReportInput(d: RoundData, proposals?: ReportSectionInput[]): ReportInput {
  const f = roundFigures(d);
  const x = roundSubstance(d);
  const year = d.inspections[0]?.config.year ?? Number(d.asOf.slice(0, 4));
  const recommendations = d.inspections.flatMap((s) =>
    s.recommendations.map(
      (r) =>
        `${shown(s.config.unit.name)}: ${shown(r.text).replace(/\.$/u, '')} (hạn ${formatDate(r.deadline)}): ${r.status === 'done' ? `đã khắc phục ngày ${formatDate(r.doneOn!)}` : r.overdue ? 'quá hạn' : 'đang khắc phục'}.`,
    ),
  );
  const missedBy = new Map(x.targets.map((t) => [t.id, t.missedBy]));
  const si = x.selfInspections;
  const recurringTargets = x.targets.filter((t) => t.missedBy.length > 1);
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
          `Phát hiện của Đoàn kiểm tra: ${KIND_LABELS.map(([k, label]) => `${label.toLocaleLowerCase('vi')}: ${x.findings[k]}`).join('; ')}.`,
          `Kiến nghị: ${f.recommendations}; đã khắc phục: ${f.recommendationsDone}; quá hạn: ${f.recommendationsOverdue}.`,
          `Đơn vị có việc quá hạn: ${f.overdue.length ? f.overdue.map(shown).join(', ') : 'không có'}.`,
        ],
      },
      {
        heading: 'II. KẾT QUẢ THEO TỪNG ĐƠN VỊ',
        table: {
          head: ['Đơn vị', 'Giai đoạn', 'Ngày làm việc', 'Việc quá hạn', 'Chỉ tiêu đạt', 'Kiến nghị (đã khắc phục/tổng)'],
          rows: d.inspections.map((s, i) => [
            shown(s.config.unit.name),
            inspectionStageLabel(s),
            `${formatDate(s.visit.start)}–${formatDate(s.visit.end)}`,
            s.overdue.map((id) => deadlineName(id)).join('; '),
            x.units[i]!.targets.length ? `${x.units[i]!.targets.filter((t) => t.met).length}/${x.units[i]!.targets.length}` : '',
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
          head: ['Chỉ tiêu', 'Mục tiêu', 'Số đơn vị báo cáo', 'Số đơn vị đạt', 'Đơn vị chưa đạt'],
          rows: f.kpi.map((k) => [
            k.label,
            `≥ ${k.target}%`,
            String(k.reported),
            String(k.met),
            (missedBy.get(k.id as IndicatorId) ?? []).map(shown).join(', '),
          ]),
        },
      },
      {
        heading: 'IV. KẾT QUẢ KIỂM TRA TẠI TỪNG ĐƠN VỊ',
        paragraphs: x.units.length ? x.units.flatMap(unitParagraphs) : ['Chưa có đơn vị được kiểm tra.'],
      },
      {
        heading: 'V. NHỮNG TỒN TẠI, HẠN CHẾ LẶP LẠI Ở NHIỀU ĐƠN VỊ',
        paragraphs: [
          ...x.recurring.map(
            (r) => `- ${r.label}: ${r.units.length} đơn vị (${r.units.map(shown).join(', ')}). ${r.examples.map(shown).join('; ')}.`,
          ),
          ...recurringTargets.map(
            (t) =>
              `- Chỉ tiêu "${t.label}" chưa đạt mục tiêu ≥ ${t.target}% tại ${t.missedBy.length} đơn vị: ${t.missedBy.map(shown).join(', ')}.`,
          ),
          ...(x.recurring.length + recurringTargets.length ? [] : ['Chưa có tồn tại, hạn chế lặp lại từ hai đơn vị trở lên.']),
          ...(x.unplaced
            ? [
                `Có ${x.unplaced} phát hiện chưa xác định nội dung kiểm tra (ghi nhận trước tháng 12/2026 hoặc từ chỉ tiêu) không được gộp ở mục này.`,
              ]
            : []),
        ],
      },
      { heading: 'VI. KIẾN NGHỊ VÀ TÌNH HÌNH KHẮC PHỤC', paragraphs: recommendations.length ? recommendations : ['Chưa có kiến nghị.'] },
      {
        heading: 'VII. BÁO CÁO TỰ KIỂM TRA CỦA CÁC ĐƠN VỊ KHÔNG THUỘC PHẠM VI KIỂM TRA',
        paragraphs: [
          `Đã nhận: ${f.selfReceived.length}/${f.selfInspections}${f.selfReceived.length ? ` (${f.selfReceived.map(shown).join(', ')})` : ''}${si.late.length ? `; gửi muộn: ${si.late.map(shown).join(', ')}` : ''}.`,
          `Chưa nhận: ${f.selfMissing.length ? f.selfMissing.map(shown).join(', ') : 'không có'}.`,
          ...(f.selfTerminated.length ? [`${stageLabel('terminated')}: ${f.selfTerminated.map(shown).join(', ')}.`] : []),
          ...(si.received.length
            ? [`Kết quả tự kiểm tra theo từng chỉ tiêu (${si.withIndicators}/${si.received.length} báo cáo có số liệu):`]
            : []),
        ],
        ...(si.indicators.length
          ? {
              table: {
                head: [
                  'Chỉ tiêu',
                  'Mục tiêu',
                  'Số đơn vị báo cáo',
                  'Số đơn vị đạt',
                  'Bình quân',
                  'Thấp nhất – cao nhất',
                  'Đơn vị chưa đạt',
                ],
                rows: si.indicators.map((k) => [
                  k.label,
                  `≥ ${k.target}%`,
                  String(k.reported),
                  String(k.met),
                  rate(k.mean!),
                  `${rate(k.min!)} – ${rate(k.max!)}`,
                  k.missedBy.map(shown).join(', '),
                ]),
              },
            }
          : {}),
      },
      ...(proposals ?? builtProposals(d)),
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

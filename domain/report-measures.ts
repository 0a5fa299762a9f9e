import type { Indicators, IndicatorId } from './kpi';
import { REPORT_FORMS, type ReportFormId, type ReportItemId } from './report-outline';
import { z } from './validation';

/**
 * The figures of the unit's Báo cáo phục vụ kiểm tra (Phụ lục I, issue 23): for each measure of an
 * item of II.1, the two counts that make its rate (numerator and denominator), so that a rate is
 * computed and never typed; the budget as an amount; the items that are text. One source for the
 * report form, the CLI, the update validator and the docs. Pure.
 */

/** What a count counts: things (dossiers, procedures, ratings), working days, or đồng. */
export type CountUnit = 'count' | 'days' | 'dong';

/** One measure of the report: a rate computed from two counts. */
export interface ReportMeasure {
  /** The id; for a measure with a target of the yearly plan, the target's (= the indicator's) id. */
  id: string;
  /** The Phụ lục I item it belongs to. */
  item: ReportItemId;
  /** As the measure reads: "Hồ sơ tiếp nhận trực tuyến". */
  label: string;
  /** What the numerator counts. */
  numerator: string;
  /** What the denominator counts. */
  denominator: string;
  unit: CountUnit;
  /** Whether the yearly plan sets a target for it (the measure's id is then an indicator id). */
  target: boolean;
}

/** Every measure, in the order of the outline's items. */
export const REPORT_MEASURES = [
  {
    id: 'centerProcedures',
    item: 'centerProcedures',
    label: 'TTHC đưa ra thực hiện tại Trung tâm Phục vụ hành chính công',
    numerator: 'Số TTHC đưa ra thực hiện tại Trung tâm Phục vụ hành chính công',
    denominator: 'Số TTHC thuộc thẩm quyền giải quyết (trừ TTHC quy định tại khoản 3 Điều 14 Nghị định số 118/2025/NĐ-CP)',
    unit: 'count',
    target: false,
  },
  {
    id: 'satisfaction',
    item: 'satisfaction',
    label: 'Mức độ hài lòng của người dân, doanh nghiệp',
    numerator: 'Số lượt đánh giá hài lòng',
    denominator: 'Tổng số lượt đánh giá',
    unit: 'count',
    target: true,
  },
  {
    id: 'satisfactionLandConstructionInvestment',
    item: 'satisfaction',
    label: 'Mức độ hài lòng trong lĩnh vực đất đai, xây dựng, đầu tư',
    numerator: 'Số lượt đánh giá hài lòng về TTHC lĩnh vực đất đai, xây dựng, đầu tư',
    denominator: 'Tổng số lượt đánh giá về TTHC lĩnh vực đất đai, xây dựng, đầu tư',
    unit: 'count',
    target: true,
  },
  {
    id: 'fullOnlineServices',
    item: 'fullOnlineServices',
    label: 'TTHC đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình',
    numerator: 'Số TTHC cung cấp dịch vụ công trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia',
    denominator: 'Số TTHC đủ điều kiện cung cấp dịch vụ công trực tuyến toàn trình',
    unit: 'count',
    target: true,
  },
  {
    id: 'fullOnlineWithDossiers',
    item: 'fullOnlineServices',
    label: 'Dịch vụ công trực tuyến toàn trình có phát sinh hồ sơ',
    numerator: 'Số dịch vụ công trực tuyến toàn trình có phát sinh hồ sơ',
    denominator: 'Số dịch vụ công trực tuyến toàn trình được cung cấp',
    unit: 'count',
    target: false,
  },
  {
    id: 'businessProceduresOnline',
    item: 'fullOnlineServices',
    label: 'TTHC liên quan đến doanh nghiệp được thực hiện trực tuyến',
    numerator: 'Số TTHC liên quan đến doanh nghiệp được thực hiện trực tuyến',
    denominator: 'Số TTHC liên quan đến doanh nghiệp',
    unit: 'count',
    target: true,
  },
  {
    id: 'onlineReceived',
    item: 'onlineReceivedAndPaid',
    label: 'Hồ sơ tiếp nhận trực tuyến',
    numerator: 'Số hồ sơ tiếp nhận trực tuyến',
    denominator: 'Tổng số hồ sơ tiếp nhận',
    unit: 'count',
    target: true,
  },
  {
    id: 'onlineProcessed',
    item: 'onlineReceivedAndPaid',
    label: 'Hồ sơ giải quyết trực tuyến',
    numerator: 'Số hồ sơ được xử lý trực tuyến',
    denominator: 'Tổng số hồ sơ đã giải quyết',
    unit: 'count',
    target: true,
  },
  {
    id: 'onlinePayment',
    item: 'onlineReceivedAndPaid',
    label: 'Thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia',
    numerator: 'Số giao dịch thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia',
    denominator: 'Tổng số giao dịch thanh toán phí, lệ phí',
    unit: 'count',
    target: true,
  },
  {
    id: 'boundaryFree',
    item: 'boundaryFree',
    label: 'TTHC thực hiện không phụ thuộc địa giới hành chính',
    numerator: 'Số TTHC thực hiện không phụ thuộc địa giới hành chính trong phạm vi thành phố',
    denominator: 'Số TTHC thuộc thẩm quyền giải quyết',
    unit: 'count',
    target: true,
  },
  {
    id: 'handledOnSystem',
    item: 'handledOnSystem',
    label: 'Hồ sơ cập nhật, xử lý trên Hệ thống thông tin giải quyết TTHC',
    numerator: 'Số hồ sơ được cập nhật, xử lý trên Hệ thống thông tin giải quyết TTHC',
    denominator: 'Tổng số hồ sơ tiếp nhận, giải quyết',
    unit: 'count',
    target: true,
  },
  {
    id: 'digitised',
    item: 'digitisation',
    label: 'Số hóa hồ sơ, kết quả giải quyết TTHC',
    numerator: 'Số hồ sơ được số hóa hồ sơ, kết quả giải quyết',
    denominator: 'Tổng số hồ sơ tiếp nhận, giải quyết',
    unit: 'count',
    target: true,
  },
  {
    id: 'electronicResults',
    item: 'digitisation',
    label: 'Cấp kết quả giải quyết TTHC điện tử',
    numerator: 'Số kết quả giải quyết TTHC được cấp điện tử',
    denominator: 'Tổng số kết quả giải quyết TTHC đã cấp',
    unit: 'count',
    target: true,
  },
  {
    id: 'dataReuse',
    item: 'dataReuse',
    label: 'Khai thác, tái sử dụng thông tin, dữ liệu đã số hóa',
    numerator: 'Số hồ sơ có khai thác, tái sử dụng thông tin, dữ liệu đã được số hóa',
    denominator: 'Số hồ sơ có thông tin, dữ liệu đã được số hóa để khai thác',
    unit: 'count',
    target: true,
  },
  {
    id: 'complaintsReceived',
    item: 'complaints',
    label: 'Phản ánh, kiến nghị được tiếp nhận theo quy định',
    numerator: 'Số phản ánh, kiến nghị được tiếp nhận theo quy định',
    denominator: 'Tổng số phản ánh, kiến nghị gửi đến',
    unit: 'count',
    target: true,
  },
  {
    id: 'complaintsHandled',
    item: 'complaints',
    label: 'Phản ánh, kiến nghị được xử lý theo quy định',
    numerator: 'Số phản ánh, kiến nghị đã xử lý theo quy định',
    denominator: 'Số phản ánh, kiến nghị đã tiếp nhận',
    unit: 'count',
    target: true,
  },
  {
    id: 'complaintsPublished',
    item: 'complaints',
    label: 'Kết quả xử lý phản ánh, kiến nghị được công khai',
    numerator: 'Số phản ánh, kiến nghị có kết quả xử lý được công khai',
    denominator: 'Số phản ánh, kiến nghị đã xử lý',
    unit: 'count',
    target: true,
  },
  {
    id: 'apologies',
    item: 'apologies',
    label: 'Xin lỗi khi hồ sơ giải quyết trễ hạn',
    numerator: 'Số hồ sơ trễ hạn có văn bản xin lỗi cá nhân, tổ chức',
    denominator: 'Số hồ sơ giải quyết trễ hạn',
    unit: 'count',
    target: false,
  },
  {
    id: 'dossierCuts',
    item: 'dossierCuts',
    label: 'Thành phần hồ sơ, giấy tờ kiến nghị cắt giảm theo Nghị quyết số 66.7/2025/NQ-CP',
    numerator: 'Số thành phần hồ sơ, giấy tờ kiến nghị cắt giảm',
    denominator: 'Số thành phần hồ sơ, giấy tờ đã rà soát',
    unit: 'count',
    target: false,
  },
  {
    id: 'publishedOnTime',
    item: 'other',
    label: 'TTHC được công bố, công khai đúng hạn',
    numerator: 'Số TTHC được công bố, công khai kịp thời, đầy đủ, chính xác',
    denominator: 'Số TTHC phải công bố, công khai',
    unit: 'count',
    target: true,
  },
  {
    id: 'timeReduction',
    item: 'other',
    label: 'Cắt giảm thời gian giải quyết TTHC so với năm 2024',
    numerator: 'Tổng thời gian giải quyết được cắt giảm (ngày làm việc)',
    denominator: 'Tổng thời gian giải quyết theo quy định năm 2024 (ngày làm việc)',
    unit: 'days',
    target: true,
  },
  {
    id: 'costReduction',
    item: 'other',
    label: 'Cắt giảm chi phí tuân thủ TTHC so với năm 2024',
    numerator: 'Chi phí tuân thủ được cắt giảm (đồng)',
    denominator: 'Chi phí tuân thủ năm 2024 (đồng)',
    unit: 'dong',
    target: true,
  },
] as const satisfies readonly ReportMeasure[];

/** A measure id. */
export type MeasureId = (typeof REPORT_MEASURES)[number]['id'];

/** The measures with a target: each is an indicator of domain/kpi.ts. */
export type TargetMeasureId = Extract<(typeof REPORT_MEASURES)[number], { target: true }>['id'];

/** The two counts of one measure. */
export interface MeasureCounts {
  numerator: number;
  denominator: number;
}

/** The counts a unit reports: any subset of the measures. */
export type ReportCounts = Partial<Record<MeasureId, MeasureCounts>>;

/** A measure by id. */
export function measureOf(id: string): ReportMeasure | undefined {
  return (REPORT_MEASURES as readonly ReportMeasure[]).find((m) => m.id === id);
}

/**
 * The rate (percent) of two counts; undefined when the denominator is 0 (nothing to measure: no
 * dossier received, no complaint sent), so an empty period meets no target and misses none.
 */
export function rateOf(c: MeasureCounts): number | undefined {
  return c.denominator > 0 ? (c.numerator / c.denominator) * 100 : undefined;
}

/** The rates of the measures that have a target, computed from their counts. */
export function indicatorsFromCounts(counts: ReportCounts): Indicators {
  const out: Indicators = {};
  for (const m of REPORT_MEASURES) {
    const c = counts[m.id];
    if (!m.target || !c) continue;
    const r = rateOf(c);
    if (r !== undefined) out[m.id as IndicatorId] = r;
  }
  return out;
}

/** A count as Vietnamese writes it: 1234567 → "1.234.567", 2.5 → "2,5". */
export function formatCount(n: number): string {
  const [int, frac] = String(n).split('.');
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}${frac ? `,${frac}` : ''}`;
}

/** The largest count accepted (a city's yearly cost in đồng fits; a typing slip of many digits does not). */
export const MAX_COUNT = 1e15;

/**
 * What is wrong with one measure's counts, as a unit reads it (naming the measure and the count),
 * or undefined. Counts are whole numbers (days may have one decimal: half a day), never negative,
 * and the numerator is never larger than the denominator.
 */
export function countsProblem(m: ReportMeasure, c: MeasureCounts): string | undefined {
  for (const [key, what] of [
    ['numerator', m.numerator],
    ['denominator', m.denominator],
  ] as const) {
    const v = c[key];
    if (!Number.isFinite(v)) return `${m.label}: "${what}" phải là một số.`;
    if (v < 0) return `${m.label}: "${what}" không được âm (${formatCount(v)}).`;
    if (v > MAX_COUNT) return `${m.label}: "${what}" quá lớn (${formatCount(v)}).`;
    const whole = m.unit === 'days' ? Number.isInteger(v * 10) : Number.isInteger(v);
    if (!whole)
      return `${m.label}: "${what}" phải là số nguyên${m.unit === 'days' ? ' hoặc có một chữ số thập phân' : ''} (${formatCount(v)}).`;
  }
  if (c.numerator > c.denominator)
    return `${m.label}: "${m.numerator}" (${formatCount(c.numerator)}) lớn hơn "${m.denominator}" (${formatCount(c.denominator)}).`;
  return undefined;
}

/** The first problem of a report's counts, or undefined. */
export function reportCountsProblem(counts: ReportCounts): string | undefined {
  for (const m of REPORT_MEASURES) {
    const c = counts[m.id];
    const p = c ? countsProblem(m, c) : undefined;
    if (p) return p;
  }
  return undefined;
}

/**
 * The counts of a report as an update carries them: each measure `{ numerator, denominator }`.
 * Shape only; the rules (whole, not negative, numerator ≤ denominator) are {@link reportCountsProblem},
 * run by the update's own refinement so that its message names the measure.
 */
export function reportCountsSchema() {
  const counts = z.strictObject({ numerator: z.number(), denominator: z.number() });
  return z.strictObject(
    Object.fromEntries(REPORT_MEASURES.map((m) => [m.id, counts.optional()])) as Record<MeasureId, z.ZodOptional<typeof counts>>,
  );
}

/** The budget for TTHC control (item II.1 "budget"): an amount in đồng, and what it was for. */
export const BUDGET_LABEL = 'Kinh phí bố trí cho hoạt động kiểm soát thủ tục hành chính (đồng)';

/** A form of II.2 by id. */
export function formOf(id: string): (typeof REPORT_FORMS)[number] | undefined {
  return REPORT_FORMS.find((f) => f.id === id);
}

/** The forms not yet received, in the outline's order. */
export function missingForms(received: Partial<Record<ReportFormId, unknown>> | undefined): (typeof REPORT_FORMS)[number][] {
  return REPORT_FORMS.filter((f) => !received?.[f.id]);
}

/**
 * The number a form carries in its heading ("II.04/VPCP/KSTT"), which a file declared as that form
 * must contain: the check of client/report-forms.ts.
 */
export function formNumber(id: ReportFormId): string {
  return `${id}/VPCP/KSTT`;
}

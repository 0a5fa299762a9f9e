import { z } from './validation';

/**
 * The 2026 targets that the inspection checks (Quyết định 714/QĐ-UBND, seed 004), and the
 * evaluation of a unit's reported indicators against them. Pure.
 */

/** One indicator of the unit's report (Phụ lục I) with its 2026 target, in percent. */
export interface Indicator {
  id: string;
  /** As it reads in a finding: "Hồ sơ tiếp nhận trực tuyến". */
  label: string;
  /** The minimum rate that meets the target. */
  target: number;
}

/** The indicators, in the order of the report outline. */
export const INDICATORS = [
  { id: 'satisfaction', label: 'Mức độ hài lòng của người dân, doanh nghiệp', target: 95 },
  { id: 'satisfactionLandConstructionInvestment', label: 'Mức độ hài lòng trong lĩnh vực đất đai, xây dựng, đầu tư', target: 90 },
  { id: 'onlineReceived', label: 'Hồ sơ tiếp nhận trực tuyến', target: 80 },
  { id: 'onlineProcessed', label: 'Hồ sơ giải quyết trực tuyến', target: 80 },
  { id: 'onlinePayment', label: 'Thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia', target: 80 },
  { id: 'handledOnSystem', label: 'Hồ sơ cập nhật, xử lý trên Hệ thống thông tin giải quyết TTHC', target: 100 },
  { id: 'digitised', label: 'Số hóa hồ sơ, kết quả giải quyết TTHC', target: 100 },
  { id: 'electronicResults', label: 'Cấp kết quả giải quyết TTHC điện tử', target: 100 },
  { id: 'dataReuse', label: 'Khai thác, tái sử dụng thông tin, dữ liệu đã số hóa', target: 90 },
  { id: 'boundaryFree', label: 'TTHC thực hiện không phụ thuộc địa giới hành chính', target: 100 },
  { id: 'complaintsHandled', label: 'Phản ánh, kiến nghị được xử lý theo quy định', target: 100 },
  { id: 'costReduction', label: 'Cắt giảm thời gian, chi phí tuân thủ TTHC so với năm 2024', target: 50 },
  { id: 'publishedOnTime', label: 'TTHC được công bố, công khai đúng hạn', target: 100 },
] as const satisfies readonly Indicator[];

/** An indicator id. */
export type IndicatorId = (typeof INDICATORS)[number]['id'];

/** The result for one reported indicator. */
export interface KpiResult {
  id: IndicatorId;
  label: string;
  value: number;
  target: number;
  met: boolean;
  /** "Hồ sơ tiếp nhận trực tuyến 62,4% < 80%" or "… 96% ≥ 95%". */
  text: string;
}

/** A rate in Vietnamese notation: 62.4 → "62,4%". */
export function formatRate(value: number): string {
  return `${(Math.round(value * 10) / 10).toString().replace('.', ',')}%`;
}

/** A unit's reported indicators (rates in percent), any subset. */
export type Indicators = Partial<Record<IndicatorId, number>>;

/** Evaluates the reported indicators against the targets, in the outline's order. */
export function evaluateIndicators(values: Indicators): KpiResult[] {
  return INDICATORS.filter((i) => values[i.id] !== undefined).map((i) => {
    const value = values[i.id]!;
    const met = value >= i.target;
    return {
      id: i.id,
      label: i.label,
      value,
      target: i.target,
      met,
      text: `${i.label} ${formatRate(value)} ${met ? '≥' : '<'} ${formatRate(i.target)}`,
    };
  });
}

const rate = z.number().min(0, { message: 'tỉ lệ phải từ 0 đến 100' }).max(100, { message: 'tỉ lệ phải từ 0 đến 100' });

/** The indicators a unit reports: any subset, each a rate from 0 to 100. */
export const indicatorsSchema = z.strictObject(
  Object.fromEntries(INDICATORS.map((i) => [i.id, rate.optional()])) as Record<IndicatorId, z.ZodOptional<typeof rate>>,
);

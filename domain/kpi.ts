import { z } from './validation';

/**
 * The indicators a unit reports (Phụ lục I) and their evaluation against the year's targets. The
 * targets themselves are data: they come from the yearly plan file (plans/kstthc-2026.yaml, seed
 * 004), read by the worker and recorded in each workflow's history. Pure.
 */

/** One indicator of the unit's report (Phụ lục I). */
export interface Indicator {
  /** The id of the plan file's target it is measured against. */
  id: string;
  /** As it reads in a finding: "Hồ sơ tiếp nhận trực tuyến". */
  label: string;
}

/**
 * The indicators, in the order of the report outline: one per target of the yearly plan (seed 004).
 * The first thirteen were there from the start; `fullOnlineServices`, `businessProceduresOnline`,
 * `timeReduction`, `complaintsReceived` and `complaintsPublished` were added in December 2026
 * (issue 23), when `costReduction` stopped standing for time and cost together.
 */
export const INDICATORS = [
  { id: 'satisfaction', label: 'Mức độ hài lòng của người dân, doanh nghiệp' },
  { id: 'satisfactionLandConstructionInvestment', label: 'Mức độ hài lòng trong lĩnh vực đất đai, xây dựng, đầu tư' },
  { id: 'fullOnlineServices', label: 'TTHC đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình' },
  { id: 'businessProceduresOnline', label: 'TTHC liên quan đến doanh nghiệp được thực hiện trực tuyến' },
  { id: 'onlineReceived', label: 'Hồ sơ tiếp nhận trực tuyến' },
  { id: 'onlineProcessed', label: 'Hồ sơ giải quyết trực tuyến' },
  { id: 'onlinePayment', label: 'Thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia' },
  { id: 'handledOnSystem', label: 'Hồ sơ cập nhật, xử lý trên Hệ thống thông tin giải quyết TTHC' },
  { id: 'digitised', label: 'Số hóa hồ sơ, kết quả giải quyết TTHC' },
  { id: 'electronicResults', label: 'Cấp kết quả giải quyết TTHC điện tử' },
  { id: 'dataReuse', label: 'Khai thác, tái sử dụng thông tin, dữ liệu đã số hóa' },
  { id: 'boundaryFree', label: 'TTHC thực hiện không phụ thuộc địa giới hành chính' },
  { id: 'complaintsReceived', label: 'Phản ánh, kiến nghị được tiếp nhận theo quy định' },
  { id: 'complaintsHandled', label: 'Phản ánh, kiến nghị được xử lý theo quy định' },
  { id: 'complaintsPublished', label: 'Kết quả xử lý phản ánh, kiến nghị được công khai' },
  { id: 'timeReduction', label: 'Cắt giảm thời gian giải quyết TTHC so với năm 2024' },
  { id: 'costReduction', label: 'Cắt giảm chi phí tuân thủ TTHC so với năm 2024' },
  { id: 'publishedOnTime', label: 'TTHC được công bố, công khai đúng hạn' },
] as const satisfies readonly Indicator[];

/**
 * Labels as executions started before December 2026 wrote them into their findings: their replays
 * keep them (`evaluateIndicators(…, { legacyLabels: true })`), so a document drafted later from
 * those findings reads as it did.
 */
const LEGACY_LABELS: Partial<Record<string, string>> = {
  costReduction: 'Cắt giảm thời gian, chi phí tuân thủ TTHC so với năm 2024',
};

/** An indicator id. */
export type IndicatorId = (typeof INDICATORS)[number]['id'];

/** An indicator's label for a person; an unknown id (from an older history) is shown as it is. */
export function indicatorLabel(id: string): string {
  return INDICATORS.find((i) => i.id === id)?.label ?? id;
}

/**
 * The rate (percent) that meets each indicator's target. Targets recorded before December 2026
 * lack the indicators added then; such an indicator is not evaluated.
 */
export type Targets = Partial<Record<IndicatorId, number>>;

/** How a rate is compared with its target: at least (`>=`, "tối thiểu"), or exactly (`=`, "đạt 100%"). */
export type Comparison = '>=' | '=';

/** Each indicator's comparison; one absent (targets recorded before December 2026) is `>=`. */
export type Comparisons = Partial<Record<IndicatorId, Comparison>>;

/**
 * The targets of the indicators from a plan file's list of targets. Throws, naming them, when an
 * indicator has no target in the list.
 */
export function targetsFor(planTargets: readonly { id: string; value: number }[]): Targets {
  const byId = new Map(planTargets.map((t) => [t.id, t.value]));
  const missing = INDICATORS.filter((i) => !byId.has(i.id)).map((i) => i.id);
  if (missing.length > 0) throw new Error(`thiếu chỉ tiêu cho: ${missing.join(', ')}`);
  return Object.fromEntries(INDICATORS.map((i) => [i.id, byId.get(i.id)!])) as Targets;
}

/** Each indicator's comparison, from a plan file's list of targets (`>=` where it says none). */
export function comparisonsFor(planTargets: readonly { id: string; comparison?: Comparison }[]): Comparisons {
  const byId = new Map(planTargets.map((t) => [t.id, t.comparison ?? '>=']));
  return Object.fromEntries(INDICATORS.filter((i) => byId.has(i.id)).map((i) => [i.id, byId.get(i.id)!])) as Comparisons;
}

/** Whether a rate meets its target under a comparison. */
export function meetsTarget(value: number, target: number, comparison: Comparison = '>='): boolean {
  return comparison === '=' ? value === target : value >= target;
}

/** The result for one reported indicator. */
export interface KpiResult {
  id: IndicatorId;
  label: string;
  value: number;
  target: number;
  met: boolean;
  /** `=` for a target met only exactly (December 2026); absent for `>=`. */
  comparison?: Comparison;
  /** "Hồ sơ tiếp nhận trực tuyến 62,4% < 80%" or "… 96% ≥ 95%". */
  text: string;
}

/** A rate in Vietnamese notation: 62.4 → "62,4%". */
export function formatRate(value: number): string {
  return `${(Math.round(value * 10) / 10).toString().replace('.', ',')}%`;
}

/** A unit's reported indicators (rates in percent), any subset. */
export type Indicators = Partial<Record<IndicatorId, number>>;

/** How an evaluation reads its targets. */
export interface EvaluationOptions {
  /** Each target's comparison (absent: `>=`). */
  comparisons?: Comparisons;
  /** The labels of before December 2026 (the replay of an older execution). */
  legacyLabels?: boolean;
}

/** The sign between a rate and its target in a finding's text. */
function relation(met: boolean, comparison: Comparison, value: number, target: number): string {
  if (comparison === '=') return met ? '=' : value < target ? '<' : '≠';
  return met ? '≥' : '<';
}

/**
 * Evaluates the reported indicators against the targets, each with its comparison, in the
 * outline's order. An indicator without a target (targets recorded before it existed) is left out.
 */
export function evaluateIndicators(values: Indicators, targets: Targets, options: EvaluationOptions = {}): KpiResult[] {
  return INDICATORS.filter((i) => values[i.id] !== undefined && targets[i.id] !== undefined).map((i) => {
    const value = values[i.id]!;
    const target = targets[i.id]!;
    const comparison = options.comparisons?.[i.id] ?? '>=';
    const met = meetsTarget(value, target, comparison);
    const label = (options.legacyLabels && LEGACY_LABELS[i.id]) || i.label;
    return {
      id: i.id,
      label,
      value,
      target,
      met,
      ...(comparison === '=' ? { comparison } : {}),
      text: `${label} ${formatRate(value)} ${relation(met, comparison, value, target)} ${formatRate(target)}`,
    };
  });
}

const rate = z.number().min(0, { message: 'tỷ lệ phải từ 0 đến 100' }).max(100, { message: 'tỷ lệ phải từ 0 đến 100' });

/** The indicators a unit reports: any subset, each a rate from 0 to 100. */
export const indicatorsSchema = z.strictObject(
  Object.fromEntries(INDICATORS.map((i) => [i.id, rate.optional()])) as Record<IndicatorId, z.ZodOptional<typeof rate>>,
);

/** The targets of one yearly plan, as the worker serves them to workflows. */
export interface YearTargets {
  /** The plan's year. */
  year: number;
  /** The plan's id, e.g. "kstthc-2026". */
  plan: string;
  targets: Targets;
  /** Each target's comparison (December 2026; absent from targets recorded before: all `>=`). */
  comparisons?: Comparisons;
}

/**
 * The targets that apply to `year`: those of the latest plan of that year or before (a plan's
 * targets stand until the next plan), else of the earliest plan. Undefined when there is none.
 */
export function targetsForYear(plans: readonly YearTargets[], year: number): YearTargets | undefined {
  const sorted = [...plans].sort((a, b) => a.year - b.year);
  return sorted.filter((p) => p.year <= year).at(-1) ?? sorted[0];
}

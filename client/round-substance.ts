import type { LocalDate } from '../domain/dates';
import { CONTENT_AREAS, FINDING_KINDS, type ContentArea, type FindingKind } from '../domain/findings';
import { areaName, findingSentence, kindOf } from '../domain/finding-text';
import { INDICATORS, type IndicatorId } from '../domain/kpi';
import { outlineLabel } from '../domain/report-outline';
import type { RoundData } from './rounds';

/**
 * What a round found, for the report to the Chairman and the Office's workbook (issue 23): per
 * unit its results against each target, its findings by content area and its recommendations with
 * their remediation; across the round the shortcomings that recur, the units that miss each
 * target, and the self-inspections' figures aggregated. Pure: from the round's states only.
 */

/** One unit's indicator against its target. */
export interface TargetResult {
  id: IndicatorId;
  label: string;
  value: number;
  target: number;
  met: boolean;
}

/** A unit's findings of one content area (or of none: `area` undefined), by kind. */
export interface AreaFindings {
  area?: ContentArea;
  label: string;
  byKind: Record<FindingKind, string[]>;
}

/** One recommendation and where its remediation stands. */
export interface RecommendationStatus {
  id: string;
  text: string;
  deadline: LocalDate;
  status: 'done' | 'overdue' | 'open';
  doneOn?: LocalDate;
  evidence?: string;
  /** The texts of the findings it answers. */
  answers: string[];
}

/** One inspected unit. */
export interface UnitSubstance {
  unit: string;
  targets: TargetResult[];
  areas: AreaFindings[];
  recommendations: RecommendationStatus[];
}

/** A shortcoming or violation found at more than one unit: by Phụ lục I item, else by content area. */
export interface Recurring {
  label: string;
  kind: 'item' | 'area';
  units: string[];
  examples: string[];
}

/** One indicator across the units that reported it. */
export interface IndicatorAcross {
  id: IndicatorId;
  label: string;
  target: number;
  reported: number;
  met: number;
  missedBy: string[];
  /** Mean of the reported values, one decimal; undefined when none reported. */
  mean?: number;
  min?: number;
  max?: number;
}

/** The self-inspections of the round, aggregated. */
export interface SelfInspectionAggregate {
  total: number;
  received: string[];
  late: string[];
  missing: string[];
  /** Units whose report carried indicators. */
  withIndicators: number;
  indicators: IndicatorAcross[];
}

/** Everything the report and the workbook read. */
export interface RoundSubstance {
  units: UnitSubstance[];
  findings: Record<FindingKind, number>;
  /** Findings recorded without a content area (before December 2026, or a missed target). */
  unplaced: number;
  recurring: Recurring[];
  targets: IndicatorAcross[];
  selfInspections: SelfInspectionAggregate;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function across(results: readonly { unit: string; kpi: readonly TargetResult[] }[]): IndicatorAcross[] {
  return INDICATORS.map((i) => {
    const values = results.flatMap((r) => r.kpi.filter((k) => k.id === i.id).map((k) => ({ unit: r.unit, k })));
    const nums = values.map((v) => v.k.value);
    return {
      id: i.id,
      label: i.label,
      target: values[0]?.k.target ?? 0,
      reported: values.length,
      met: values.filter((v) => v.k.met).length,
      missedBy: values.filter((v) => !v.k.met).map((v) => v.unit),
      ...(nums.length
        ? { mean: round1(nums.reduce((a, b) => a + b, 0) / nums.length), min: Math.min(...nums), max: Math.max(...nums) }
        : {}),
    };
  }).filter((x) => x.reported > 0);
}

/** The round's substance from its data. */
export function roundSubstance(d: RoundData): RoundSubstance {
  const findings: Record<FindingKind, number> = { good: 0, shortcoming: 0, violation: 0 };
  let unplaced = 0;
  const problems = new Map<string, { label: string; kind: 'item' | 'area'; units: Set<string>; examples: string[] }>();
  const units: UnitSubstance[] = d.inspections.map((s) => {
    const unit = s.config.unit.name;
    const areas: AreaFindings[] = [];
    for (const area of [...(Object.keys(CONTENT_AREAS) as ContentArea[]), undefined]) {
      const these = s.findings.filter((f) => f.area === area);
      if (!these.length) continue;
      const byKind: Record<FindingKind, string[]> = { good: [], shortcoming: [], violation: [] };
      for (const f of these) byKind[kindOf(f)].push(findingSentence(f));
      areas.push({ ...(area ? { area } : {}), label: area ? areaName(area) : 'Chưa xác định nội dung kiểm tra', byKind });
    }
    for (const f of s.findings) {
      const kind = kindOf(f);
      findings[kind]++;
      if (!f.area) unplaced++;
      // A missed target is counted once, under the units that miss each target, not again here.
      if (kind === 'good' || f.source === 'kpi') continue;
      const key = f.item ? `item:${f.item}` : f.area ? `area:${f.area}` : undefined;
      if (!key) continue;
      const p = problems.get(key) ?? {
        label: f.item ? outlineLabel(f.item) : areaName(f.area!),
        kind: f.item ? ('item' as const) : ('area' as const),
        units: new Set<string>(),
        examples: [],
      };
      p.units.add(unit);
      if (p.examples.length < 3) p.examples.push(`${unit}: ${findingSentence(f)}`);
      problems.set(key, p);
    }
    const byId = new Map(s.findings.filter((f) => f.id).map((f) => [f.id!, f]));
    return {
      unit,
      targets: (s.report?.kpi ?? []).map((k) => ({ id: k.id, label: k.label, value: k.value, target: k.target, met: k.met })),
      areas,
      recommendations: s.recommendations.map((r) => ({
        id: r.id,
        text: r.text,
        deadline: r.deadline,
        status: r.status === 'done' ? 'done' : r.overdue ? 'overdue' : 'open',
        ...(r.doneOn ? { doneOn: r.doneOn } : {}),
        ...(r.evidence ? { evidence: r.evidence } : {}),
        answers: (r.answers ?? []).flatMap((id) => {
          const f = byId.get(id);
          return f ? [findingSentence(f)] : [];
        }),
      })),
    };
  });
  const recurring = [...problems.values()]
    .filter((p) => p.units.size > 1)
    .map((p) => ({ label: p.label, kind: p.kind, units: [...p.units], examples: p.examples }))
    .sort((a, b) => b.units.length - a.units.length || a.label.localeCompare(b.label, 'vi'));
  const self = d.selfInspections;
  const received = self.filter((s) => s.stage === 'self_received');
  return {
    units,
    findings,
    unplaced,
    recurring,
    targets: across(units.map((u) => ({ unit: u.unit, kpi: u.targets }))),
    selfInspections: {
      total: self.length,
      received: received.map((s) => s.unit),
      late: received.filter((s) => s.late).map((s) => s.unit),
      missing: self.filter((s) => s.stage !== 'self_received' && !s.terminated).map((s) => s.unit),
      withIndicators: received.filter((s) => s.kpi?.length).length,
      indicators: across(received.map((s) => ({ unit: s.unit, kpi: s.kpi ?? [] }))),
    },
  };
}

/** The kinds' labels, in the order the report lists them. */
export const KIND_LABELS: readonly [FindingKind, string][] = (['good', 'shortcoming', 'violation'] as const).map((k) => [
  k,
  FINDING_KINDS[k],
]);

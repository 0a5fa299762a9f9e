import { codeKey, dossierWhere, sampleFigures, sampleFindings, type SampledDossier } from '../../domain/dossier-sample';
import type { IndicatorId } from '../../domain/kpi';
import { record, SYSTEM } from '../kit/history';
import type { Finding, InspectionState } from './types';

/**
 * The inspection's findings as the state keeps them (issue 23): each gets its id, `F1`, `F2`…, in
 * the order recorded, from a counter in the state, so an id is never given twice even when a
 * replaced report takes its findings with it. The dossier sample's findings are recomputed from
 * the whole sample and the report each time either changes, each keeping its id while it states
 * the same figure. Pure given the state.
 */

/** Adds a finding with the next id, and returns it. */
export function addFinding(state: InspectionState, f: Omit<Finding, 'id'>): Finding {
  const n = (state.findingNumber ?? 0) + 1;
  state.findingNumber = n;
  const finding: Finding = { id: `F${n}`, ...f };
  state.findings.push(finding);
  return finding;
}

/** A finding of the team, with its place (any part of it may be absent), recorded in history with its id. */
export function applyTeamFinding(state: InspectionState, p: Omit<Finding, 'id' | 'source' | 'at' | 'figure'>, at: string): Finding {
  const { text, by, ...place } = p;
  const f = addFinding(state, { text, source: 'team', ...place, at, by });
  record(state.history, { at, actor: by, action: `Ghi nhận phát hiện ${f.id}`, detail: text });
  return f;
}

/** The ids of the findings recorded (those recorded before ids existed have none). */
export function findingIds(state: InspectionState): Set<string> {
  return new Set(state.findings.flatMap((f) => (f.id ? [f.id] : [])));
}

/**
 * The findings of the dossier sample, again from the sample and the report's rates: a figure
 * still stated keeps its finding (and id) with its new text and place, a new one is added, one no
 * longer stated (a gap the report closed) is removed. No sample, no change.
 */
export function refreshSampleFindings(state: InspectionState, targetOf: (id: IndicatorId) => number | undefined, at: string): void {
  const sample = state.dossierSample;
  if (!sample?.dossiers.length) return;
  const next = sampleFindings(sample.dossiers, state.report?.kpi ?? [], targetOf);
  const figures = new Set<string>(next.map((x) => x.figure));
  state.findings = state.findings.filter((f) => f.source !== 'sample' || (f.figure !== undefined && figures.has(f.figure)));
  for (const x of next) {
    const old = state.findings.find((f) => f.source === 'sample' && f.figure === x.figure);
    const finding: Omit<Finding, 'id'> = { ...x, source: 'sample', at: old?.text === x.text ? old.at : at, by: SYSTEM };
    if (old) {
      const id = old.id;
      for (const k of Object.keys(old) as (keyof Finding)[]) delete old[k];
      Object.assign(old, { id, ...finding });
    } else addFinding(state, finding);
  }
}

/**
 * Why dossiers cannot join the sample: the first whose code is already in it, named by its row
 * (and how many others), so nothing is recorded. Undefined when none is.
 */
export function sampleRepeatRefusal(state: InspectionState, dossiers: readonly SampledDossier[]): string | undefined {
  const recorded = new Set(state.dossierSample?.dossiers.map((d) => codeKey(d.code)));
  const again = dossiers.flatMap((d, i) => (recorded.has(codeKey(d.code)) ? [{ d, i }] : []));
  if (again.length === 0) return undefined;
  const { d, i } = again[0]!;
  const more = again.length > 1 ? ` (và ${again.length - 1} hồ sơ khác)` : '';
  return `${dossierWhere(d, i)}, cột "Mã hồ sơ": hồ sơ "${d.code}" đã có trong mẫu hồ sơ đã kiểm tra${more}; không ghi nhận hồ sơ nào`;
}

/** Adds checked dossiers to the sample, recomputes its findings and records the import. */
export function applyDossierSample(
  state: InspectionState,
  p: { dossiers: SampledDossier[]; file?: { name: string; sha256: string }; by: string },
  targetOf: (id: IndicatorId) => number | undefined,
  at: string,
): void {
  const sample = (state.dossierSample ??= { dossiers: [], imports: [] });
  sample.dossiers.push(...p.dossiers);
  sample.imports.push({ at, by: p.by, count: p.dossiers.length, ...(p.file ? { file: p.file } : {}) });
  refreshSampleFindings(state, targetOf, at);
  const f = sampleFigures(sample.dossiers);
  record(state.history, {
    at,
    actor: p.by,
    action: 'Ghi nhận kết quả kiểm tra hồ sơ',
    detail: `${p.dossiers.length} hồ sơ${p.file ? ` từ tệp ${p.file.name}` : ''}; mẫu có ${f.total} hồ sơ, ${f.late.length} hồ sơ trễ hạn`,
  });
}

/**
 * Why recommendations cannot be signed: the first that answers a finding the inspection does not
 * have, with the ids it has. Undefined when every id exists.
 */
export function answersRefusal(state: InspectionState, recommendations: readonly { answers?: string[] }[]): string | undefined {
  const ids = findingIds(state);
  for (const [i, r] of recommendations.entries()) {
    const unknown = r.answers?.filter((id) => !ids.has(id)) ?? [];
    if (unknown.length > 0)
      return `Kiến nghị thứ ${i + 1} trả lời phát hiện không có: ${unknown.join(', ')}; các phát hiện: ${[...ids].join(', ') || 'chưa có'}`;
  }
  return undefined;
}

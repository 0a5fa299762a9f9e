import { slugify } from './slug';
import { activeUnits, findUnit, levelOf, type UnitRegistry } from './unit-registry';

/**
 * A plan's units by registry id (`- { unit: so-tai-chinh, visit: … }`): resolved, before the plan's
 * schema checks it, into the name, level and emails the registry holds, so that everything after
 * (the round, the workflows, the documents) sees one spelling of each unit. An entry written out in
 * full (`name`, `kind`, `emails`) stays as it is, for plans written before the registry. Pure.
 */

/** A problem of a reference, at its path in the plan. */
export interface UnitRefProblem {
  path: (string | number)[];
  message: string;
}

const OWN_FIELDS = ['name', 'kind', 'emails'] as const;

/** Replaces each `unit:` reference of `data` (a parsed plan file) by the registry's unit. */
export function resolvePlanUnits(data: unknown, registry: UnitRegistry): { data: unknown; problems: UnitRefProblem[] } {
  const problems: UnitRefProblem[] = [];
  if (!data || typeof data !== 'object') return { data, problems };
  const plan = { ...(data as Record<string, unknown>) };
  const resolveList = (list: unknown, at: (string | number)[]): unknown =>
    Array.isArray(list)
      ? list.map((entry: unknown, i) => {
          if (!entry || typeof entry !== 'object' || !('unit' in entry)) return entry;
          const { unit, ...rest } = entry as Record<string, unknown>;
          const path = [...at, i, 'unit'];
          const both = OWN_FIELDS.filter((f) => f in rest);
          if (both.length) {
            problems.push({ path, message: `đơn vị theo mã lấy tên, loại và email từ sổ đơn vị; bỏ ${both.join(', ')}` });
            return entry;
          }
          if (typeof unit !== 'string') {
            problems.push({ path, message: 'mã đơn vị phải là chuỗi' });
            return entry;
          }
          const found = findUnit(registry, unit);
          if (!found.found) {
            problems.push({
              path,
              message: `không có đơn vị "${unit}" trong sổ đơn vị${found.closest.length ? `; có phải: ${found.closest.map((n) => `"${n}"`).join(', ')}?` : ''}`,
            });
            return entry;
          }
          if (found.via) {
            problems.push({
              path,
              message: `${found.via.name} đã được sáp nhập hoặc đổi tên thành ${found.found.name}; hãy dùng unit: ${found.found.id}`,
            });
            return entry;
          }
          const u = found.found;
          return { name: u.name, kind: levelOf(u.kind), emails: [...u.emails], ...rest };
        })
      : list;
  plan.units = resolveList(plan.units, ['units']);
  if (plan.selfInspection && typeof plan.selfInspection === 'object') {
    const self = { ...(plan.selfInspection as Record<string, unknown>) };
    self.units =
      self.units === EVERY_OTHER_UNIT ? everyOtherUnit(plan.units, registry) : resolveList(self.units, ['selfInspection', 'units']);
    plan.selfInspection = self;
  }
  return { data: plan, problems };
}

/**
 * `selfInspection: { units: registry }`: every unit of the registry in service that the round does
 * not inspect self-inspects (seed 000, Mục V.4: "các sở, ngành, địa phương còn lại").
 */
export const EVERY_OTHER_UNIT = 'registry';

function everyOtherUnit(inspected: unknown, registry: UnitRegistry): unknown[] {
  const names = new Set(
    (Array.isArray(inspected) ? inspected : []).flatMap((u: unknown) =>
      u && typeof u === 'object' && typeof (u as { name?: unknown }).name === 'string' ? [slugify((u as { name: string }).name)] : [],
    ),
  );
  return activeUnits(registry)
    .filter((u) => !names.has(slugify(u.name)))
    .map((u) => ({ name: u.name, kind: levelOf(u.kind), emails: [...u.emails] }));
}

/** Whether a parsed plan file names any unit by registry id. */
export function hasUnitRefs(data: unknown): boolean {
  const has = (list: unknown) => Array.isArray(list) && list.some((e) => !!e && typeof e === 'object' && 'unit' in e);
  const d = data as { units?: unknown; selfInspection?: { units?: unknown } } | null;
  return !!d && (has(d.units) || has(d.selfInspection?.units) || d.selfInspection?.units === EVERY_OTHER_UNIT);
}

import { closestNames } from './closest-names';
import { slugify } from './slug';
import { emailSchema, line, z } from './validation';

/**
 * The registry of the city's units (issue 24): every department, board, ward, commune and special
 * zone the plans address, each with a stable id, its parent, its emails, and a successor once it is
 * merged or renamed. Plans name units by id (`unit: so-tai-chinh`) and take the name, kind and
 * emails from here. Pure: reading the file is loaders/units.ts, importing a CSV or .xlsx is
 * ./unit-import.ts.
 */

/** The kinds of unit, with the word a person reads. */
export const UNIT_KINDS = {
  department: 'sở, ngành',
  board: 'ban',
  ward: 'phường',
  commune: 'xã',
  specialZone: 'đặc khu',
} as const;
export type UnitKind = keyof typeof UNIT_KINDS;

/** The two levels the plans and the workflows know: a city department or a commune-level unit. */
export type UnitLevel = 'department' | 'commune';

/** A kind's level: departments and boards are city-level, wards, communes and special zones commune-level. */
export function levelOf(kind: UnitKind): UnitLevel {
  return kind === 'department' || kind === 'board' ? 'department' : 'commune';
}

/** A unit's id: lower-case ASCII letters, digits and dashes (the slug of its name, usually). */
export const UNIT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** The most units a registry holds (the city has about 150; room for imports of every sub-unit). */
export const MAX_UNITS = 20_000;

/** The schema of one unit, built when used. */
export function unitEntrySchema() {
  const id = z.string().regex(UNIT_ID_PATTERN, { message: 'mã đơn vị chỉ gồm chữ thường không dấu, số, gạch ngang' });
  return z.strictObject({
    id,
    name: line(200),
    kind: z.enum(Object.keys(UNIT_KINDS) as [UnitKind, ...UnitKind[]], {
      message: `loại đơn vị không hợp lệ; dùng một trong: ${Object.keys(UNIT_KINDS).join(', ')}`,
    }),
    /** The unit it belongs to (a ward's parent is none; a board may belong to a department). */
    parent: id.optional(),
    emails: z.array(emailSchema).min(1).max(10),
    /** The unit that took over its work after a merger or a renaming. */
    successor: id.optional(),
  });
}

/** One unit of the registry. */
export type RegistryUnit = z.output<ReturnType<typeof unitEntrySchema>>;

/** A problem of a registry: the unit's position in the list, the field and why. */
export interface RegistryProblem {
  index: number;
  field: keyof RegistryUnit;
  message: string;
}

/**
 * The checks across units: ids and names unique (names compared without diacritics), parents and
 * successors that exist, no unit its own successor through a chain. Every problem, in list order.
 */
export function registryProblems(units: readonly RegistryUnit[]): RegistryProblem[] {
  const problems: RegistryProblem[] = [];
  const byId = new Map<string, number>();
  const byName = new Map<string, number>();
  units.forEach((u, i) => {
    const sameId = byId.get(u.id);
    if (sameId !== undefined) problems.push({ index: i, field: 'id', message: `mã "${u.id}" bị lặp (đã có ở mục ${sameId + 1})` });
    else byId.set(u.id, i);
    const slug = slugify(u.name);
    const sameName = byName.get(slug);
    if (sameName !== undefined) problems.push({ index: i, field: 'name', message: `tên "${u.name}" bị lặp (đã có ở mục ${sameName + 1})` });
    else byName.set(slug, i);
  });
  units.forEach((u, i) => {
    for (const field of ['parent', 'successor'] as const) {
      const ref = u[field];
      if (ref === undefined) continue;
      if (ref === u.id)
        problems.push({
          index: i,
          field,
          message: `đơn vị không thể là ${field === 'parent' ? 'đơn vị cấp trên' : 'đơn vị kế thừa'} của chính nó`,
        });
      else if (!byId.has(ref))
        problems.push({
          index: i,
          field,
          message: `không có đơn vị mã "${ref}"${suggestion(ref, [...byId.keys()])}`,
        });
    }
  });
  // A chain of successors that comes back to where it started: each unit on the cycle is named once.
  const onCycle = new Set<string>();
  for (const start of units) {
    if (onCycle.has(start.id)) continue;
    const seen = new Set<string>();
    let at: RegistryUnit | undefined = start;
    while (at?.successor && !seen.has(at.id)) {
      seen.add(at.id);
      const next = byId.get(at.successor);
      at = next === undefined ? undefined : units[next];
      if (at?.id === start.id) {
        for (const id of seen) onCycle.add(id);
        problems.push({
          index: byId.get(start.id)!,
          field: 'successor',
          message: `chuỗi đơn vị kế thừa quay vòng: ${[...seen, start.id].join(' → ')}`,
        });
      }
    }
  }
  return problems.sort((a, b) => a.index - b.index);
}

function suggestion(typed: string, ids: readonly string[]): string {
  const close = closestNames(typed, ids);
  return close.length ? `; có phải: ${close.map((c) => `"${c}"`).join(', ')}?` : '';
}

/** A registry, indexed: by id, and by name without diacritics. */
export interface UnitRegistry {
  units: readonly RegistryUnit[];
  byId: ReadonlyMap<string, RegistryUnit>;
}

/** Indexes a registry whose {@link registryProblems} are none. */
export function indexRegistry(units: readonly RegistryUnit[]): UnitRegistry {
  return { units, byId: new Map(units.map((u) => [u.id, u])) };
}

/** What {@link findUnit} answers: the unit, the one it was looked up as (when a successor took over), or the closest names. */
export type UnitLookup = { found: RegistryUnit; via?: RegistryUnit } | { found?: undefined; closest: string[] };

/**
 * Finds a unit by id or by name (without diacritics, case or punctuation), then follows its
 * successors to the unit that holds its work today. An unknown one gets the closest names.
 */
export function findUnit(registry: UnitRegistry, typed: string): UnitLookup {
  const t = typed.trim();
  const slug = slugify(t);
  const direct = registry.byId.get(t) ?? registry.units.find((u) => slugify(u.name) === slug || u.id === slug);
  if (!direct)
    return {
      closest: closestNames(
        t,
        registry.units.map((u) => u.name),
      ),
    };
  const current = currentUnit(registry, direct);
  return current === direct ? { found: direct } : { found: current, via: direct };
}

/** The unit that holds `unit`'s work today: itself, or the end of its chain of successors. */
export function currentUnit(registry: UnitRegistry, unit: RegistryUnit): RegistryUnit {
  let at = unit;
  const seen = new Set<string>();
  while (at.successor && !seen.has(at.id)) {
    seen.add(at.id);
    const next = registry.byId.get(at.successor);
    if (!next) break;
    at = next;
  }
  return at;
}

/** The units that are current (no successor), of the given levels, in registry order. */
export function activeUnits(registry: UnitRegistry, levels: readonly UnitLevel[] = ['department', 'commune']): RegistryUnit[] {
  return registry.units.filter((u) => !u.successor && levels.includes(levelOf(u.kind)));
}

/** The registry file: its units, each checked, and the checks across them. */
export function registrySchema() {
  return z.strictObject({ units: z.array(unitEntrySchema()).min(1).max(MAX_UNITS) }).superRefine((r, ctx) => {
    for (const p of registryProblems(r.units)) ctx.addIssue({ code: 'custom', path: ['units', p.index, p.field], message: p.message });
  });
}

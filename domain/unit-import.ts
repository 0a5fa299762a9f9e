import { cellText, type Cell } from './csv';
import { slugify } from './slug';
import { registryProblems, UNIT_KINDS, unitEntrySchema, MAX_UNITS, type RegistryUnit, type UnitKind } from './unit-registry';
import { describeIssue } from './validation';

/**
 * Importing units into the registry from a table the Office keeps (.csv or .xlsx, read by
 * client/spreadsheet.ts; empty rows skipped, rows numbered as in the file): the columns, each row checked, and the merge with the registry. Nothing
 * is imported unless every row is valid; each bad row is reported by its number in the file. Pure.
 */

/** The columns of the table, as the header names them (compared without diacritics or case). */
export const IMPORT_COLUMNS = {
  id: { header: 'Mã', required: false },
  name: { header: 'Tên đơn vị', required: true },
  kind: { header: 'Loại', required: true },
  parent: { header: 'Đơn vị cấp trên', required: false },
  emails: { header: 'Email', required: true },
  successor: { header: 'Đơn vị kế thừa', required: false },
} as const;
type Column = keyof typeof IMPORT_COLUMNS;

/** The words a person may write in the "Loại" column for each kind. */
const KIND_WORDS: Record<string, UnitKind> = Object.fromEntries(
  (
    [
      ['department', ['department', 'so', 'so-nganh', 'nganh', 'co-quan']],
      ['board', ['board', 'ban']],
      ['ward', ['ward', 'phuong']],
      ['commune', ['commune', 'xa']],
      ['specialZone', ['specialzone', 'special-zone', 'dac-khu']],
    ] as const
  ).flatMap(([kind, words]) => words.map((w) => [w, kind])),
);

/** A problem of the import: the row of the file (1 is the header) and why. */
export interface ImportProblem {
  row: number;
  message: string;
}

/** What an import gives: the registry after it, and what changed; or every problem. */
export type ImportResult =
  { ok: true; units: RegistryUnit[]; added: RegistryUnit[]; updated: RegistryUnit[] } | { ok: false; problems: ImportProblem[] };

/**
 * Checks every row of `rows` (the first the header) and merges them into `existing`: a new id is
 * added, a known id replaced (the Office correcting emails or recording a successor). Then the
 * registry's own checks run over the result, and a problem they find in an imported unit is
 * reported at its row.
 */
export function importUnits(existing: readonly RegistryUnit[], rows: readonly (readonly Cell[])[]): ImportResult {
  const [header, ...body] = rows;
  if (!header) return { ok: false, problems: [{ row: 0, message: 'tệp trống: cần một dòng tiêu đề và các dòng đơn vị' }] };
  const columns = columnIndexes(header);
  const missing = (Object.keys(IMPORT_COLUMNS) as Column[]).filter((c) => IMPORT_COLUMNS[c].required && columns[c] === undefined);
  if (missing.length)
    return {
      ok: false,
      problems: [
        {
          row: 1,
          message: `thiếu cột ${missing.map((c) => `"${IMPORT_COLUMNS[c].header}"`).join(', ')}; các cột: ${Object.values(IMPORT_COLUMNS)
            .map((c) => `"${c.header}"${c.required ? '' : ' (không bắt buộc)'}`)
            .join(', ')}`,
        },
      ],
    };
  if (existing.length + body.length > MAX_UNITS)
    return { ok: false, problems: [{ row: 0, message: `quá nhiều đơn vị: tối đa ${MAX_UNITS}, tệp có ${body.length} dòng` }] };
  const problems: ImportProblem[] = [];
  const imported: { row: number; unit: RegistryUnit }[] = [];
  const schema = unitEntrySchema();
  body.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => cellText(c) === '')) return;
    const get = (c: Column) => {
      const at = columns[c];
      return at === undefined ? '' : cellText(cells[at]);
    };
    const name = get('name');
    const kindText = get('kind');
    const kind = KIND_WORDS[slugify(kindText)];
    if (kindText && !kind) {
      problems.push({
        row,
        message: `cột "${IMPORT_COLUMNS.kind.header}": "${kindText}" không phải loại đơn vị; dùng: ${Object.values(UNIT_KINDS).join(', ')}`,
      });
      return;
    }
    const raw = {
      id: get('id') || slugify(name),
      name,
      kind: kind ?? kindText,
      ...(get('parent') ? { parent: get('parent') } : {}),
      emails: get('emails')
        .split(/[;,\s]+/u)
        .filter(Boolean),
      ...(get('successor') ? { successor: get('successor') } : {}),
    };
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path[0] as keyof RegistryUnit | undefined;
      const col = field === 'emails' ? 'emails' : (field as Column | undefined);
      const where = col && col in IMPORT_COLUMNS ? `cột "${IMPORT_COLUMNS[col].header}": ` : '';
      problems.push({ row, message: `${where}${describeIssue({ ...issue, path: [] })}` });
      return;
    }
    imported.push({ row, unit: parsed.data });
  });
  if (problems.length) return { ok: false, problems };
  const byId = new Map(existing.map((u, i) => [u.id, i]));
  const units = [...existing];
  const rowOfIndex = new Map<number, number>();
  const added: RegistryUnit[] = [];
  const updated: RegistryUnit[] = [];
  const seenInFile = new Map<string, number>();
  for (const { row, unit } of imported) {
    const earlier = seenInFile.get(unit.id);
    if (earlier !== undefined) {
      problems.push({ row, message: `mã "${unit.id}" bị lặp trong tệp (đã có ở dòng ${earlier})` });
      continue;
    }
    seenInFile.set(unit.id, row);
    const at = byId.get(unit.id);
    if (at === undefined) {
      rowOfIndex.set(units.length, row);
      units.push(unit);
      added.push(unit);
    } else {
      rowOfIndex.set(at, row);
      units[at] = unit;
      updated.push(unit);
    }
  }
  for (const p of registryProblems(units)) {
    const row = rowOfIndex.get(p.index);
    problems.push({ row: row ?? 0, message: row === undefined ? `trong sổ đơn vị hiện có, mục ${p.index + 1}: ${p.message}` : p.message });
  }
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => a.row - b.row) };
  return { ok: true, units, added, updated };
}

function columnIndexes(header: readonly Cell[]): Partial<Record<Column, number>> {
  const out: Partial<Record<Column, number>> = {};
  header.forEach((h, i) => {
    const slug = slugify(cellText(h));
    const col = (Object.keys(IMPORT_COLUMNS) as Column[]).find((c) => slugify(IMPORT_COLUMNS[c].header) === slug || slugify(c) === slug);
    if (col && out[col] === undefined) out[col] = i;
  });
  return out;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../domain/csv';
import { resolvePlanUnits } from '../domain/plan-units';
import { importUnits } from '../domain/unit-import';
import { activeUnits, findUnit, indexRegistry, levelOf, registryProblems, type RegistryUnit } from '../domain/unit-registry';
import { loadPlan } from '../loaders/plan';
import { loadRegistry } from '../loaders/units';
import { YamlDataError } from '../loaders/yaml';

const unit = (id: string, over: Partial<RegistryUnit> = {}): RegistryUnit => ({
  id,
  name: id.replace(/-/g, ' '),
  kind: 'commune',
  emails: [`${id}@haiphong.example`],
  ...over,
});
const HEADER = ['Mã', 'Tên đơn vị', 'Loại', 'Đơn vị cấp trên', 'Email', 'Đơn vị kế thừa'];

describe('the registry of units', () => {
  it('ships every unit the 2026 round plan names, each once, by level', () => {
    const registry = loadRegistry();
    const plan = loadPlan(path.join(__dirname, '..', 'plans', 'haiphong-2026.yaml')).plan;
    for (const u of [...plan.units, ...(plan.selfInspection?.units ?? [])]) {
      const r = findUnit(registry, u.name);
      expect(r.found?.name, u.name).toBe(u.name);
      expect(levelOf(r.found!.kind)).toBe(u.kind);
    }
    expect(registry.units.some((u) => u.kind === 'board')).toBe(true);
  });

  it('finds a unit by id or by a name typed without diacritics, and suggests the closest names otherwise', () => {
    const registry = loadRegistry();
    expect(findUnit(registry, 'so tai chinh').found?.id).toBe('so-tai-chinh');
    expect(findUnit(registry, 'ubnd-xa-tien-minh').found?.name).toBe('UBND xã Tiên Minh');
    const miss = findUnit(registry, 'Sở Tài chin');
    expect(miss.found).toBeUndefined();
    expect(miss.found ? [] : miss.closest).toContain('Sở Tài chính');
  });

  it('follows successors to the unit that holds the work today', () => {
    const registry = indexRegistry([unit('xa-a', { successor: 'xa-b' }), unit('xa-b', { successor: 'xa-c' }), unit('xa-c')]);
    const r = findUnit(registry, 'xa-a');
    expect(r.found?.id).toBe('xa-c');
    expect(r.found && r.via?.id).toBe('xa-a');
    expect(activeUnits(registry).map((u) => u.id)).toEqual(['xa-c']);
  });

  it('reports duplicate ids and names, unknown parents or successors and a cycle of successors, each with its place', () => {
    const problems = registryProblems([
      unit('xa-a', { successor: 'xa-b' }),
      unit('xa-b', { successor: 'xa-a' }),
      unit('xa-a'),
      unit('xa-d', { name: 'xa a' }),
      unit('xa-e', { parent: 'so-khong-co' }),
    ]);
    const text = problems.map((p) => `${p.index}.${p.field}: ${p.message}`);
    expect(text).toContainEqual(expect.stringMatching(/^2\.id: mã "xa-a" bị lặp/));
    expect(text).toContainEqual(expect.stringMatching(/^3\.name: tên "xa a" bị lặp/));
    expect(text).toContainEqual(expect.stringMatching(/^4\.parent: không có đơn vị mã "so-khong-co"/));
    expect(text.filter((t) => t.includes('quay vòng'))).toHaveLength(1);
  });

  it('refuses a registry file with every problem on its line, in Vietnamese', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-units-')), 'units.yaml');
    fs.writeFileSync(
      file,
      [
        'units:',
        '  - { id: xa-a, name: Xã A, kind: commune, emails: [a@haiphong.example] }',
        '  - { id: xa-a, name: Xã B, kind: village, emails: [b@haiphong.example] }',
        '  - { id: xa-c, name: "", kind: ward, emails: [khong-phai-email] }',
      ].join('\n'),
    );
    const err = (() => {
      try {
        loadRegistry(file);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(YamlDataError);
    const message = (err as Error).message;
    expect(message).toMatch(/units\.yaml:3: units\.1\.kind: loại đơn vị không hợp lệ/);
    expect(message).toMatch(/units\.yaml:4: units\.2\.name/);
    expect(message).toMatch(/units\.yaml:4: units\.2\.emails\.0: địa chỉ email không hợp lệ/);
  });
});

describe('importing units from the Office’s table', () => {
  it('adds new units, updates known ones, and derives an id from the name when the column is empty', () => {
    const rows = [
      HEADER,
      ['', 'UBND đặc khu Bạch Long Vĩ', 'đặc khu', '', 'bachlongvi@haiphong.example; vanthu.blv@haiphong.example', ''],
      ['xa-a', 'Xã A', 'Xã', '', 'moi@haiphong.example', ''],
    ];
    const r = importUnits([unit('xa-a', { name: 'Xã A' })], rows);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.added).toEqual([
      {
        id: 'ubnd-dac-khu-bach-long-vi',
        name: 'UBND đặc khu Bạch Long Vĩ',
        kind: 'specialZone',
        emails: ['bachlongvi@haiphong.example', 'vanthu.blv@haiphong.example'],
      },
    ]);
    expect(r.updated.map((u) => u.emails)).toEqual([['moi@haiphong.example']]);
  });

  it('reports each bad row by its number and imports nothing', () => {
    const rows = [
      HEADER,
      ['xa-1', 'Xã Một', 'xã', '', 'mot@haiphong.example', ''],
      ['xa-2', 'Xã Hai', 'làng', '', 'hai@haiphong.example', ''],
      ['xa-3', '', 'xã', '', 'ba@haiphong.example', ''],
      ['xa-4', 'Xã Bốn', 'xã', '', 'khong-phai-email', ''],
      ['xa-1', 'Xã Năm', 'xã', '', 'nam@haiphong.example', ''],
      ['xa-6', 'Xã Sáu', 'xã', '', 'sau@haiphong.example', 'xa-7'],
      ['xa-7', 'Xã Bảy', 'xã', '', 'bay@haiphong.example', 'xa-6'],
    ];
    const r = importUnits([], rows);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.map((p) => `dòng ${p.row}: ${p.message}`);
    expect(text[0]).toMatch(/^dòng 3: cột "Loại": "làng" không phải loại đơn vị/);
    expect(text[1]).toMatch(/^dòng 4: cột "Tên đơn vị"/);
    expect(text[2]).toMatch(/^dòng 5: cột "Email": địa chỉ email không hợp lệ/);
    // The checks across rows run once every row reads.
    const fixed = importUnits([], [HEADER, rows[1]!, rows[5]!]);
    expect(fixed.ok ? [] : fixed.problems.map((p) => `dòng ${p.row}: ${p.message}`)).toEqual([
      expect.stringMatching(/^dòng 3: mã "xa-1" bị lặp trong tệp \(đã có ở dòng 2\)/),
    ]);
    const cycle = importUnits([], [HEADER, rows[1]!, rows[6]!, rows[7]!]);
    expect(cycle.ok ? [] : cycle.problems.map((p) => `dòng ${p.row}: ${p.message}`)).toEqual([
      expect.stringMatching(/^dòng 3: chuỗi đơn vị kế thừa quay vòng: xa-6 → xa-7 → xa-6/),
    ]);
  });

  it('skips empty rows and still numbers the rows as in the file', () => {
    const r = importUnits([], [HEADER, [], ['', '', '', '', '', ''], ['xa-9', 'Xã Chín', 'làng', '', 'chin@haiphong.example', '']]);
    expect(r.ok ? [] : r.problems.map((p) => p.row)).toEqual([4]);
  });

  it('names the missing columns', () => {
    const r = importUnits(
      [],
      [
        ['Tên đơn vị', 'Loại'],
        ['Xã A', 'xã'],
      ],
    );
    expect(r.ok ? '' : r.problems[0]!.message).toMatch(/^thiếu cột "Email"/);
  });

  it('checks 10,000 rows, and reports the one bad row among them', () => {
    const rows = [HEADER, ...Array.from({ length: 10_000 }, (_, i) => [`xa-${i}`, `Xã số ${i}`, 'xã', '', `xa${i}@haiphong.example`, ''])];
    rows[7_001]![4] = 'sai';
    const r = importUnits([], rows);
    expect(r.ok ? [] : r.problems.map((p) => p.row)).toEqual([7_002]);
    rows[7_001]![4] = 'xa7000@haiphong.example';
    const ok = importUnits([], rows);
    expect(ok.ok && ok.added).toHaveLength(10_000);
  });
});

describe('CSV as the Office writes it', () => {
  it('reads quotes, doubled quotes, CRLF, a byte-order mark and semicolons', () => {
    expect(parseCsv('\uFEFFMã;Tên đơn vị\r\nxa-a;"Xã ""A""; mới"\r\n\r\nxa-b;B')).toEqual([
      ['Mã', 'Tên đơn vị'],
      ['xa-a', 'Xã "A"; mới'],
      [''],
      ['xa-b', 'B'],
    ]);
    expect(parseCsv('a,b\n1,"x\ny"')).toEqual([
      ['a', 'b'],
      ['1', 'x\ny'],
    ]);
  });
});

describe('a plan naming units by id', () => {
  const registry = indexRegistry([
    unit('so-a', { name: 'Sở A', kind: 'department' }),
    unit('xa-b', { name: 'Xã B', successor: 'xa-c' }),
    unit('xa-c', { name: 'Xã C', kind: 'ward' }),
  ]);

  it('takes the name, level and emails from the registry and keeps the plan’s own fields', () => {
    const r = resolvePlanUnits({ units: [{ unit: 'so-a', visit: { start: '2026-06-01', end: '2026-06-02' } }] }, registry);
    expect(r.problems).toEqual([]);
    expect(r.data).toEqual({
      units: [{ name: 'Sở A', kind: 'department', emails: ['so-a@haiphong.example'], visit: { start: '2026-06-01', end: '2026-06-02' } }],
    });
  });

  it('refuses an unknown unit with the closest names, a merged one with its successor, and both forms at once', () => {
    const r = resolvePlanUnits(
      { units: [{ unit: 'so-aa' }, { unit: 'xa-b' }], selfInspection: { units: [{ unit: 'xa-c', name: 'Xã C' }] } },
      registry,
    );
    expect(r.problems.map((p) => `${p.path.join('.')}: ${p.message}`)).toEqual([
      'units.0.unit: không có đơn vị "so-aa" trong sổ đơn vị; có phải: "Sở A"?',
      'units.1.unit: Xã B đã được sáp nhập hoặc đổi tên thành Xã C; hãy dùng unit: xa-c',
      'selfInspection.units.0.unit: đơn vị theo mã lấy tên, loại và email từ sổ đơn vị; bỏ name',
    ]);
  });
});

describe('full coverage: every other unit self-inspects', () => {
  it('gives a self-inspection to every unit in service the round does not inspect', () => {
    const registry = indexRegistry([
      unit('so-a', { name: 'Sở A', kind: 'department' }),
      unit('xa-b', { name: 'Xã B' }),
      unit('xa-c', { name: 'Xã C', kind: 'specialZone' }),
      unit('xa-d', { name: 'Xã D', successor: 'xa-c' }),
    ]);
    const r = resolvePlanUnits({ units: [{ unit: 'so-a' }], selfInspection: { before: '2026-11-15', units: 'registry' } }, registry);
    expect(r.problems).toEqual([]);
    expect((r.data as { selfInspection: { units: { name: string; kind: string }[] } }).selfInspection.units).toEqual([
      { name: 'Xã B', kind: 'commune', emails: ['xa-b@haiphong.example'] },
      { name: 'Xã C', kind: 'commune', emails: ['xa-c@haiphong.example'] },
    ]);
  });
});

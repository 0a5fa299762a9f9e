import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { loadRegistry } from '../loaders/units';
import { cleanEnv, kiemtra } from './kit/process';

/** `kiemtra units` through the built CLI, on a copy of the shipped registry. */
describe('kiemtra units', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-units-cli-'));
  const registry = path.join(dir, 'units.yaml');
  fs.copyFileSync(path.join(projectRoot, 'data', 'units.yaml'), registry);
  const env = cleanEnv({ KIEMTRA_UNITS: registry });
  const shipped = loadRegistry(registry).units.length;

  async function workbook(file: string, rows: string[][]): Promise<string> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Đơn vị');
    for (const r of rows) sheet.addRow(r);
    const out = path.join(dir, file);
    await book.xlsx.writeFile(out);
    return out;
  }

  it('refuses an .xlsx with bad rows, each by number, and leaves the registry as it was', async () => {
    const before = fs.readFileSync(registry, 'utf8');
    const file = await workbook('sai.xlsx', [
      ['Tên đơn vị', 'Loại', 'Email'],
      ['UBND xã Mới', 'xã', 'xa-moi@haiphong.example'],
      ['UBND xã Khác', 'thôn', 'xa-khac@haiphong.example'],
      ['Sở Tài chính', 'sở', 'khong-phai-email'],
    ]);
    const r = await kiemtra(['units', 'import', file], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/2 lỗi, không nhập đơn vị nào/);
    expect(r.stderr).toMatch(/dòng 3: cột "Loại": "thôn" không phải loại đơn vị/);
    expect(r.stderr).toMatch(/dòng 4: cột "Email": địa chỉ email không hợp lệ/);
    expect(r.stderr).not.toMatch(/at .*\.js|Error:/);
    expect(fs.readFileSync(registry, 'utf8')).toBe(before);
  });

  it('imports a valid .xlsx, keeps the file’s comments, and the plans find the new units', async () => {
    const file = await workbook('don-vi.xlsx', [
      ['Mã', 'Tên đơn vị', 'Loại', 'Email', 'Đơn vị kế thừa'],
      ['', 'UBND đặc khu Cát Hải', 'đặc khu', 'catHai@haiphong.example', ''],
      ['', 'UBND xã Cũ', 'xã', 'xa-cu@haiphong.example', 'ubnd-xa-tien-minh'],
    ]);
    const dry = await kiemtra(['units', 'import', file, '--dry-run'], env);
    expect(dry.stdout).toMatch(/Tệp hợp lệ: 2 đơn vị mới, 0 đơn vị cập nhật/);
    expect(loadRegistry(registry).units).toHaveLength(shipped);
    const r = await kiemtra(['units', 'import', file], env);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/2 đơn vị mới/);
    expect(fs.readFileSync(registry, 'utf8')).toMatch(/^# The registry of the city's units/);
    expect(loadRegistry(registry).units).toHaveLength(shipped + 2);

    const found = await kiemtra(['units', 'find', 'ubnd dac khu cat hai'], env);
    expect(found.stdout).toMatch(/UBND đặc khu Cát Hải \(mã ubnd-dac-khu-cat-hai; đặc khu\)/);
    const merged = await kiemtra(['units', 'find', 'UBND xã Cũ'], env);
    expect(merged.stdout).toMatch(/UBND xã Cũ đã sáp nhập hoặc đổi tên; công việc chuyển sang:\nUBND xã Tiên Minh/);
    const check = await kiemtra(['units', 'check'], env);
    expect(check.stdout).toMatch(/1 đặc khu/);
    expect(check.stdout).toMatch(/1 đã sáp nhập hoặc đổi tên/);
  });

  it('suggests the closest names for a unit it does not know', async () => {
    const r = await kiemtra(['units', 'find', 'So Tai chin'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Có phải: "Sở Tài chính"/);
  });

  it('lets a plan name its units by id and refuses an unknown one on its line', async () => {
    const plan = fs
      .readFileSync(path.join(projectRoot, 'plans', 'haiphong-2026.yaml'), 'utf8')
      .replace(/- \{ name: Sở Tài chính, kind: department, emails: \[[^\]]+\] \}/u, '- { unit: so-tai-chinh }')
      .replace(/- \{ name: Sở Xây dựng, kind: department, emails: \[[^\]]+\] \}/u, '- { unit: so-xay-dungg }');
    const file = path.join(dir, 'plan.yaml');
    fs.writeFileSync(file, plan);
    const r = await kiemtra(['plan', 'check', file], env);
    expect(r.code).toBe(2);
    const line = plan.split('\n').findIndex((l) => l.includes('so-xay-dungg')) + 1;
    expect(r.stderr).toContain(`plan.yaml:${line}: units.2.unit: không có đơn vị "so-xay-dungg" trong sổ đơn vị; có phải: "Sở Xây dựng"?`);
    fs.writeFileSync(file, plan.replace('so-xay-dungg', 'so-xay-dung'));
    const ok = await kiemtra(['plan', 'check', file, '--json'], env);
    expect(ok.stderr).not.toMatch(/không có đơn vị/);
    expect(ok.stdout).toContain('Sở Tài chính');
  });
});

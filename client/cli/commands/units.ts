import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseDocument } from 'yaml';
import { ExitCode, UserFacingError } from '../../../config/errors';
import { displayLine as shown } from '../../../domain/safe-text';
import { importUnits, IMPORT_COLUMNS } from '../../../domain/unit-import';
import { findUnit, UNIT_KINDS, type RegistryUnit, type UnitKind } from '../../../domain/unit-registry';
import { loadRegistry, registryFile } from '../../../loaders/units';
import { readTableFile } from '../../spreadsheet';
import { compactTable } from '../listing-table';

/* `kiemtra units`: the registry of the city's units (data/units.yaml or KIEMTRA_UNITS). */

function describeUnit(u: RegistryUnit, registry: ReturnType<typeof loadRegistry>): string {
  const parent = u.parent ? registry.byId.get(u.parent) : undefined;
  const successor = u.successor ? registry.byId.get(u.successor) : undefined;
  return [
    `${shown(u.name)} (mã ${u.id}; ${UNIT_KINDS[u.kind]})`,
    ...(parent ? [`Đơn vị cấp trên: ${shown(parent.name)}`] : []),
    `Email: ${u.emails.join(', ')}`,
    ...(successor ? [`Đã sáp nhập hoặc đổi tên thành: ${shown(successor.name)} (mã ${successor.id})`] : []),
  ].join('\n');
}

/** The registry entry as a YAML flow map, as the shipped file writes one unit a line. */
function entryNode(doc: ReturnType<typeof parseDocument>, u: RegistryUnit) {
  return doc.createNode(
    {
      id: u.id,
      name: u.name,
      kind: u.kind,
      ...(u.parent ? { parent: u.parent } : {}),
      emails: u.emails,
      ...(u.successor ? { successor: u.successor } : {}),
    },
    { flow: true },
  );
}

/** Registers `kiemtra units list|find|check|import`. */
export function registerUnits(program: Command): void {
  const units = program
    .command('units')
    .description('Sổ đơn vị của thành phố: các sở, ban, ngành, phường, xã, đặc khu mà các kế hoạch gọi theo mã');

  units
    .command('list')
    .description('Liệt kê các đơn vị trong sổ (mặc định: các đơn vị đang hoạt động)')
    .option('--kind <loại>', `chỉ một loại: ${Object.keys(UNIT_KINDS).join(', ')}`)
    .option('--all', 'cả các đơn vị đã sáp nhập hoặc đổi tên')
    .option('--json', 'in JSON')
    .addHelpText('after', '\nVí dụ:\n  kiemtra units list --kind ward')
    .action((o: { kind?: string; all?: boolean; json?: boolean }) => {
      if (o.kind && !(o.kind in UNIT_KINDS))
        throw new UserFacingError(
          `loại "${o.kind}" không tồn tại; dùng một trong: ${Object.keys(UNIT_KINDS).join(', ')}.`,
          ExitCode.badInput,
        );
      const registry = loadRegistry();
      const rows = registry.units.filter((u) => (o.all || !u.successor) && (!o.kind || u.kind === (o.kind as UnitKind)));
      if (o.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const table = compactTable(['Mã', 'Tên đơn vị', 'Loại', 'Email']);
      for (const u of rows) table.push([u.id, shown(u.name), UNIT_KINDS[u.kind], u.emails.join(', ')]);
      process.stdout.write(`${table.toString()}\n${rows.length} đơn vị (sổ ${registryFile()}).\n`);
    });

  units
    .command('find')
    .description('Tìm một đơn vị theo mã hoặc tên (không cần dấu); đơn vị đã sáp nhập chỉ sang đơn vị kế thừa')
    .argument('<tên>', 'tên hoặc mã, ví dụ "so tai chinh"')
    .option('--json', 'in JSON')
    .action((typed: string, o: { json?: boolean }) => {
      const registry = loadRegistry();
      const r = findUnit(registry, typed);
      if (!r.found)
        throw new UserFacingError(
          `không có đơn vị "${shown(typed)}" trong sổ đơn vị.${r.closest.length ? ` Có phải: ${r.closest.map((n) => `"${shown(n)}"`).join(', ')}?` : ''}`,
          ExitCode.badInput,
        );
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ unit: r.found, ...(r.via ? { via: r.via } : {}) }, null, 2)}\n`);
        return;
      }
      if (r.via) process.stdout.write(`${shown(r.via.name)} đã sáp nhập hoặc đổi tên; công việc chuyển sang:\n`);
      process.stdout.write(`${describeUnit(r.found, registry)}\n`);
    });

  units
    .command('check')
    .description('Kiểm tra tệp sổ đơn vị: mã và tên không lặp, đơn vị cấp trên và kế thừa có trong sổ, không quay vòng')
    .argument('[tệp]', 'tệp sổ đơn vị (mặc định: KIEMTRA_UNITS hoặc data/units.yaml)')
    .action((file?: string) => {
      const registry = loadRegistry(file ? path.resolve(file) : undefined);
      const counts = Object.keys(UNIT_KINDS)
        .map((k) => [k, registry.units.filter((u) => u.kind === k && !u.successor).length] as const)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${n} ${UNIT_KINDS[k as UnitKind]}`);
      const merged = registry.units.filter((u) => u.successor).length;
      process.stdout.write(
        `Sổ đơn vị hợp lệ: ${registry.units.length - merged} đơn vị đang hoạt động (${counts.join(', ')})${merged ? `, ${merged} đã sáp nhập hoặc đổi tên` : ''}.\n`,
      );
    });

  units
    .command('import')
    .description('Nhập đơn vị từ bảng .csv hoặc .xlsx vào sổ: kiểm tra mọi dòng, chỉ ghi khi tất cả hợp lệ')
    .argument('<tệp>', 'bảng .csv hoặc .xlsx (trang tính đầu tiên)')
    .option('--registry <tệp>', 'tệp sổ đơn vị để ghi vào (mặc định: KIEMTRA_UNITS hoặc data/units.yaml)')
    .option('--dry-run', 'chỉ kiểm tra, không ghi')
    .addHelpText(
      'after',
      `\nCác cột (dòng đầu là tiêu đề): ${Object.values(IMPORT_COLUMNS)
        .map((c) => `"${c.header}"${c.required ? '' : ' (không bắt buộc)'}`)
        .join(
          ', ',
        )}.\nMã để trống thì lấy theo tên (không dấu). Loại: ${Object.values(UNIT_KINDS).join(', ')}. Nhiều email cách nhau bằng dấu chấm phẩy.\n\nVí dụ:\n  kiemtra units import don-vi.xlsx --dry-run`,
    )
    .action(async (file: string, o: { registry?: string; dryRun?: boolean }) => {
      const target = o.registry ? path.resolve(o.registry) : registryFile();
      const registry = loadRegistry(target);
      const { rows } = await readTableFile(file, 'bảng đơn vị');
      const result = importUnits(registry.units, rows);
      if (!result.ok) {
        const lines = result.problems.map((p) => `  ${p.row > 0 ? `dòng ${p.row}: ` : ''}${p.message}`);
        throw new UserFacingError(
          `${file}: ${result.problems.length} lỗi, không nhập đơn vị nào; sửa hết rồi chạy lại:\n${lines.join('\n')}`,
          ExitCode.badInput,
        );
      }
      const summary = `${result.added.length} đơn vị mới, ${result.updated.length} đơn vị cập nhật`;
      if (o.dryRun) {
        process.stdout.write(`Tệp hợp lệ: ${summary}. Chưa ghi (--dry-run).\n`);
        return;
      }
      const doc = parseDocument(fs.readFileSync(target, 'utf8'));
      const index = new Map(registry.units.map((u, i) => [u.id, i]));
      for (const u of result.updated) doc.setIn(['units', index.get(u.id)!], entryNode(doc, u));
      for (const u of result.added) doc.addIn(['units'], entryNode(doc, u));
      const tmp = `${target}.tmp`;
      fs.writeFileSync(tmp, doc.toString({ lineWidth: 0 }));
      fs.renameSync(tmp, target);
      process.stdout.write(`Đã ghi vào ${target}: ${summary}.\n`);
    });
}

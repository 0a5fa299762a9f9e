import type { Command } from 'commander';
import { CHECK_SYSTEMS } from '../../../domain/findings';
import { DOSSIER_COLUMNS, SAMPLE_GAP_TOLERANCE, type SampledDossier } from '../../../domain/dossier-sample';
import { displayLine as shown } from '../../../domain/safe-text';
import { STAGE_LABELS, type InspectionState } from '../../../workflows/inspection/contract';
import { actor } from '../args';
import { findingLines, sampleLine, sendUpdate, shownInspection, withCommon, type Common } from './inspection';

/* eslint-disable @typescript-eslint/no-require-imports -- the table library and exceljs load only for the command that uses them */
/*
 * The dossier review of Mục II.2.b: `kiemtra dossiers import` records the dossiers the team
 * checked, from its .xlsx or CSV file; `kiemtra dossiers list` shows them with the sample's findings.
 */

/** The sample's findings of a state, as `status` prints them. */
function sampleFindingLines(state: InspectionState): string[] {
  const findings = state.findings.filter((f) => f.source === 'sample');
  return findings.length ? ['Phát hiện từ kết quả kiểm tra hồ sơ:', ...findings.flatMap(findingLines)] : [];
}

const yesNo = (b: boolean | undefined, blank = '') => (b === undefined ? blank : b ? 'Có' : 'Không');

/** The dossiers as a table, one row each. */
function dossierTable(ds: readonly SampledDossier[]): string {
  const { compactTable } = require('../listing-table') as typeof import('../listing-table');
  const table = compactTable([
    'Mã hồ sơ',
    'Thủ tục',
    'Hệ thống',
    'Bộ phận',
    'Trực tuyến',
    'Giải quyết',
    'TT trực tuyến',
    'Số hóa',
    'KQ điện tử',
    'Xin lỗi',
  ]);
  for (const d of ds)
    table.push([
      shown(d.code),
      shown(d.procedure),
      CHECK_SYSTEMS[d.system],
      shown(d.division ?? ''),
      yesNo(d.online),
      d.lateDays ? `trễ ${d.lateDays} ngày` : 'đúng hạn',
      yesNo(d.paidOnline, 'không thu phí'),
      yesNo(d.digitised),
      yesNo(d.electronicResult),
      yesNo(d.apology),
    ]);
  return `${table.toString()}\n`;
}

/** Registers `kiemtra dossiers`. */
export function registerDossiers(program: Command): void {
  const dossiers = program.command('dossiers').description('Kết quả kiểm tra hồ sơ đã giải quyết tại đơn vị (Mục II.2.b của Kế hoạch)');
  withCommon(
    dossiers
      .command('import')
      .description('Ghi nhận các hồ sơ Đoàn đã kiểm tra, từ tệp .xlsx hoặc .csv; các số liệu trở thành phát hiện')
      .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
      .argument('<tệp>', 'tệp .xlsx (trang tính đầu tiên) hoặc .csv (UTF-8), một hồ sơ một dòng')
      .addHelpText(
        'after',
        [
          '',
          'Các cột (dòng tiêu đề trong 10 dòng đầu; không phân biệt hoa thường, dấu):',
          ...DOSSIER_COLUMNS.map((c) => `  ${c.header}${c.optional ? ' (không bắt buộc)' : ''}: ${c.values}`),
          `Tỷ lệ của mẫu chênh với số liệu đơn vị báo cáo quá ${SAMPLE_GAP_TOLERANCE} điểm phần trăm là một phát hiện.`,
          'Ví dụ:',
          '  kiemtra dossiers import "Sở Tài chính" ho-so-kiem-tra.xlsx --by "Nguyễn Văn A"',
        ].join('\n'),
      ),
  ).action(async (unit: string, file: string, o: Common) => {
    const { readDossierFile } = require('../../dossier-file') as typeof import('../../dossier-file');
    const read = await readDossierFile(file);
    const state = await sendUpdate(unit, o, 'recordDossierSample', { dossiers: read.dossiers, file: read.file, by: actor(o.by) });
    if (o.json) return void process.stdout.write(`${JSON.stringify(state, null, 2)}\n`);
    process.stdout.write(
      [
        `Đã ghi nhận ${read.dossiers.length} hồ sơ đã kiểm tra từ tệp ${shown(read.file.name)}: ${shown(state.config.unit.name)}. Giai đoạn: ${STAGE_LABELS[state.stage]}.`,
        sampleLine(state.dossierSample?.dossiers ?? []),
        ...sampleFindingLines(state),
        '',
      ].join('\n'),
    );
  });

  dossiers
    .command('list')
    .description('Các hồ sơ Đoàn đã kiểm tra tại một đơn vị, và các phát hiện từ đó')
    .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
    .option('--year <năm>', 'năm (mặc định: cuộc kiểm tra đang mở của đơn vị, nếu không thì cuộc gần nhất)')
    .option('--json', 'in JSON (các hồ sơ và các lần nhập)')
    .addHelpText('after', '\nVí dụ:\n  kiemtra dossiers list "Sở Tài chính"')
    .action(async (unit: string, o: { year?: string; json?: boolean }) => {
      const { found, note } = await shownInspection(unit, o.year);
      if (note) process.stderr.write(`${note}\n`);
      const s = found.state;
      const sample = s.dossierSample ?? { dossiers: [], imports: [] };
      if (o.json) return void process.stdout.write(`${JSON.stringify(sample, null, 2)}\n`);
      if (!sample.dossiers.length)
        return void process.stdout.write(`${shown(s.config.unit.name)}: chưa ghi nhận hồ sơ nào đã kiểm tra (kiemtra dossiers import).\n`);
      process.stdout.write(
        [
          `${shown(s.config.unit.name)}: ${sampleLine(sample.dossiers)}`,
          ...sample.imports.map(
            (i) =>
              `  - ${i.count} hồ sơ${i.file ? ` từ tệp ${shown(i.file.name)} (sha256 ${i.file.sha256.slice(0, 12)}…)` : ''}, ${shown(i.by)}`,
          ),
          dossierTable(sample.dossiers).trimEnd(),
          ...sampleFindingLines(s),
          '',
        ].join('\n'),
      );
    });
}

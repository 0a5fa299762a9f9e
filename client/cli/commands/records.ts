import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode, UserFacingError } from '../../../config/errors';
import { formatLocalDateTime } from '../../../domain/dates';
import { displayLine as shown } from '../../../domain/safe-text';
import { z } from '../../../domain/validation';
import { parseRoundArg } from '../args';

/* eslint-disable @typescript-eslint/no-require-imports -- the store and the zip library load only for these commands */
const records = () => ({
  ...(require('../../records/open') as typeof import('../../records/open')),
  ...(require('../../records/export') as typeof import('../../records/export')),
  ...(require('../../records/defects') as typeof import('../../records/defects')),
  ...(require('../../archive') as typeof import('../../archive')),
});

/** What a process is, in Vietnamese, for the listing. */
const TYPE_LABELS: Record<string, string> = {
  inspection: 'kiểm tra',
  selfInspection: 'tự kiểm tra',
  planTask: 'nhiệm vụ',
  periodicReport: 'báo cáo định kỳ',
  reportingPeriod: 'kỳ báo cáo',
  round: 'đợt kiểm tra',
};

/** The export folder: a non-empty path without control characters. */
const folderSchema = z
  .string()
  .trim()
  .min(1)
  .max(1000)
  .refine((s) => !/\p{Cc}/u.test(s), 'có ký tự điều khiển');

function parseFolder(v: string): string {
  const r = folderSchema.safeParse(v);
  if (!r.success) throw new InvalidArgumentError(`thư mục "${shown(v)}" không hợp lệ: ${r.error.issues[0]!.message}`);
  return path.resolve(r.data);
}

/** Opens the store named by KIEMTRA_RECORDS, runs `fn`, closes it. */
async function withStore<T>(fn: (store: import('../../records/store').RecordStore) => Promise<T>): Promise<T> {
  const store = await records().openRecordStore();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** `kiemtra records list|verify|export`: the record store of closed processes (docs/records.md). */
export function registerRecords(program: Command): void {
  const cmd = program
    .command('records')
    .description('Hồ sơ lưu trữ của các quy trình đã kết thúc: liệt kê, kiểm tra tính toàn vẹn, xuất ra thư mục hoặc tệp zip');

  cmd
    .command('list')
    .description('Liệt kê hồ sơ lưu trữ theo thứ tự ghi')
    .option('--round <mã_đợt>', 'chỉ các hồ sơ của một đợt kiểm tra', parseRoundArg)
    .option('--json', 'in JSON cho script')
    .action(async (o: { round?: string; json?: boolean }) => {
      const { entriesWithRound, CLOSED_STATUS_LABELS } = records();
      const rows = (await withStore(entriesWithRound)).filter((r) => o.round === undefined || r.round === o.round);
      if (o.json) {
        process.stdout.write(
          `${JSON.stringify(
            rows.map((r) => ({ ...r.entry, round: r.round ?? null })),
            null,
            2,
          )}\n`,
        );
        return;
      }
      const Table = require('cli-table3') as typeof import('cli-table3');
      const table = new Table({
        head: ['STT', 'Mã quy trình', 'Loại', 'Kết thúc', 'Lúc kết thúc', 'Đợt'],
        style: { head: [], border: [] },
      });
      for (const { entry: e, round } of rows) {
        table.push([
          String(e.seq),
          shown(e.workflowId),
          TYPE_LABELS[e.workflowType] ?? shown(e.workflowType),
          CLOSED_STATUS_LABELS[e.status],
          formatLocalDateTime(Date.parse(e.closeTime)),
          round ? shown(round) : '',
        ]);
      }
      process.stdout.write(`${table.toString()}\n${rows.length} hồ sơ lưu trữ${o.round ? ` của đợt ${o.round}` : ''}.\n`);
    });

  cmd
    .command('verify')
    .description('Kiểm tra mọi hồ sơ và chuỗi mã băm: mã thoát 0 khi nguyên vẹn, 1 khi có hồ sơ bị sửa hoặc bị xóa')
    .option('--json', 'in JSON cho script')
    .action(async (o: { json?: boolean }) => {
      const { describeDefect } = records();
      const { defects, entries } = await withStore(async (store) => ({ defects: await store.verify(), entries: await store.list() }));
      if (o.json)
        process.stdout.write(`${JSON.stringify({ records: entries.length, head: entries.at(-1)?.entryHash ?? null, defects }, null, 2)}\n`);
      else if (defects.length === 0) {
        process.stdout.write(
          `Kho hồ sơ lưu trữ nguyên vẹn: ${entries.length} hồ sơ${entries.length ? `; mã băm cuối chuỗi ${entries.at(-1)!.entryHash} (ghi lại để đối chiếu lần sau)` : ''}.\n`,
        );
      } else {
        process.stdout.write(
          `Kho hồ sơ lưu trữ KHÔNG nguyên vẹn: ${defects.length} lỗi.\n${defects.map((d) => `- ${describeDefect(d)}\n`).join('')}`,
        );
      }
      if (defects.length > 0) process.exitCode = ExitCode.failure;
    });

  cmd
    .command('export')
    .description('Xuất hồ sơ lưu trữ theo từng đợt: mỗi đợt một thư mục, hoặc một tệp zip với --zip')
    .argument('<thư_mục>', 'thư mục nhận (tạo nếu chưa có; không ghi đè)', parseFolder)
    .option('--round <mã_đợt>', 'chỉ một đợt kiểm tra', parseRoundArg)
    .option('--zip', 'mỗi đợt một tệp <mã_đợt>.zip')
    .action(async (folder: string, o: { round?: string; zip?: boolean }) => {
      const { exportRecords, ExportExists } = records();
      const written = await withStore((store) => exportRecords(store, folder, o)).catch((err: unknown) => {
        if (err instanceof ExportExists)
          throw new UserFacingError(`${shown(err.target)} đã có; chọn thư mục khác (không ghi đè).`, ExitCode.badInput);
        throw err;
      });
      if (written.length === 0) {
        throw new UserFacingError(`không có hồ sơ lưu trữ nào${o.round ? ` của đợt ${o.round}` : ''} để xuất.`, ExitCode.badInput);
      }
      for (const w of written) process.stdout.write(`${shown(w.path)}: ${w.records} hồ sơ\n`);
    });
}

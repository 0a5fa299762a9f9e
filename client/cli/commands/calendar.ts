import type { Command } from 'commander';
import { UserFacingError, ExitCode } from '../../../config/errors';
import { loadWorkingCalendar } from '../../../loaders/calendar';
import { CalendarRangeError, WorkingCalendar } from '../../../domain/calendar';
import { formatDateVi, type LocalDate } from '../../../domain/dates';
import { inspectionDeadlines, type Deadline } from '../../../domain/deadlines';
import { parseDateArg, parseIntArg, parseYearArg } from '../args';

/** Runs a calendar query, turning an out-of-range date into a bad-input error. */
function answer(fn: (cal: WorkingCalendar) => string): void {
  try {
    process.stdout.write(`${fn(loadWorkingCalendar())}\n`);
  } catch (err) {
    if (err instanceof CalendarRangeError || err instanceof RangeError) throw new UserFacingError(err.message, ExitCode.badInput);
    throw err;
  }
}

function describeDeadline(label: string, d: Deadline): string {
  const flag = d.provisional ? ' (tạm tính: năm chưa có lịch nghỉ chính thức)' : '';
  return `${label}: ${formatDateVi(d.date)}${flag}\n    Cách tính: ${d.rule}.\n    Căn cứ: ${d.basis}.`;
}

/** `kiemtra calendar …`: the Vietnamese working-day calendar. */
export function registerCalendar(program: Command): void {
  const cmd = program
    .command('calendar')
    .description('Lịch ngày làm việc của cơ quan nhà nước và các thời hạn theo quy định')
    .addHelpText(
      'after',
      `
Ví dụ:
  kiemtra calendar is-working-day 2026-02-16
  kiemtra calendar add-working-days 2026-02-13 1
  kiemtra calendar working-days-between 2026-02-13 2026-02-23
  kiemtra calendar deadlines --visit 2026-05-25 --end 2026-05-26
  kiemtra calendar year 2026`,
    );

  cmd
    .command('is-working-day')
    .description('In true nếu ngày là ngày làm việc, false nếu là ngày nghỉ')
    .argument('<ngày>', 'ngày dạng YYYY-MM-DD', parseDateArg)
    .action((date: LocalDate) => answer((cal) => String(cal.isWorkingDay(date))));

  cmd
    .command('add-working-days')
    .description('Ngày làm việc thứ N sau ngày đã cho (N âm: trước ngày đó; không tính chính ngày đó)')
    .argument('<ngày>', 'ngày dạng YYYY-MM-DD', parseDateArg)
    .argument('<N>', 'số ngày làm việc, có thể âm', parseIntArg)
    .action((date: LocalDate, n: number) => answer((cal) => cal.addWorkingDays(date, n)));

  cmd
    .command('working-days-between')
    .description('Số ngày làm việc d với từ_ngày < d ≤ đến_ngày')
    .argument('<từ_ngày>', 'ngày dạng YYYY-MM-DD', parseDateArg)
    .argument('<đến_ngày>', 'ngày dạng YYYY-MM-DD', parseDateArg)
    .action((from: LocalDate, to: LocalDate) => answer((cal) => String(cal.workingDaysBetween(from, to))));

  cmd
    .command('deadlines')
    .description('Các thời hạn của một cuộc kiểm tra: thông báo, báo cáo của đơn vị, kết luận')
    .requiredOption('--visit <ngày>', 'ngày làm việc đầu tiên của Đoàn kiểm tra', parseDateArg)
    .option('--end <ngày>', 'ngày làm việc cuối cùng (để tính hạn kết luận)', parseDateArg)
    .option('--surprise', 'kiểm tra đột xuất: không thông báo trước, không hạn báo cáo')
    .option('--json', 'in JSON cho script')
    .action((opts: { visit: LocalDate; end?: LocalDate; surprise?: boolean; json?: boolean }) =>
      answer((cal) => {
        if (opts.end && opts.end < opts.visit) {
          throw new UserFacingError(`ngày kết thúc ${opts.end} trước ngày bắt đầu ${opts.visit}.`, ExitCode.badInput);
        }
        for (const d of [opts.visit, opts.end]) {
          if (d && !cal.isWorkingDay(d)) {
            throw new UserFacingError(`${formatDateVi(d)} là ngày nghỉ; Đoàn kiểm tra chỉ làm việc vào ngày làm việc.`, ExitCode.badInput);
          }
        }
        const d = inspectionDeadlines(cal, { start: opts.visit, end: opts.end, surprise: opts.surprise });
        if (opts.json) {
          return JSON.stringify({
            ...(d.notice ? { noticeBy: d.notice.date } : {}),
            ...(d.report ? { reportBy: d.report.date } : {}),
            ...(d.conclusion ? { conclusionBy: d.conclusion.date } : {}),
          });
        }
        const lines = [
          `Đoàn kiểm tra làm việc: ${formatDateVi(opts.visit)}${opts.end && opts.end !== opts.visit ? ` đến ${formatDateVi(opts.end)}` : ''}` +
            (opts.surprise ? ' (kiểm tra đột xuất: không thông báo trước)' : ''),
        ];
        if (d.notice) lines.push(describeDeadline('Hạn gửi thông báo lịch kiểm tra', d.notice));
        if (d.report) lines.push(describeDeadline('Hạn đơn vị gửi báo cáo phục vụ kiểm tra', d.report));
        if (d.conclusion) lines.push(describeDeadline('Hạn ban hành kết luận kiểm tra', d.conclusion));
        return lines.join('\n');
      }),
    );

  cmd
    .command('year')
    .description('Ngày nghỉ và ngày làm bù của một năm, kèm căn cứ')
    .argument('<năm>', 'năm, ví dụ 2026', parseYearArg)
    .option('--json', 'in JSON cho script')
    .action((year: number, opts: { json?: boolean }) =>
      answer((cal) => {
        const y = cal.year(year);
        if (opts.json) return JSON.stringify(y, null, 2);
        const row = (e: { date: LocalDate; name: string; basis: string }) => `  ${formatDateVi(e.date).padEnd(22)} ${e.name} (${e.basis})`;
        return [
          `Năm ${y.year}: ${y.provisional ? 'TẠM TÍNH, chưa có lịch nghỉ chính thức' : 'lịch nghỉ chính thức'}`,
          `Nguồn: ${y.source}`,
          'Ngày nghỉ rơi vào ngày thường:',
          ...y.daysOff.map(row),
          'Ngày làm bù (làm việc vào cuối tuần):',
          ...(y.makeUpWorkingDays.length ? y.makeUpWorkingDays.map(row) : ['  (không có)']),
          ...y.notes.map((n) => `Ghi chú: ${n}`),
        ].join('\n');
      }),
    );
}

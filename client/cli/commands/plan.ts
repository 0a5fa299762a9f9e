import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseDocument } from 'yaml';
import { ExitCode, UserFacingError } from '../../../config/errors';
import { loadWorkingCalendar } from '../../../loaders/calendar';
import { dateInText, formatDateVi, localDateOf } from '../../../domain/dates';
import { checkPlan, proposeVisits } from '../../../domain/plan';
import { teamWarnings } from '../../../domain/team';
import { documentsWarnings } from '../../../domain/document-life';
import { roundDocumentsWarnings } from '../../../domain/round-documents';
import { describeProblem, loadPlan } from '../../../loaders/plan';

/** Today in Hải Phòng, or KIEMTRA_TODAY (for scripted checks). */
export function today(): string {
  return process.env.KIEMTRA_TODAY ?? localDateOf(Date.now());
}

/** `kiemtra plan check|propose`. */
export function registerPlan(program: Command): void {
  const plan = program.command('plan').description('Kiểm tra và đề xuất lịch trong tệp kế hoạch (YAML)');

  plan
    .command('check')
    .description('Kiểm tra tệp kế hoạch và mọi ngày theo lịch làm việc; in các thời hạn của từng đơn vị')
    .argument('<tệp>', 'tệp kế hoạch, ví dụ plans/haiphong-2026.yaml')
    .option('--json', 'in JSON cho script')
    .addHelpText('after', '\nVí dụ:\n  kiemtra plan check plans/haiphong-2026.yaml')
    .action((file: string, opts: { json?: boolean }) => {
      const loaded = loadPlan(file);
      const cal = loadWorkingCalendar();
      const { problems, schedule } = checkPlan(loaded.plan, cal, today());
      const warnings = [
        ...teamWarnings(loaded.plan.team, loaded.plan.decisions),
        ...documentsWarnings(loaded.plan.documents),
        ...roundDocumentsWarnings(loaded.plan.documents),
      ].map((w) => describeProblem(loaded, w));
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ problems: problems.map((p) => describeProblem(loaded, p)), warnings, schedule }, null, 2)}\n`,
        );
      } else {
        const withVisit = schedule.filter((s) => s.visit);
        process.stdout.write(
          `Kế hoạch ${loaded.plan.round}: ${loaded.plan.units.length} đơn vị được kiểm tra, ${withVisit.length} đã có lịch; ${loaded.plan.selfInspection?.units.length ?? 0} đơn vị tự kiểm tra.\n`,
        );
        for (const s of schedule) {
          if (!s.visit) {
            process.stdout.write(`- ${s.unit}: chưa có lịch làm việc\n`);
            continue;
          }
          const d = s.deadlines;
          const parts = [
            `làm việc ${formatDateVi(s.visit.start)}${s.visit.end !== s.visit.start ? ` – ${formatDateVi(s.visit.end)}` : ''}${s.type === 'surprise' ? ' (đột xuất)' : ''}`,
            d.notice ? `thông báo chậm nhất ${dateInText(d.notice.date)}` : undefined,
            d.report ? `báo cáo chậm nhất ${dateInText(d.report.date)}` : undefined,
            d.conclusion ? `kết luận chậm nhất ${dateInText(d.conclusion.date)}` : undefined,
            s.imported ? `đang ở giai đoạn ${s.imported} (nhập từ trước)` : undefined,
          ].filter(Boolean);
          process.stdout.write(`- ${s.unit}: ${parts.join('; ')}\n`);
        }
        for (const w of warnings) process.stderr.write(`Cảnh báo: ${w}\n`);
        for (const p of problems) process.stderr.write(`Lỗi: ${describeProblem(loaded, p)}\n`);
      }
      if (problems.length > 0) process.exitCode = ExitCode.badInput;
    });

  plan
    .command('propose')
    .description('Đề xuất lịch làm việc cho các đơn vị chưa có lịch; ghi ra tệp mới, không ghi đè')
    .argument('<tệp>', 'tệp kế hoạch')
    .option('-o, --out <tệp>', 'tệp kết quả (mặc định: <tên>.proposed.yaml)')
    .addHelpText('after', '\nVí dụ:\n  kiemtra plan propose plans/haiphong-2026.yaml -o plans/haiphong-2026.lich.yaml')
    .action((file: string, opts: { out?: string }) => {
      const loaded = loadPlan(file);
      const cal = loadWorkingCalendar();
      const out = opts.out ?? file.replace(/(\.ya?ml)?$/, '.proposed.yaml');
      if (path.resolve(out) === path.resolve(file))
        throw new UserFacingError('tệp kết quả trùng tệp kế hoạch; hãy chọn tên khác với -o.', ExitCode.badInput);
      if (fs.existsSync(out))
        throw new UserFacingError(`tệp ${out} đã tồn tại; không ghi đè. Hãy xóa nó hoặc chọn tên khác với -o.`, ExitCode.badInput);
      const { proposed, unplaced } = proposeVisits(loaded.plan, cal, today());
      if (unplaced.length > 0 && proposed.size === 0) {
        throw new UserFacingError(
          `không xếp được lịch nào trong thời gian ${formatDateVi(loaded.plan.window.from)} – ${formatDateVi(loaded.plan.window.to)} (cần thông báo trước ${7} ngày làm việc); hãy mở rộng window.to.`,
          ExitCode.badInput,
        );
      }
      const doc = parseDocument(fs.readFileSync(file, 'utf8'));
      loaded.plan.units.forEach((u, i) => {
        const v = proposed.get(u.name);
        if (v) doc.setIn(['units', i, 'visit'], doc.createNode({ start: v.start, end: v.end }, { flow: true }));
      });
      fs.writeFileSync(out, doc.toString({ lineWidth: 0 }));
      for (const [unit, v] of proposed) process.stdout.write(`- ${unit}: ${formatDateVi(v.start)} – ${formatDateVi(v.end)}\n`);
      if (unplaced.length) process.stderr.write(`Chưa xếp được lịch cho ${unplaced.length} đơn vị: ${unplaced.join(', ')}\n`);
      process.stdout.write(`Đã ghi ${proposed.size} lịch đề xuất vào ${out}\n`);
    });
}

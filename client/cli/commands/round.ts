import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, UserFacingError } from '../../../config/errors';
import { loadWorkingCalendar } from '../../../loaders/calendar';
import { formatDateVi, localDateOf } from '../../../domain/dates';
import { displayLine as shown } from '../../../domain/safe-text';
import { ROUND_ID_PATTERN } from '../../../domain/validation';
import { checkPlan } from '../../../domain/plan';
import { assertNoProblems, loadPlan } from '../../../loaders/plan';
import { parseDateArg } from '../args';
import { today } from './plan';

/* eslint-disable @typescript-eslint/no-require-imports -- Temporal's client loads only for these commands */
const temporal = () => ({
  ...(require('../../connect') as typeof import('../../connect')),
  ...(require('../../../workflows/round/contract') as typeof import('../../../workflows/round/contract')),
  ...(require('../../rounds') as typeof import('../../rounds')),
});

const roundId = (v: string) => {
  if (!ROUND_ID_PATTERN.test(v)) throw new UserFacingError(`mã đợt "${v}" không hợp lệ.`, ExitCode.badInput);
  return v;
};

/** `kiemtra round start|status|summary`. */
export function registerRound(program: Command): void {
  const round = program.command('round').description('Một đợt kiểm tra: khởi động theo kế hoạch, theo dõi, báo cáo tổng hợp');

  round
    .command('start')
    .description('Khởi động đợt kiểm tra theo tệp kế hoạch; chạy lại không khởi động gì hai lần')
    .argument('<tệp>', 'tệp kế hoạch đã có lịch làm việc của mọi đơn vị')
    .option('--json', 'in JSON')
    .addHelpText(
      'after',
      '\nVí dụ:\n  kiemtra plan propose plans/haiphong-2026.yaml -o plans/haiphong-2026.lich.yaml\n  kiemtra round start plans/haiphong-2026.lich.yaml',
    )
    .action(async (file: string, o: { json?: boolean }) => {
      const loaded = loadPlan(file);
      const { problems } = checkPlan(loaded.plan, loadWorkingCalendar(), today());
      const { withClient, roundInputFromPlan, roundWorkflowId, progressQuery, addUnits, executeUpdateRetrying } = temporal();
      const input = roundInputFromPlan(loaded.plan);
      const { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } =
        require('@temporalio/client') as typeof import('@temporalio/client');
      const { ROUND_WORKFLOW: roundWorkflow } =
        require('../../../workflows/round/contract') as typeof import('../../../workflows/round/contract');
      const { inspectionStart, selfInspectionStart } =
        require('../../../workflows/child-starts') as typeof import('../../../workflows/child-starts');
      // A plan with problems is refused before anything starts, unless they are all the units'
      // a round under way already has (their notice may be long past): the round decides below.
      if (problems.length > 0) {
        const underWay = await withClient((client) => client.workflow.getHandle(roundWorkflowId(input.round)).query(progressQuery)).catch(
          () => undefined,
        );
        if (!underWay) assertNoProblems(loaded, problems);
      }
      const result = await withClient(async (client, settings) => {
        const id = roundWorkflowId(input.round);
        const handle = client.workflow.getHandle(id);
        const existing = await handle.query(progressQuery).catch((err: unknown) => {
          if (err instanceof WorkflowNotFoundError) return undefined;
          throw err;
        });
        let fresh = false;
        let added: string[] = [];
        const moved: { unit: string; from: { start: string; end: string }; to: { start: string; end: string } }[] = [];
        if (!existing) {
          assertNoProblems(loaded, problems);
          try {
            await client.workflow.start(roundWorkflow, {
              taskQueue: settings.taskQueue,
              workflowId: id,
              args: [input],
              staticSummary: `Đợt kiểm tra ${input.round}: ${input.inspections.length} đơn vị, ${input.selfInspections.length} đơn vị tự kiểm tra`,
            });
            fresh = true;
          } catch (err) {
            if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          }
        } else {
          // The plan may have grown since the round started: add the new units, list those whose days changed.
          const known = new Map(existing.children.map((c) => [c.workflowId, c]));
          const inspections = input.inspections.filter((i) => !known.has(inspectionStart(i).workflowId));
          const selfInspections = input.selfInspections.filter((s) => !known.has(selfInspectionStart(s).workflowId));
          const newUnits = new Set([...inspections, ...selfInspections].map((u) => u.unit.name));
          assertNoProblems(
            loaded,
            problems.filter((p) => p.unit !== undefined && newUnits.has(p.unit)),
          );
          for (const i of input.inspections) {
            const child = known.get(inspectionStart(i).workflowId);
            if (child?.visit && (child.visit.start !== i.visit.start || child.visit.end !== i.visit.end))
              moved.push({ unit: i.unit.name, from: child.visit, to: i.visit });
          }
          if (newUnits.size > 0) {
            const { status } = await handle.describe();
            if (status.name !== 'RUNNING')
              throw new UserFacingError(
                `đợt ${input.round} đã kết thúc; không bổ sung được ${newUnits.size} đơn vị mới (${[...newUnits].join(', ')}). Hãy lập một đợt mới cho các đơn vị này.`,
                ExitCode.badInput,
              );
            const { actor } = require('../args') as typeof import('../args');
            // One id for the same additions, so a retry after a lost answer adds nothing twice.
            const { createHash } = require('node:crypto') as typeof import('node:crypto');
            const updateId = `addUnits-${createHash('sha256')
              .update([...newUnits].sort().join('\n'))
              .digest('hex')
              .slice(0, 32)}`;
            added = (await executeUpdateRetrying(handle, addUnits, { inspections, selfInspections, by: actor(undefined) }, { updateId }))
              .added;
          }
        }
        const Progress = require('cli-progress') as typeof import('cli-progress');
        const bar =
          o.json || !process.stderr.isTTY
            ? undefined
            : new Progress.SingleBar(
                { format: 'Khởi động {bar} {value}/{total} quy trình', stream: process.stderr },
                Progress.Presets.shades_classic,
              );
        let progress = await handle.query(progressQuery);
        bar?.start(progress.total, progress.started);
        const deadline = Date.now() + 10 * 60_000;
        while (progress.started < progress.total) {
          if (Date.now() > deadline)
            throw new UserFacingError('đợt kiểm tra chưa khởi động xong sau 10 phút; worker có đang chạy không?', ExitCode.failure);
          await new Promise((r) => setTimeout(r, 300));
          progress = await handle.query(progressQuery);
          bar?.update(progress.started);
        }
        bar?.stop();
        return { fresh, progress, added, moved };
      });
      const started = result.progress.children.filter((c) => c.status === 'started').length;
      if (o.json) {
        process.stdout.write(
          `${JSON.stringify(
            {
              round: input.round,
              created: result.fresh,
              started: result.fresh ? started : result.added.length,
              total: result.progress.total,
              added: result.added,
              rescheduleNeeded: result.moved,
            },
            null,
            2,
          )}\n`,
        );
        return;
      }
      process.stdout.write(
        result.fresh
          ? `Đã khởi động đợt ${shown(loaded.plan.title)} (mã đợt ${input.round}): ${input.inspections.length} cuộc kiểm tra và ${input.selfInspections.length} đơn vị tự kiểm tra (${started} quy trình mới).\n`
          : result.added.length
            ? `Đợt ${shown(loaded.plan.title)} (mã đợt ${input.round}) đã được khởi động trước đó: bổ sung ${result.added.length} đơn vị mới trong kế hoạch (${result.added.map(shown).join(', ')}); các quy trình đã có giữ nguyên.\n`
            : `Đợt ${shown(loaded.plan.title)} (mã đợt ${input.round}) đã được khởi động trước đó: không khởi động lại quy trình nào. ${result.progress.finished}/${result.progress.total} quy trình đã kết thúc.\n`,
      );
      for (const m of result.moved)
        process.stdout.write(
          `Lịch của ${shown(m.unit)} trong kế hoạch (${formatDateVi(m.to.start)} – ${formatDateVi(m.to.end)}) khác lịch đang theo dõi (${formatDateVi(m.from.start)} – ${formatDateVi(m.from.end)}): điều chỉnh bằng kiemtra reschedule "${shown(m.unit)}" --start ${m.to.start} --end ${m.to.end} --reason "…".\n`,
        );
      // The round's own documents are drafted from the plan on demand (docs/documents-life.md).
      if (result.fresh && loaded.plan.documents)
        process.stdout.write(
          `Lập dự thảo Quyết định thành lập Đoàn kiểm tra từ kế hoạch: kiemtra documents round ${input.round} decision draft; Báo cáo kết quả kiểm tra: kiemtra documents round ${input.round} report draft.\n`,
        );
    });

  round
    .command('surprise')
    .description(
      'Kiểm tra đột xuất một đơn vị trong sổ đơn vị, ngoài danh sách của kế hoạch (Mục II.2.a): không thông báo trước, không hạn báo cáo; theo quy tắc lịch của đợt',
    )
    .argument('<tệp>', 'tệp kế hoạch của đợt đã khởi động')
    .argument('<đơn_vị>', 'tên hoặc mã đơn vị trong sổ đơn vị')
    .requiredOption('--start <ngày>', 'ngày bắt đầu làm việc (YYYY-MM-DD)', parseDateArg)
    .requiredOption('--end <ngày>', 'ngày kết thúc làm việc (YYYY-MM-DD)', parseDateArg)
    .option('--by <người>', 'người thực hiện (mặc định: KIEMTRA_ACTOR hoặc tên đăng nhập)')
    .option('--json', 'in JSON')
    .addHelpText(
      'after',
      '\nVí dụ:\n  kiemtra round surprise plans/haiphong-2026.lich.yaml "UBND xã An Hải" --start 2026-12-10 --end 2026-12-10',
    )
    .action(async (file: string, typed: string, o: { start: string; end: string; by?: string; json?: boolean }) => {
      const loaded = loadPlan(file);
      const { loadRegistry } = require('../../../loaders/units') as typeof import('../../../loaders/units');
      const { findUnit, levelOf } = require('../../../domain/unit-registry') as typeof import('../../../domain/unit-registry');
      const { slugify } = require('../../../domain/slug') as typeof import('../../../domain/slug');
      const found = findUnit(loadRegistry(), typed);
      if (!found.found)
        throw new UserFacingError(
          `không có đơn vị "${shown(typed)}" trong sổ đơn vị.${found.closest.length ? ` Có phải: ${found.closest.map((n) => `"${shown(n)}"`).join(', ')}?` : ''}`,
          ExitCode.badInput,
        );
      const unit = found.found;
      if (loaded.plan.units.some((u) => slugify(u.name) === slugify(unit.name)))
        throw new UserFacingError(
          `${shown(unit.name)} đã có trong danh sách kiểm tra của kế hoạch; đổi lịch bằng kiemtra reschedule, không kiểm tra đột xuất.`,
          ExitCode.badInput,
        );
      const cal = loadWorkingCalendar();
      if (o.end < o.start) throw new UserFacingError('ngày kết thúc trước ngày bắt đầu.', ExitCode.badInput);
      for (const d of [o.start, o.end])
        if (!cal.isWorkingDay(d)) throw new UserFacingError(`${formatDateVi(d)} là ngày nghỉ; chọn ngày làm việc.`, ExitCode.badInput);
      if (o.start < today()) throw new UserFacingError(`ngày bắt đầu ${formatDateVi(o.start)} đã qua.`, ExitCode.badInput);
      const { withClient, roundWorkflowId, addUnits, executeUpdateRetrying, inspectionInputFor } = temporal();
      const { actor } = require('../args') as typeof import('../args');
      const input = inspectionInputFor(loaded.plan, {
        name: unit.name,
        kind: levelOf(unit.kind),
        emails: [...unit.emails],
        type: 'surprise',
        visit: { start: o.start, end: o.end },
      });
      const result = await withClient((client) =>
        executeUpdateRetrying(
          client.workflow.getHandle(roundWorkflowId(loaded.plan.round)),
          addUnits,
          { inspections: [input], selfInspections: [], by: actor(o.by) },
          { updateId: `addUnits-surprise-${loaded.plan.round}-${slugify(unit.name)}-${o.start}` },
        ),
      );
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ round: loaded.plan.round, added: result.added, visit: input.visit }, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `Đã bổ sung vào đợt ${loaded.plan.round} cuộc kiểm tra đột xuất tại ${shown(unit.name)}, làm việc ${formatDateVi(o.start)}${o.end !== o.start ? ` – ${formatDateVi(o.end)}` : ''} (không thông báo trước).\n`,
      );
    });

  round
    .command('status')
    .description(
      'Bảng điều phối của một đợt: số lượng theo giai đoạn, việc quá hạn và ai cần làm, lịch làm việc tuần này và tuần sau, báo cáo đang chờ',
    )
    .argument('<mã_đợt>', 'ví dụ haiphong-2026', roundId)
    .option('--json', 'in JSON (cùng nội dung)')
    .action(async (id: string, o: { json?: boolean }) => {
      const { roundDashboard, dashboardText } = require('../dashboard') as typeof import('../dashboard');
      const board = roundDashboard(await roundData(id), localDateOf(Date.now()));
      process.stdout.write(o.json ? `${JSON.stringify(board, null, 2)}\n` : dashboardText(board));
    });

  round
    .command('timeline')
    .description('Trang HTML (một tệp, xem không cần mạng) thể hiện tiến độ của cả đợt')
    .argument('<mã_đợt>', 'ví dụ haiphong-2026', roundId)
    .option('-o, --out <tệp>', 'tệp HTML kết quả (mặc định: <mã_đợt>-timeline.html)')
    .addHelpText('after', '\nVí dụ:\n  kiemtra round timeline haiphong-2026 -o tien-do.html')
    .action(async (id: string, o: { out?: string }) => {
      const { timelineHtml } = require('../timeline') as typeof import('../timeline');
      const data = await roundData(id);
      const out = o.out ?? `${id}-timeline.html`;
      fs.writeFileSync(out, timelineHtml(data, localDateOf(Date.now())));
      process.stdout.write(`${out}\n`);
    });

  round
    .command('summary')
    .description('Báo cáo tổng hợp gửi Chủ tịch UBND thành phố: Markdown và .docx')
    .argument('<mã_đợt>', 'ví dụ haiphong-2026', roundId)
    .option('-o, --out <thư_mục>', 'thư mục ghi <mã_đợt>.md và <mã_đợt>.docx', '.')
    .option('--json', 'in số liệu JSON thay vì ghi tệp')
    .action(async (id: string, o: { out: string; json?: boolean }) => {
      const { roundFigures } = temporal();
      const { summaryDocx, summaryMarkdown } = require('../summary') as typeof import('../summary');
      const data = await roundData(id);
      if (o.json) {
        process.stdout.write(`${JSON.stringify(roundFigures(data), null, 2)}\n`);
        return;
      }
      fs.mkdirSync(o.out, { recursive: true });
      const md = path.join(o.out, `${id}.md`);
      const doc = path.join(o.out, `${id}.docx`);
      fs.writeFileSync(md, summaryMarkdown(data));
      fs.writeFileSync(doc, await summaryDocx(data));
      process.stdout.write(`${md}\n${doc}\n`);
    });

  round
    .command('workbook')
    .description('Bảng tính Excel (.xlsx) của đợt: đơn vị × chỉ tiêu, phát hiện, kiến nghị, tự kiểm tra')
    .argument('<mã_đợt>', 'ví dụ haiphong-2026', roundId)
    .option('-o, --out <tệp>', 'tệp .xlsx ghi ra (mặc định: <mã_đợt>.xlsx)')
    .action(async (id: string, o: { out?: string }) => {
      const out = o.out ?? `${id}.xlsx`;
      if (!/\.xlsx$/iu.test(out)) throw new UserFacingError(`tệp ghi ra phải có đuôi .xlsx: ${shown(out)}.`, ExitCode.badInput);
      const { roundWorkbook } = require('../../round-workbook') as typeof import('../../round-workbook');
      const data = await roundData(id);
      fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      fs.writeFileSync(out, await roundWorkbook(data));
      process.stdout.write(
        `Đã ghi bảng tính của đợt ${id} (${data.inspections.length} đơn vị được kiểm tra, ${data.selfInspections.length} đơn vị tự kiểm tra): ${shown(out)}\n`,
      );
    });
}

/** The round's data as of today; a round with no workflow is a bad round id. */
async function roundData(id: string): Promise<import('../../rounds').RoundData> {
  const { withClient, findRoundData } = temporal();
  const { LazyRecords } = require('../../archive') as typeof import('../../archive');
  const { sourceNotes } = require('../summary') as typeof import('../summary');
  const records = new LazyRecords();
  const data = await withClient((client) => findRoundData(client, id, localDateOf(Date.now()), records)).finally(() => records.close());
  for (const note of sourceNotes(data)) process.stderr.write(`${note}\n`);
  if (data.inspections.length === 0 && data.selfInspections.length === 0)
    throw new UserFacingError(`không có cuộc kiểm tra nào thuộc đợt ${id}.`, ExitCode.badInput);
  return data;
}

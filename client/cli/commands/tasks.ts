import path from 'node:path';
import type { Command } from 'commander';
import { plansDir } from '../../../loaders/targets';
import { dateInText, formatDate, formatDateVi, localDateOf, type LocalDate } from '../../../domain/dates';
import { displayLine as shown, quotedLines } from '../../../domain/safe-text';
import { isDated, type PlanTask, type TaskDeadline } from '../../../domain/task-plan';
import { loadTaskPlan } from '../../../loaders/task-plan';
import { planTaskWorkflowId } from '../../../workflows/ids';
import { PLAN_TASK_STATUS_LABELS, planTaskStatusLabel, type PlanTaskState } from '../../../workflows/plan-task/contract';
import { actor, parseDateArg, parseRoundArg, updateIdOf, withSubmissionId, yearOption } from '../args';
/* eslint-disable @typescript-eslint/no-require-imports -- Temporal's client loads only for commands that talk to it */
const temporal = () => ({
  ...(require('../../connect') as typeof import('../../connect')),
  ...(require('../../listing') as typeof import('../../listing')),
  ...(require('../../../workflows/plan-task/contract') as typeof import('../../../workflows/plan-task/contract')),
});

/** A task's content cut to one line of a table. */
const shortTitle = (content: string) => {
  const line = shown(content.replace(/\s+/g, ' '));
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
};

/**
 * The tasks of a yearly plan by their workflow id, from its file in the plans folder (the search
 * attributes carry no number or title): number, content, place in the plan. Empty when the file
 * cannot be read; the list then shows workflow ids.
 */
function tasksOfPlan(plan: string): Map<string, { taskId: string; title: string; order: number }> {
  const file = path.join(plansDir(), `${plan}.yaml`);
  try {
    const loaded = loadTaskPlan(file);
    return new Map(loaded.tasks.map((t, order) => [planTaskWorkflowId(plan, t.id), { taskId: t.id, title: t.content, order }]));
  } catch {
    return new Map();
  }
}

/** The plan a task belongs to: --plan, else kstthc-<this year>. */
const planOf = (plan?: string) => plan ?? `kstthc-${yearOption()}`;

function done(s: PlanTaskState, what: string): string {
  return `${what}: nhiệm vụ ${s.taskId}, ${s.status === 'task_open' ? `hạn ${dateInText(s.deadline!.date)}` : PLAN_TASK_STATUS_LABELS[s.status]}.\n`;
}

/* `kiemtra tasks`: the yearly plan's task table (seed 004) as tracked obligations. */

/** A normalised deadline in Vietnamese. */
export function deadlineText(d: Pick<PlanTask['deadline'], 'kind' | 'date' | 'from' | 'quarter' | 'by'>): string {
  const k = d as TaskDeadline;
  switch (k.kind) {
    case 'date':
      return `chậm nhất ${formatDate(k.date)}`;
    case 'quarter':
      return `quý ${['I', 'II', 'III', 'IV'][k.quarter - 1]} (đến ${formatDate(k.date)})`;
    case 'from':
      return `từ ${formatDate(k.date)}`;
    case 'range':
      return `${formatDate(k.from)} – ${formatDate(k.date)}`;
    case 'ongoing':
      return 'thường xuyên (theo dõi qua báo cáo định kỳ)';
    case 'external':
      return `theo lộ trình, hướng dẫn ${k.by}`;
  }
}

/** Registers `kiemtra tasks check|start|list|status|done|extend|cancel`. */
export function registerTasks(program: Command): void {
  const tasks = program.command('tasks').description('Nhiệm vụ và chỉ tiêu của Kế hoạch kiểm soát TTHC năm (tệp YAML)');

  tasks
    .command('check')
    .description('Kiểm tra tệp kế hoạch kiểm soát TTHC; liệt kê nhiệm vụ, thời hạn và chỉ tiêu')
    .argument('<tệp>', 'ví dụ plans/kstthc-2026.yaml')
    .option('--json', 'in một đối tượng JSON: tasks và targets')
    .addHelpText('after', '\nVí dụ:\n  kiemtra tasks check plans/kstthc-2026.yaml --json')
    .action((file: string, o: { json?: boolean }) => {
      const plan = loadTaskPlan(file);
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ id: plan.id, year: plan.year, tasks: plan.tasks, targets: plan.targets }, null, 2)}\n`);
        return;
      }
      const dated = plan.tasks.filter(isDated);
      const lines = [`${plan.title}: ${plan.tasks.length} nhiệm vụ (${dated.length} có thời hạn), ${plan.targets.length} chỉ tiêu.`, ''];
      for (const t of plan.tasks) {
        lines.push(`${t.id}. ${t.content.length > 110 ? `${t.content.slice(0, 107)}…` : t.content}`);
        lines.push(`    Chủ trì: ${t.lead.join('; ')}. Thời hạn: ${deadlineText(t.deadline)}.`);
      }
      lines.push(
        '',
        'Chỉ tiêu năm:',
        ...plan.targets.map(
          (g) => `  - ${g.label}: ${g.comparison === '>=' && g.value < 100 ? 'tối thiểu ' : 'đạt '}${g.value}${g.unit} (${g.task})`,
        ),
      );
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  tasks
    .command('start')
    .description('Bắt đầu theo dõi mọi nhiệm vụ có thời hạn của kế hoạch (chạy lại không tạo trùng)')
    .argument('<tệp>', 'ví dụ plans/kstthc-2026.yaml')
    .option('--json', 'in JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      const plan = loadTaskPlan(file);
      const { withClient, PLAN_TASK_TYPE, planTaskStartOptions } = temporal();
      const { planTaskInputs } = require('../../tasks') as typeof import('../../tasks');
      const { WorkflowExecutionAlreadyStartedError } = require('@temporalio/client') as typeof import('@temporalio/client');
      const inputs = planTaskInputs(plan);
      const started = await withClient(async (client, settings) => {
        let n = 0;
        for (const input of inputs) {
          try {
            await client.workflow.start(PLAN_TASK_TYPE, planTaskStartOptions(input, settings.taskQueue));
            n++;
          } catch (err) {
            if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          }
        }
        return n;
      });
      const result = {
        plan: plan.id,
        dated: inputs.length,
        started,
        alreadyRunning: inputs.length - started,
        ongoing: plan.tasks.length - inputs.length,
      };
      process.stdout.write(
        o.json
          ? `${JSON.stringify(result, null, 2)}\n`
          : `Kế hoạch ${plan.id}: ${started} nhiệm vụ bắt đầu theo dõi, ${result.alreadyRunning} đã được theo dõi từ trước; ${result.ongoing} nhiệm vụ thường xuyên hoặc không có hạn theo dõi qua báo cáo định kỳ.\n`,
      );
    });

  tasks
    .command('list')
    .description('Danh sách nhiệm vụ đang theo dõi (tìm theo search attribute)')
    .option('--plan <mã>', 'mã kế hoạch (mặc định kstthc-<năm nay>)', parseRoundArg)
    .option('--overdue', 'chỉ nhiệm vụ quá hạn')
    .option('--json', 'in JSON')
    .action(async (o: { plan?: string; overdue?: boolean; json?: boolean }) => {
      const { withClient } = temporal();
      const query = [
        `WorkflowType = 'planTask'`,
        `InspectionRound = '${planOf(o.plan)}'`,
        o.overdue ? 'InspectionOverdue = true' : undefined,
      ]
        .filter(Boolean)
        .join(' AND ');
      const rows = await withClient(async (client) => {
        const { SA } = require('../../../workflows/search-attributes') as typeof import('../../../workflows/search-attributes');
        const out = [];
        for await (const wf of client.workflow.list({ query })) {
          const sa = wf.typedSearchAttributes;
          out.push({
            workflowId: wf.workflowId,
            lead: sa.get(SA.unit) ?? '',
            status: sa.get(SA.stage) ?? '',
            due: sa.get(SA.nextDeadline),
            overdue: sa.get(SA.overdue) === true,
          });
        }
        return out;
      });
      const plan = planOf(o.plan);
      const known = tasksOfPlan(plan);
      const listed = rows
        .map((r) => {
          const t = known.get(r.workflowId);
          return { ...r, taskId: t?.taskId, title: t?.title, order: t?.order ?? Number.MAX_SAFE_INTEGER };
        })
        .sort((a, b) => a.order - b.order || a.workflowId.localeCompare(b.workflowId))
        .map(({ order: _order, ...r }) => r);
      if (o.json) {
        process.stdout.write(`${JSON.stringify(listed, null, 2)}\n`);
        return;
      }
      const { compactTable } = require('../listing-table') as typeof import('../listing-table');
      const table = compactTable(['Số', 'Nhiệm vụ', 'Trạng thái', 'Hạn', 'Quá hạn', 'Chủ trì']);
      for (const r of listed)
        table.push([
          r.taskId ?? shown(r.workflowId),
          r.title ? shortTitle(r.title) : '',
          planTaskStatusLabel(r.status),
          r.due ? formatDate(localDateOf(r.due)) : '',
          r.overdue ? 'CÓ' : '',
          shown(r.lead),
        ]);
      const missing = known.size === 0 ? `\n(không đọc được ${plan}.yaml trong ${plansDir()} nên không có tên nhiệm vụ)` : '';
      process.stdout.write(`${table.toString()}\n${listed.length} nhiệm vụ của kế hoạch ${plan}${missing}\n`);
    });

  tasks
    .command('status')
    .description('Tình hình một nhiệm vụ')
    .argument('<mã_nhiệm_vụ>', 'ví dụ I.2 hoặc II.2.d')
    .option('--plan <mã>', 'mã kế hoạch (mặc định kstthc-<năm nay>)', parseRoundArg)
    .option('--json', 'in JSON')
    .action(async (id: string, o: { plan?: string; json?: boolean }) => {
      const { withClient, planTaskStateQuery } = temporal();
      const s = await withClient((client) => client.workflow.getHandle(planTaskWorkflowId(planOf(o.plan), id)).query(planTaskStateQuery));
      if (o.json) {
        process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
        return;
      }
      const lines = [
        `Nhiệm vụ ${s.taskId}: ${PLAN_TASK_STATUS_LABELS[s.status]}${s.overdue ? ' (QUÁ HẠN)' : ''}`,
        ...(s.content.includes('\n') ? quotedLines(s.content, '  ') : [shown(s.content)]),
        `Chủ trì: ${shown(s.lead.join('; '))}`,
        `Thời hạn: ${formatDateVi(s.deadline!.date)}${s.extensions.length ? ` (gia hạn ${s.extensions.length} lần)` : ''}`,
        ...(s.product
          ? [
              `Sản phẩm: ${shown(s.product.document)}, ${dateInText(s.product.signedOn)}${s.product.link ? `, ${shown(s.product.link)}` : ''}`,
            ]
          : []),
        ...s.pending.map((p) => `Việc hẹn giờ: ${p.label}, ${formatDate(localDateOf(Date.parse(p.at)))} 08:00`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  const common = (cmd: Command) =>
    withSubmissionId(
      cmd
        .option('--plan <mã>', 'mã kế hoạch (mặc định kstthc-<năm nay>)', parseRoundArg)
        .option('--by <người>', 'người thực hiện (mặc định: KIEMTRA_ACTOR hoặc tên đăng nhập)')
        .option('--json', 'in trạng thái sau khi cập nhật dưới dạng JSON'),
    );

  common(
    tasks
      .command('done')
      .description('Ghi nhận nhiệm vụ đã hoàn thành, với sản phẩm (số, ngày văn bản, đường dẫn)')
      .argument('<mã_nhiệm_vụ>', 'ví dụ I.2')
      .requiredOption('--document <số_văn_bản>', 'ví dụ "Quyết định số 12/2026/QĐ-UBND"')
      .requiredOption('--signed <ngày>', 'ngày văn bản', parseDateArg)
      .option('--link <url>', 'đường dẫn tới văn bản'),
  ).action(
    async (
      id: string,
      o: { plan?: string; by?: string; json?: boolean; submissionId?: string; document: string; signed: LocalDate; link?: string },
    ) => {
      const { withClient, executeUpdateRetrying, completeTask } = temporal();
      const s = await withClient((client) =>
        executeUpdateRetrying(
          client.workflow.getHandle(planTaskWorkflowId(planOf(o.plan), id)),
          completeTask,
          {
            document: o.document,
            signedOn: o.signed,
            link: o.link,
            by: actor(o.by),
          },
          { updateId: updateIdOf('complete', o.submissionId) },
        ),
      );
      process.stdout.write(o.json ? `${JSON.stringify(s, null, 2)}\n` : done(s, 'Đã ghi nhận hoàn thành'));
    },
  );

  common(
    tasks
      .command('extend')
      .description('Gia hạn nhiệm vụ, với lý do')
      .argument('<mã_nhiệm_vụ>', 'ví dụ II.2.d')
      .requiredOption('--due <ngày>', 'thời hạn mới', parseDateArg)
      .requiredOption('--reason <lý_do>', 'lý do gia hạn'),
  ).action(async (id: string, o: { plan?: string; by?: string; json?: boolean; submissionId?: string; due: LocalDate; reason: string }) => {
    const { withClient, executeUpdateRetrying, extendTask } = temporal();
    const s = await withClient((client) =>
      executeUpdateRetrying(
        client.workflow.getHandle(planTaskWorkflowId(planOf(o.plan), id)),
        extendTask,
        {
          due: o.due,
          reason: o.reason,
          by: actor(o.by),
        },
        { updateId: updateIdOf('extend', o.submissionId) },
      ),
    );
    process.stdout.write(o.json ? `${JSON.stringify(s, null, 2)}\n` : done(s, 'Đã gia hạn'));
  });

  common(
    tasks
      .command('cancel')
      .description('Hủy theo dõi một nhiệm vụ, với lý do')
      .argument('<mã_nhiệm_vụ>', 'ví dụ V.4')
      .requiredOption('--reason <lý_do>', 'lý do'),
  ).action(async (id: string, o: { plan?: string; by?: string; json?: boolean; submissionId?: string; reason: string }) => {
    const { withClient, executeUpdateRetrying, cancelTask } = temporal();
    const s = await withClient((client) =>
      executeUpdateRetrying(
        client.workflow.getHandle(planTaskWorkflowId(planOf(o.plan), id)),
        cancelTask,
        {
          reason: o.reason,
          by: actor(o.by),
        },
        { updateId: updateIdOf('cancel', o.submissionId) },
      ),
    );
    process.stdout.write(o.json ? `${JSON.stringify(s, null, 2)}\n` : done(s, 'Đã hủy theo dõi'));
  });
}

import type { Command } from 'commander';
import { formatDate } from '../../domain/dates';
import { isDated, type PlanTask, type TaskDeadline } from '../../domain/task-plan';
import { loadTaskPlan } from '../../loaders/task-plan';

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

/** Registers `kiemtra tasks check`. */
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
      lines.push('', 'Chỉ tiêu năm:', ...plan.targets.map((g) => `  - ${g.label}: ${g.comparison === '>=' && g.value < 100 ? 'tối thiểu ' : 'đạt '}${g.value}${g.unit} (${g.task})`));
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

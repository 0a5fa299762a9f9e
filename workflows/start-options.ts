import type { WorkflowStartOptions } from '@temporalio/client';
import { formatDate, localInstant } from '../domain/dates';
import { planTaskWorkflowId } from './ids';
import { SA } from './search-attributes';
import { completePlanTaskInput, type PlanTaskInput, type planTask } from './plan-task';

/**
 * Start options of a plan task: the deterministic workflow id, the search attributes the Web UI
 * lists from the first moment, a static Vietnamese summary, and the input with its defaults filled
 * (so history holds it whole). The inspection's and the self-inspection's are in their contracts.
 */

/** Start options of a dated task of the yearly plan (`task-<plan>-<task-slug>`). */
export function planTaskStartOptions(input: PlanTaskInput, taskQueue: string): WorkflowStartOptions<typeof planTask> & { workflowId: string } {
  return {
    taskQueue,
    workflowId: planTaskWorkflowId(input.plan, input.task.id),
    args: [completePlanTaskInput(input)],
    staticSummary: `Nhiệm vụ ${input.task.id}: hạn ${formatDate(input.due)}; chủ trì ${input.task.lead.join('; ')}`,
    staticDetails: [`**${input.planTitle}**`, '', `- Nhiệm vụ ${input.task.id}: ${input.task.content}`, `- Thời hạn theo Kế hoạch: ${input.task.deadlineText}`, `- Sản phẩm dự kiến: ${input.task.product}`].join('\n'),
    typedSearchAttributes: [
      { key: SA.round, value: input.plan },
      { key: SA.unit, value: input.task.lead[0]! },
      { key: SA.kind, value: 'task' },
      { key: SA.stage, value: 'task_open' },
      { key: SA.overdue, value: false },
      { key: SA.nextDeadline, value: localInstant(input.due, '23:59') },
    ],
  };
}

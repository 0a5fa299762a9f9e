import { isDated, type TaskPlan } from '../domain/task-plan';
import type { PlanTaskInput } from '../workflows/plan-task/contract';

/** The `planTask` inputs of a yearly plan: one per task with a due date (ongoing tasks have none). */
export function planTaskInputs(plan: TaskPlan): PlanTaskInput[] {
  return plan.tasks.filter(isDated).map((t) => ({
    plan: plan.id,
    planTitle: plan.title,
    task: { id: t.id, content: t.content, lead: t.lead, product: t.product, deadlineText: t.deadline.text },
    due: t.deadline.date,
    emails: t.emails,
    contacts: { coordinator: plan.coordinator, center: plan.center },
  }));
}

import { taskPlanSchema, type TaskPlan } from '../domain/task-plan';
import { parseYamlWith, readDataFile } from './yaml';

const WHAT = 'tệp kế hoạch kiểm soát TTHC';

/** Loads and validates the yearly plan file (plans/kstthc-2026.yaml); errors name file, line and field. */
export function loadTaskPlan(file: string): TaskPlan {
  return parseYamlWith(taskPlanSchema, readDataFile(file, WHAT), file, WHAT);
}

import path from 'node:path';
import { taskPlanSchema, type TaskPlan } from '../domain/task-plan';
import { loadPlan } from './plan';
import { parseYamlWith, readDataFile } from './yaml';

const WHAT = 'tệp kế hoạch kiểm soát TTHC';

/** Loads and validates the yearly plan file (plans/kstthc-2026.yaml); errors name file, line and field. */
export function loadTaskPlan(file: string): TaskPlan {
  return parseYamlWith(taskPlanSchema, readDataFile(file, WHAT), file, WHAT);
}

/** A unit that reports periodically. */
export interface ReportingUnit {
  name: string;
  kind: 'department' | 'commune';
  emails: string[];
}

/** The units that report periodically: those of the round plan the yearly plan names, inspected and self-inspecting. */
export function loadReportingUnits(file: string, plan: TaskPlan): ReportingUnit[] {
  const round = loadPlan(path.join(path.dirname(file), plan.reporting.unitsFrom)).plan;
  return [...round.units, ...(round.selfInspection?.units ?? [])].map((u) => ({ name: u.name, kind: u.kind, emails: u.emails }));
}

import { planSchema, type Plan, type PlanProblem } from '../domain/plan';
import { parseYaml, parseYamlWith, readDataFile, YamlDataError } from './yaml';

/**
 * A round's plan file (YAML), validated with zod. Errors name the file, the line and the field.
 */

/** A plan and the means to point at its lines. */
export interface LoadedPlan {
  file: string;
  plan: Plan;
  lineOf: (at: (string | number)[]) => number;
}

const WHAT = 'tệp kế hoạch';

/** Loads and validates a plan file. */
export function loadPlan(file: string): LoadedPlan {
  const text = readDataFile(file, WHAT);
  const plan = parseYamlWith(planSchema, text, file, WHAT);
  return { file, plan, lineOf: parseYaml(text, file, WHAT).lineOf };
}

/** Turns a problem into one line `file:line: unit: message`. */
export function describeProblem(loaded: LoadedPlan, p: PlanProblem): string {
  return `${loaded.file}:${loaded.lineOf(p.path)}: ${p.unit ? `${p.unit}: ` : ''}${p.message}`;
}

/** Raises the first problem as a {@link YamlDataError}. */
export function assertNoProblems(loaded: LoadedPlan, problems: PlanProblem[]): void {
  const p = problems[0];
  if (p) throw new YamlDataError(loaded.file, loaded.lineOf(p.path), `${p.unit ? `${p.unit}: ` : ''}${p.message}`, WHAT);
}

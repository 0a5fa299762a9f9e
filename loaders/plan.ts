import { planSchema, type Plan, type PlanProblem } from '../domain/plan';
import { hasUnitRefs, resolvePlanUnits } from '../domain/plan-units';
import { loadRegistry } from './units';
import { parseYaml, parseYamlWith, readDataFile, YamlDataError } from './yaml';

/**
 * A round's plan file (YAML), validated with zod. Errors name the file, the line and the field.
 * Units named by id (`unit: so-tai-chinh`) are taken from the registry (loaders/units.ts).
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
  const plan = parseYamlWith(planSchema, text, file, WHAT, (data) =>
    hasUnitRefs(data) ? resolvePlanUnits(data, loadRegistry()) : { data, problems: [] },
  );
  return { file, plan, lineOf: parseYaml(text, file, WHAT).lineOf };
}

/** Turns a problem into one line `file:line: unit: message`. */
export function describeProblem(loaded: LoadedPlan, p: PlanProblem): string {
  return `${loaded.file}:${loaded.lineOf(p.path)}: ${p.unit ? `${p.unit}: ` : ''}${p.message}`;
}

/** Raises every problem at once as one {@link YamlDataError}, in the order of the file's lines. */
export function assertNoProblems(loaded: LoadedPlan, problems: PlanProblem[]): void {
  if (problems.length === 0) return;
  const all = problems.map((p) => ({ line: loaded.lineOf(p.path), column: 0, reason: `${p.unit ? `${p.unit}: ` : ''}${p.message}` }));
  throw new YamlDataError(
    loaded.file,
    all.sort((a, b) => a.line - b.line),
    WHAT,
  );
}

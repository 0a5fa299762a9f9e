import fs from 'node:fs';
import path from 'node:path';
import { ExitCode, UserFacingError } from '../config/errors';
import { projectRoot } from '../config/paths';
import { comparisonsFor, targetsFor, type YearTargets } from '../domain/kpi';
import { loadTaskPlan } from './task-plan';

/** Where the yearly plans are: KIEMTRA_PLANS_DIR, else the project's `plans/`. */
export function plansDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.KIEMTRA_PLANS_DIR || path.join(projectRoot, 'plans'));
}

/** A yearly plan's file name: kstthc-2026.yaml. */
const YEARLY_PLAN = /^kstthc-\d{4}\.ya?ml$/;

/**
 * The targets of every yearly plan in `dir` (kstthc-YYYY.yaml), validated: the single source of
 * the numbers the KPI evaluation compares with. A bad file, or a plan without a target for one
 * of the indicators units report, is a {@link UserFacingError} that names it.
 */
export function loadYearTargets(dir: string = plansDir()): YearTargets[] {
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => YEARLY_PLAN.test(f))
        .sort()
    : [];
  if (files.length === 0)
    throw new UserFacingError(
      `Không có kế hoạch năm (kstthc-YYYY.yaml) trong ${dir}: cần chỉ tiêu để đánh giá báo cáo của đơn vị.`,
      ExitCode.badInput,
    );
  return files.map((f) => {
    const file = path.join(dir, f);
    const plan = loadTaskPlan(file);
    try {
      return { year: plan.year, plan: plan.id, targets: targetsFor(plan.targets), comparisons: comparisonsFor(plan.targets) };
    } catch (err) {
      throw new UserFacingError(`${file}: targets: ${(err as Error).message}`, ExitCode.badInput);
    }
  });
}

import { ApplicationFailure } from '@temporalio/common';
import { targetsForYear, type YearTargets } from '../domain/kpi';

/**
 * The year's targets, from the yearly plan files the worker loaded at start-up. A workflow asks
 * once, at its start: the answer is recorded in history, so a later change of the plan file never
 * changes what a replay evaluates.
 */
export function createTargetActivities(plans: readonly YearTargets[]) {
  return {
    /** The targets that apply to `year` and the plan they come from. */
    async kpiTargets(q: { year: number }): Promise<YearTargets> {
      const found = targetsForYear(plans, q.year);
      if (!found) throw ApplicationFailure.nonRetryable(`Không có kế hoạch năm nào để lấy chỉ tiêu cho năm ${q.year}`, 'NoTargets');
      return found;
    },
  };
}

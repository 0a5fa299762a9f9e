import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Targets, YearTargets } from '../domain/kpi';

const { kpiTargets } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10 },
  summary: 'Lấy chỉ tiêu của kế hoạch năm',
});

/**
 * The targets executions started before November 2026 evaluated with, when they were written in
 * the code. Frozen: only those executions' replays use it; every newer execution records the
 * targets of its plan file (plans/kstthc-YYYY.yaml) in its history.
 */
const TARGETS_IN_CODE_BEFORE_PLAN_FILE: YearTargets = {
  year: 2026,
  plan: 'kstthc-2026',
  targets: {
    satisfaction: 95,
    satisfactionLandConstructionInvestment: 90,
    onlineReceived: 80,
    onlineProcessed: 80,
    onlinePayment: 80,
    handledOnSystem: 100,
    digitised: 100,
    electronicResults: 100,
    dataReuse: 90,
    boundaryFree: 100,
    complaintsHandled: 100,
    costReduction: 50,
    publishedOnTime: 100,
  } satisfies Targets,
};

/** The targets that apply to `year`, from the plan file through a recorded activity. Call once, at the start. */
export async function yearTargets(year: number): Promise<YearTargets> {
  return patched('kpi-targets-from-plan-file') ? await kpiTargets({ year }) : TARGETS_IN_CODE_BEFORE_PLAN_FILE;
}

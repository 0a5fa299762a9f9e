/** Every workflow the kiemtra worker runs. The worker bundles this file. */
export { inspection } from './inspection/workflow';
export { selfInspection } from './self-inspection';
export { round } from './round';
export { planTask } from './plan-task';
export { periodicReport, reportingPeriod } from './periodic-report';

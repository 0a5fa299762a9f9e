/** Every workflow the kiemtra worker runs. The worker bundles this file. */
export { harnessProbe } from './probe';
export { inspection } from './inspection/workflow';
export { selfInspection } from './self-inspection';
export { round } from './round';

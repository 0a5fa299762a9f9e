import type { Client } from '@temporalio/client';
import type { MetricMeter } from '@temporalio/common';
import { METRIC } from '../domain/metric-names';
import { SA } from '../workflows/search-attributes';

/** The workflow types that keep the InspectionOverdue search attribute. */
export const OVERDUE_TYPES = ['inspection', 'selfInspection', 'planTask', 'periodicReport'] as const;

/** The visibility query for the open executions of `type` with a missed deadline. */
export function overdueQuery(type: (typeof OVERDUE_TYPES)[number]): string {
  return `WorkflowType = '${type}' AND ExecutionStatus = 'Running' AND ${SA.overdue.name} = true`;
}

/**
 * Sets the `kiemtra_overdue_workflows` gauge from visibility every `intervalMs`, one value per
 * workflow type, through the SDK's meter (so it is served with the SDK's metrics). Every worker
 * reports the same numbers: alert on `max` across workers. Returns a function that stops it.
 */
export function startOverdueGauge(client: Client, meter: MetricMeter, onError: (err: unknown) => void, intervalMs = 60_000): () => void {
  const gauge = meter.createGauge(METRIC.overdue, 'int', 'workflows', 'Open workflows with a missed deadline');
  let stopped = false;
  const tick = async () => {
    for (const type of OVERDUE_TYPES) {
      const { count } = await client.workflow.count(overdueQuery(type));
      if (!stopped) gauge.set(count, { workflow_type: type });
    }
  };
  const run = (): void => void tick().catch(onError);
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

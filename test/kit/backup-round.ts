import type { Client } from '@temporalio/client';
import { INSPECTION_WORKFLOW, inspectionStartOptions, updates, type InspectionWorkflow } from '../../workflows/inspection/contract';
import { robust, stepsToClosed } from './faults';
import { inspectionInput } from './inspection';
import { liveDates } from './live-dates';
import { sharedCalendar } from './shared-data';

/** The machine a backup test copies: three inspections of one round, two of them closed. */
export interface BackupRound {
  ids: [string, string, string];
  closed: [string, string];
  open: string;
}

/**
 * Starts three surprise inspections of `round` already on site, drives the first two through every
 * stage to `closed` (each update with an id, retried through transient failures) and leaves the
 * third on site: closed runs to record and restore, and a running one to carry on after a restore.
 */
export async function threeInspectionsOfRound(
  client: Client,
  round: string,
  queue: string,
  units: [string, string, string],
): Promise<BackupRound> {
  const live = liveDates(sharedCalendar(), Date.now());
  const ids: string[] = [];
  for (const unit of units) {
    const input = {
      ...inspectionInput(unit, { start: live.visited, end: live.visited }, 'surprise'),
      round,
      current: { stage: 'on_site' as const },
    };
    const options = inspectionStartOptions(input, queue);
    await robust(() => client.workflow.start(INSPECTION_WORKFLOW, options));
    ids.push(options.workflowId);
  }
  const [closed1, closed2, open] = ids as [string, string, string];
  for (const id of [closed1, closed2])
    for (const [name, payload] of stepsToClosed(live))
      await robust(() =>
        client.workflow.getHandle(id).executeUpdate(updates[name] as never, { args: [payload], updateId: `${id}:${name}` }),
      );
  for (const id of [closed1, closed2]) {
    const { stage } = await robust(() => client.workflow.getHandle<InspectionWorkflow>(id).result());
    if (stage !== 'closed') throw new Error(`${id} ended ${stage}, not closed`);
  }
  return { ids: [closed1, closed2, open], closed: [closed1, closed2], open };
}

/** The execution status of each workflow of a round, by workflow id, from visibility. */
export async function roundStatuses(client: Client, round: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const w of client.workflow.list({ query: `InspectionRound = '${round}'` })) out[w.workflowId] = w.status.name;
  return out;
}

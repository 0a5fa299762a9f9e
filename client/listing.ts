import type { Client } from '@temporalio/client';
import { ExitCode, UserFacingError } from '../config/errors';
import { ROUND_ID_PATTERN } from '../domain/validation';
import { SA } from '../workflows/search-attributes';
import { listedAsShown } from './terminated';

/** What `kiemtra list` and `kiemtra self list` show of a workflow, from its search attributes. */
export interface ListedWorkflow {
  workflowId: string;
  type: 'inspection' | 'selfInspection';
  unit: string;
  stage: string;
  kind: string;
  visit?: Date;
  next?: Date;
  overdue: boolean;
  status: string;
}

/** Which workflows to list. */
export interface ListFilter {
  kind: 'inspection' | 'self' | 'all';
  stage?: string;
  overdue?: boolean;
  round?: string;
}

/**
 * The visibility query of a filter. The round and the stage go into the query, so a malformed one
 * is refused here too, whoever the caller (the CLI's argument parsers refuse them first).
 */
export function listQuery(f: ListFilter): string {
  if (f.round !== undefined && !ROUND_ID_PATTERN.test(f.round))
    throw new UserFacingError(`mã đợt "${f.round}" không hợp lệ.`, ExitCode.badInput);
  if (f.stage !== undefined && !/^[a-z_]{1,40}$/.test(f.stage))
    throw new UserFacingError(`giai đoạn "${f.stage}" không hợp lệ.`, ExitCode.badInput);
  const types = {
    inspection: "WorkflowType = 'inspection'",
    self: "WorkflowType = 'selfInspection'",
    all: "WorkflowType IN ('inspection', 'selfInspection')",
  };
  return [
    types[f.kind],
    f.stage ? `InspectionStage = '${f.stage}'` : undefined,
    f.overdue ? 'InspectionOverdue = true' : undefined,
    f.round ? `InspectionRound = '${f.round}'` : undefined,
  ]
    .filter(Boolean)
    .join(' AND ');
}

/** Lists the workflows of a filter, by visit date then unit; a terminated one as such (client/terminated.ts). */
export async function listWorkflows(client: Client, f: ListFilter): Promise<ListedWorkflow[]> {
  const out: ListedWorkflow[] = [];
  for await (const wf of client.workflow.list({ query: listQuery(f) })) {
    const sa = wf.typedSearchAttributes;
    const row = listedAsShown<ListedWorkflow>({
      workflowId: wf.workflowId,
      type: wf.type === 'selfInspection' ? 'selfInspection' : 'inspection',
      unit: sa.get(SA.unit) ?? '',
      stage: sa.get(SA.stage) ?? '',
      kind: sa.get(SA.kind) ?? '',
      visit: sa.get(SA.visitDate),
      next: sa.get(SA.nextDeadline),
      overdue: sa.get(SA.overdue) === true,
      status: wf.status.name,
    });
    // A terminated process matched the query by its last search attributes, which no longer hold.
    if ((f.stage && row.stage !== f.stage) || (f.overdue && !row.overdue)) continue;
    out.push(row);
  }
  return out.sort((a, b) => (a.visit?.getTime() ?? 0) - (b.visit?.getTime() ?? 0) || a.unit.localeCompare(b.unit, 'vi'));
}

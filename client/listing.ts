import type { Client } from '@temporalio/client';
import { ExitCode, UserFacingError } from '../config/errors';
import { ROUND_ID_PATTERN } from '../domain/validation';
import { LazyRecords, recordsNotIn } from './archive';
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
  /** Read from the record store: the engine deleted this closed process after its retention. */
  fromRecords?: true;
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

/**
 * Lists the workflows of a filter, by visit date then unit: the engine's, then the closed ones it
 * has deleted that the record store keeps (marked `fromRecords`), matched on their recorded search
 * attributes; a terminated one as such (client/terminated.ts).
 */
export async function listWorkflows(client: Client, f: ListFilter, records = new LazyRecords()): Promise<ListedWorkflow[]> {
  const out: ListedWorkflow[] = [];
  const query = listQuery(f);
  for await (const wf of client.workflow.list({ query })) {
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
  const store = await records.get();
  const types = f.kind === 'all' ? ['inspection', 'selfInspection'] : [f.kind === 'self' ? 'selfInspection' : 'inspection'];
  const entries = (await store.list()).filter((e) => types.includes(e.workflowType));
  for (const { entry, record } of await recordsNotIn(store, entries, new Set(out.map((r) => r.workflowId)))) {
    const sa = record.searchAttributes;
    const text = (name: string) => (typeof sa[name] === 'string' ? (sa[name] as string) : '');
    const date = (name: string) => (typeof sa[name] === 'string' ? new Date(sa[name] as string) : undefined);
    const row = listedAsShown<ListedWorkflow>({
      workflowId: entry.workflowId,
      type: entry.workflowType === 'selfInspection' ? 'selfInspection' : 'inspection',
      unit: text(SA.unit.name),
      stage: text(SA.stage.name),
      kind: text(SA.kind.name),
      visit: date(SA.visitDate.name),
      next: date(SA.nextDeadline.name),
      overdue: sa[SA.overdue.name] === true,
      status: record.status,
      fromRecords: true,
    });
    if (f.stage && row.stage !== f.stage) continue;
    if (f.overdue && !row.overdue) continue;
    if (f.round && text(SA.round.name) !== f.round) continue;
    out.push(row);
  }
  return out.sort((a, b) => (a.visit?.getTime() ?? 0) - (b.visit?.getTime() ?? 0) || a.unit.localeCompare(b.unit, 'vi'));
}

import type { Client } from '@temporalio/client';
import { formatDate, localDateOf } from '../domain/dates';
import { SA } from '../workflows/search-attributes';
import { type Stage, STAGE_LABELS } from '../workflows/inspection/contract';

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

/** The stages of a self-inspection, as a person reads them. */
export const SELF_STAGE_LABELS: Record<string, string> = {
  self_waiting: 'Chờ báo cáo tự kiểm tra',
  self_received: 'Đã nộp báo cáo tự kiểm tra',
};

/** A stage id in Vietnamese, for inspections and self-inspections alike. */
export function stageLabel(stage: string): string {
  return STAGE_LABELS[stage as Stage] ?? SELF_STAGE_LABELS[stage] ?? stage;
}

/** The visibility query of a filter (its values are checked by the CLI's argument parsers). */
export function listQuery(f: ListFilter): string {
  const types = { inspection: "WorkflowType = 'inspection'", self: "WorkflowType = 'selfInspection'", all: "WorkflowType IN ('inspection', 'selfInspection')" };
  return [types[f.kind], f.stage ? `InspectionStage = '${f.stage}'` : undefined, f.overdue ? 'InspectionOverdue = true' : undefined, f.round ? `InspectionRound = '${f.round}'` : undefined]
    .filter(Boolean)
    .join(' AND ');
}

/** Lists the workflows of a filter, by visit date then unit. */
export async function listWorkflows(client: Client, f: ListFilter): Promise<ListedWorkflow[]> {
  const out: ListedWorkflow[] = [];
  for await (const wf of client.workflow.list({ query: listQuery(f) })) {
    const sa = wf.typedSearchAttributes;
    out.push({
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
  }
  return out.sort((a, b) => (a.visit?.getTime() ?? 0) - (b.visit?.getTime() ?? 0) || a.unit.localeCompare(b.unit, 'vi'));
}

/* eslint-disable @typescript-eslint/no-require-imports -- the table library loads only when printing */
/** A listing as a table for people. */
export function listingTable(rows: ListedWorkflow[]): string {
  const Table = require('cli-table3') as typeof import('cli-table3');
  const withType = rows.some((r) => r.type === 'selfInspection');
  const table = new Table({ head: ['Đơn vị', ...(withType ? ['Loại'] : []), 'Giai đoạn', 'Ngày làm việc', 'Hạn tiếp theo', 'Quá hạn'], style: { head: [], border: [] } });
  for (const r of rows) {
    table.push([
      r.unit,
      ...(withType ? [r.type === 'selfInspection' ? 'tự kiểm tra' : 'kiểm tra'] : []),
      stageLabel(r.stage),
      r.visit ? formatDate(localDateOf(r.visit)) : '',
      r.next ? formatDate(localDateOf(r.next)) : '',
      r.overdue ? 'CÓ' : '',
    ]);
  }
  const inspections = rows.filter((r) => r.type === 'inspection').length;
  const self = rows.length - inspections;
  const counts = [inspections || !self ? `${inspections} cuộc kiểm tra` : undefined, self ? `${self} đơn vị tự kiểm tra` : undefined].filter(Boolean).join(', ');
  return `${table.toString()}\n${counts}\n`;
}

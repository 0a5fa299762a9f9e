import { formatDate, localDateOf } from '../../domain/dates';
import { displayLine } from '../../domain/safe-text';
import { STAGE_LABELS, TERMINATED_LABEL, type Stage } from '../../workflows/inspection/contract';
import type { ListedWorkflow } from '../listing';
import { TERMINATED_KEY } from '../terminated';

/** The stages of a self-inspection, as a person reads them. */
export const SELF_STAGE_LABELS: Record<string, string> = {
  self_waiting: 'Chờ báo cáo tự kiểm tra',
  self_received: 'Đã nộp báo cáo tự kiểm tra',
};

/** A stage id in Vietnamese, for inspections and self-inspections alike, and for a terminated process. */
export function stageLabel(stage: string): string {
  if (stage === TERMINATED_KEY) return TERMINATED_LABEL;
  return STAGE_LABELS[stage as Stage] ?? SELF_STAGE_LABELS[stage] ?? stage;
}

/* eslint-disable @typescript-eslint/no-require-imports -- the table library loads only when printing */
/** A listing as a table for people. */
export function listingTable(rows: ListedWorkflow[]): string {
  const Table = require('cli-table3') as typeof import('cli-table3');
  const withType = rows.some((r) => r.type === 'selfInspection');
  const table = new Table({
    head: ['Đơn vị', ...(withType ? ['Loại'] : []), 'Giai đoạn', 'Ngày làm việc', 'Hạn tiếp theo', 'Quá hạn'],
    style: { head: [], border: [] },
  });
  for (const r of rows) {
    table.push([
      `${displayLine(r.unit)}${r.fromRecords ? ' *' : ''}`,
      ...(withType ? [r.type === 'selfInspection' ? 'tự kiểm tra' : 'kiểm tra'] : []),
      stageLabel(r.stage),
      r.visit ? formatDate(localDateOf(r.visit)) : '',
      r.next ? formatDate(localDateOf(r.next)) : '',
      r.overdue ? 'CÓ' : '',
    ]);
  }
  const inspections = rows.filter((r) => r.type === 'inspection').length;
  const self = rows.length - inspections;
  const counts = [inspections || !self ? `${inspections} cuộc kiểm tra` : undefined, self ? `${self} đơn vị tự kiểm tra` : undefined]
    .filter(Boolean)
    .join(', ');
  const archived = rows.filter((r) => r.fromRecords).length;
  const note = archived ? `* ${archived} quy trình đã kết thúc, lấy từ hồ sơ lưu trữ (Temporal không còn giữ sau thời hạn lưu giữ).\n` : '';
  return `${table.toString()}\n${counts}\n${note}`;
}

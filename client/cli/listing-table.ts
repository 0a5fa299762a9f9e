import { formatDate, localDateOf, type LocalDate } from '../../domain/dates';
import type { WorkingCalendar } from '../../domain/calendar';
import { deadlineName } from '../../domain/deadline-catalogue';
import { noticeDeadline, reportDeadline } from '../../domain/deadlines';
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
/**
 * A table for people, compact: a rule under the heading only, one line a row (34 units are 38
 * lines, not 70). Every table of the CLI is made here.
 */
export function compactTable(head: string[]): import('cli-table3').Table {
  const Table = require('cli-table3') as typeof import('cli-table3');
  return new Table({
    head,
    style: { head: [], border: [], compact: true },
  });
}

/**
 * Which deadline a listed process's next deadline is (its search attributes carry only the date):
 * the notice's or the report's when the date is theirs for the visit, else the one its stage waits
 * for. Undefined when the stage waits for none.
 */
export function nextDeadlineId(row: Pick<ListedWorkflow, 'type' | 'stage' | 'visit' | 'next'>, cal?: WorkingCalendar): string | undefined {
  if (!row.next) return undefined;
  if (row.type === 'selfInspection') return 'self-inspection';
  const next = localDateOf(row.next) as LocalDate;
  if (cal && row.visit && (row.stage === 'scheduled' || row.stage === 'notified')) {
    const visit = localDateOf(row.visit) as LocalDate;
    if (noticeDeadline(cal, visit).date === next) return 'notice';
    if (reportDeadline(cal, visit).date === next) return 'report';
  }
  const byStage: Record<string, string> = {
    scheduled: 'notice',
    notified: 'conclusion',
    on_site: 'conclusion',
    drafting: 'conclusion',
    concluded: 'remediation',
    remediating: 'remediation',
  };
  return byStage[row.stage];
}

/** The next deadline as the table shows it: "22/05/2026, báo cáo của đơn vị". */
function nextDeadlineText(row: ListedWorkflow, cal?: WorkingCalendar): string {
  if (!row.next) return '';
  const id = nextDeadlineId(row, cal);
  // While drafting, the next one is the conclusion's or, with a draft out, the unit's response's.
  const name =
    row.stage === 'drafting'
      ? `${deadlineName('conclusion', 'phrase')} hoặc ${deadlineName('response', 'phrase')}`
      : id
        ? deadlineName(id, 'phrase')
        : undefined;
  return `${formatDate(localDateOf(row.next))}${name ? `, ${name}` : ''}`;
}

/** A listing as a table for people; with the working calendar, the next deadline is named exactly. */
export function listingTable(rows: ListedWorkflow[], cal?: WorkingCalendar): string {
  const withType = rows.some((r) => r.type === 'selfInspection');
  const table = compactTable(['Đơn vị', ...(withType ? ['Loại'] : []), 'Giai đoạn', 'Ngày làm việc', 'Hạn tiếp theo (việc)', 'Quá hạn']);
  for (const r of rows) {
    table.push([
      `${displayLine(r.unit)}${r.fromRecords ? ' *' : ''}`,
      ...(withType ? [r.type === 'selfInspection' ? 'tự kiểm tra' : 'kiểm tra'] : []),
      stageLabel(r.stage),
      r.visit ? formatDate(localDateOf(r.visit)) : '',
      nextDeadlineText(r, cal),
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

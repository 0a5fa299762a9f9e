import type { WorkflowStartOptions } from '@temporalio/client';
import { formatDateVi, localInstant } from '../domain/dates';
import { inspectionWorkflowId } from '../domain/slug';
import type { InspectionInput } from '../workflows/inspection/api';
import { SA } from '../workflows/search-attributes';
import type { inspection } from '../workflows/inspection/workflow';

/**
 * Start options of an inspection: its workflow id (`inspection-<year>-<unit-slug>`), its search
 * attributes from the first moment (so the Web UI lists it at once), and a static Vietnamese summary.
 */
export function inspectionStartOptions(input: InspectionInput, taskQueue: string): WorkflowStartOptions<typeof inspection> & { workflowId: string } {
  const kind = input.kind === 'surprise' ? 'kiểm tra đột xuất' : 'kiểm tra định kỳ';
  return {
    taskQueue,
    workflowId: inspectionWorkflowId(input.year, input.unit.name),
    args: [input],
    typedSearchAttributes: [
      { key: SA.unit, value: input.unit.name },
      { key: SA.unitKind, value: input.unit.kind },
      { key: SA.kind, value: input.kind },
      { key: SA.round, value: input.round },
      { key: SA.stage, value: 'scheduled' },
      { key: SA.visitDate, value: localInstant(input.visit.start) },
      { key: SA.overdue, value: false },
    ],
    staticSummary: `${input.unit.name}: ${kind}, từ ${formatDateVi(input.visit.start)}`,
    staticDetails: [
      `**Kiểm tra công tác kiểm soát TTHC năm ${input.year}**`,
      '',
      `- Đơn vị: ${input.unit.name} (${input.unit.kind === 'department' ? 'sở, ngành' : 'xã, phường'})`,
      `- Hình thức: ${kind}`,
      `- Đoàn làm việc: ${formatDateVi(input.visit.start)} đến ${formatDateVi(input.visit.end)}`,
      `- Đợt kiểm tra: ${input.round}`,
      `- Trưởng đoàn: ${input.contacts.teamLead.name}`,
    ].join('\n'),
  };
}

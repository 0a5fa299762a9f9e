import type { WorkflowStartOptions } from '@temporalio/client';
import { formatDate, formatDateVi, localInstant } from '../domain/dates';
import { inspectionWorkflowId, selfInspectionWorkflowId } from './ids';
import { completeInspectionInput, type InspectionInput } from './inspection/input';
import type { inspection } from './inspection/workflow';
import { SA } from './search-attributes';
import { completeSelfInspectionInput, type SelfInspectionInput, type selfInspection } from './self-inspection';

/**
 * Start options, defined once for the client and for the round workflow that starts children:
 * the deterministic workflow id, the search attributes the Web UI lists from the first moment, a
 * static Vietnamese summary, and the input with its defaults filled (so history holds it whole).
 */

/** Start options of an inspection (`inspection-<year>-<unit-slug>`). */
export function inspectionStartOptions(input: InspectionInput, taskQueue: string): WorkflowStartOptions<typeof inspection> & { workflowId: string } {
  const kind = input.kind === 'surprise' ? 'kiểm tra đột xuất' : 'kiểm tra định kỳ';
  return {
    taskQueue,
    workflowId: inspectionWorkflowId(input.year, input.unit.name),
    args: [completeInspectionInput(input)],
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

/** Start options of a self-inspection (`self-inspection-<year>-<unit-slug>`). */
export function selfInspectionStartOptions(input: SelfInspectionInput, taskQueue: string): WorkflowStartOptions<typeof selfInspection> & { workflowId: string } {
  return {
    taskQueue,
    workflowId: selfInspectionWorkflowId(input.year, input.unit.name),
    args: [completeSelfInspectionInput(input)],
    staticSummary: `${input.unit.name}: tự kiểm tra, báo cáo trước ${formatDate(input.before)}`,
    typedSearchAttributes: [
      { key: SA.round, value: input.round },
      { key: SA.unit, value: input.unit.name },
      { key: SA.unitKind, value: input.unit.kind },
      { key: SA.kind, value: 'self' },
      { key: SA.stage, value: 'self_waiting' },
    ],
  };
}

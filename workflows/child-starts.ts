import { formatDate, formatDateVi, localInstant } from '../domain/dates';
import { inspectionWorkflowId, nominationWorkflowId, selfInspectionWorkflowId } from './ids';
import type { NominationInput } from './nomination/contract';
import type { InspectionInput } from './inspection/input';
import { SA } from './search-attributes';
import type { SelfInspectionInput } from './self-inspection/input';
import { markdownText } from '../domain/safe-text';

/**
 * What starts a child of a round, from its input alone: the type's name, the deterministic workflow
 * id, the search attributes the Web UI lists from the first moment, and the static Vietnamese
 * summary. No schema and no module of a child type's folder is evaluated here (type imports only),
 * so the round's bundle loads only the round's modules; each type's contract adds the input with
 * its defaults filled for clients.
 */

/** The type name the worker registers the inspection workflow under. */
export const INSPECTION_WORKFLOW = 'inspection';
/** The type name the worker registers the nomination workflow under. */
export const NOMINATION_WORKFLOW = 'nomination';
/** The type name the worker registers the self-inspection workflow under. */
export const SELF_INSPECTION_WORKFLOW = 'selfInspection';

/** Start options of an inspection (`inspection-<year>-<unit-slug>`), without its input. */
export function inspectionStart(input: InspectionInput) {
  const kind = input.kind === 'surprise' ? 'kiểm tra đột xuất' : 'kiểm tra định kỳ';
  return {
    workflowId: inspectionWorkflowId(input.year, input.unit.name),
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
      `- Đơn vị: ${markdownText(input.unit.name)} (${input.unit.kind === 'department' ? 'sở, ngành' : 'xã, phường'})`,
      `- Hình thức: ${kind}`,
      `- Đoàn làm việc: ${formatDateVi(input.visit.start)} đến ${formatDateVi(input.visit.end)}`,
      `- Đợt kiểm tra: ${markdownText(input.round)}`,
      `- Trưởng đoàn: ${markdownText(input.contacts.teamLead.name)}`,
    ].join('\n'),
  };
}

/** Start options of a self-inspection (`self-inspection-<year>-<unit-slug>`), without its input. */
export function selfInspectionStart(input: SelfInspectionInput) {
  return {
    workflowId: selfInspectionWorkflowId(input.year, input.unit.name),
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

/** Start options of a partner department's nomination (`nomination-<round>-<department-slug>`), without its input. */
export function nominationStart(input: NominationInput) {
  return {
    workflowId: nominationWorkflowId(input.round, input.department.name),
    staticSummary: `${input.department.name}: cử thành viên Đoàn kiểm tra`,
    typedSearchAttributes: [
      { key: SA.round, value: input.round },
      { key: SA.unit, value: input.department.name },
      { key: SA.kind, value: 'nomination' },
      { key: SA.stage, value: 'nomination_requested' },
      { key: SA.overdue, value: false },
    ],
  };
}

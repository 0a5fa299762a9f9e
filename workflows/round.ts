import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { visitClash, type UnitVisit, type VisitRules } from '../domain/plan';
import { describeIssue } from '../domain/validation';
import { condition, continueAsNew, ParentClosePolicy, setHandler, startChild, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { InspectionInput } from './inspection/api';
import { inspection } from './inspection/workflow';
import { checkVisit, checkVisitSchema, childFinished, progressQuery, visitChanged, type RoundChild, type RoundProgress } from './round-api';
import { SA } from './search-attributes';
import { selfInspection, type SelfInspectionInput } from './self-inspection';
import { inspectionStartOptions, selfInspectionStartOptions } from './start-options';

/** Input of a round: one inspection per inspected unit, one self-inspection per unit outside. */
export interface RoundInput {
  round: string;
  year: number;
  inspections: InspectionInput[];
  selfInspections: SelfInspectionInput[];
  /** History events after which the round continues as new, carrying its progress (default 8,000). */
  historyLimit?: number;
  /** The plan's rules across units; without them (rounds started before November 2026) no clash is checked. */
  rules?: VisitRules;
}

/** Above this many history events the round continues as new (with its progress). */
const DEFAULT_HISTORY_LIMIT = 8000;

/**
 * One round of inspections (a plan): starts a child `inspection` per unit and a child
 * `selfInspection` per unit outside the round, with deterministic ids so nothing is ever started
 * twice, and tracks them until every child has finished. Children are abandoned on close: an
 * inspection never depends on its round staying open.
 */
export async function round(input: RoundInput, carried?: RoundChild[]): Promise<RoundProgress> {
  const info = workflowInfo();
  const children: RoundChild[] =
    carried ??
    [
      ...input.inspections.map((i) => ({ workflowId: inspectionStartOptions(i, info.taskQueue).workflowId, unit: i.unit.name, type: 'inspection' as const, status: 'pending' as const, visit: { ...i.visit } })),
      ...input.selfInspections.map((s) => ({ workflowId: selfInspectionStartOptions(s, info.taskQueue).workflowId, unit: s.unit.name, type: 'selfInspection' as const, status: 'pending' as const })),
    ];
  const progress = (): RoundProgress => ({
    round: input.round,
    total: children.length,
    started: children.filter((c) => c.status !== 'pending').length,
    finished: children.filter((c) => c.status === 'finished').length,
    children,
  });
  setHandler(progressQuery, progress);
  setHandler(childFinished, ({ workflowId, stage }) => {
    const c = children.find((x) => x.workflowId === workflowId);
    if (c) {
      c.status = 'finished';
      c.finalStage = stage;
    }
  });
  setHandler(visitChanged, ({ workflowId, start, end }) => {
    const c = children.find((x) => x.workflowId === workflowId);
    if (c) c.visit = { start, end };
  });
  /** The clash of a proposed visit with the other live inspections, if any. */
  const clashOf = (p: { workflowId: string; start: string; end: string }) => {
    const visits: UnitVisit[] = children.flatMap((c) =>
      c.type === 'inspection' && c.visit && c.workflowId !== p.workflowId && !(c.status === 'finished' && c.finalStage === 'cancelled') ? [{ unit: c.unit, ...c.visit }] : [],
    );
    const self = children.find((c) => c.workflowId === p.workflowId);
    return input.rules && self ? visitClash(visits, { unit: self.unit, start: p.start, end: p.end }, input.rules) : undefined;
  };
  setHandler(
    checkVisit,
    // An accepted clash, with its reason, is in this update's event; the inspection records it too.
    (p) => ({ clashesWith: clashOf(p)?.units ?? [] }),
    {
      validator: (p) => {
        const r = checkVisitSchema.safeParse(p);
        if (!r.success) throw ApplicationFailure.nonRetryable(`Dữ liệu không hợp lệ: ${describeIssue(r.error.issues[0]!)} (invalid checkVisit payload)`, 'InvalidUpdate');
        if (!children.some((c) => c.workflowId === p.workflowId)) throw ApplicationFailure.nonRetryable(`${p.workflowId} không thuộc đợt ${input.round} (not in this round)`, 'InvalidUpdate');
        const clash = clashOf(r.data);
        if (clash && !r.data.allowClash) throw ApplicationFailure.nonRetryable(`Lịch mới ${clash.message}. Chọn ngày khác, hoặc dùng --allow-clash kèm --reason (visit clash)`, 'VisitClash');
        if (clash && !r.data.reason) throw ApplicationFailure.nonRetryable('Chấp nhận trùng lịch cần nêu lý do (--reason) (clash accepted without a reason)', 'InvalidUpdate');
      },
    },
  );
  upsertSearchAttributes([{ key: SA.round, value: input.round }]);

  const limit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const tooLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > limit;
  for (const c of children) {
    if (c.status !== 'pending') continue;
    try {
      if (c.type === 'inspection') {
        const i = input.inspections.find((x) => x.unit.name === c.unit)!;
        const o = inspectionStartOptions(i, info.taskQueue);
        await startChild(inspection, {
          workflowId: o.workflowId,
          args: [i],
          typedSearchAttributes: o.typedSearchAttributes,
          staticSummary: o.staticSummary,
          staticDetails: o.staticDetails,
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
      } else {
        const s = input.selfInspections.find((x) => x.unit.name === c.unit)!;
        const o = selfInspectionStartOptions(s, info.taskQueue);
        await startChild(selfInspection, {
          workflowId: c.workflowId,
          args: [s],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          staticSummary: o.staticSummary,
          typedSearchAttributes: o.typedSearchAttributes,
        });
      }
      c.status = 'started';
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      c.status = 'already-running';
    }
    if (tooLong()) await continueAsNew<typeof round>(input, children);
  }
  while (children.some((c) => c.status !== 'finished')) {
    await condition(() => children.every((c) => c.status === 'finished') || tooLong(), '1 day', { summary: 'Chờ các cuộc kiểm tra hoàn thành' });
    if (tooLong()) await continueAsNew<typeof round>(input, children);
  }
  return progress();
}

import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { condition, continueAsNew, ParentClosePolicy, setHandler, startChild, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { InspectionInput } from './inspection/api';
import { inspection } from './inspection/workflow';
import { childFinished, progressQuery, type RoundChild, type RoundProgress } from './round-api';
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
      ...input.inspections.map((i) => ({ workflowId: inspectionStartOptions(i, info.taskQueue).workflowId, unit: i.unit.name, type: 'inspection' as const, status: 'pending' as const })),
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

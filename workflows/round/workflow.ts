import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  condition,
  continueAsNew,
  ParentClosePolicy,
  patched,
  WorkflowIdReusePolicy,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { visitClash, type UnitVisit } from '../../domain/plan';
import { sameName } from '../../domain/team';
import {
  inspectionStart,
  INSPECTION_WORKFLOW,
  NOMINATION_WORKFLOW,
  nominationStart,
  SELF_INSPECTION_WORKFLOW,
  selfInspectionStart,
} from '../child-starts';
import type { InspectionWorkflow } from '../inspection/contract';
import type { NominationWorkflow } from '../nomination/contract';
import { childFinished, teamJoined, visitChanged } from '../kit/parent';
import { parsePayload, refuse } from '../kit/refusal';
import { SA } from '../search-attributes';
import type { SelfInspectionWorkflow } from '../self-inspection/contract';
import { childEndOf, stageOfResult } from './rules';
import {
  addUnits,
  addUnitsSchema,
  checkVisit,
  checkVisitSchema,
  progressQuery,
  type AddUnitsInput,
  type RoundChild,
  type RoundInput,
  type RoundProgress,
} from './contract';

/** Above this many history events the round continues as new (with its progress). */
const DEFAULT_HISTORY_LIMIT = 8000;

/**
 * One round of inspections (a plan): starts a child `inspection` per unit and a child
 * `selfInspection` per unit outside the round, with deterministic ids so nothing is ever started
 * twice, and tracks them until every child has ended: a child tells the round when its process
 * finishes (`childFinished`), and the round watches each child it started for an end without one
 * (terminated, cancelled, failed, timed out). Children are abandoned on close: an
 * inspection never depends on its round staying open. Children are started by type name, so the
 * round's bundle evaluates none of their modules (test/round-bundle.test.ts).
 */
export async function round(input: RoundInput, carried?: RoundChild[]): Promise<RoundProgress> {
  // Added in November 2026: rounds started before never watched their children's ends and replay so.
  const watchesEnds = patched('round-watches-child-ends');
  const children: RoundChild[] = carried ?? [
    ...input.inspections.map((i) => ({
      workflowId: inspectionStart(i).workflowId,
      unit: i.unit.name,
      type: 'inspection' as const,
      status: 'pending' as const,
      visit: { ...i.visit },
    })),
    ...input.selfInspections.map((s) => ({
      workflowId: selfInspectionStart(s).workflowId,
      unit: s.unit.name,
      type: 'selfInspection' as const,
      status: 'pending' as const,
    })),
  ];
  const progress = (): RoundProgress => ({
    round: input.round,
    total: children.length,
    started: children.filter((c) => c.status !== 'pending').length,
    finished: children.filter((c) => c.status === 'finished').length,
    ended: children.reduce<RoundProgress['ended']>((n, c) => (c.ended ? { ...n, [c.ended]: (n[c.ended] ?? 0) + 1 } : n), {}),
    children,
    ...(input.team ? { team: input.team } : {}),
  });
  /**
   * Records the child as ended when its result comes: by its final state if its `childFinished`
   * was lost, or by how it ended when it failed to finish (a terminated child sends nothing).
   */
  const watch = (c: RoundChild, result: Promise<unknown>) => {
    result.then(
      (r) => {
        if (c.status === 'finished') return;
        c.status = 'finished';
        const stage = stageOfResult(r);
        if (stage) c.finalStage = stage;
      },
      (err: unknown) => {
        if (c.status === 'finished') return;
        c.status = 'finished';
        c.ended = childEndOf(err);
      },
    );
  };
  setHandler(progressQuery, progress);
  setHandler(childFinished, ({ workflowId, stage }) => {
    const c = children.find((x) => x.workflowId === workflowId);
    if (c) {
      c.status = 'finished';
      c.finalStage = stage;
    }
  });
  // The members a partner department nominated join the round's team (carried over a continue-as-new in `input`).
  setHandler(teamJoined, ({ members }) => {
    const team = input.team;
    if (!team) return;
    const present = () => [team.lead.name, ...team.deputies.map((d) => d.name), ...team.members.map((m) => m.name)];
    for (const m of members) if (!present().some((n) => sameName(n, m.name))) team.members.push({ ...m });
  });
  setHandler(visitChanged, ({ workflowId, start, end }) => {
    const c = children.find((x) => x.workflowId === workflowId);
    if (c) c.visit = { start, end };
  });
  /** The clash of a proposed visit with the other live inspections (and `extra` visits not yet children), if any. */
  const clashOf = (p: { workflowId: string; start: string; end: string }, unit?: string, extra: UnitVisit[] = []) => {
    const visits: UnitVisit[] = children.flatMap((c) =>
      c.type === 'inspection' &&
      c.visit &&
      c.workflowId !== p.workflowId &&
      !c.ended &&
      !(c.status === 'finished' && c.finalStage === 'cancelled')
        ? [{ unit: c.unit, ...c.visit }]
        : [],
    );
    visits.push(...extra);
    const name = unit ?? children.find((c) => c.workflowId === p.workflowId)?.unit;
    return input.rules && name ? visitClash(visits, { unit: name, start: p.start, end: p.end }, input.rules) : undefined;
  };
  setHandler(
    checkVisit,
    // An accepted clash, with its reason, is in this update's event; the inspection records it too.
    (p) => ({ clashesWith: clashOf(p)?.units ?? [] }),
    {
      validator: (p) => {
        const data = parsePayload(checkVisitSchema, p, 'checkVisit');
        if (!children.some((c) => c.workflowId === data.workflowId))
          refuse(`${data.workflowId} không thuộc đợt ${input.round}`, 'not in this round');
        const clash = clashOf(data);
        if (clash && !data.allowClash)
          refuse(`Lịch mới ${clash.message}. Chọn ngày khác, hoặc dùng --allow-clash kèm --reason`, 'visit clash', 'VisitClash');
        if (clash && !data.reason) refuse('Chấp nhận trùng lịch cần nêu lý do (--reason)', 'clash accepted without a reason');
      },
    },
  );
  setHandler(
    addUnits,
    (p) => {
      for (const i of p.inspections) {
        input.inspections.push(i);
        children.push({
          workflowId: inspectionStart(i).workflowId,
          unit: i.unit.name,
          type: 'inspection',
          status: 'pending',
          visit: { ...i.visit },
        });
      }
      for (const s of p.selfInspections) {
        input.selfInspections.push(s);
        children.push({ workflowId: selfInspectionStart(s).workflowId, unit: s.unit.name, type: 'selfInspection', status: 'pending' });
      }
      return { added: [...p.inspections, ...p.selfInspections].map((u) => u.unit.name) };
    },
    {
      validator: (p: AddUnitsInput) => {
        parsePayload(addUnitsSchema, p, 'addUnits');
        const ids = new Set(children.map((c) => c.workflowId));
        const added = [
          ...p.inspections.map((i) => ({ id: inspectionStart(i).workflowId, unit: i.unit.name })),
          ...p.selfInspections.map((s) => ({ id: selfInspectionStart(s).workflowId, unit: s.unit.name })),
        ];
        for (const a of added) {
          if (ids.has(a.id)) refuse(`${a.unit} đã có trong đợt ${input.round}`, 'unit already in the round');
          ids.add(a.id);
        }
        const earlier: UnitVisit[] = [];
        for (const i of p.inspections) {
          const clash = clashOf({ workflowId: inspectionStart(i).workflowId, ...i.visit }, i.unit.name, earlier);
          if (clash) refuse(`Lịch làm việc của ${i.unit.name} ${clash.message}`, 'visit clash', 'VisitClash');
          earlier.push({ unit: i.unit.name, ...i.visit });
        }
      },
    },
  );
  upsertSearchAttributes([{ key: SA.round, value: input.round }]);

  const limit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const tooLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > limit;
  /** Starts every child not yet started: the plan's, then those an `addUnits` brought. */
  const startPending = async () => {
    for (const c of children) {
      if (c.status !== 'pending') continue;
      try {
        if (c.type === 'inspection') {
          const i = input.inspections.find((x) => x.unit.name === c.unit)!;
          const o = inspectionStart(i);
          const h = await startChild<InspectionWorkflow>(INSPECTION_WORKFLOW, {
            workflowId: o.workflowId,
            args: [i],
            typedSearchAttributes: o.typedSearchAttributes,
            staticSummary: o.staticSummary,
            staticDetails: o.staticDetails,
            parentClosePolicy: ParentClosePolicy.ABANDON,
          });
          if (watchesEnds) watch(c, h.result());
        } else {
          const s = input.selfInspections.find((x) => x.unit.name === c.unit)!;
          const o = selfInspectionStart(s);
          const h = await startChild<SelfInspectionWorkflow>(SELF_INSPECTION_WORKFLOW, {
            workflowId: c.workflowId,
            args: [s],
            parentClosePolicy: ParentClosePolicy.ABANDON,
            staticSummary: o.staticSummary,
            typedSearchAttributes: o.typedSearchAttributes,
          });
          if (watchesEnds) watch(c, h.result());
        }
        c.status = 'started';
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        c.status = 'already-running';
      }
      if (tooLong()) await continueAsNew<typeof round>(input, children);
    }
  };
  await startPending();
  // Added in December 2026: a round whose plan names partner departments asks each to nominate members,
  // once every inspection has started, so the members join each one.
  if (input.nominations?.length && patched('round-starts-nominations')) {
    for (const n of input.nominations) {
      const o = nominationStart(n);
      try {
        await startChild<NominationWorkflow>(NOMINATION_WORKFLOW, {
          workflowId: o.workflowId,
          args: [n],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          // Never a second request after a continue-as-new, even once the first has ended.
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          staticSummary: o.staticSummary,
          typedSearchAttributes: o.typedSearchAttributes,
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
  }
  while (children.some((c) => c.status !== 'finished')) {
    await condition(
      () => children.every((c) => c.status === 'finished') || children.some((c) => c.status === 'pending') || tooLong(),
      '1 day',
      { summary: 'Chờ các cuộc kiểm tra hoàn thành' },
    );
    await startPending();
    if (tooLong()) await continueAsNew<typeof round>(input, children);
  }
  return progress();
}

import type { Client } from '@temporalio/client';
import { ExitCode, UserFacingError } from '../config/errors';
import type { LocalDate } from '../domain/dates';
import type { Plan } from '../domain/plan-schema';
import { completeInspectionInput, stateQuery, type InspectionInput, type InspectionState } from '../workflows/inspection/contract';
import type { RoundInput } from '../workflows/round/contract';
import { completeSelfInspectionInput, selfInspectionStateQuery, type SelfInspectionState } from '../workflows/self-inspection/contract';
import { INDICATORS } from '../domain/kpi';
import { ROUND_ID_PATTERN } from '../domain/validation';
import { inspectionAsShown, selfInspectionAsShown, stageKeyOf, terminationOf, type MaybeTerminated } from './terminated';

/** The round workflow's input from a checked plan. Units without visit dates are refused by name. */
export function roundInputFromPlan(plan: Plan): RoundInput {
  const missing = plan.units.filter((u) => !u.visit).map((u) => u.name);
  if (missing.length > 0) {
    throw new UserFacingError(
      `${missing.length} đơn vị chưa có lịch làm việc: ${missing.join(', ')}. Thêm visit cho từng đơn vị hoặc dùng \`kiemtra plan propose\`.`,
      ExitCode.badInput,
    );
  }
  const contacts = { coordinator: plan.coordinator, teamLead: plan.team.lead, center: plan.center };
  const inspections: InspectionInput[] = plan.units.map((u) =>
    completeInspectionInput({
      round: plan.round,
      year: plan.year,
      unit: { name: u.name, kind: u.kind, emails: u.emails },
      kind: u.type,
      visit: u.visit!,
      contacts,
      periodReviewedFrom: plan.periodReviewedFrom,
      reminders: {
        reportWorkingDaysBefore: plan.reminders.reportWorkingDaysBefore,
        conclusionWorkingDaysBefore: plan.reminders.conclusionWorkingDaysBefore,
        remediationWorkingDaysBefore: plan.reminders.remediationWorkingDaysBefore,
      },
      ...(u.current ? { current: u.current } : {}),
    }),
  );
  const selfInspections = (plan.selfInspection?.units ?? []).map((u) =>
    completeSelfInspectionInput({
      round: plan.round,
      year: plan.year,
      unit: u,
      before: plan.selfInspection!.before,
      basis: plan.selfInspection!.basis,
      contacts,
      remindersWorkingDaysBefore: plan.reminders.selfInspectionWorkingDaysBefore,
    }),
  );
  return {
    round: plan.round,
    year: plan.year,
    inspections,
    selfInspections,
    rules: { oneUnitPerDay: plan.rules.oneUnitPerDay, maxVisitsPerWeek: plan.rules.maxVisitsPerWeek },
  };
}

/** What the summary is made from: every inspection's and self-inspection's state. */
export interface RoundData {
  round: string;
  asOf: string;
  /** Each state as shown: a terminated process marked so (client/terminated.ts). */
  inspections: MaybeTerminated<InspectionState>[];
  selfInspections: MaybeTerminated<SelfInspectionState>[];
}

/**
 * Every inspection's and self-inspection's state in a round, found by the InspectionRound search
 * attribute and read by query; inspections by visit then unit, self-inspections by unit. Both lists
 * are empty when the round has no workflow; a malformed round id is refused.
 */
export async function findRoundData(client: Client, round: string, asOf: LocalDate): Promise<RoundData> {
  // The id goes into a visibility query: only a well-formed one.
  if (!ROUND_ID_PATTERN.test(round)) throw new UserFacingError(`mã đợt "${round}" không hợp lệ.`, ExitCode.badInput);
  const inspections: MaybeTerminated<InspectionState>[] = [];
  const selfInspections: MaybeTerminated<SelfInspectionState>[] = [];
  for await (const wf of client.workflow.list({ query: `InspectionRound = '${round}'` })) {
    const terminated = terminationOf(wf.status, wf.closeTime);
    if (wf.type === 'inspection')
      inspections.push(inspectionAsShown(await client.workflow.getHandle(wf.workflowId).query(stateQuery), terminated));
    if (wf.type === 'selfInspection')
      selfInspections.push(
        selfInspectionAsShown(await client.workflow.getHandle(wf.workflowId).query(selfInspectionStateQuery), terminated),
      );
  }
  inspections.sort((a, b) => a.visit.start.localeCompare(b.visit.start) || a.config.unit.name.localeCompare(b.config.unit.name));
  selfInspections.sort((a, b) => a.unit.localeCompare(b.unit));
  return { round, asOf, inspections, selfInspections };
}

/** Figures of a round, for the summary and for tests. */
export function roundFigures(d: RoundData) {
  const byStage: Record<string, number> = {};
  for (const s of d.inspections) byStage[stageKeyOf(s)] = (byStage[stageKeyOf(s)] ?? 0) + 1;
  const recs = d.inspections.flatMap((s) => s.recommendations);
  const reported = d.inspections.filter((s) => s.report);
  const kpi = INDICATORS.map((i) => {
    const values = reported.flatMap((s) => s.report!.kpi.filter((k) => k.id === i.id));
    return { id: i.id, label: i.label, target: values[0]?.target ?? 0, reported: values.length, met: values.filter((v) => v.met).length };
  }).filter((k) => k.reported > 0);
  return {
    inspections: d.inspections.length,
    byStage,
    overdue: d.inspections.filter((s) => s.overdue.length > 0).map((s) => s.config.unit.name),
    reportsReceived: reported.length,
    reportsLate: reported.filter((s) => s.report!.late).length,
    recommendations: recs.length,
    recommendationsDone: recs.filter((r) => r.status === 'done').length,
    recommendationsOverdue: recs.filter((r) => r.overdue).length,
    kpi,
    /** The units whose report took figures from their periodic report, and which report. */
    prefilled: reported.filter((s) => s.report!.prefilled).map((s) => ({ unit: s.config.unit.name, ...s.report!.prefilled! })),
    selfInspections: d.selfInspections.length,
    selfReceived: d.selfInspections.filter((s) => s.stage === 'self_received').map((s) => s.unit),
    selfMissing: d.selfInspections.filter((s) => s.stage !== 'self_received' && !s.terminated).map((s) => s.unit),
    selfTerminated: d.selfInspections.filter((s) => s.terminated).map((s) => s.unit),
  };
}

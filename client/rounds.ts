import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { LazyRecords, recordsNotIn } from './archive';
import type { RecordStore } from './records/store';
import { SA } from '../workflows/search-attributes';
import { ExitCode, UserFacingError } from '../config/errors';
import type { LocalDate } from '../domain/dates';
import type { Plan } from '../domain/plan-schema';
import { completeInspectionInput, stateQuery, type InspectionInput, type InspectionState } from '../workflows/inspection/contract';
import { progressQuery, roundWorkflowId, type RoundInput, type RoundProgress } from '../workflows/round/contract';
import { completeNominationInput } from '../workflows/nomination/contract';
import { completeSelfInspectionInput, selfInspectionStateQuery, type SelfInspectionState } from '../workflows/self-inspection/contract';
import { INDICATORS } from '../domain/kpi';
import { ROUND_ID_PATTERN } from '../domain/validation';
import { inspectionAsShown, selfInspectionAsShown, stageKeyOf, terminationOf, type MaybeTerminated } from './terminated';

/** The plan's `documents` block as an inspection takes it: without the round's own signer (the Chairman). */
function inspectionDocuments(documents: NonNullable<Plan['documents']>, issueWorkingDaysBefore: number[]) {
  const { chairman: _roundOnly, ...rest } = documents;
  return { ...rest, issueWorkingDaysBefore };
}

/** The contacts every process of a round's plan carries. */
function planContacts(plan: Plan) {
  const lead = plan.team.lead;
  return { coordinator: plan.coordinator, teamLead: { name: lead.name, email: lead.email }, center: plan.center };
}

/**
 * The input of one inspection of a plan's round: a unit of its list, or a unit outside it that the
 * round inspects by surprise (Mục II.2.a; `kiemtra round surprise`).
 */
export function inspectionInputFor(
  plan: Plan,
  u: Pick<Plan['units'][number], 'name' | 'kind' | 'emails' | 'type' | 'current'> & { visit: { start: string; end: string } },
): InspectionInput {
  return completeInspectionInput({
    round: plan.round,
    year: plan.year,
    unit: { name: u.name, kind: u.kind, emails: u.emails },
    kind: u.type,
    visit: u.visit,
    contacts: planContacts(plan),
    team: plan.team,
    periodReviewedFrom: plan.periodReviewedFrom,
    reminders: {
      reportWorkingDaysBefore: plan.reminders.reportWorkingDaysBefore,
      conclusionWorkingDaysBefore: plan.reminders.conclusionWorkingDaysBefore,
      remediationWorkingDaysBefore: plan.reminders.remediationWorkingDaysBefore,
    },
    ...(u.current ? { current: u.current } : {}),
    ...(plan.documents ? { documents: inspectionDocuments(plan.documents, plan.reminders.documentIssueWorkingDaysBefore) } : {}),
  });
}

/** The round workflow's input from a checked plan. Units without visit dates are refused by name. */
export function roundInputFromPlan(plan: Plan): RoundInput {
  const missing = plan.units.filter((u) => !u.visit).map((u) => u.name);
  if (missing.length > 0) {
    throw new UserFacingError(
      `${missing.length} đơn vị chưa có lịch làm việc: ${missing.join(', ')}. Thêm visit cho từng đơn vị hoặc dùng \`kiemtra plan propose\`.`,
      ExitCode.badInput,
    );
  }
  const contacts = planContacts(plan);
  const inspections: InspectionInput[] = plan.units.map((u) => inspectionInputFor(plan, { ...u, visit: u.visit! }));
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
  const firstVisit = plan.units.map((u) => u.visit!.start).sort()[0]!;
  const n = plan.nominations;
  const nominations = (n?.departments ?? []).map((department) =>
    completeNominationInput({
      round: plan.round,
      year: plan.year,
      roundTitle: plan.title,
      department,
      due: n!.deadline ? { date: n!.deadline } : { workingDaysBefore: n!.workingDaysBeforeFirstVisit, firstVisit },
      firstVisit,
      reminderWorkingDaysBefore: n!.reminderWorkingDaysBefore,
      contacts: { coordinator: plan.coordinator, center: plan.center },
    }),
  );
  return {
    round: plan.round,
    year: plan.year,
    inspections,
    selfInspections,
    rules: { oneUnitPerDay: plan.rules.oneUnitPerDay, maxVisitsPerWeek: plan.rules.maxVisitsPerWeek },
    ...(nominations.length ? { team: plan.team, nominations } : {}),
  };
}

/** What the summary is made from: every inspection's and self-inspection's state. */
export interface RoundData {
  round: string;
  asOf: string;
  /** Each state as shown: a terminated process marked so (client/terminated.ts). */
  inspections: MaybeTerminated<InspectionState>[];
  selfInspections: MaybeTerminated<SelfInspectionState>[];
  /** Units whose state comes from the record store: the engine no longer has them (docs/records.md). */
  fromRecords?: { unit: string; workflowId: string }[];
  /** Children the round started that neither the engine nor the record store has. */
  missing?: { unit: string; workflowId: string }[];
}

/**
 * Every inspection's and self-inspection's state in a round, found by the InspectionRound search
 * attribute and read by query; inspections by visit then unit, self-inspections by unit. A closed
 * one the engine has deleted is read from the record store (listed in `fromRecords`), and a child
 * the round started that neither has is listed in `missing`: no unit is ever dropped silently.
 * Both lists are empty when the round has no workflow; a malformed round id is refused.
 */
export async function findRoundData(client: Client, round: string, asOf: LocalDate, records = new LazyRecords()): Promise<RoundData> {
  // The id goes into a visibility query: only a well-formed one.
  if (!ROUND_ID_PATTERN.test(round)) throw new UserFacingError(`mã đợt "${round}" không hợp lệ.`, ExitCode.badInput);
  const inspections: MaybeTerminated<InspectionState>[] = [];
  const selfInspections: MaybeTerminated<SelfInspectionState>[] = [];
  const seen = new Set<string>();
  for await (const wf of client.workflow.list({ query: `InspectionRound = '${round}'` })) {
    const state = await sourcedState(client, wf.type, wf.workflowId);
    if (!state) continue; // deleted between the listing and the query: read from the store below
    seen.add(wf.workflowId);
    const terminated = terminationOf(wf.status, wf.closeTime);
    if (wf.type === 'inspection') inspections.push(inspectionAsShown(state as InspectionState, terminated));
    if (wf.type === 'selfInspection') selfInspections.push(selfInspectionAsShown(state as SelfInspectionState, terminated));
  }
  const store = await records.get();
  const fromRecords: { unit: string; workflowId: string }[] = [];
  const candidates = (await store.list()).filter(
    (e) =>
      (e.workflowType === 'inspection' || e.workflowType === 'selfInspection') &&
      (!e.parentWorkflowId || e.parentWorkflowId === roundWorkflowId(round)),
  );
  for (const { entry, record } of await recordsNotIn(store, candidates, seen)) {
    if (!entry.parentWorkflowId && record.searchAttributes[SA.round.name] !== round) continue;
    if (!record.finalState) continue;
    seen.add(entry.workflowId);
    const terminated = terminationOf({ name: record.status }, new Date(record.closeTime));
    if (entry.workflowType === 'inspection') {
      const s = record.finalState as InspectionState;
      inspections.push(inspectionAsShown(s, terminated));
      fromRecords.push({ unit: s.config.unit.name, workflowId: entry.workflowId });
    } else {
      const s = record.finalState as SelfInspectionState;
      selfInspections.push(selfInspectionAsShown(s, terminated));
      fromRecords.push({ unit: s.unit, workflowId: entry.workflowId });
    }
  }
  const children = (await roundProgress(client, store, round))?.children ?? [];
  const missing = children
    .filter((c) => !seen.has(c.workflowId) && c.status !== 'pending')
    .map((c) => ({ unit: c.unit, workflowId: c.workflowId }));
  inspections.sort((a, b) => a.visit.start.localeCompare(b.visit.start) || a.config.unit.name.localeCompare(b.config.unit.name));
  selfInspections.sort((a, b) => a.unit.localeCompare(b.unit));
  return {
    round,
    asOf,
    inspections,
    selfInspections,
    ...(fromRecords.length ? { fromRecords } : {}),
    ...(missing.length ? { missing } : {}),
  };
}

/** An inspection's or self-inspection's state by query, or undefined when the engine has no such workflow. */
async function sourcedState(client: Client, type: string, workflowId: string): Promise<unknown> {
  if (type !== 'inspection' && type !== 'selfInspection') return undefined;
  try {
    const handle = client.workflow.getHandle(workflowId);
    return type === 'inspection' ? await handle.query(stateQuery) : await handle.query(selfInspectionStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/** The round's own list of children: its progress query, else its record's final state. */
async function roundProgress(client: Client, store: RecordStore, round: string): Promise<RoundProgress | undefined> {
  try {
    return await client.workflow.getHandle(roundWorkflowId(round)).query(progressQuery);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  return (await store.get(roundWorkflowId(round)))?.finalState as RoundProgress | undefined;
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
    /** Units read from the record store (the engine deleted them after its retention). */
    fromRecords: (d.fromRecords ?? []).map((u) => u.unit),
    /** Units the round started that neither the engine nor the record store has. */
    missing: (d.missing ?? []).map((u) => u.unit),
  };
}

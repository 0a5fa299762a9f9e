import type { WorkingCalendar } from '../../domain/calendar';
import { dateInText, formatDateVi, type LocalDate } from '../../domain/dates';
import { forwardDeadline, inspectionDeadlines, type Deadline } from '../../domain/deadlines';
import { evaluateIndicators, type EvaluationOptions, type Indicators, type KpiResult, type Targets } from '../../domain/kpi';
import { indicatorsFromCounts, type ReportCounts } from '../../domain/report-measures';
import type { ReportFormId } from '../../domain/report-outline';
import type { FileRef } from '../../domain/validation';
import type { Team } from '../../domain/team';
import { overdueAt } from '../../domain/send-times';
import { record, SYSTEM } from '../kit/history';
import { indicatorPlace } from '../../domain/indicator-places';
import { addFinding, refreshSampleFindings } from './findings';
import { openRequests } from '../../domain/document-requests';
import type { InspectionConfig } from './input';
import { canTransition, isRequestStage, STAGE_LABELS, type Stage } from './stages';
import type { InspectionState } from './types';

/**
 * The rules that change the inspection's state, without Temporal: the workflow, the update table,
 * the import of an inspection under way and the tests all go through here. Instants come in as
 * arguments (`at`, `now`), so each function is pure given its inputs. The state's types are in
 * ./types.ts.
 */

/** The state of a new inspection; an imported one is at its stage from the first moment. */
export function initialState(workflowId: string, config: InspectionConfig, at: string): InspectionState {
  return {
    workflowId,
    config,
    stage: config.current?.stage ?? 'scheduled',
    stageSince: at,
    kind: config.kind,
    visit: { ...config.visit },
    periodReviewed: { from: config.periodReviewedFrom, to: config.visit.start },
    deadlines: [],
    overdue: [],
    findings: [],
    recommendations: [],
    history: [
      {
        at,
        actor: SYSTEM,
        action: 'Lên lịch kiểm tra',
        detail: `${config.kind === 'surprise' ? 'Kiểm tra đột xuất' : 'Kiểm tra định kỳ'}, làm việc từ ${formatDateVi(config.visit.start)} đến ${formatDateVi(config.visit.end)}`,
      },
    ],
    emails: [],
    pendingReminders: [],
    files: [],
    linkGenerations: {},
    scheduleRevision: 0,
    ...(config.team ? { team: cloneTeam(config.team) } : {}),
  };
}

/** A copy of a team, so that changes of member never alter the recorded input. */
function cloneTeam(t: Team): Team {
  return {
    lead: { ...t.lead },
    deputies: t.deputies.map((d) => ({ ...d })),
    members: t.members.map((m) => ({ ...m })),
    secretary: { ...t.secretary },
  };
}

/** A transition the stage table does not allow: a bug, never a user's mistake. */
export class IllegalTransitionError extends Error {
  constructor(from: Stage, to: Stage) {
    super(`illegal transition ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

/** Moves to another stage, as the stage table allows, and records why. */
export function transition(state: InspectionState, to: Stage, by: string, why: string, at: string): void {
  if (!canTransition(state.stage, to)) throw new IllegalTransitionError(state.stage, to);
  record(state.history, { at, actor: by, action: `Chuyển giai đoạn: ${STAGE_LABELS[state.stage]} → ${STAGE_LABELS[to]}`, detail: why });
  state.stage = to;
  state.stageSince = at;
}

export function deadlineOf(state: InspectionState, id: string): Deadline | undefined {
  return state.deadlines.find((d) => d.id === id);
}

/**
 * The date a unit's link for `action` is due by, from which its expiry is counted (domain/links.ts):
 * the visit's first day for the acknowledgement, its last for the forms, the report's deadline,
 * the draft's response date, the latest open request's date, else the latest recommendation's.
 * One rule for the workflow that re-issues a link and the CLI that shows the current one.
 */
export function linkDeadline(state: InspectionState, action: string): LocalDate | undefined {
  const latest = (dates: LocalDate[]) => [...dates].sort().at(-1);
  switch (action) {
    case 'ack':
      return state.visit.start;
    case 'forms':
      return state.visit.end;
    case 'report':
      return deadlineOf(state, 'report')?.date;
    case 'response':
      return state.draft?.responseBy;
    case 'documents':
      return latest(openRequests(state.documentRequests).map((r) => r.dueBy));
    default:
      return latest(state.recommendations.map((r) => r.deadline));
  }
}

/** The visit's deadlines (notice, report, conclusion) for the current visit, keeping the others. */
export function recomputeDeadlines(state: InspectionState, cal: WorkingCalendar): void {
  const d = inspectionDeadlines(cal, { start: state.visit.start, end: state.visit.end, surprise: state.kind === 'surprise' });
  const keep = state.deadlines.filter((x) => x.id === 'response' || x.id.startsWith('remediation:') || x.id.startsWith('documents:'));
  state.deadlines = [d.notice, d.report, d.conclusion, ...keep].filter((x): x is Deadline => x !== undefined);
}

/**
 * The rates a report is evaluated with: those typed (older clients, the periodic report's) and
 * those computed from the counts (issue 23), the computed ones standing where both are given.
 */
export function reportRates(r: { indicators: Indicators; counts?: ReportCounts }): Indicators {
  return { ...r.indicators, ...(r.counts ? indicatorsFromCounts(r.counts) : {}) };
}

/**
 * The unit's report: late or not, and each missed 2026 target added as a finding, a shortcoming in
 * the indicator's place (domain/indicator-places.ts). The dossier sample's comparison with the
 * report follows it.
 */
export function applyReport(
  state: InspectionState,
  targets: Targets,
  r: {
    receivedOn: LocalDate;
    indicators: Indicators;
    counts?: ReportCounts;
    prefilled?: NonNullable<InspectionState['report']>['prefilled'];
  },
  at: string,
  evaluation: EvaluationOptions = {},
): KpiResult[] {
  const reportBy = deadlineOf(state, 'report')?.date;
  const kpi = evaluateIndicators(reportRates(r), targets, evaluation);
  state.report = {
    receivedOn: r.receivedOn,
    late: reportBy !== undefined && r.receivedOn > reportBy,
    kpi,
    ...(r.counts ? { counts: r.counts } : {}),
    ...(r.prefilled ? { prefilled: r.prefilled } : {}),
  };
  for (const k of kpi.filter((x) => !x.met))
    addFinding(state, { text: k.text, source: 'kpi', ...indicatorPlace(k.id), kind: 'shortcoming', at, by: SYSTEM });
  refreshSampleFindings(state, (id) => targets[id], at);
  return kpi;
}

/** Records forms of II.2 received on `receivedOn`, each with its file (one received again replaces it). */
export function applyForms(
  state: InspectionState,
  forms: { form: ReportFormId; file: FileRef }[],
  receivedOn: LocalDate,
  at: string,
): void {
  state.reportForms ??= {};
  for (const f of forms) {
    state.reportForms[f.form] = { file: f.file, receivedOn, at };
    state.files.push({ ...f.file, for: `form:${f.form}`, at });
  }
}

/**
 * Takes the recorded report out before a replacing one is applied: the findings it added (the
 * missed targets) go with it, the team's own findings stay. Returns the report replaced.
 */
export function replaceReport(state: InspectionState): NonNullable<InspectionState['report']> {
  const replaced = state.report!;
  state.findings = state.findings.filter((f) => f.source !== 'kpi');
  delete state.report;
  return replaced;
}

/** The signed conclusion and its recommendations, each with its remediation deadline. */
export function applyConclusion(
  state: InspectionState,
  cal: WorkingCalendar,
  c: {
    signer: string;
    signedOn: LocalDate;
    recommendations: { text: string; deadline: LocalDate; doneOn?: LocalDate; answers?: string[] }[];
  },
): void {
  const by = deadlineOf(state, 'conclusion');
  state.conclusion = { signer: c.signer, signedOn: c.signedOn, late: by !== undefined && c.signedOn > by.date };
  state.recommendations = c.recommendations.map((r, i) => ({
    id: `R${i + 1}`,
    text: r.text,
    deadline: r.deadline,
    status: r.doneOn ? 'done' : 'open',
    doneOn: r.doneOn,
    overdue: false,
    ...(r.answers?.length ? { answers: [...r.answers] } : {}),
  }));
  for (const r of state.recommendations) state.deadlines.push(forwardDeadline(cal, `remediation:${r.id}`, r.deadline, 'Kết luận kiểm tra'));
}

/** Brings in an inspection already under way: its stage and facts, recorded as imported. */
export function importCurrent(
  state: InspectionState,
  cal: WorkingCalendar,
  targets: Targets,
  c: NonNullable<InspectionConfig['current']>,
  at: string,
  evaluation: EvaluationOptions = {},
): void {
  const imported = (action: string, detail?: string) => record(state.history, { at, actor: SYSTEM, action, detail, imported: true });
  if (c.report) {
    applyReport(state, targets, c.report, at, evaluation);
    imported('Báo cáo phục vụ kiểm tra (nhập từ trước)', `nhận ${dateInText(c.report.receivedOn)}`);
  }
  if (c.openingMeeting) {
    state.openingMeeting = { date: c.openingMeeting };
    imported('Cuộc họp mở đầu (nhập từ trước)', formatDateVi(c.openingMeeting));
  }
  if (c.closingMeeting) {
    state.closingMeeting = { date: c.closingMeeting.date, preliminaryResults: c.closingMeeting.preliminaryResults };
    imported('Cuộc họp kết thúc (nhập từ trước)', formatDateVi(c.closingMeeting.date));
  }
  if (c.conclusion) {
    applyConclusion(state, cal, c.conclusion);
    imported('Kết luận kiểm tra (nhập từ trước)', `${c.conclusion.signer}, ${dateInText(c.conclusion.signedOn)}`);
  }
  imported(`Nhập cuộc kiểm tra đang ở giai đoạn "${STAGE_LABELS[c.stage]}"`);
  state.stage = c.stage === 'remediating' && state.recommendations.every((r) => r.status === 'done') ? 'closed' : c.stage;
  state.stageSince = at;
}

/** Recomputes which deadlines are missed at `now` (epoch milliseconds). */
export function refreshOverdue(state: InspectionState, cal: WorkingCalendar, now: number): void {
  const late = (id: string) => {
    const d = deadlineOf(state, id);
    return d !== undefined && now >= overdueAt(cal, d.date);
  };
  const overdue: string[] = [];
  if ((state.stage === 'notified' || state.stage === 'on_site') && !state.report && state.kind === 'periodic' && late('report'))
    overdue.push('report');
  if ((state.stage === 'on_site' || state.stage === 'drafting') && late('conclusion')) overdue.push('conclusion');
  if (state.stage === 'drafting' && state.draft && !state.unitResponse && late('response')) overdue.push('response');
  if (isRequestStage(state.stage))
    for (const r of openRequests(state.documentRequests)) if (late(`documents:${r.id}`)) overdue.push(`documents:${r.id}`);
  for (const r of state.recommendations) {
    r.overdue = state.stage === 'remediating' && r.status === 'open' && late(`remediation:${r.id}`);
    if (r.overdue) overdue.push(`remediation:${r.id}`);
  }
  state.overdue = overdue;
}

/** Whether a deadline still waits for someone, given the state. */
export function isOpenDeadline(state: InspectionState, d: Deadline): boolean {
  switch (d.id) {
    case 'notice':
      return state.stage === 'scheduled';
    case 'report':
      return !state.report && (state.stage === 'scheduled' || state.stage === 'notified');
    case 'conclusion':
      return !state.conclusion;
    case 'response':
      return !!state.draft && !state.unitResponse && state.stage === 'drafting';
    default: {
      if (d.id.startsWith('documents:')) {
        const q = state.documentRequests?.find((x) => `documents:${x.id}` === d.id);
        return !!q && !q.answer && isRequestStage(state.stage);
      }
      const r = state.recommendations.find((x) => `remediation:${x.id}` === d.id);
      return !!r && r.status === 'open';
    }
  }
}

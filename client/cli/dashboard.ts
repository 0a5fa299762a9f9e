import { addDays, dateInText, formatDate, formatDateVi, weekday, type LocalDate } from '../../domain/dates';
import { DEADLINE_ACTOR_LABELS, DEADLINES, deadlineName, deadlineOfId } from '../../domain/deadline-catalogue';
import { type InspectionState, STAGES } from '../../workflows/inspection/contract';
import { displayLine as shown } from '../../domain/safe-text';
import type { RoundData } from '../rounds';
import { stageKeyOf, TERMINATED_KEY } from '../terminated';
import { stageLabel } from './listing-table';

/**
 * `kiemtra round status`: a round at a glance for its coordinator, from every inspection's and
 * self-inspection's state. Pure, so the same content prints for people and as JSON.
 */

/** A missed deadline and who must act on it. */
export interface OverdueItem {
  unit: string;
  what: string;
  due: LocalDate;
  /** Who must act, in Vietnamese: the unit, the team lead. */
  who: string;
}

export interface RoundDashboard {
  round: string;
  asOf: LocalDate;
  inspections: number;
  byStage: Record<string, number>;
  selfInspections: { total: number; received: number; waiting: number; overdue: number; terminated?: number };
  overdue: OverdueItem[];
  visits: {
    thisWeek: { unit: string; start: LocalDate; end: LocalDate }[];
    nextWeek: { unit: string; start: LocalDate; end: LocalDate }[];
  };
  reportsAwaited: { unit: string; due: LocalDate }[];
}

const OPEN = new Set(['scheduled', 'notified', 'on_site']);

/** Who must act on a deadline, by name for the team lead. */
function whoActs(id: string, s: InspectionState): string {
  const actor = deadlineOfId(id)?.entry.actor ?? 'unit';
  return actor === 'teamLead' ? `${DEADLINE_ACTOR_LABELS.teamLead} (${s.config.contacts.teamLead.name})` : DEADLINE_ACTOR_LABELS[actor];
}

function overdueItems(s: InspectionState): OverdueItem[] {
  const unit = s.config.unit.name;
  const due = (id: string) => s.deadlines.find((d) => d.id === id)?.date ?? s.visit.start;
  return s.overdue.map((id) => {
    const r = s.recommendations.find((x) => `remediation:${x.id}` === id);
    return { unit, what: `${deadlineName(id, 'todo')}${r ? `: ${r.text}` : ''}`, due: due(id), who: whoActs(id, s) };
  });
}

/** The dashboard of a round on a day. */
export function roundDashboard(d: RoundData, today: LocalDate): RoundDashboard {
  const monday = addDays(today, -((weekday(today) + 6) % 7));
  const nextMonday = addDays(monday, 7);
  const inWeek = (from: LocalDate, s: InspectionState) => s.visit.start <= addDays(from, 6) && s.visit.end >= from;
  const live = d.inspections.filter((s) => s.stage !== 'cancelled' && !s.terminated);
  const visit = (s: InspectionState) => ({ unit: s.config.unit.name, start: s.visit.start, end: s.visit.end });
  const byStage = Object.fromEntries(
    [...STAGES, TERMINATED_KEY].map((st) => [st, d.inspections.filter((s) => stageKeyOf(s) === st).length]).filter(([, n]) => n !== 0),
  );
  const selfOverdue = d.selfInspections.filter((s) => s.overdue);
  const selfTerminated = d.selfInspections.filter((s) => s.terminated).length;
  return {
    round: d.round,
    asOf: today,
    inspections: d.inspections.length,
    byStage,
    selfInspections: {
      total: d.selfInspections.length,
      received: d.selfInspections.filter((s) => s.stage === 'self_received').length,
      waiting: d.selfInspections.filter((s) => s.stage === 'self_waiting' && !s.terminated).length,
      overdue: selfOverdue.length,
      // Only when there is one: a round without a terminated process reads as it always did.
      ...(selfTerminated ? { terminated: selfTerminated } : {}),
    },
    overdue: [
      ...d.inspections.flatMap(overdueItems),
      ...selfOverdue.map((s) => ({
        unit: s.unit,
        what: DEADLINES['self-inspection'].todo,
        due: s.deadline?.date ?? today,
        who: DEADLINE_ACTOR_LABELS[DEADLINES['self-inspection'].actor],
      })),
    ].sort((a, b) => a.due.localeCompare(b.due) || a.unit.localeCompare(b.unit, 'vi')),
    visits: {
      thisWeek: live.filter((s) => inWeek(monday, s)).map(visit),
      nextWeek: live.filter((s) => inWeek(nextMonday, s)).map(visit),
    },
    reportsAwaited: live
      .filter((s) => OPEN.has(s.stage) && s.kind === 'periodic' && !s.report)
      .map((s) => ({ unit: s.config.unit.name, due: s.deadlines.find((x) => x.id === 'report')?.date ?? s.visit.start }))
      .sort((a, b) => a.due.localeCompare(b.due)),
  };
}

/** The dashboard for people, in Vietnamese. */
export function dashboardText(b: RoundDashboard): string {
  const visits = (list: RoundDashboard['visits']['thisWeek']) =>
    list.length
      ? list.map((v) => `  - ${shown(v.unit)}: ${formatDateVi(v.start)}${v.end !== v.start ? ` – ${formatDate(v.end)}` : ''}`)
      : ['  (không có)'];
  const lines = [
    `Đợt ${shown(b.round)}, ngày ${formatDate(b.asOf)}: ${b.inspections} cuộc kiểm tra, ${b.selfInspections.total} đơn vị tự kiểm tra`,
    '',
    'Theo giai đoạn:',
    ...Object.entries(b.byStage).map(([st, n]) => `  - ${stageLabel(st)}: ${n}`),
    `  - Tự kiểm tra: ${b.selfInspections.received} đã nộp, ${b.selfInspections.waiting} đang chờ (${b.selfInspections.overdue} quá hạn)${b.selfInspections.terminated ? `, ${b.selfInspections.terminated} ${stageLabel('terminated').toLowerCase()}` : ''}`,
    '',
    `Quá hạn (${b.overdue.length}):`,
    ...(b.overdue.length
      ? b.overdue.map((o) => `  - ${shown(o.unit)}: ${shown(o.what)}, hạn ${formatDate(o.due)}; cần: ${shown(o.who)}`)
      : ['  (không có)']),
    '',
    'Làm việc tuần này:',
    ...visits(b.visits.thisWeek),
    'Làm việc tuần sau:',
    ...visits(b.visits.nextWeek),
    '',
    `Đang chờ báo cáo của đơn vị (${b.reportsAwaited.length}):`,
    ...(b.reportsAwaited.length ? b.reportsAwaited.map((r) => `  - ${shown(r.unit)}: hạn ${dateInText(r.due)}`) : ['  (không có)']),
  ];
  return `${lines.join('\n')}\n`;
}

import type { WorkingCalendar } from './calendar';
import { formatDateVi, type LocalDate } from './dates';
import { beforeDateDeadline, earliestNoticedVisit, inspectionDeadlines, NOTICE_WORKING_DAYS, type InspectionDeadlines } from './deadlines';
import type { Plan, UnitCurrent } from './plan-schema';

export { planSchema, type Plan, type PlanUnit, type UnitCurrent } from './plan-schema';

/**
 * A round's plan: checks of its dates against the calendar and proposals of visit dates. Pure;
 * reading a plan file is loaders/plan.ts.
 */

/** A problem found by {@link checkPlan}, with where it is. */
export interface PlanProblem {
  unit?: string;
  path: (string | number)[];
  message: string;
}

/** The computed deadlines of each unit with a visit. */
export interface UnitSchedule {
  unit: string;
  type: 'periodic' | 'surprise';
  visit?: { start: LocalDate; end: LocalDate };
  deadlines: InspectionDeadlines;
  imported?: UnitCurrent['stage'];
}

/**
 * Checks a plan's dates against the calendar: visits on days off, a visit too soon for the
 * 7-working-day notice (periodic units not yet notified), visits outside the window, two units on
 * the same day when the plan allows one a day, imported stages that contradict the dates.
 */
export function checkPlan(plan: Plan, cal: WorkingCalendar, today: LocalDate): { problems: PlanProblem[]; schedule: UnitSchedule[] } {
  const problems: PlanProblem[] = [];
  const schedule: UnitSchedule[] = [];
  plan.units.forEach((u, i) => {
    const at = (...rest: (string | number)[]) => ['units', i, ...rest];
    if (!u.visit) {
      schedule.push({ unit: u.name, type: u.type, deadlines: {} });
      return;
    }
    const { start, end } = u.visit;
    for (const [field, d] of [
      ['start', start],
      ['end', end],
    ] as const) {
      if (!cal.isWorkingDay(d)) problems.push({ unit: u.name, path: at('visit', field), message: `${formatDateVi(d)} là ngày nghỉ` });
    }
    if (start < plan.window.from || end > plan.window.to) {
      problems.push({
        unit: u.name,
        path: at('visit', 'start'),
        message: `lịch làm việc nằm ngoài thời gian kiểm tra ${formatDateVi(plan.window.from)} – ${formatDateVi(plan.window.to)}`,
      });
    }
    const deadlines = inspectionDeadlines(cal, { start, end, surprise: u.type === 'surprise' });
    if (!u.current && u.type === 'periodic' && deadlines.notice!.date < today) {
      problems.push({
        unit: u.name,
        path: at('visit', 'start'),
        message: `không còn đủ ${NOTICE_WORKING_DAYS} ngày làm việc để thông báo (hạn thông báo ${formatDateVi(deadlines.notice!.date)} đã qua); chọn ngày muộn hơn`,
      });
    }
    if (u.current) {
      const started = start <= today;
      if (u.current.stage === 'notified' && started)
        problems.push({ unit: u.name, path: at('current', 'stage'), message: 'giai đoạn notified nhưng Đoàn đã bắt đầu làm việc' });
      if (u.current.stage !== 'notified' && !started)
        problems.push({ unit: u.name, path: at('current', 'stage'), message: `giai đoạn ${u.current.stage} nhưng Đoàn chưa đến làm việc` });
    }
    // The rules across units, as the round workflow applies them to a reschedule.
    const earlier = plan.units.slice(0, i).flatMap((o) => (o.visit ? [{ unit: o.name, ...o.visit }] : []));
    const clash = visitClash(earlier, { unit: u.name, ...u.visit }, plan.rules);
    if (clash) problems.push({ unit: u.name, path: at('visit', 'start'), message: clash.message });
    schedule.push({ unit: u.name, type: u.type, visit: u.visit, deadlines, imported: u.current?.stage });
  });
  return { problems, schedule };
}

/**
 * Proposes visit dates for units without one: consecutive working days of `visitWorkingDays`, from
 * the first day that leaves the 7-working-day notice (or the window's start, if later), at most
 * `maxVisitsPerWeek` visits starting in a week, one unit a day when the plan says so, inside the window.
 * Returns the proposed dates by unit name; units that do not fit are listed apart.
 */
export function proposeVisits(
  plan: Plan,
  cal: WorkingCalendar,
  today: LocalDate,
): { proposed: Map<string, { start: LocalDate; end: LocalDate }>; unplaced: string[] } {
  const busy = new Set<LocalDate>();
  const perWeek = new Map<number, number>();
  for (const u of plan.units) {
    if (!u.visit) continue;
    for (let d = u.visit.start; d <= u.visit.end; d = cal.addWorkingDays(d, 1)) busy.add(d);
    perWeek.set(weekOf(u.visit.start), (perWeek.get(weekOf(u.visit.start)) ?? 0) + 1);
  }
  const earliest = earliestNoticedVisit(cal, today);
  let day = cal.nextWorkingDayOnOrAfter(earliest > plan.window.from ? earliest : plan.window.from);
  const proposed = new Map<string, { start: LocalDate; end: LocalDate }>();
  const unplaced: string[] = [];
  for (const u of plan.units) {
    if (u.visit) continue;
    for (;;) {
      const end = cal.addWorkingDays(day, plan.rules.visitWorkingDays - 1);
      if (end > plan.window.to) {
        unplaced.push(u.name);
        break;
      }
      const days: LocalDate[] = [];
      for (let d = day; d <= end; d = cal.addWorkingDays(d, 1)) days.push(d);
      const free = !plan.rules.oneUnitPerDay || days.every((d) => !busy.has(d));
      const week = weekOf(day);
      if (free && (perWeek.get(week) ?? 0) < plan.rules.maxVisitsPerWeek) {
        proposed.set(u.name, { start: day, end });
        for (const d of days) busy.add(d);
        perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
        day = plan.rules.oneUnitPerDay ? cal.addWorkingDays(end, 1) : day;
        break;
      }
      day = cal.addWorkingDays(day, 1);
    }
  }
  return { proposed, unplaced };
}

/** The rules of a round that bind visits across units. */
export interface VisitRules {
  oneUnitPerDay: boolean;
  maxVisitsPerWeek: number;
}

/** A unit's visit days. */
export interface UnitVisit {
  unit: string;
  start: LocalDate;
  end: LocalDate;
}

/** The Monday-based week a date falls in (a number, equal for the days of one week). */
export function weekOf(d: LocalDate): number {
  return Math.floor((Date.parse(`${d}T00:00:00Z`) / 86_400_000 + 3) / 7);
}

/**
 * Why a visit clashes with the others under the round's rules, in Vietnamese, naming the other
 * units; undefined when it does not. The candidate's own unit is ignored among `others`.
 */
export function visitClash(others: UnitVisit[], candidate: UnitVisit, rules: VisitRules): { message: string; units: string[] } | undefined {
  const rest = others.filter((o) => o.unit !== candidate.unit);
  if (rules.oneUnitPerDay) {
    const overlapping = rest.filter((o) => o.start <= candidate.end && candidate.start <= o.end);
    if (overlapping.length) {
      const units = overlapping.map((o) => o.unit);
      return {
        units,
        message: `trùng ngày làm việc với ${overlapping.map((o) => `${o.unit} (${formatDateVi(o.start)}${o.end !== o.start ? ` – ${formatDateVi(o.end)}` : ''})`).join(', ')}; kế hoạch chỉ cho một đơn vị mỗi ngày`,
      };
    }
  }
  const sameWeek = rest.filter((o) => weekOf(o.start) === weekOf(candidate.start));
  if (sameWeek.length >= rules.maxVisitsPerWeek) {
    const units = sameWeek.map((o) => o.unit);
    return {
      units,
      message: `tuần này đã có ${sameWeek.length} cuộc làm việc (${units.join(', ')}); kế hoạch cho tối đa ${rules.maxVisitsPerWeek} mỗi tuần`,
    };
  }
  return undefined;
}

/** The self-inspection deadline of a plan: the last working day before `selfInspection.before`. */
export function selfInspectionDeadline(plan: Plan, cal: WorkingCalendar) {
  const s = plan.selfInspection!;
  return beforeDateDeadline(cal, 'self-inspection', s.before, s.basis);
}

import { dateInText, type LocalDate } from './dates';
import { sameName, type Team } from './team';

/**
 * The opening and closing meetings of a visit (Mục II.2.b of the 2026 inspection plan): who attended
 * on each side, and the day checked against the visit (the opening on its first day, the closing on
 * its last, or a reason). Pure: the update table, the CLI and the minutes read these rules.
 */

export type MeetingKind = 'opening' | 'closing';

/** A person of the unit at a meeting: name and position. */
export interface UnitAttendee {
  name: string;
  position: string;
}

/** Who attended a meeting: the team's people by name, the unit's with their position. */
export interface MeetingAttendees {
  team: string[];
  unit: UnitAttendee[];
}

/** What a meeting is called. */
export const MEETING_LABELS: Record<MeetingKind, string> = { opening: 'Cuộc họp mở đầu', closing: 'Cuộc họp kết thúc' };

/** The day a meeting is expected: the visit's first day for the opening, its last for the closing. */
export function expectedMeetingDay(kind: MeetingKind, visit: { start: LocalDate; end: LocalDate }): LocalDate {
  return kind === 'opening' ? visit.start : visit.end;
}

/** Why a meeting's day is refused, or undefined: another day than expected needs a reason. */
export function meetingDayRefusal(
  kind: MeetingKind,
  date: LocalDate,
  visit: { start: LocalDate; end: LocalDate },
  reason: string | undefined,
): string | undefined {
  const expected = expectedMeetingDay(kind, visit);
  if (date === expected || reason?.trim()) return undefined;
  return `${MEETING_LABELS[kind]} theo kế hoạch họp ${dateInText(expected)} (${kind === 'opening' ? 'ngày làm việc đầu tiên' : 'ngày làm việc cuối cùng'} của Đoàn); họp ${dateInText(date)} cần nêu lý do (--reason)`;
}

/** Everyone of a team by name: lead, deputies, members, Thư ký. */
export function teamNames(team: Team): string[] {
  return [team.lead.name, ...team.deputies.map((d) => d.name), ...team.members.map((m) => m.name), team.secretary.name];
}

/** The team's person a name designates (spelling as the team has it), or undefined. */
export function teamPerson(team: Team, name: string): string | undefined {
  return teamNames(team).find((n) => sameName(n, name));
}

/**
 * Why a meeting's attendance is refused, or undefined: a name of the team's side who is not in the
 * team (when the inspection has one), a person named twice on either side.
 */
export function attendeesRefusal(team: Team | undefined, a: MeetingAttendees): string | undefined {
  const twice = (names: string[]) => names.find((n, i) => names.findIndex((m) => sameName(m, n)) !== i);
  const t = twice(a.team);
  if (t) return `${t} được ghi hai lần trong thành phần Đoàn kiểm tra dự họp`;
  const u = twice(a.unit.map((x) => x.name));
  if (u) return `${u} được ghi hai lần trong thành phần của đơn vị dự họp`;
  if (!team) return undefined;
  const stranger = a.team.find((n) => !teamPerson(team, n));
  if (stranger) return `"${stranger}" không có trong Đoàn kiểm tra; thành viên Đoàn: ${teamNames(team).join(', ')}`;
  return undefined;
}

/** The attendance with the team's names spelt as the team has them. */
export function normalisedAttendees(team: Team | undefined, a: MeetingAttendees): MeetingAttendees {
  return { team: a.team.map((n) => (team ? (teamPerson(team, n) ?? n) : n)), unit: a.unit.map((x) => ({ ...x })) };
}

/**
 * One attendee of the unit typed as "Họ tên, chức vụ" (the first comma separates them), or a
 * Vietnamese message saying what is missing.
 */
export function parseUnitAttendee(v: string): UnitAttendee | string {
  const comma = v.indexOf(',');
  const name = (comma < 0 ? v : v.slice(0, comma)).trim();
  const position = comma < 0 ? '' : v.slice(comma + 1).trim();
  if (!name || !position) return `người dự họp của đơn vị "${v}" cần dạng "Họ tên, chức vụ"`;
  return { name, position };
}

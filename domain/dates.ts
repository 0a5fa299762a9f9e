/**
 * Civil dates (`YYYY-MM-DD`) in Viet Nam, without a time zone library.
 *
 * Asia/Ho_Chi_Minh has been UTC+07:00 all year, with no daylight saving, since 1975, so a local date
 * and a local wall-clock time map to instants by a fixed offset. This file has no I/O and no
 * Temporal imports, so workflows may use it deterministically.
 */

/** A civil date, `YYYY-MM-DD`. */
export type LocalDate = string;

/** The IANA zone of every date the system handles. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
/** The zone's fixed offset from UTC. */
export const UTC_OFFSET = '+07:00';
const OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (rejects 2026-02-30). */
export function isLocalDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/** Days in a month (1-based month). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 of a civil date. */
export function toDayNumber(date: LocalDate): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** The civil date of a day number. */
export function fromDayNumber(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Adds calendar days. */
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function weekday(date: LocalDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

/** The year of a civil date. */
export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** The local (Asia/Ho_Chi_Minh) date of an instant: 2026-05-24T18:30Z is 2026-05-25 there. */
export function localDateOf(instant: Date | number): LocalDate {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a local wall-clock time on a date, e.g. 08:00 on the notice day. */
export function localInstant(date: LocalDate, time = '00:00'): Date {
  return new Date(`${date}T${time}:00${UTC_OFFSET}`);
}

/** The local date and time of an instant, `dd/mm/yyyy HH:MM`. */
export function formatLocalDateTime(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const iso = new Date(ms + OFFSET_MS).toISOString();
  return `${formatDate(iso.slice(0, 10))} ${iso.slice(11, 16)}`;
}

const WEEKDAYS_VI = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** The Vietnamese name of a date's weekday, as at the start of a sentence or a cell: "Thứ Hai" … "Chủ nhật". */
export function weekdayNameVi(date: LocalDate): string {
  return WEEKDAYS_VI[weekday(date)]!;
}

/** `dd/mm/yyyy`, the form every Vietnamese reader sees. */
export function formatDate(date: LocalDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** "Thứ Sáu, 22/05/2026", for a table cell or a label; in a sentence use {@link dateInText}. */
export function formatDateVi(date: LocalDate): string {
  return `${weekdayNameVi(date)}, ${formatDate(date)}`;
}

/**
 * A date as administrative Vietnamese writes it in a sentence (Nghị định 30/2020/NĐ-CP, Phụ lục I): the day
 * with a leading zero below 10, the month with one only for 1 and 2: "12/6/2026", "08/5/2026", "27/02/2026".
 */
export function formatDateNd30(date: LocalDate): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(8, 10)}/${month < 3 ? date.slice(5, 7) : String(month)}/${date.slice(0, 4)}`;
}

/**
 * The one form of a date in running text: "ngày 12/6/2026 (thứ Sáu)", the weekday in lower case mid-sentence
 * ("thứ Hai" … "thứ Bảy"; "Chủ nhật" keeps its capital).
 */
export function dateInText(date: LocalDate): string {
  return `ngày ${formatDateNd30(date)} (${weekdayInText(date)})`;
}

/** The weekday as it stands mid-sentence: "thứ Sáu", "Chủ nhật" (the capital kept). */
export function weekdayInText(date: LocalDate): string {
  const day = weekdayNameVi(date);
  return day.startsWith('Thứ') ? `t${day.slice(1)}` : day;
}

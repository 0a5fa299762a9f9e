import { InvalidArgumentError } from 'commander';
import { isLocalDate, type LocalDate } from '../domain/dates';

/** Commander argument parser for a `YYYY-MM-DD` date; a bad one exits 2 with one line. */
export function parseDateArg(value: string): LocalDate {
  if (!isLocalDate(value)) throw new InvalidArgumentError(`ngày "${value}" không hợp lệ; cần dạng YYYY-MM-DD, ví dụ 2026-05-25.`);
  return value;
}

/** Commander argument parser for a whole number of days. */
export function parseIntArg(value: string): number {
  if (!/^[+-]?\d{1,5}$/.test(value)) throw new InvalidArgumentError(`"${value}" không phải số nguyên hợp lệ (tối đa 5 chữ số).`);
  return Number(value);
}

/** Commander argument parser for a year. */
export function parseYearArg(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError(`năm "${value}" không hợp lệ; cần 4 chữ số, ví dụ 2026.`);
  return Number(value);
}

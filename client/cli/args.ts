import os from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode, UserFacingError } from '../../config/errors';
import { isLocalDate, localDateOf, type LocalDate } from '../../domain/dates';
import { INDICATORS, type IndicatorId } from '../../domain/kpi';
import { ROUND_ID_PATTERN } from '../../domain/validation';
import { periodById, type ReportingPeriod } from '../../domain/periods';
import { isSubmissionId, newSubmissionId, submissionUpdateId } from '../submission';

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
/** Commander collector for a repeatable option. */
export const collect =
  <T>(parse: (v: string) => T) =>
  (value: string, previous: T[] = []) => [...previous, parse(value)];

/** `id=value` for an indicator of Phụ lục I. */
export function parseIndicator(v: string): [IndicatorId, number] {
  const m = /^([A-Za-z]+)=(-?\d+(?:[.,]\d+)?)$/.exec(v);
  if (!m) throw new InvalidArgumentError(`chỉ tiêu "${v}" cần dạng mã=giá_trị, ví dụ onlineReceived=62.4`);
  if (!INDICATORS.some((i) => i.id === m[1]))
    throw new InvalidArgumentError(`không có chỉ tiêu "${m[1]}"; các mã: ${INDICATORS.map((i) => i.id).join(', ')}`);
  return [m[1] as IndicatorId, Number(m[2]!.replace(',', '.'))];
}

/** Commander argument parser for a round id (it goes into a visibility query). */
export function parseRoundArg(value: string): string {
  if (!ROUND_ID_PATTERN.test(value)) throw new InvalidArgumentError(`mã đợt "${value}" không hợp lệ; chỉ gồm chữ thường, số, gạch ngang.`);
  return value;
}

/** The acting person: --by, else KIEMTRA_ACTOR, else the login name. */
export function actor(by?: string): string {
  return by ?? process.env.KIEMTRA_ACTOR ?? os.userInfo().username;
}

/** The year a command is about: --year, else KIEMTRA_YEAR, else this year in Hải Phòng. */
export function yearOption(opt?: string): number {
  if (opt !== undefined) {
    if (!/^\d{4}$/.test(opt)) throw new UserFacingError(`năm "${opt}" không hợp lệ.`, ExitCode.badInput);
    return Number(opt);
  }
  return Number(process.env.KIEMTRA_YEAR ?? localDateOf(Date.now()).slice(0, 4));
}

/** A reporting period by its id: 2026-11 (month), 2026-Q4, 2026-H1, 2026 (year). */
export function parsePeriod(v: string): ReportingPeriod {
  const p = periodById(v);
  if (!p)
    throw new InvalidArgumentError(`kỳ báo cáo "${v}" không hợp lệ; ví dụ 2026-11 (tháng), 2026-Q4 (quý), 2026-H1 (6 tháng), 2026 (năm).`);
  return p;
}

/** Commander argument parser for `--submission-id`. */
export function parseSubmissionId(value: string): string {
  if (!isSubmissionId(value))
    throw new InvalidArgumentError(`mã lần gửi "${value}" không hợp lệ; cần 8–64 ký tự gồm chữ không dấu, số, "-" hoặc "_".`);
  return value;
}

/** The help of `--submission-id`. */
export const SUBMISSION_ID_HELP =
  'mã lần gửi (mặc định: mã mới mỗi lần chạy); chạy lại với cùng mã thì không ghi nhận hai lần mà trả lại kết quả lần đầu';

/** Adds `--submission-id` to a command that sends a Workflow Update. */
export function withSubmissionId<C extends Command>(cmd: C): C {
  return cmd.option('--submission-id <mã>', SUBMISSION_ID_HELP, parseSubmissionId) as C;
}

/** The submission id this invocation sent its update with (one update per invocation). */
let sent: string | undefined;

/** This invocation's submission id: from --submission-id, else new; remembered for {@link withRepeatHint}. */
export function submissionIdOf(given?: string): string {
  sent = given ?? newSubmissionId();
  return sent;
}

/** The Workflow Update id of this invocation's update `name`: from --submission-id, else new. */
export function updateIdOf(name: string, submissionId?: string): string {
  return submissionUpdateId(name, submissionIdOf(submissionId));
}

/**
 * An error after an update was sent whose outcome is not known (the connection lost, the server
 * retrying a failed task), with how to send it again without recording it twice. A refusal (exit 2)
 * is returned as it is: nothing was recorded.
 */
export function withRepeatHint(err: unknown): unknown {
  if (!sent || !(err instanceof UserFacingError) || err.exitCode === ExitCode.badInput) return err;
  return new UserFacingError(
    `${err.message} Nếu không rõ lần gửi đã được ghi nhận chưa, chạy lại đúng lệnh này kèm --submission-id ${sent}: lần gửi sẽ không bị ghi nhận hai lần.`,
    err.exitCode,
    err.detail,
  );
}

import { ApplicationFailure } from '@temporalio/common';
import { CalendarRangeError, type WorkingCalendar } from '../../domain/calendar';
import { formatDateVi, type LocalDate } from '../../domain/dates';
import { NOTICE_WORKING_DAYS, noticeDeadline } from '../../domain/deadlines';
import { describeIssue } from '../../domain/validation';
import { acceptsUpdate, STAGE_LABELS } from './stages';
import type { InspectionState } from './state';
import { updateSchemas, type UpdateName, type UpdatePayloads } from './updates';

/**
 * The update validators: what makes an update acceptable in the inspection's current state.
 * They read the state and never change it; a refusal is a Vietnamese message for coordinators with
 * English detail in brackets, and leaves no event in history.
 */

/** What a validator reads. `calendar()` throws a NotReady failure while the snapshot is loading. */
export interface CheckContext {
  state: InspectionState;
  calendar: () => WorkingCalendar;
  today: LocalDate;
}

/** Refuses an update. */
export function reject(vi: string, en: string): never {
  throw ApplicationFailure.nonRetryable(`${vi} (${en})`, 'InvalidUpdate');
}

/** The stage check and the payload schema, common to every update. */
export function parseUpdate<K extends UpdateName>(state: InspectionState, name: K, payload: unknown): UpdatePayloads[K] {
  if (!acceptsUpdate(state.stage, name)) {
    reject(`Không thể thực hiện "${name}" khi cuộc kiểm tra đang ở giai đoạn "${STAGE_LABELS[state.stage]}"`, `update ${name} not allowed in stage ${state.stage}`);
  }
  const r = updateSchemas[name].safeParse(payload);
  if (!r.success) reject(`Dữ liệu không hợp lệ: ${describeIssue(r.error.issues[0]!)}`, `invalid ${name} payload`);
  return r.data as UpdatePayloads[K];
}

function workingDay(ctx: CheckContext, d: LocalDate, what: string): void {
  const cal = ctx.calendar();
  let ok: boolean;
  try {
    ok = cal.isWorkingDay(d);
  } catch (err) {
    if (!(err instanceof CalendarRangeError)) throw err;
    reject(`${what} ${d} nằm ngoài phạm vi lịch của cuộc kiểm tra`, `date ${d} outside the calendar snapshot`);
  }
  if (!ok) reject(`${what} ${formatDateVi(d)} là ngày nghỉ`, `${d} is not a working day`);
}

function notPast(ctx: CheckContext, d: LocalDate, what: string): void {
  if (d < ctx.today) reject(`${what} ${formatDateVi(d)} đã qua`, `${d} is in the past`);
}

function notFuture(ctx: CheckContext, d: LocalDate, what: string): void {
  if (d > ctx.today) reject(`${what} ${formatDateVi(d)} chưa đến`, `${d} is in the future`);
}

/** One check per update, beyond the stage and the schema. A missing entry does not compile. */
export const CHECKS: { [K in UpdateName]: (ctx: CheckContext, p: UpdatePayloads[K]) => void } = {
  recordReport: (ctx, p) => {
    notFuture(ctx, p.receivedOn, 'Ngày nhận báo cáo');
    const absent = p.prefilled?.indicators.filter((id) => p.indicators[id as keyof typeof p.indicators] === undefined) ?? [];
    if (absent.length > 0) reject(`Chỉ tiêu ghi là lấy từ báo cáo định kỳ nhưng không có giá trị: ${absent.join(', ')}`, 'prefilled indicators missing from the report');
  },
  acknowledgeNotice: (ctx) => {
    if (ctx.state.acknowledged) reject(`Đơn vị đã xác nhận nhận thông báo lúc ${ctx.state.acknowledged.at}`, 'notice already acknowledged');
  },
  recordOpeningMeeting: (ctx, p) => {
    notFuture(ctx, p.date, 'Ngày họp');
    if (p.date < ctx.state.visit.start) reject(`Cuộc họp mở đầu phải từ ngày làm việc đầu tiên ${formatDateVi(ctx.state.visit.start)}`, 'opening meeting before the visit');
    if (ctx.state.openingMeeting) reject('Cuộc họp mở đầu đã được ghi nhận', 'opening meeting already recorded');
  },
  recordFinding: () => undefined,
  recordClosingMeeting: (ctx, p) => {
    notFuture(ctx, p.date, 'Ngày họp');
    const opening = ctx.state.openingMeeting;
    if (!opening) reject('Chưa ghi nhận cuộc họp mở đầu', 'no opening meeting yet');
    if (p.date < opening.date) reject('Cuộc họp kết thúc không thể trước cuộc họp mở đầu', 'closing before opening');
  },
  issueDraftConclusion: (ctx, p) => {
    notFuture(ctx, p.issuedOn, 'Ngày gửi dự thảo');
    if (ctx.state.draft) reject('Dự thảo kết luận đã được gửi', 'draft already issued');
    workingDay(ctx, p.responseBy, 'Hạn góp ý');
    notPast(ctx, p.responseBy, 'Hạn góp ý');
    if (p.responseBy <= p.issuedOn) reject('Hạn góp ý phải sau ngày gửi dự thảo', 'response deadline not after issue date');
    if (p.meetingDate) {
      workingDay(ctx, p.meetingDate, 'Ngày họp thông báo dự thảo');
      notPast(ctx, p.meetingDate, 'Ngày họp thông báo dự thảo');
    }
  },
  recordUnitResponse: (ctx, p) => {
    if (!ctx.state.draft) reject('Chưa có dự thảo kết luận', 'no draft conclusion issued');
    if (ctx.state.unitResponse) reject('Ý kiến của đơn vị đã được ghi nhận', 'response already recorded');
    notFuture(ctx, p.receivedOn, 'Ngày nhận ý kiến');
  },
  signConclusion: (ctx, p) => {
    notFuture(ctx, p.signedOn, 'Ngày ký');
    if (p.signedOn < ctx.state.visit.end) reject('Ngày ký kết luận không thể trước ngày làm việc cuối cùng', 'signed before the visit ended');
    for (const r of p.recommendations) {
      workingDay(ctx, r.deadline, 'Hạn khắc phục');
      notPast(ctx, r.deadline, 'Hạn khắc phục');
    }
  },
  recordRemediationReport: (ctx, p) => {
    notFuture(ctx, p.receivedOn, 'Ngày nhận báo cáo khắc phục');
    for (const d of p.done) {
      const r = ctx.state.recommendations.find((x) => x.id === d.id);
      if (!r) reject(`Không có kiến nghị ${d.id}`, `unknown recommendation ${d.id}`);
      if (r.status === 'done') reject(`Kiến nghị ${d.id} đã được báo cáo hoàn thành`, `recommendation ${d.id} already done`);
    }
  },
  reschedule: (ctx, p) => {
    workingDay(ctx, p.start, 'Ngày bắt đầu');
    workingDay(ctx, p.end, 'Ngày kết thúc');
    notPast(ctx, p.start, 'Ngày bắt đầu');
    if (p.end < p.start) reject('Ngày kết thúc trước ngày bắt đầu', 'end before start');
    const surprise = p.surprise ?? ctx.state.kind === 'surprise';
    if (!surprise) {
      const noticeBy = noticeDeadline(ctx.calendar(), p.start).date;
      if (noticeBy < ctx.today) {
        reject(
          `Lịch mới không còn đủ ${NOTICE_WORKING_DAYS} ngày làm việc để thông báo (phải thông báo chậm nhất ${formatDateVi(noticeBy)}); hãy chọn ngày muộn hơn hoặc chuyển sang kiểm tra đột xuất`,
          `less than ${NOTICE_WORKING_DAYS} working days of notice`,
        );
      }
    }
  },
  cancel: () => undefined,
};

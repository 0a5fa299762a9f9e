import type { QueryDefinition } from '@temporalio/common';
import { dateInText, formatLocalDateTime, type LocalDate } from '../domain/dates';
import { openRequests } from '../domain/document-requests';
import type { StepAction } from '../domain/links';
import { missingForms } from '../domain/report-measures';
import { acceptsUpdate, linkDeadline, STAGE_LABELS, stateQuery, type InspectionState } from '../workflows/inspection/contract';
import { periodicReportStateQuery, type PeriodicReportState } from '../workflows/periodic-report/contract';
import { selfInspectionStateQuery, type SelfInspectionState } from '../workflows/self-inspection/contract';

/**
 * Whether a unit's link for an action is open, one entry per action: the state it reads, the
 * unit's name, the link's current generation, why the action is not open (done, not yet, over),
 * and the date its link's expiry counts from. One source for the units' pages (web/actions.ts)
 * and for `kiemtra link`, which refuses a link for an action that is not open.
 */
export interface LinkStatus<S> {
  query: QueryDefinition<S>;
  unitOf(s: S): string;
  generation(s: S): number;
  /** Undefined when the action is open; else why not, as a unit (and a coordinator) reads it. */
  closed(s: S): string | undefined;
  /** The date the link is due by (its expiry counts from it); undefined when the state names none. */
  deadline(s: S): LocalDate | undefined;
}

const stageText = (s: InspectionState) => `Cuộc kiểm tra đang ở giai đoạn "${STAGE_LABELS[s.stage]}".`;

function inspection(action: StepAction, closed: (s: InspectionState) => string | undefined): LinkStatus<InspectionState> {
  return {
    query: stateQuery,
    unitOf: (s) => s.config.unit.name,
    generation: (s) => s.linkGenerations?.[action] ?? 0,
    closed,
    deadline: (s) => linkDeadline(s, action),
  };
}

const self: LinkStatus<SelfInspectionState> = {
  query: selfInspectionStateQuery,
  unitOf: (s) => s.unit,
  generation: (s) => s.linkGenerations?.self ?? 0,
  closed: (s) => (s.stage !== 'self_waiting' ? `Báo cáo tự kiểm tra đã được ghi nhận ${dateInText(s.receivedOn!)}.` : undefined),
  deadline: (s) => s.deadline?.date,
};

const periodic: LinkStatus<PeriodicReportState> = {
  query: periodicReportStateQuery,
  unitOf: (s) => s.unit,
  generation: (s) => s.linkGenerations?.periodic ?? 0,
  closed: (s) =>
    s.status === 'report_received'
      ? `Báo cáo ${s.period.label} đã được ghi nhận ${dateInText(s.receivedOn!)}.`
      : s.status === 'report_missing'
        ? `Kỳ báo cáo ${s.period.label} đã đóng.`
        : undefined,
  deadline: (s) => s.deadline?.date,
};

/** Each action's status; a page or a command reads the entry of the link's action. */
export const LINK_STATUS: { [A in StepAction]: LinkStatus<never> } = {
  ack: inspection('ack', (s) =>
    s.acknowledged
      ? `Đơn vị đã xác nhận nhận thông báo lúc ${formatLocalDateTime(Date.parse(s.acknowledged.at))}.`
      : !acceptsUpdate(s.stage, 'acknowledgeNotice')
        ? stageText(s)
        : undefined,
  ) as LinkStatus<never>,
  report: inspection('report', (s) =>
    s.report
      ? `Báo cáo của đơn vị đã được ghi nhận ${dateInText(s.report.receivedOn)}.`
      : !acceptsUpdate(s.stage, 'recordReport')
        ? stageText(s)
        : undefined,
  ) as LinkStatus<never>,
  forms: inspection('forms', (s) =>
    !s.report
      ? 'Chưa có báo cáo phục vụ kiểm tra: đề nghị gửi các biểu mẫu cùng báo cáo, qua đường dẫn trong thông báo kiểm tra.'
      : !missingForms(s.reportForms).length
        ? 'Đã nhận đủ các biểu mẫu số liệu kèm báo cáo.'
        : !acceptsUpdate(s.stage, 'attachReportForms')
          ? stageText(s)
          : undefined,
  ) as LinkStatus<never>,
  response: inspection('response', (s) =>
    s.unitResponse
      ? `Ý kiến của đơn vị đã được ghi nhận ${dateInText(s.unitResponse.receivedOn)}.`
      : !acceptsUpdate(s.stage, 'recordUnitResponse') || !s.draft
        ? 'Chưa có dự thảo kết luận để góp ý, hoặc việc góp ý đã kết thúc.'
        : undefined,
  ) as LinkStatus<never>,
  remediation: inspection('remediation', (s) =>
    !acceptsUpdate(s.stage, 'recordRemediationReport')
      ? s.stage === 'closed'
        ? 'Mọi kiến nghị đã được ghi nhận khắc phục xong.'
        : stageText(s)
      : undefined,
  ) as LinkStatus<never>,
  documents: inspection('documents', (s) =>
    !s.documentRequests?.length
      ? 'Đoàn kiểm tra chưa yêu cầu đơn vị cung cấp tài liệu nào.'
      : !acceptsUpdate(s.stage, 'answerDocumentRequest')
        ? stageText(s)
        : openRequests(s.documentRequests).length === 0
          ? 'Đơn vị đã cung cấp tài liệu cho mọi yêu cầu của Đoàn kiểm tra.'
          : undefined,
  ) as LinkStatus<never>,
  self: self as LinkStatus<never>,
  periodic: periodic as LinkStatus<never>,
};

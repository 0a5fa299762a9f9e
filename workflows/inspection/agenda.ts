import type { WorkingCalendar } from '../../domain/calendar';
import { localInstant, type LocalDate } from '../../domain/dates';
import { at8, byTime, deferPast, overdueAt } from '../../domain/send-times';
import { DOCUMENT_MOMENTS } from '../../domain/document-life';
import { DOCUMENT_KINDS, type InspectionDocumentKind } from '../../domain/documents';
import { openRequests, REQUEST_REMINDER_WORKING_DAYS } from '../../domain/document-requests';
import { missingForms } from '../../domain/report-measures';
import { latest } from './documents';
import { isRequestStage } from './stages';
import type { InspectionState } from './types';

/**
 * The inspection's timed actions, derived from its state alone: a reschedule or an update changes
 * the state, and the agenda follows. Pure, so it is unit-testable and deterministic in the workflow.
 * Reminders and escalations go out at 08:00 local time on working days.
 */

export type AgendaAction =
  | { type: 'send_notice' }
  | { type: 'visit_start' }
  | { type: 'report_reminder' }
  | { type: 'report_overdue' }
  /** The report in full (December 2026): the forms of II.2 not sent with the report. */
  | { type: 'report_forms_reminder' }
  | { type: 'conclusion_reminder' }
  | { type: 'conclusion_overdue' }
  | { type: 'response_reminder' }
  | { type: 'remediation_reminder'; ids: string[] }
  | { type: 'remediation_overdue'; ids: string[] }
  /** Documents (December 2026): remind the Office to issue, issue as the system, escalate when unissued. */
  | { type: 'document_issue_reminder'; kind: InspectionDocumentKind }
  | { type: 'document_auto_issue'; kind: InspectionDocumentKind }
  | { type: 'document_issue_overdue'; kind: InspectionDocumentKind }
  /** Requests for documents (December 2026): remind the unit before the day, tell the coordinator after it. */
  | { type: 'document_request_reminder'; id: string }
  | { type: 'document_request_overdue'; id: string };

/** A timed action. The id includes its date, so a rescheduled action is a new one. */
export interface AgendaItem {
  id: string;
  /** Epoch milliseconds. */
  at: number;
  /** The timer's name in the Web UI. */
  label: string;
  action: AgendaAction;
}

function deadline(state: InspectionState, id: string): LocalDate | undefined {
  return state.deadlines.find((d) => d.id === id)?.date;
}

/** Every timed action the state calls for (fired or not). */
export function agenda(state: InspectionState, cal: WorkingCalendar): AgendaItem[] {
  const items: AgendaItem[] = [];
  const { stage } = state;
  const reminders = state.config.reminders;
  const stageStart = Date.parse(state.stageSince);
  /** A reminder whose time had passed when its stage began is not sent: it would remind of nothing new. */
  const reminder = (item: AgendaItem) => {
    if (item.at >= stageStart) items.push(item);
  };

  const noticeBy = deadline(state, 'notice');
  if (state.documents) items.push(...documentItems(state, cal, reminder));
  else if (stage === 'scheduled' && state.kind === 'periodic' && noticeBy) {
    items.push({ id: `notice:${noticeBy}`, at: at8(noticeBy), label: 'Gửi thông báo lịch kiểm tra', action: { type: 'send_notice' } });
  }
  if (stage === 'scheduled' || stage === 'notified') {
    items.push({
      id: `visit:${state.visit.start}`,
      at: localInstant(state.visit.start).getTime(),
      label: 'Bắt đầu làm việc tại đơn vị',
      action: { type: 'visit_start' },
    });
  }

  const reportBy = deadline(state, 'report');
  if ((stage === 'notified' || stage === 'on_site') && reportBy && !state.report) {
    if (stage === 'notified') {
      for (const k of reminders.reportWorkingDaysBefore) {
        const day = cal.addWorkingDays(reportBy, -k);
        reminder({ id: `report_reminder:${day}`, at: at8(day), label: 'Nhắc hạn nộp báo cáo', action: { type: 'report_reminder' } });
      }
    }
    items.push({
      id: `report_overdue:${reportBy}`,
      at: overdueAt(cal, reportBy),
      label: 'Báo cáo quá hạn: báo điều phối viên',
      action: { type: 'report_overdue' },
    });
  }

  // The forms of II.2 still missing once the report is in: the unit is reminded, naming them, at
  // 08:00 on the working day after the report's receipt (executions with the report in full).
  if (state.reportInFull && state.report && (stage === 'notified' || stage === 'on_site') && missingForms(state.reportForms).length) {
    const day = cal.addWorkingDays(state.report.receivedOn, 1);
    reminder({
      id: `report_forms_reminder:${day}`,
      at: at8(day),
      label: 'Nhắc gửi biểu mẫu số liệu còn thiếu',
      action: { type: 'report_forms_reminder' },
    });
  }

  const conclusionBy = deadline(state, 'conclusion');
  if ((stage === 'on_site' || stage === 'drafting') && conclusionBy) {
    for (const k of reminders.conclusionWorkingDaysBefore) {
      const day = cal.addWorkingDays(conclusionBy, -k);
      reminder({
        id: `conclusion_reminder:${day}`,
        at: at8(day),
        label: 'Nhắc hạn ban hành kết luận',
        action: { type: 'conclusion_reminder' },
      });
    }
    items.push({
      id: `conclusion_overdue:${conclusionBy}`,
      at: overdueAt(cal, conclusionBy),
      label: 'Kết luận quá hạn: báo điều phối viên',
      action: { type: 'conclusion_overdue' },
    });
  }

  if (stage === 'drafting' && state.draft && !state.unitResponse) {
    const day = cal.addWorkingDays(state.draft.responseBy, -1);
    if (day > state.draft.issuedOn) {
      reminder({
        id: `response_reminder:${day}`,
        at: at8(day),
        label: 'Nhắc hạn góp ý dự thảo kết luận',
        action: { type: 'response_reminder' },
      });
    }
  }

  if (isRequestStage(stage)) items.push(...requestItems(state, cal));

  if (stage === 'remediating') {
    const open = state.recommendations.filter((r) => r.status === 'open');
    const byDeadline = new Map<LocalDate, string[]>();
    for (const r of open) byDeadline.set(r.deadline, [...(byDeadline.get(r.deadline) ?? []), r.id]);
    for (const [due, ids] of byDeadline) {
      for (const k of reminders.remediationWorkingDaysBefore) {
        const day = cal.addWorkingDays(due, -k);
        reminder({
          id: `remediation_reminder:${due}:${day}`,
          at: at8(day),
          label: 'Nhắc hạn khắc phục',
          action: { type: 'remediation_reminder', ids },
        });
      }
      items.push({
        id: `remediation_overdue:${due}`,
        at: overdueAt(cal, due),
        label: 'Khắc phục quá hạn: báo điều phối viên',
        action: { type: 'remediation_overdue', ids },
      });
    }
  }
  return items.sort(byTime);
}

/**
 * The timed actions of the documents whose legal moment is a deadline (the Thông báo lịch làm
 * việc: the notice deadline), while the document is unissued: the Office reminded the plan's
 * working days before, the system issuing it at the moment when the plan says so, the coordinator
 * told when the moment has passed. The notice itself goes out when its Thông báo is issued.
 */
function documentItems(state: InspectionState, cal: WorkingCalendar, reminder: (item: AgendaItem) => void): AgendaItem[] {
  const items: AgendaItem[] = [];
  const config = state.config.documents;
  for (const kind of Object.keys(DOCUMENT_MOMENTS) as InspectionDocumentKind[]) {
    const due = deadline(state, DOCUMENT_MOMENTS[kind]!);
    if (!due || state.stage !== 'scheduled' || state.kind !== 'periodic') continue;
    const doc = latest(state, kind);
    if (doc && doc.state !== 'drafted' && doc.state !== 'signed') continue;
    const name = DOCUMENT_KINDS[kind].label;
    if (config?.autoIssue.includes(kind)) {
      items.push({
        id: `document_auto_issue:${kind}:${due}`,
        at: at8(due),
        label: `Ban hành ${name}`,
        action: { type: 'document_auto_issue', kind },
      });
    } else {
      for (const k of config?.issueWorkingDaysBefore ?? []) {
        const day = cal.addWorkingDays(due, -k);
        reminder({
          id: `document_issue_reminder:${kind}:${day}`,
          at: at8(day),
          label: `Nhắc ban hành ${name}`,
          action: { type: 'document_issue_reminder', kind },
        });
      }
    }
    items.push({
      id: `document_issue_overdue:${kind}:${due}`,
      at: overdueAt(cal, due),
      label: `${name} chưa ban hành: báo điều phối viên`,
      action: { type: 'document_issue_overdue', kind },
    });
  }
  return items;
}

/**
 * The timed actions of the open requests for documents: the unit reminded at 08:00 the working day
 * before the request's date (unless that moment had passed when it was asked), the coordinator told
 * at the overdue moment after it.
 */
function requestItems(state: InspectionState, cal: WorkingCalendar): AgendaItem[] {
  const items: AgendaItem[] = [];
  for (const r of openRequests(state.documentRequests)) {
    const day = cal.addWorkingDays(r.dueBy, -REQUEST_REMINDER_WORKING_DAYS);
    if (at8(day) >= Date.parse(r.at))
      items.push({
        id: `document_request_reminder:${r.id}:${day}`,
        at: at8(day),
        label: `Nhắc hạn cung cấp tài liệu (yêu cầu ${r.id})`,
        action: { type: 'document_request_reminder', id: r.id },
      });
    items.push({
      id: `document_request_overdue:${r.id}:${r.dueBy}`,
      at: overdueAt(cal, r.dueBy),
      label: `Tài liệu yêu cầu ${r.id} quá hạn: báo điều phối viên`,
      action: { type: 'document_request_overdue', id: r.id },
    });
  }
  return items;
}

/** The actions that tell the coordinator a deadline was missed. */
export function isEscalation(action: AgendaAction): boolean {
  return action.type.endsWith('_overdue');
}

/**
 * An escalation whose moment had already passed when the workflow started (an import, a late
 * start) goes out once, at the first 08:00 of a working day after the start, and says so.
 */
export function deferPastEscalations(items: AgendaItem[], cal: WorkingCalendar, startedAt: number): AgendaItem[] {
  return deferPast(items, cal, startedAt, (i) => isEscalation(i.action));
}

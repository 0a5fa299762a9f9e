import { DOCUMENT_MOMENTS } from '../../domain/document-life';
import { DOCUMENT_KINDS } from '../../domain/documents';
import { missingForms } from '../../domain/report-measures';
import type { EmailKind } from '../../emails/kinds';
import type { AgendaItem } from './agenda';
import { record, SYSTEM } from '../kit/history';
import { deadlineOf, transition } from './state';
import type { InspectionState } from './types';

/**
 * What each timed action of the agenda does: the email it sends (kind, recipients, the deadline it
 * is about) and, for the notice and the first visit day, the stage it moves to.
 */

/** An email an action asks for. */
export interface ActionEmail {
  kind: EmailKind;
  to: string[];
  /** The id of the deadline the email is about. */
  deadline?: string;
  /** Only these recommendations (remediation reminders and escalations). */
  recommendationIds?: string[];
  invite?: 'REQUEST';
  /** The document the email is about (a reminder to issue it). */
  document?: { label: string };
  /** The request for documents the email is about (its reminder, its escalation). */
  documentRequest?: { id: string; items: string[]; dueBy: string; by: string };
  /** The forms of II.2 still missing (the forms reminder). */
  missingForms?: string[];
}

/** Performs an action on the state and returns the emails it asks for, in order. */
export function performAction(state: InspectionState, item: AgendaItem, at: string): ActionEmail[] {
  const { config } = state;
  const unit = config.unit.emails;
  const coordinator = [config.contacts.coordinator.email];
  const a = item.action;
  record(state.history, { at, actor: SYSTEM, action: item.label });
  switch (a.type) {
    case 'send_notice':
      transition(state, 'notified', SYSTEM, 'Đã gửi thông báo lịch kiểm tra', at);
      return [{ kind: 'notice', to: unit, deadline: 'notice', invite: 'REQUEST' }];
    case 'visit_start':
      transition(state, 'on_site', SYSTEM, 'Đến ngày làm việc đầu tiên của Đoàn kiểm tra', at);
      return [];
    case 'report_reminder':
      return [{ kind: 'report_reminder', to: unit, deadline: 'report' }];
    case 'report_forms_reminder': {
      const missing = missingForms(state.reportForms);
      return missing.length ? [{ kind: 'report_forms_reminder', to: unit, missingForms: missing.map((f) => f.label) }] : [];
    }
    case 'report_overdue':
      return [{ kind: 'report_overdue_escalation', to: coordinator, deadline: 'report' }];
    case 'conclusion_reminder':
      return [{ kind: 'conclusion_reminder', to: [config.contacts.teamLead.email], deadline: 'conclusion' }];
    case 'conclusion_overdue':
      return [{ kind: 'conclusion_overdue_escalation', to: coordinator, deadline: 'conclusion' }];
    case 'response_reminder':
      return [{ kind: 'response_reminder', to: unit, deadline: 'response' }];
    case 'document_auto_issue':
      // The workflow's desk issues it (workflows/inspection/desk.ts); the notice follows the issue.
      return [];
    case 'document_issue_reminder':
    case 'document_issue_overdue': {
      const reminder = a.type === 'document_issue_reminder';
      const office = config.documents?.office?.email;
      return [
        {
          kind: reminder ? 'document_issue_reminder' : 'document_issue_overdue_escalation',
          to: reminder && office ? [office] : coordinator,
          deadline: DOCUMENT_MOMENTS[a.kind],
          document: { label: DOCUMENT_KINDS[a.kind].label },
        },
      ];
    }
    case 'document_request_reminder':
    case 'document_request_overdue': {
      const r = state.documentRequests?.find((x) => x.id === a.id);
      if (!r || r.answer) return [];
      const reminder = a.type === 'document_request_reminder';
      return [
        {
          kind: reminder ? 'document_request_reminder' : 'document_request_overdue_escalation',
          to: reminder ? unit : coordinator,
          documentRequest: { id: r.id, items: r.items, dueBy: r.dueBy, by: r.by },
        },
      ];
    }
    case 'remediation_reminder':
    case 'remediation_overdue': {
      const open = state.recommendations.filter((r) => a.ids.includes(r.id) && r.status === 'open');
      if (!open.length) return [];
      const reminder = a.type === 'remediation_reminder';
      return [
        {
          kind: reminder ? 'remediation_reminder' : 'remediation_overdue_escalation',
          to: reminder ? unit : coordinator,
          deadline: `remediation:${open[0]!.id}`,
          recommendationIds: open.map((r) => r.id),
        },
      ];
    }
  }
}

/** The deadline an action email is about, as templates show it. */
export function actionDeadline(state: InspectionState, email: ActionEmail) {
  const d = email.deadline ? deadlineOf(state, email.deadline) : undefined;
  return d ? { date: d.date, rule: d.rule, basis: d.basis } : undefined;
}

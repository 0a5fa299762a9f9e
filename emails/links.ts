import { addDays, type LocalDate } from '../domain/dates';
import { linkExpiry, QUESTION_LINK_DAYS, type LinkAction, type LinkClaims, type StepAction } from '../domain/links';
import type { EmailKind } from './kinds';
import type { EmailData } from './templates';

/** The actions an email asks the unit for, each as a link in the email. */
export const EMAIL_LINK_ACTIONS: Partial<Record<EmailKind, StepAction[]>> = {
  notice: ['ack', 'report'],
  revised_notice: ['ack', 'report'],
  report_reminder: ['report'],
  report_forms_reminder: ['forms'],
  draft_conclusion: ['response'],
  response_reminder: ['response'],
  conclusion: ['remediation'],
  remediation_reminder: ['remediation'],
  self_inspection_request: ['self'],
  self_inspection_reminder: ['self'],
  periodic_report_request: ['periodic'],
  periodic_report_reminder: ['periodic'],
  document_request: ['documents'],
  document_request_reminder: ['documents'],
};

/**
 * Whom each kind of email is addressed to: the unit (it gets the link to raise a difficulty or a
 * question with the Center at its foot), or the Office's own people (the coordinator, the team
 * lead, the Center), who answer with the CLI. A new kind does not compile until it is placed here.
 */
export const EMAIL_AUDIENCE: Record<EmailKind, 'unit' | 'office'> = {
  notice: 'unit',
  revised_notice: 'unit',
  report_reminder: 'unit',
  report_forms_reminder: 'unit',
  report_overdue_escalation: 'office',
  draft_conclusion: 'unit',
  response_reminder: 'unit',
  conclusion_reminder: 'office',
  conclusion_overdue_escalation: 'office',
  conclusion: 'unit',
  conclusion_notice: 'unit',
  remediation_reminder: 'unit',
  remediation_overdue_escalation: 'office',
  cancellation: 'unit',
  delivery_failure_escalation: 'office',
  self_inspection_request: 'unit',
  self_inspection_reminder: 'unit',
  self_inspection_overdue_escalation: 'office',
  task_reminder: 'unit',
  task_overdue_escalation: 'office',
  periodic_report_request: 'unit',
  periodic_report_reminder: 'unit',
  periodic_report_overdue_escalation: 'office',
  nomination_request: 'unit',
  nomination_reminder: 'unit',
  nomination_overdue_escalation: 'office',
  nomination_received: 'unit',
  document_issue_reminder: 'office',
  document_issue_overdue_escalation: 'office',
  question_received: 'office',
  question_reminder: 'office',
  question_overdue_escalation: 'office',
  question_answer: 'unit',
  document_request: 'unit',
  document_request_reminder: 'unit',
  document_request_overdue_escalation: 'office',
};

/** The deadline of an action as an email's data shows it; `today` when it shows none. */
function deadlineOf(action: StepAction, d: EmailData, today: LocalDate): LocalDate {
  const latestRecommendation = d.recommendations
    ?.map((r) => r.deadline)
    .sort()
    .at(-1);
  const byAction: Record<StepAction, LocalDate | undefined> = {
    ack: d.visit?.start,
    report: d.reportBy ?? d.visit?.start,
    response: d.deadline?.date,
    remediation: latestRecommendation ?? d.deadline?.date,
    self: d.deadline?.date,
    periodic: d.deadline?.date,
    documents: d.documentRequest?.dueBy,
    forms: d.visit?.end,
  };
  return byAction[action] ?? addDays(today, 30);
}

/**
 * The claims of the links an email carries: one per action it asks for, valid until 30 days after
 * that action's deadline, at the link generation the workflow holds for the action; and, in an
 * email to a unit, last, the link to raise a difficulty or a question with the Center (the
 * process's workflow names where it came from).
 */
export function emailLinkClaims(
  kind: EmailKind,
  workflowId: string,
  data: EmailData,
  generations: Partial<Record<LinkAction, number>>,
  today: LocalDate,
): LinkClaims[] {
  const steps: LinkClaims[] = (EMAIL_LINK_ACTIONS[kind] ?? []).map((a) => ({
    v: 1,
    w: workflowId,
    a,
    u: data.unitName,
    exp: linkExpiry(deadlineOf(a, data, today)),
    g: generations[a] ?? 0,
  }));
  if (EMAIL_AUDIENCE[kind] !== 'unit') return steps;
  // The question link outlives the email's own links: at least QUESTION_LINK_DAYS.
  const latest = [
    addDays(today, QUESTION_LINK_DAYS),
    ...steps.map((c) => c.exp),
    ...(data.deadline ? [linkExpiry(data.deadline.date)] : []),
  ]
    .sort()
    .at(-1)!;
  return [...steps, { v: 1, w: workflowId, a: 'question', u: data.unitName, exp: latest, g: generations.question ?? 0 }];
}

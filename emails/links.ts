import { addDays, type LocalDate } from '../domain/dates';
import { linkExpiry, type LinkAction, type LinkClaims } from '../domain/links';
import type { EmailKind } from './kinds';
import type { EmailData } from './templates';

/** The actions an email asks the unit for, each as a link in the email. */
export const EMAIL_LINK_ACTIONS: Partial<Record<EmailKind, LinkAction[]>> = {
  notice: ['ack', 'report'],
  revised_notice: ['ack', 'report'],
  report_reminder: ['report'],
  report_forms_reminder: ['forms'],
  draft_conclusion: ['response'],
  response_reminder: ['response'],
  conclusion: ['remediation'],
  remediation_reminder: ['remediation'],
  self_inspection_reminder: ['self'],
  periodic_report_request: ['periodic'],
  periodic_report_reminder: ['periodic'],
};

/** The deadline of an action as an email's data shows it; `today` when it shows none. */
function deadlineOf(action: LinkAction, d: EmailData, today: LocalDate): LocalDate {
  const latestRecommendation = d.recommendations
    ?.map((r) => r.deadline)
    .sort()
    .at(-1);
  const byAction: Record<LinkAction, LocalDate | undefined> = {
    ack: d.visit?.start,
    report: d.reportBy ?? d.visit?.start,
    response: d.deadline?.date,
    remediation: latestRecommendation ?? d.deadline?.date,
    self: d.deadline?.date,
    periodic: d.deadline?.date,
    forms: d.visit?.end,
  };
  return byAction[action] ?? addDays(today, 30);
}

/**
 * The claims of the links an email carries: one per action it asks for, valid until 30 days after
 * that action's deadline, at the link generation the workflow holds for the action.
 */
export function emailLinkClaims(
  kind: EmailKind,
  workflowId: string,
  data: EmailData,
  generations: Partial<Record<LinkAction, number>>,
  today: LocalDate,
): LinkClaims[] {
  return (EMAIL_LINK_ACTIONS[kind] ?? []).map((a) => ({
    v: 1,
    w: workflowId,
    a,
    u: data.unitName,
    exp: linkExpiry(deadlineOf(a, data, today)),
    g: generations[a] ?? 0,
  }));
}

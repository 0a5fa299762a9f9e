import type { Transporter } from 'nodemailer';
import type { LinkSettings } from '../config/links';
import type { SmtpSettings } from '../config/smtp';
import type { WorkingCalendar } from '../domain/calendar';
import type { YearTargets } from '../domain/kpi';
import { createCalendarActivities } from './calendar';
import { createEmailActivities, type AfterAcceptance } from './email';
import { createTargetActivities } from './targets';

/**
 * What the activities need, built once at worker start-up (config validated there) and passed in,
 * so tests run the same functions with their own real servers and data.
 */
export interface ActivityDeps {
  calendar: WorkingCalendar;
  /** The targets of each yearly plan (plans/kstthc-YYYY.yaml). */
  targets: readonly YearTargets[];
  mail: {
    transport: Transporter;
    settings: Pick<SmtpSettings, 'from' | 'messageIdDomain'>;
    /** A fault to inject after an SMTP acceptance (tests only). */
    afterAcceptance?: AfterAcceptance;
    /** Signs the links to the units' pages; without it emails carry no links. */
    links?: LinkSettings;
  };
}

/** Creates every activity of the kiemtra worker. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createCalendarActivities(deps.calendar),
    ...createTargetActivities(deps.targets),
    ...createEmailActivities(deps.mail.transport, deps.mail.settings, deps.mail.afterAcceptance, deps.mail.links),
  };
}

/** The activity interface that workflows import as a type only. */
export type Activities = ReturnType<typeof createActivities>;

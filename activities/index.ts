import type { Transporter } from 'nodemailer';
import type { SmtpSettings } from '../config/smtp';
import type { WorkingCalendar } from '../domain/calendar';
import { createCalendarActivities } from './calendar';
import { createEmailActivities } from './email';

/**
 * What the activities need, built once at worker start-up (config validated there) and passed in,
 * so tests run the same functions with their own real servers and data.
 */
export interface ActivityDeps {
  calendar: WorkingCalendar;
  mail: { transport: Transporter; settings: Pick<SmtpSettings, 'from' | 'messageIdDomain'> };
}

/** Creates every activity of the kiemtra worker. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createCalendarActivities(deps.calendar),
    ...createEmailActivities(deps.mail.transport, deps.mail.settings),
  };
}

/** The activity interface that workflows import as a type only. */
export type Activities = ReturnType<typeof createActivities>;

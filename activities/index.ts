import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import { documentsDir } from '../config/paths';
import type { LinkSettings } from '../config/links';
import type { SmtpSettings } from '../config/smtp';
import type { WorkingCalendar } from '../domain/calendar';
import type { YearTargets } from '../domain/kpi';
import { createCalendarActivities } from './calendar';
import { createDocumentActivities, type DocumentDeps } from './documents';
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
  /**
   * The documents' store, renderer and signature verifier. Without them a document cannot be
   * drafted or verified (the activities fail for good and the workflow records it).
   */
  documents?: DocumentDeps;
}

/** The documents' dependencies when none are wired: every draft and verification fails for good. */
function noDocuments(): DocumentDeps {
  const missing = () => Promise.reject(ApplicationFailure.nonRetryable('Chưa cấu hình bộ lập văn bản', 'DocumentsNotConfigured'));
  return { dir: documentsDir(), render: missing, verifySignature: missing };
}

/** Creates every activity of the kiemtra worker. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createCalendarActivities(deps.calendar),
    ...createTargetActivities(deps.targets),
    ...createEmailActivities(
      deps.mail.transport,
      deps.mail.settings,
      deps.mail.afterAcceptance,
      deps.mail.links,
      (deps.documents ?? noDocuments()).dir,
    ),
    ...createDocumentActivities(deps.documents ?? noDocuments()),
  };
}

/** The activity interface that workflows import as a type only. */
export type Activities = ReturnType<typeof createActivities>;

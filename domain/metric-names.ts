/**
 * The project's own metric names, one source for the activities, the workflows' mailer, the
 * worker's gauge, the page server and docs/metrics.md. Plain constants: workflow code imports them.
 */
export const METRIC = {
  /** Counter, label `kind`: emails the SMTP server accepted. */
  emailsSent: 'kiemtra_emails_sent',
  /** Counter, label `kind`: send attempts that failed with a temporary error and are retried. */
  emailsRetried: 'kiemtra_emails_retried',
  /** Counter, label `kind`: emails given up for good (refused, or still failing after 24 hours). */
  emailsFailed: 'kiemtra_emails_failed',
  /** Counter, label `kind`: escalations to the coordinator that were sent. */
  escalations: 'kiemtra_escalations_sent',
  /** Gauge, label `workflow_type`: open workflows with a missed deadline (InspectionOverdue). */
  overdue: 'kiemtra_overdue_workflows',
  /** Counter, label `reason` (page server): links to the units' pages refused. */
  linksRefused: 'kiemtra_links_refused',
  /** Counter, label `workflow_type` (worker): closed processes written to the record store. */
  recordsWritten: 'kiemtra_records_written',
  /** Gauge (worker): closed processes the recorder could not record yet (tried again each pass). */
  recordsPending: 'kiemtra_records_pending',
} as const;

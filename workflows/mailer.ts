import { ActivityFailure, metricMeter, proxyActivities } from '@temporalio/workflow';
import { METRIC } from '../domain/metric-names';
import type { Activities } from '../activities';
import type { SendEmailInput } from '../emails/request';
import { EMAIL_FAILURE, EMAIL_KINDS, EMAIL_LABELS, type EmailKind } from '../emails/kinds';
import type { EmailData } from '../emails/templates';

/**
 * Workflow-side email: a queue drained by the workflow's main loop, so update handlers stay
 * synchronous. Temporary SMTP failures are retried with backoff for up to a day; a permanent one is
 * recorded on the email and escalated to the coordinator, never dropped.
 */

/** An email the workflow asked for, and what became of it. */
export interface EmailRecord {
  kind: EmailKind;
  to: string[];
  sequence: number;
  /** When it was requested (ISO instant). */
  requestedAt: string;
  status: 'pending' | 'sent' | 'failed';
  messageId?: string;
  error?: string;
}

/** One proxy per kind, so each activity is named in the Web UI ("Nhắc hạn nộp báo cáo"). */
const emailSender = (kind: EmailKind) =>
  proxyActivities<Activities>({
    startToCloseTimeout: '45 seconds',
    scheduleToCloseTimeout: '24 hours',
    retry: {
      initialInterval: '30 seconds',
      backoffCoefficient: 2,
      maximumInterval: '30 minutes',
      nonRetryableErrorTypes: [EMAIL_FAILURE.permanent],
    },
    summary: EMAIL_LABELS[kind],
  }).sendEmail;
const sendEmailAs = Object.fromEntries(EMAIL_KINDS.map((kind) => [kind, emailSender(kind)])) as Record<
  EmailKind,
  ReturnType<typeof emailSender>
>;

interface Queued {
  kind: EmailKind;
  to: string[];
  data: EmailData;
  invite?: () => SendEmailInput['invite'];
  attachments?: SendEmailInput['attachments'];
}

/** A mailer bound to one workflow's email records. */
export function createMailer(options: {
  workflowId: string;
  records: EmailRecord[];
  coordinator: string[];
  /** Builds the data of the escalation sent when an email is refused for good. */
  failureData: (failed: { kind: EmailKind; to: string[]; error: string }) => EmailData;
  onFailure: (record: EmailRecord) => void;
  onProgress: () => void;
}) {
  const outbox: Queued[] = [];
  return {
    /** Queues an email; the invite is built when it is sent. */
    queue(
      kind: EmailKind,
      to: string[],
      data: EmailData,
      invite?: () => SendEmailInput['invite'],
      attachments?: SendEmailInput['attachments'],
    ): void {
      outbox.push({ kind, to, data, invite, ...(attachments?.length ? { attachments } : {}) });
    },
    /** Whether anything waits to be sent. */
    pending(): boolean {
      return outbox.length > 0;
    },
    /** Sends everything queued, in order. */
    async drain(nowIso: () => string): Promise<void> {
      while (outbox.length > 0) {
        const e = outbox.shift()!;
        const sequence = options.records.filter((x) => x.kind === e.kind).length + 1;
        const record: EmailRecord = { kind: e.kind, to: e.to, sequence, requestedAt: nowIso(), status: 'pending' };
        options.records.push(record);
        try {
          const result = await sendEmailAs[e.kind]({
            workflowId: options.workflowId,
            kind: e.kind,
            sequence,
            to: e.to,
            data: e.data,
            invite: e.invite?.(),
            ...(e.attachments ? { attachments: e.attachments } : {}),
          });
          record.status = 'sent';
          record.messageId = result.messageId;
        } catch (err) {
          const cause = err instanceof ActivityFailure ? err.cause : err;
          record.status = 'failed';
          record.error = cause instanceof Error ? cause.message : String(cause);
          options.onFailure(record);
          metricMeter.createCounter(METRIC.emailsFailed, 'emails', 'Emails given up for good').add(1, { kind: e.kind });
          if (e.kind !== 'delivery_failure_escalation') {
            outbox.push({
              kind: 'delivery_failure_escalation',
              to: options.coordinator,
              data: options.failureData({ kind: e.kind, to: e.to, error: record.error }),
            });
          }
        }
        options.onProgress();
      }
    },
  };
}

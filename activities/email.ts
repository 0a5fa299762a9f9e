import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { LinkSettings } from '../config/links';
import type { SmtpSettings } from '../config/smtp';
import { localDateOf } from '../domain/dates';
import { linkUrl } from '../domain/links';
import { signLink } from '../domain/link-token';
import { emailLinkClaims } from '../emails/links';
import { visitInvite } from '../emails/ics';
import { EMAIL_FAILURE } from '../emails/kinds';
import { oneLine, renderEmail } from '../emails/templates';
import { messageIdOf, type SendEmailInput, type SendEmailResult } from '../emails/request';
import { METRIC } from '../domain/metric-names';
import { readAttachments } from './documents';

export { messageIdOf, type SendEmailInput, type SendEmailResult };

/** A nodemailer SMTP transport from validated settings. */
export function smtpTransport(s: SmtpSettings): Transporter {
  const pass = s.password();
  return nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure,
    requireTLS: s.requireTLS,
    ...(s.user ? { auth: { user: s.user, pass: pass ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 20_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}

/**
 * Called after the SMTP server accepted a message and the acceptance was recorded as the attempt's
 * heartbeat. Production passes none; the fault tests inject a failure here.
 */
export type AfterAcceptance = (result: SendEmailResult) => void | Promise<void>;

/** Email activities over a transport. */
export function createEmailActivities(
  transport: Transporter,
  settings: Pick<SmtpSettings, 'from' | 'messageIdDomain'>,
  afterAcceptance?: AfterAcceptance,
  links?: LinkSettings,
  documentsDir?: string,
) {
  return {
    /**
     * Sends one email. A 5xx answer or a rejected recipient is permanent (no retry, the workflow
     * escalates); anything else (connection refused, time-out, 4xx) is retried by the policy.
     * Once the server accepts the message the attempt records it as heartbeat details, so a retry
     * of an attempt that failed after that (worker lost, completion not recorded) does not send it again.
     */
    async sendEmail(input: SendEmailInput): Promise<SendEmailResult> {
      const ctx = Context.current();
      let message: SendMailOptions;
      try {
        message = buildMessage(input, settings, new Date(ctx.info.scheduledTimestampMs), links);
        if (input.attachments?.length && documentsDir) message.attachments = await readAttachments(documentsDir, input.attachments);
      } catch (err) {
        // A message that cannot be written will not be written by a retry either: permanent, so the
        // workflow records it and escalates to the coordinator.
        throw ApplicationFailure.nonRetryable(
          `cannot write the "${input.kind}" email: ${oneLine(String((err as Error).message ?? err)).slice(0, 300)}`,
          EMAIL_FAILURE.permanent,
        );
      }
      const messageId = message.messageId!;
      const earlier = ctx.info.heartbeatDetails as Partial<SendEmailResult> | undefined;
      if (earlier?.messageId === messageId && Array.isArray(earlier.accepted)) {
        ctx.log.info('email already accepted by an earlier attempt; not sent again', { messageId, attempt: ctx.info.attempt });
        return { messageId, accepted: earlier.accepted };
      }
      let result: SendEmailResult;
      try {
        const info = await transport.sendMail(message);
        result = {
          messageId,
          accepted: (info.accepted as (string | { address: string })[]).map((a) => (typeof a === 'string' ? a : a.address)),
        };
      } catch (err) {
        const failure = classify(err);
        if (!failure.nonRetryable)
          ctx.metricMeter
            .createCounter(METRIC.emailsRetried, 'emails', 'Email send attempts that failed with a temporary error and are retried')
            .add(1, { kind: input.kind });
        throw failure;
      }
      countSent(ctx, input.kind);
      ctx.heartbeat(result);
      await afterAcceptance?.(result);
      return result;
    },
  };
}

/** Counts an accepted email, and an escalation to the coordinator when it is one. */
function countSent(ctx: Context, kind: SendEmailInput['kind']): void {
  ctx.metricMeter.createCounter(METRIC.emailsSent, 'emails', 'Emails the SMTP server accepted').add(1, { kind });
  if (kind.endsWith('_escalation'))
    ctx.metricMeter.createCounter(METRIC.escalations, 'emails', 'Escalations sent to the coordinator').add(1, { kind });
}

/**
 * The complete message for an email request: rendered template (text and HTML), deterministic
 * Message-ID, headers that name its kind and workflow, the visit invite when there is one, and,
 * when `links` is configured, a signed link for each action the email asks of the unit.
 * `stamp` is the invite's DTSTAMP. Used by the activity and by `kiemtra email preview`.
 */
export function buildMessage(
  input: SendEmailInput,
  settings: Pick<SmtpSettings, 'from' | 'messageIdDomain'>,
  stamp: Date,
  links?: LinkSettings,
): SendMailOptions {
  const signed = links
    ? emailLinkClaims(input.kind, input.workflowId, input.data, input.data.linkGenerations ?? {}, localDateOf(stamp)).map((c) => ({
        action: c.a,
        url: linkUrl(links.publicUrl, signLink(c, links.key())),
      }))
    : [];
  const rendered = renderEmail(input.kind, input.data, signed);
  const fromName = oneLine(settings.from.name);
  const ics = input.invite
    ? visitInvite({
        ...input.invite,
        organizer: { name: fromName, email: settings.from.address },
        attendees: input.to,
        stamp: stamp.toISOString(),
      })
    : undefined;
  return {
    from: { name: fromName, address: settings.from.address },
    to: input.to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId: messageIdOf(input, settings.messageIdDomain),
    date: stamp,
    headers: { 'X-Kiemtra-Kind': input.kind, 'X-Kiemtra-Workflow': input.workflowId },
    ...(ics ? { icalEvent: { method: input.invite!.method, filename: 'lich-kiem-tra.ics', content: ics } } : {}),
  };
}

function classify(err: unknown): ApplicationFailure {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const message = oneLine(String(e.message ?? err)).slice(0, 300);
  if ((e.responseCode !== undefined && e.responseCode >= 500) || (e.code === 'EENVELOPE' && e.responseCode === undefined)) {
    return ApplicationFailure.nonRetryable(message, EMAIL_FAILURE.permanent, { responseCode: e.responseCode ?? null });
  }
  return ApplicationFailure.retryable(message, EMAIL_FAILURE.temporary, { responseCode: e.responseCode ?? null, code: e.code ?? null });
}

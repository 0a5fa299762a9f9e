import type { VisitEvent } from './ics';
import type { EmailKind } from './kinds';
import type { EmailData } from './templates';

/**
 * An email request as a workflow makes it and the email activity receives it, and the deterministic
 * Message-ID that makes a resend recognisable.
 */

/** What a workflow asks to send. */
export interface SendEmailInput {
  workflowId: string;
  kind: EmailKind;
  /** The n-th email of this kind in this workflow: part of the Message-ID. */
  sequence: number;
  to: string[];
  data: EmailData;
  /** A calendar invite for the visit (notice, revised notice, cancellation). */
  invite?: Omit<VisitEvent, 'organizer' | 'attendees' | 'stamp'>;
  /** Issued documents attached, by their hash in the documents' store (December 2026). */
  attachments?: { sha256: string; name: string; size: number; type: string }[];
}

/** What the SMTP server accepted. */
export interface SendEmailResult {
  messageId: string;
  accepted: string[];
}

/** The deterministic Message-ID of an email: the same on every retry of the activity. */
export function messageIdOf(input: Pick<SendEmailInput, 'workflowId' | 'kind' | 'sequence'>, domain: string): string {
  return `<${input.workflowId}.${input.kind}.${input.sequence}@${domain}>`;
}

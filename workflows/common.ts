import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { WorkingCalendar } from '../domain/calendar';
import { acceptingRecordedText, describeIssue, type z } from '../domain/validation';
import { EMAIL_LABELS } from '../emails/kinds';
import type { EmailData } from '../emails/templates';
import { record, SYSTEM, type HistoryEntry } from './kit/history';
import { invalidInput } from './kit/refusal';
import { createMailer, type EmailRecord } from './mailer';

/** What every workflow here does first: validate its input and load its calendar. */

/** A start input validated by its schema; an invalid one fails the workflow for good, with the field named. */
export function startInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  // The client checked the text rules; an input an older release accepted replays as it ran.
  const parsed = acceptingRecordedText(() => schema.safeParse(input));
  if (!parsed.success) invalidInput(describeIssue(parsed.error.issues[0]!));
  return parsed.data;
}

const { calendarSnapshot } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10 },
  summary: 'Lấy lịch ngày làm việc',
});

/** The working-day calendar of a range of years, from a snapshot recorded in history. */
export async function snapshotCalendar(fromYear: number, toYear: number): Promise<WorkingCalendar> {
  return new WorkingCalendar(await calendarSnapshot({ fromYear, toYear }));
}

/**
 * The one way a workflow sets up its mail: a mailer that records its emails in `records` and a
 * permanent failure in `history` (the coordinator is told by the mailer itself); `data()` is the
 * base of every email's data and of the failure escalation's.
 */
export function recordingMailer(o: {
  workflowId: string;
  records: EmailRecord[];
  history: HistoryEntry[];
  coordinator: string[];
  data: () => EmailData;
  /** Called after each email is sent or refused (to publish the state again); nothing by default. */
  onProgress?: () => void;
}) {
  return createMailer({
    workflowId: o.workflowId,
    records: o.records,
    coordinator: o.coordinator,
    failureData: (failed) => ({ ...o.data(), failed }),
    onFailure: (r) => record(o.history, { actor: SYSTEM, action: `Không gửi được email "${EMAIL_LABELS[r.kind]}"`, detail: r.error }),
    onProgress: o.onProgress ?? (() => undefined),
  });
}

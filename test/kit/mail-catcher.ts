import { startMailCatcher, type MailCatcher } from '../../worker/mail-catcher';

/** The product's mail catcher (worker/mail-catcher.ts), counting what it accepts. */
export interface CountingMailCatcher extends MailCatcher {
  /** How many times each Message-ID was delivered (more than once only for a resent message). */
  deliveries: Map<string, number>;
  /** When each Message-ID was accepted (epoch milliseconds, one entry per delivery). */
  acceptedAt: Map<string, number[]>;
}

/**
 * Starts the mail catcher `npm start` uses, on loopback, and counts its deliveries by Message-ID:
 * the fault and cluster tests and the bench check that nothing was lost or sent twice.
 */
export async function startCountingMailCatcher(dir: string, port = 0): Promise<CountingMailCatcher> {
  const deliveries = new Map<string, number>();
  const acceptedAt = new Map<string, number[]>();
  const catcher = await startMailCatcher(dir, port, '127.0.0.1', (messageId) => {
    if (!messageId) return;
    deliveries.set(messageId, (deliveries.get(messageId) ?? 0) + 1);
    acceptedAt.set(messageId, [...(acceptedAt.get(messageId) ?? []), Date.now()]);
  });
  return { ...catcher, deliveries, acceptedAt };
}

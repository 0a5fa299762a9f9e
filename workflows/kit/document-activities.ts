import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

/**
 * The activities of a document's life as every process with documents calls them (the inspection's
 * desk, a round's document): one set of timeouts and retries, so the two never drift apart.
 */

/** Drafts (renders and stores) a document. */
export const renderer = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['DocumentsNotConfigured'] },
  summary: 'Lập văn bản',
});

/** Takes, records or withdraws a number in the register of outgoing documents. */
export const register = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', nonRetryableErrorTypes: ['RegisterRefused'] },
  summary: 'Cấp số văn bản',
});

/** Verifies a signed PDF's digital signature. */
export const verifier = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['DocumentFileMissing', 'DocumentsNotConfigured'] },
  summary: 'Kiểm tra chữ ký số',
});

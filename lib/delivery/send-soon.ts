import { after } from 'next/server';
import { db } from '@/db/client';
import { dispatchDue } from './dispatch';
import { deliveryWorkerRuns } from './worker';

/** At most this many messages are sent after one response; the rest go with the next request or the deliver cron job. */
const AFTER_RESPONSE_LIMIT = 500;

/**
 * After a request that may have queued messages (any successful write): where no delivery worker
 * runs in this process — on Vercel, or a bare `next start` — send what is due once the response
 * has gone out (Next's `after`, which keeps a serverless function alive for it), rather than at the
 * next deliver cron tick a minute later. SKIP LOCKED keeps it safe beside every other sender.
 * Outside a request (a script, a test calling a route directly) it does nothing.
 */
export function sendDueAfterResponse(): void {
  if (deliveryWorkerRuns()) return;
  try {
    after(async () => {
      await dispatchDue(db, { limit: AFTER_RESPONSE_LIMIT }).catch((err: unknown) => console.error('[delivery] sending after the response failed', err));
    });
  } catch {
    // not in a request: the worker or the deliver cron job sends it
  }
}

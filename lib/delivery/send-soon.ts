import { after } from 'next/server';
import { db } from '@/db/client';
import { dispatchDue } from './dispatch';
import { deliveryWorkerRuns } from './worker';

/**
 * How long sending may go on after one response: what is left goes with the next write or the
 * deliver cron job. Kept well inside a serverless function's time limit, since `after` work
 * counts toward it.
 */
const AFTER_RESPONSE_BUDGET_MS = 8_000;

/**
 * After a request that may have queued messages (any successful write): where no delivery worker
 * runs in this process — on Vercel, or a bare `next start` — send what is due once the response
 * has gone out (Next's `after`, which keeps a serverless function alive for it), rather than at the
 * next deliver cron tick a minute later: until nothing is due or the time budget is spent (then
 * what is in flight is finished and recorded, and claimed rows not started are handed back).
 * SKIP LOCKED keeps it safe beside every other sender.
 * Outside a request (a script, a test calling a route directly) it does nothing.
 */
export function sendDueAfterResponse(): void {
  if (deliveryWorkerRuns()) return;
  try {
    after(async () => {
      await dispatchDue(db, { signal: AbortSignal.timeout(AFTER_RESPONSE_BUDGET_MS) }).catch((err: unknown) => console.error('[delivery] sending after the response failed', err));
    });
  } catch {
    // not in a request: the worker or the deliver cron job sends it
  }
}

import { db } from '@/db/client';
import { listen } from '@/lib/realtime/listen';
import { DISPATCH_BATCH, dispatchDue } from './dispatch';

const POLL_MS = 15_000;

/**
 * For a long-running server: send deliveries right after they commit (the outbox trigger's
 * NOTIFY 'ops_deliveries' wakes us) and retries when they fall due (a poll). One drain at a time
 * per process; several processes share the work through SKIP LOCKED. On serverless hosts the
 * deliver cron job does the same every minute. Returns a stop function.
 */
export function startDeliveryWorker(): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const drain = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        do {
          again = false;
          // a full batch means there may be more behind it
          while (!stopped && (await dispatchDue(db)).claimed === DISPATCH_BATCH);
        } while (again && !stopped);
      } catch (err) {
        console.error('[delivery] dispatch failed', err);
      } finally {
        running = null;
      }
    })();
  };

  // (re)listening also drains: anything that committed while the connection was down
  const listening = listen('ops_deliveries', drain, drain).catch((err: unknown) => {
    console.error('[delivery] LISTEN failed', err);
    return null;
  });
  const poll = setInterval(drain, POLL_MS);
  poll.unref();

  return async () => {
    stopped = true;
    clearInterval(poll);
    await (await listening)?.unlisten();
    await running;
  };
}

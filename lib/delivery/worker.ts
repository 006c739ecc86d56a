import postgres from 'postgres';
import { db } from '@/db/client';
import { dispatchDue } from './dispatch';

const POLL_MS = 15_000;

/**
 * For a long-running server: send deliveries right after they commit (the outbox trigger's
 * NOTIFY 'ops_deliveries' wakes us) and retries when they fall due (a poll). One drain at a time
 * per process; several processes share the work through SKIP LOCKED. On serverless hosts the
 * deliver cron job does the same every minute. Returns a stop function.
 */
export function startDeliveryWorker(url = process.env.DATABASE_URL): () => Promise<void> {
  if (!url) throw new Error('DATABASE_URL is not set');
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
          while (!stopped && (await dispatchDue(db)).claimed === 100);
        } while (again && !stopped);
      } catch (err) {
        console.error('[delivery] dispatch failed', err);
      } finally {
        running = null;
      }
    })();
  };

  const listener = postgres(url, { max: 1, onnotice: () => {} });
  const listening = listener.listen('ops_deliveries', drain, drain).catch((err) => console.error('[delivery] LISTEN failed', err));
  const poll = setInterval(drain, POLL_MS);
  poll.unref();

  return async () => {
    stopped = true;
    clearInterval(poll);
    await listening;
    await running;
    await listener.end({ timeout: 1 });
  };
}

import { db } from '@/db/client';
import { listen } from '@/lib/realtime/listen';
import { dispatchDue, msUntilNextDue } from './dispatch';

/** The longest the worker sleeps: a backstop for a NOTIFY it missed. */
const POLL_MS = 15_000;
// a row due now that another instance holds is not worth a busy loop
const MIN_WAKE_MS = 250;

/**
 * For a long-running server: send deliveries right after they commit (the delivery policy's
 * NOTIFY 'ops_deliveries' wakes us), and again when the next one falls due (a retry, or the lease
 * of a sender that died), or after POLL_MS at the latest. One drain at a time per process; several
 * processes share the work through SKIP LOCKED. On serverless hosts the deliver cron job does the
 * same every minute. Returns a stop function: it stops claiming, and finishes and records what is
 * in flight.
 */
// on globalThis: the server script and Next's bundle each load their own copy of this module
const g = globalThis as unknown as { __opsAlertsDeliveryWorkers?: number };
const markDeliveryWorker = (running: boolean) => (g.__opsAlertsDeliveryWorkers = (g.__opsAlertsDeliveryWorkers ?? 0) + (running ? 1 : -1));

/** Whether a delivery worker runs for this process: in it, or in a process it started (scripts/serve.ts). */
export const deliveryWorkerRuns = (): boolean => (g.__opsAlertsDeliveryWorkers ?? 0) > 0;

/** This process started a worker in a process of its own: requests leave sending to it. Returns the undo. */
export function deliveryWorkerBeside(): () => void {
  markDeliveryWorker(true);
  return () => markDeliveryWorker(false);
}

export function startDeliveryWorker(): () => Promise<void> {
  const stopping = new AbortController();
  markDeliveryWorker(true);
  let running: Promise<void> | null = null;
  let again = false;
  let wake: NodeJS.Timeout | null = null;

  const sleep = (ms: number) => {
    if (wake) clearTimeout(wake);
    if (stopping.signal.aborted) return;
    wake = setTimeout(drain, Math.min(POLL_MS, Math.max(MIN_WAKE_MS, ms)));
    wake.unref();
  };

  const drain = (): void => {
    if (stopping.signal.aborted) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await dispatchDue(db, { signal: stopping.signal });
        } while (again && !stopping.signal.aborted);
        const next = await msUntilNextDue(db);
        sleep(again ? 0 : (next ?? POLL_MS));
      } catch (err) {
        console.error('[delivery] dispatch failed', err);
        sleep(POLL_MS);
      } finally {
        running = null;
      }
    })();
  };

  // (re)listening also drains: anything that committed while the connection was down
  const listening = listen('ops_deliveries', drain, drain).catch((err: unknown) => {
    console.error('[delivery] LISTEN failed', err);
    sleep(0);
    return null;
  });

  return async () => {
    if (!stopping.signal.aborted) markDeliveryWorker(false);
    stopping.abort();
    if (wake) clearTimeout(wake);
    await (await listening)?.unlisten();
    await running;
  };
}

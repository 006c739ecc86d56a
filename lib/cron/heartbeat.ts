import { after } from 'next/server';
import { guardedGet } from '@/lib/delivery/outbound';

/** At most one ping a minute per process and URL: a monitor's period is minutes, the deliver job runs every minute. */
const MIN_GAP_MS = 60_000;
const TIMEOUT_MS = 5_000;
const lastPing = new Map<string, number>();

/**
 * Ping HEARTBEAT_URL (healthchecks.io, Cronitor, any URL that expects a GET) through the outbound
 * guard, so an outside monitor hears from a live app whose scheduler runs, and notices when the
 * pings stop. Never throws: a failed ping is logged, and the next successful run tries again.
 * Resolves when the ping is done; null when there is nothing to send.
 */
export function pingHeartbeat(now = Date.now()): Promise<void> | null {
  const url = process.env.HEARTBEAT_URL;
  if (!url || now - (lastPing.get(url) ?? -Infinity) < MIN_GAP_MS) return null;
  lastPing.set(url, now);
  const failed = (why: string) => {
    lastPing.delete(url);
    console.warn(`[heartbeat] ping failed: ${why}`);
  };
  return guardedGet(url, { headers: { 'user-agent': 'ops-alerts-heartbeat' }, timeoutMs: TIMEOUT_MS }).then(
    (res) => (res.ok ? undefined : failed(`HTTP ${res.status}`)),
    (err: unknown) => failed(err instanceof Error ? err.message : String(err)),
  );
}

/**
 * After a cron run succeeded: ping once the response is sent (Next's `after`, which on Vercel keeps
 * the function alive for it), so the ping never delays or fails the job. Called outside a request
 * (a test calling the route directly), it pings without waiting.
 */
export function heartbeatAfterSuccess(): void {
  try {
    after(async () => {
      await pingHeartbeat();
    });
  } catch {
    void pingHeartbeat();
  }
}

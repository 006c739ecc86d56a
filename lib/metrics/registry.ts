import { AsyncLocalStorage } from 'node:async_hooks';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics (GET /api/metrics), in one registry kept on globalThis so Next's
 * bundling and hot reload, which can load this module more than once, never register a metric twice.
 * Counters and histograms are this process's own (Prometheus scrapes each instance); the gauges that
 * describe the whole system (outbox, jobs) are read from PostgreSQL at scrape time.
 */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ops_alerts_' });
  const registers = [registry];

  const eventsIngested = new Counter({ name: 'ops_alerts_events_ingested_total', help: 'Events accepted by POST /api/v1/events (committed), by event type', labelNames: ['type'], registers });
  const alertsFired = new Counter({ name: 'ops_alerts_alerts_fired_total', help: 'New alerts opened, by rule name', labelNames: ['rule'], registers });
  const alertsResolved = new Counter({ name: 'ops_alerts_alerts_resolved_total', help: 'Alerts resolved by their rule, by rule name and reason (condition_cleared, resolved_event)', labelNames: ['rule', 'reason'], registers });
  const deliveries = new Counter({ name: 'ops_alerts_deliveries_total', help: 'Delivery attempts by channel and outcome (sent, retrying, dead, skipped)', labelNames: ['channel', 'outcome'], registers });
  const deliveryLatency = new Histogram({
    name: 'ops_alerts_event_to_delivery_seconds',
    help: 'Seconds from the alert event (fired, resolved, …) being written to its delivery being sent',
    labelNames: ['channel'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    registers,
  });
  const jobDuration = new Histogram({
    name: 'ops_alerts_job_duration_seconds',
    help: 'Cron job run time, by job and status (succeeded, failed, skipped)',
    labelNames: ['job', 'status'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });

  // read at scrape time (lib/metrics/sources.ts, loaded lazily: recording a metric never pulls in the database client);
  // a source that fails (database away) leaves its series out of that scrape rather than failing it
  const fromSource = <T>(read: (s: typeof import('./sources')) => Promise<T>, set: (gauge: Gauge, value: T) => void) =>
    async function (this: Gauge) {
      try {
        const value = await read(await import('./sources'));
        this.reset();
        set(this, value);
      } catch (err) {
        this.reset();
        console.error('[metrics] a scrape-time source failed', err);
      }
    };
  new Gauge({
    name: 'ops_alerts_outbox_depth',
    help: 'Deliveries waiting to be sent (pending, failed awaiting a retry, or sending), by status',
    labelNames: ['status'],
    registers,
    collect: fromSource((s) => s.outboxDepth(), (gauge, rows) => rows.forEach((r) => gauge.set({ status: r.status }, r.n))),
  });
  new Gauge({
    name: 'ops_alerts_outbox_oldest_due_age_seconds',
    help: 'How long the oldest due delivery has been due (0 when nothing is due)',
    registers,
    collect: fromSource((s) => s.oldestDueAgeSeconds(), (gauge, seconds) => gauge.set(seconds)),
  });
  new Gauge({
    name: 'ops_alerts_job_last_success_timestamp_seconds',
    help: 'Unix time of each scheduled job\'s last successful run (from cron_runs); absent for a job that never succeeded',
    labelNames: ['job'],
    registers,
    collect: fromSource((s) => s.jobLastSuccess(), (gauge, jobs) => jobs.forEach((j) => j.at !== null && gauge.set({ job: j.job }, j.at))),
  });
  new Gauge({
    name: 'ops_alerts_live_streams',
    help: 'Server-sent event streams (bell and notification center) connected to this process',
    registers,
    collect: fromSource((s) => s.liveStreams(), (gauge, n) => gauge.set(n)),
  });
  return { registry, eventsIngested, alertsFired, alertsResolved, deliveries, deliveryLatency, jobDuration };
}

type Metrics = ReturnType<typeof createMetrics>;
const g = globalThis as unknown as { __opsAlertsMetrics?: Metrics };
export const metrics: Metrics = (g.__opsAlertsMetrics ??= createMetrics());

/** The metrics the delivery worker's process keeps (scripts/delivery-worker.ts): the server shows them with its own. */
export const DELIVERY_METRICS = new Set(['ops_alerts_deliveries_total', 'ops_alerts_event_to_delivery_seconds']);

export type DeliveryOutcome = 'sent' | 'retrying' | 'dead' | 'skipped';

/** One delivery's outcome; a sent one also records how long after its event it went out (`eventAt`: ISO time). */
export function recordDelivery(channel: string, outcome: DeliveryOutcome, eventAt?: string): void {
  metrics.deliveries.inc({ channel, outcome });
  const at = eventAt ? Date.parse(eventAt) : NaN;
  if (outcome === 'sent' && Number.isFinite(at)) metrics.deliveryLatency.observe({ channel }, Math.max(0, (Date.now() - at) / 1000));
}

const uncounted = new AsyncLocalStorage<true>();

/** Run work whose transaction is rolled back (a rule preview): the alerts it fires are not counted. */
export const withoutCounting = <T>(work: () => Promise<T>): Promise<T> => uncounted.run(true, work);

/** Alerts a rule opened and resolved; `reason` is the resolution_reason of the resolved ones. */
export function recordAlerts(rule: string, counts: { created?: number; resolved?: number }, reason = 'condition_cleared'): void {
  if (uncounted.getStore()) return;
  if (counts.created) metrics.alertsFired.inc({ rule }, counts.created);
  if (counts.resolved) metrics.alertsResolved.inc({ rule, reason }, counts.resolved);
}

export function recordEvents(events: { type: string }[]): void {
  const byType = new Map<string, number>();
  for (const e of events) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
  for (const [type, n] of byType) metrics.eventsIngested.inc({ type }, n);
}

export function recordJob(job: string, status: string, durationMs: number): void {
  metrics.jobDuration.observe({ job, status }, durationMs / 1000);
}

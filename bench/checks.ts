/**
 * npm run bench:checks — the alert engine at scale.
 *   BENCH_ROWS            open complaints to seed (default 1,000,000; ~1% at risk or breached)
 *   BENCH_INGEST_SECONDS  how long to offer events (default 10; the sustained run is 1800)
 *   BENCH_INGEST_RATE     events per second offered (default 10,000), in batches of BENCH_BATCH (1,000)
 *   BENCH_DATABASE_URL    a server to use instead of a throwaway embedded PostgreSQL
 * Batches go out open-loop on a schedule and are timed from when they were due; the p99 of each
 * minute goes to stderr, and the first and last minute's p99 and their ratio to the JSON line.
 * Progress goes to stderr; the last stdout line is one JSON object of figures.
 */
import { sql } from 'drizzle-orm';
import { createApiToken } from '../lib/auth/tokens';
import { runCronJob } from '../lib/cron/run';
import { logger, openBenchDatabase, pct, round, startBenchApp } from './lib/harness';
import { seedBenchTenant } from './lib/seed';

const ROWS = Number(process.env.BENCH_ROWS || 1_000_000);
const INGEST_SECONDS = Number(process.env.BENCH_INGEST_SECONDS || 10);
const RATE = Number(process.env.BENCH_INGEST_RATE || 10_000);
const BATCH = Number(process.env.BENCH_BATCH || 1000);
const log = logger('checks');

const PROVIDERS = ['stripe', 'paypal', 'adyen', 'mollie', 'klarna', 'braintree', 'square', 'worldpay'];

/**
 * A mix that fires alerts: metrics (CSAT under its 4.0 target, so `csat_below_target` holds), payments
 * across providers with a burst of failures at one provider every 10th batch (past `payment_failures`'
 * 5-in-30-min limit), ordinary complaints and one critical complaint per batch, assigned to staff.
 */
function eventBatch(n: number, batchNo: number, seq: { i: number }) {
  const burst = batchNo % 10 === 0 ? PROVIDERS[(batchNo / 10) % PROVIDERS.length] : null;
  return Array.from({ length: n }, (_, j) => {
    const i = seq.i++;
    const r = i % 100;
    if (burst && j < 20) return { type: 'payment.failed', payment: { id: `bench-${i}`, amount_cents: 500, provider: burst, failure_code: 'card_declined', failure_message: `declined at ${burst}` } };
    if (j === 20) return { type: 'complaint.created', complaint: { reference: `CRIT-${i}`, title: `Critical ${i}`, priority: 'critical', assignee_email: `staff${1 + (i % 500)}@bench.local` } };
    if (r < 25) return { type: 'metric', metric: 'csat_score', value: 3 + (i % 9) / 10 };
    if (r < 40) return { type: 'metric', metric: 'queue_depth', value: i % 50 };
    if (r < 89) return { type: 'payment.succeeded', payment: { id: `bench-${i}`, amount_cents: 1000 + (i % 9000), provider: PROVIDERS[i % PROVIDERS.length] } };
    if (r < 99) return { type: 'complaint.created', complaint: { reference: `ING-${i}`, title: `Ingested ${i}`, priority: 'medium' } };
    return { type: 'payment.failed', payment: { id: `bench-${i}`, amount_cents: 500, provider: 'stripe', failure_message: 'card declined' } };
  });
}

/**
 * Offer batches on a fixed schedule (open loop) for the configured time. Each batch is timed from
 * the moment it was due, not from when it went out, so a slow server cannot hide its backlog
 * (no coordinated omission); at most 64 requests are in flight and waiting for a slot counts as latency.
 */
async function ingest(baseUrl: string, token: string, seconds: number) {
  const interval = (BATCH / RATE) * 1000;
  const samples: { minute: number; ms: number }[] = [];
  const seq = { i: 0 };
  let offered = 0;
  let accepted = 0;
  let failed = 0;
  const inFlight = new Set<Promise<void>>();
  const t0 = performance.now();
  for (let k = 0; k * interval < seconds * 1000; k++) {
    const due = t0 + k * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    while (inFlight.size >= 64) await Promise.race(inFlight);
    const body = JSON.stringify({ events: eventBatch(BATCH, k, seq) });
    offered += BATCH;
    const p: Promise<void> = fetch(`${baseUrl}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body })
      .then(async (res) => {
        const json = (await res.json()) as { accepted?: number };
        if (res.ok) accepted += json.accepted ?? 0;
        else failed++;
        samples.push({ minute: Math.floor((due - t0) / 60_000), ms: performance.now() - due });
      })
      .catch(() => {
        failed++;
      })
      .finally(() => {
        inFlight.delete(p);
      });
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - t0) / 1000;
  const minutes = new Map<number, number[]>();
  for (const s of samples) minutes.set(s.minute, [...(minutes.get(s.minute) ?? []), s.ms]);
  const perMinute = [...minutes].sort(([a], [b]) => a - b).map(([minute, ms]) => ({ minute, batches: ms.length, p99_ms: round(pct(ms, 0.99), 1) }));
  return { offered, accepted, failed, elapsed, latencies: samples.map((s) => s.ms), perMinute };
}

async function main() {
  const bench = await openBenchDatabase('checks');
  const { db } = bench;
  let app: Awaited<ReturnType<typeof startBenchApp>> | undefined;
  try {
    log(`seeding ${ROWS.toLocaleString()} open complaints`);
    await seedBenchTenant(db, ROWS, log);

    await bench.resetStats();
    const t1 = performance.now();
    const first = await runCronJob(db, 'sla');
    const firstTick = (performance.now() - t1) / 1000;
    // BENCH_PG_STATS=1: where the first tick's database time went
    for (const row of await bench.topStatements(10)) log(`tick 1: ${JSON.stringify(row)}`);
    const t2 = performance.now();
    const idle = await runCronJob(db, 'sla');
    const idleTick = (performance.now() - t2) / 1000;
    log(`SLA tick 1: ${round(firstTick)} s, ${first?.counts.created} alerts; tick 2: ${round(idleTick)} s, ${idle?.counts.created} new`);

    app = await startBenchApp(bench.url, log);
    const [admin] = await db.execute<{ id: number }>(sql`select id from users where role = 'admin' limit 1`);
    const { token } = await createApiToken(db, admin!.id, { name: 'bench', scopes: ['events.write'] });
    await ingest(app.baseUrl, token, 1).then(() => log('warm-up done')); // first requests compile and warm caches
    log(`ingesting for ${INGEST_SECONDS} s at ${RATE.toLocaleString()} events/s offered, batches of ${BATCH}`);
    const run = await ingest(app.baseUrl, token, INGEST_SECONDS);
    log(`ingested ${run.accepted.toLocaleString()} of ${run.offered.toLocaleString()} events in ${round(run.elapsed, 2)} s, ${run.failed} failed requests`);
    for (const m of run.perMinute) log(`minute ${m.minute + 1}: ${m.batches} batches, p99 ${m.p99_ms} ms`);
    const firstP99 = run.perMinute[0]?.p99_ms ?? 0;
    const lastP99 = run.perMinute.at(-1)?.p99_ms ?? 0;
    const [fired] = await db.execute<{ by_type: Record<string, number> }>(sql`
      select coalesce(jsonb_object_agg(alert_type, n), '{}') as by_type
        from (select alert_type, count(*)::int as n from alerts group by 1) a`);

    console.log(
      JSON.stringify({
        rows: ROWS,
        first_tick_s: round(firstTick),
        idle_tick_s: round(idleTick),
        alerts_created: first?.counts.created ?? 0,
        ingest_seconds: INGEST_SECONDS,
        offered_events_per_s: Math.round(run.offered / INGEST_SECONDS),
        ingest_events_per_s: Math.round(run.accepted / run.elapsed),
        failed_requests: run.failed,
        ingest_p50_ms: round(pct(run.latencies, 0.5), 1),
        ingest_p99_ms: round(pct(run.latencies, 0.99), 1),
        first_minute_p99_ms: firstP99,
        last_minute_p99_ms: lastP99,
        ratio: round(lastP99 / Math.max(firstP99, 0.001), 2),
        alerts_by_type: fired?.by_type ?? {},
      }),
    );
  } finally {
    app?.stop();
    await bench.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

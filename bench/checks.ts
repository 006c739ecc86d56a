/**
 * npm run bench:checks — the alert engine at scale.
 *   BENCH_ROWS            open complaints to seed (default 1,000,000; ~1% at risk or breached)
 *   BENCH_INGEST_SECONDS  how long to offer events (default 10)
 *   BENCH_INGEST_RATE     events per second offered (default 10,000), in batches of BENCH_BATCH (1,000)
 *   BENCH_DATABASE_URL    a server to use instead of a throwaway embedded PostgreSQL
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

function eventBatch(n: number, seq: { i: number }) {
  return Array.from({ length: n }, () => {
    const i = seq.i++;
    const r = i % 100;
    if (r < 50) return { type: 'metric', metric: r % 2 ? 'queue_depth' : 'csat_score', value: 4 + (i % 7) / 10 };
    if (r < 90) return { type: 'payment.succeeded', payment: { id: `bench-${i}`, amount_cents: 1000 + (i % 9000), provider: r % 3 ? 'stripe' : 'paypal' } };
    if (r < 99) return { type: 'complaint.created', complaint: { reference: `ING-${i}`, title: `Ingested ${i}`, priority: 'medium' } };
    return { type: 'payment.failed', payment: { id: `bench-${i}`, amount_cents: 500, provider: 'stripe', failure_message: 'card declined' } };
  });
}

/** Offer batches at a fixed rate (open loop, at most 16 in flight) for the configured time. */
async function ingest(baseUrl: string, token: string, seconds: number) {
  const interval = (BATCH / RATE) * 1000;
  const latencies: number[] = [];
  const seq = { i: 0 };
  let accepted = 0;
  let failed = 0;
  let inFlight = 0;
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  for (let k = 0; performance.now() - t0 < seconds * 1000; k++) {
    const due = t0 + k * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight >= 16) {
      await Promise.race(pending);
    }
    const body = JSON.stringify({ events: eventBatch(BATCH, seq) });
    inFlight++;
    const start = performance.now();
    const p = fetch(`${baseUrl}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body })
      .then(async (res) => {
        const json = (await res.json()) as { accepted?: number };
        if (res.ok) accepted += json.accepted ?? 0;
        else failed++;
        latencies.push(performance.now() - start);
      })
      .catch(() => {
        failed++;
      })
      .finally(() => {
        inFlight--;
      });
    pending.push(p);
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - t0) / 1000;
  return { accepted, failed, elapsed, latencies };
}

async function main() {
  const bench = await openBenchDatabase('checks');
  const { db } = bench;
  let app: Awaited<ReturnType<typeof startBenchApp>> | undefined;
  try {
    log(`seeding ${ROWS.toLocaleString()} open complaints`);
    await seedBenchTenant(db, ROWS, log);

    const t1 = performance.now();
    const first = await runCronJob(db, 'sla');
    const firstTick = (performance.now() - t1) / 1000;
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
    log(`ingested ${run.accepted.toLocaleString()} events in ${round(run.elapsed, 2)} s, ${run.failed} failed requests`);

    console.log(
      JSON.stringify({
        rows: ROWS,
        first_tick_s: round(firstTick),
        idle_tick_s: round(idleTick),
        alerts_created: first?.counts.created ?? 0,
        ingest_events_per_s: Math.round(run.accepted / run.elapsed),
        ingest_p50_ms: round(pct(run.latencies, 0.5), 1),
        ingest_p99_ms: round(pct(run.latencies, 0.99), 1),
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

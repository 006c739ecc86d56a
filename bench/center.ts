/**
 * npm run bench:center — the notification center at scale, through the HTTP API.
 *   BENCH_ROWS          inbox (alert_recipients) rows, default 10,000,000, over BENCH_USERS (10,000) people
 *   BENCH_VIEWERS       SSE viewers connected at once (default 100)
 *   BENCH_DATABASE_URL  a server to use instead of a throwaway embedded PostgreSQL
 *   BENCH_WARMUP        unread-count requests before measuring (default 10,000)
 *   BENCH_DUMP          a file to write the raw unread-count samples to (JSON), for a closer look at the tail
 * Prints one JSON line: rows, unread_p50_ms, unread_p99_ms, list_p95_ms, deep_page_p95_ms, sse_p50_ms, sse_p95_ms.
 */
import { writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { Client } from 'undici';
import { createApiToken } from '../lib/auth/tokens';
import { logger, openBenchDatabase, pct, round, startBenchApp } from './lib/harness';

const ROWS = Number(process.env.BENCH_ROWS || 10_000_000);
const USERS = Number(process.env.BENCH_USERS || 10_000);
const VIEWERS = Number(process.env.BENCH_VIEWERS || 100);
const PER_ALERT = 10;
const UNREAD_WARMUP = Number(process.env.BENCH_WARMUP || 10_000);
const log = logger('center');

type Db = Awaited<ReturnType<typeof openBenchDatabase>>['db'];

/** USERS people; ROWS / 10 alerts over 30 days, each in 10 inboxes; ~5% unread, 2% dismissed. */
async function seed(db: Db) {
  await db.execute(sql`insert into users (email, name, role)
    select 'u' || g || '@bench.local', 'User ' || g, case when g = 1 then 'admin' else 'staff' end from generate_series(1, ${USERS}::int) g`);
  const alertCount = Math.ceil(ROWS / PER_ALERT);
  const chunk = 100_000;
  for (let from = 1; from <= alertCount; from += chunk) {
    const to = Math.min(alertCount, from + chunk - 1);
    await db.transaction(async (tx) => {
      // a bulk load, not the product path: skip the NOTIFY triggers and FK triggers for speed
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`
        insert into alerts (fingerprint, alert_type, severity, title, message, resource_type, resource_id, status, created_at, first_fired_at, last_fired_at, resolved_at)
        select 'bench:' || g, 'sla_breach', (array['info','warning','error','critical'])[1 + g % 4], 'Bench alert ' || g, 'Message ' || g,
               'complaint', g::text, case when g % 10 < 7 then 'resolved' else 'firing' end,
               ts, ts, ts, case when g % 10 < 7 then ts + interval '1 hour' end
          from generate_series(${from}::int, ${to}::int) g,
               lateral (select now() - make_interval(secs => (${alertCount}::int - g) * (2592000.0 / ${alertCount}::int))) t(ts)`);
      await tx.execute(sql`
        insert into alert_recipients (alert_id, user_id, reason, severity, created_at, read_at, dismissed_at)
        select a.id, 1 + ((a.id * 7919 + k * 104729) % ${USERS}::int), 'role', a.severity, a.created_at,
               case when (a.id + k) % 20 <> 0 then a.created_at + interval '5 minutes' end,
               case when (a.id + k) % 50 = 1 then a.created_at + interval '10 minutes' end
          from alerts a cross join generate_series(0, ${PER_ALERT - 1}::int) k
         where a.id between ${from}::int and ${to}::int
        on conflict do nothing`);
    });
    log(`seeded ${(to * PER_ALERT).toLocaleString()} / ${ROWS.toLocaleString()} inbox rows`);
  }
  log('vacuum analyze (index-only scans need the visibility map)');
  await db.execute(sql`vacuum analyze alerts`);
  await db.execute(sql`vacuum analyze alert_recipients`);
}

/**
 * Reads go over one keep-alive connection held by undici's Client, as a poller or a load tester
 * (wrk, k6) holds one: the figures are the server's, not a client's connection setup or garbage.
 * (node:http's client made about half of the p99 at these latencies.)
 */
let client: Client | undefined;

async function get(path: string, token: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const res = await client!.request({ path, method: 'GET', headers: { authorization: `Bearer ${token}` } });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

async function timed(path: string, token: string): Promise<{ ms: number; serverMs: number; body: unknown }> {
  const t = performance.now();
  const res = await get(path, token);
  const body = JSON.parse(res.text) as unknown;
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`${path} → ${res.status} ${res.text}`);
  // time inside our handler (auth + app), from the Server-Timing header
  const serverMs = [...String(res.headers['server-timing'] ?? '').matchAll(/dur=([\d.]+)/g)].reduce((n, m) => n + Number(m[1]), 0);
  return { ms, serverMs, body };
}

/** An SSE reader that resolves `waitFor(text)` when a frame containing it arrives. */
function sseViewer(baseUrl: string, token: string, signal: AbortSignal) {
  const waiting = new Map<string, (t: number) => void>();
  let ready!: () => void;
  const opened = new Promise<void>((r) => (ready = r));
  void (async () => {
    const res = await fetch(`${baseUrl}/api/v1/alerts/stream`, { headers: { authorization: `Bearer ${token}` }, signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      const now = performance.now();
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.includes('event: count')) ready();
        for (const [text, resolve] of waiting) {
          if (frame.includes('event: alert') && frame.includes(text)) {
            waiting.delete(text);
            resolve(now);
          }
        }
      }
    }
  })();
  return { opened, waitFor: (text: string) => new Promise<number>((r) => waiting.set(text, r)) };
}

async function main() {
  const bench = await openBenchDatabase('center');
  const { db } = bench;
  let app: Awaited<ReturnType<typeof startBenchApp>> | undefined;
  const abort = new AbortController();
  try {
    log(`seeding ${ROWS.toLocaleString()} inbox rows over ${USERS.toLocaleString()} people`);
    await seed(db);
    app = await startBenchApp(bench.url, log);
    const base = app.baseUrl;

    const sample = await db.execute<{ id: number }>(sql`select id from users where role = 'staff' order by id limit ${VIEWERS}`);
    const tokens = await Promise.all(sample.map(async (u) => (await createApiToken(db, u.id, { name: 'bench', scopes: ['alerts.read'] })).token));
    client = new Client(base, { pipelining: 1 });
    // warm-up, so that the figures are a running server's: V8 keeps optimizing the request path
    // for several thousand requests (p99 falls from ~2 ms to ~0.5 ms on a small database), each
    // pooled connection prepares its statements, each token is stamped once
    for (let i = 0; i < UNREAD_WARMUP; i++) await timed('/api/v1/alerts/unread/count', tokens[i % tokens.length]!);

    const unread: number[] = [];
    const unreadServer: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const { ms, serverMs } = await timed('/api/v1/alerts/unread/count', tokens[i % tokens.length]!);
      unread.push(ms);
      unreadServer.push(serverMs);
    }
    if (process.env.BENCH_DUMP) writeFileSync(process.env.BENCH_DUMP, JSON.stringify({ unread, unreadServer }));
    log(`unread count: p50 ${round(pct(unread, 0.5), 2)} ms, p99 ${round(pct(unread, 0.99), 2)} ms (in the handler: p50 ${round(pct(unreadServer, 0.5), 2)}, p99 ${round(pct(unreadServer, 0.99), 2)} ms)`);

    const list: number[] = [];
    for (let i = 0; i < 200; i++) await timed('/api/v1/alerts?page=1&page_size=20', tokens[i % tokens.length]!);
    for (let i = 0; i < 500; i++) list.push((await timed('/api/v1/alerts?page=1&page_size=20', tokens[(i + 37) % tokens.length]!)).ms);
    log(`first page: p95 ${round(pct(list, 0.95), 2)} ms`);

    // deep pages: walk each person's inbox with the keyset cursor, timing page 10 and later
    const deep: number[] = [];
    for (const token of tokens.slice(0, 20)) {
      let cursor = 'start';
      for (let page = 1; page <= 50 && cursor; page++) {
        const { ms, body } = await timed(`/api/v1/alerts?page_size=20&cursor=${cursor}`, token);
        if (page >= 10) deep.push(ms);
        cursor = (body as { next_cursor?: string | null }).next_cursor ?? '';
      }
    }
    log(`deep pages: p95 ${round(pct(deep, 0.95), 2)} ms over ${deep.length} requests`);

    // SSE: VIEWERS people connected; an event rule sends each ingested ping to all of them
    await db.execute(sql`insert into alert_rules (rule_name, rule_type, "check", conditions, alert_config) values
      ('bench_ping', 'event', 'event_match', '{"event_type":"bench.ping"}',
       ${JSON.stringify({ severity: 'info', title_template: '{{event.title}}', recipients: sample.map((u) => `user:${u.id}`), cooldown_minutes: 0 })}::jsonb)`);
    const [admin] = await db.execute<{ id: number }>(sql`select id from users where role = 'admin'`);
    const ingestToken = (await createApiToken(db, admin!.id, { name: 'bench', scopes: ['events.write'] })).token;
    const viewers = tokens.map((t) => sseViewer(base, t, abort.signal));
    await Promise.all(viewers.map((v) => v.opened));
    log(`${viewers.length} SSE viewers connected`);
    const sse: number[] = [];
    const posted: number[] = [];
    for (let round_ = 0; round_ < 20; round_++) {
      const title = `ping-${round_}-${Date.now()}`;
      const arrivals = viewers.map((v) => v.waitFor(title));
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'custom', event_type: 'bench.ping', title, fingerprint: title }),
      });
      if (!res.ok) throw new Error(`ingest → ${res.status}`);
      posted.push(performance.now() - t0);
      for (const t of await Promise.all(arrivals)) sse.push(t - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
    log(`SSE: p50 ${round(pct(sse, 0.5), 1)} ms, p95 ${round(pct(sse, 0.95), 1)} ms over ${sse.length} deliveries (the POST itself answered in p50 ${round(pct(posted, 0.5), 1)} ms)`);

    console.log(
      JSON.stringify({
        rows: ROWS,
        unread_p50_ms: round(pct(unread, 0.5), 2),
        unread_p99_ms: round(pct(unread, 0.99), 2),
        unread_handler_p99_ms: round(pct(unreadServer, 0.99), 2),
        list_p95_ms: round(pct(list, 0.95), 2),
        deep_page_p95_ms: round(pct(deep, 0.95), 2),
        sse_p50_ms: round(pct(sse, 0.5), 1),
        sse_p95_ms: round(pct(sse, 0.95), 1),
      }),
    );
  } finally {
    abort.abort();
    await client?.close();
    app?.stop();
    await bench.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * npm run bench:center — the notification center at scale, through the HTTP API, as users call it:
 * the production server (`npm start`'s scripts/serve.ts, the same routes as on any host), a browser
 * with its Auth.js session cookie and an API client with a bearer token, one at a time and 16 at once.
 *   BENCH_ROWS          inbox (alert_recipients) rows, default 10,000,000, over BENCH_USERS (10,000) people
 *   BENCH_VIEWERS       people signed in (a session and a token each) and SSE viewers connected at once (default 100)
 *   BENCH_DATABASE_URL  a server to use instead of a throwaway embedded PostgreSQL
 *   BENCH_WARMUP        requests before measuring, at most 1,000 (default 1,000)
 *   BENCH_SAMPLES       unread-count requests measured per auth and concurrency (default 5,000; first pages: a tenth)
 *   BENCH_DUMP          a file to write the raw unread-count samples to (JSON), for a closer look at the tail
 * Logs each figure as it comes, then prints one JSON line: rows, and per auth (session, token) and
 * concurrency (c1, c16) unread-count and first-page p50/p95/p99, deep_page_p95_ms, sse_p50_ms, sse_p95_ms.
 */
import { writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { Pool } from 'undici';
import { hashPassword } from '../lib/auth/password';
import { createApiToken } from '../lib/auth/tokens';
import { logger, openBenchDatabase, pct, round, startBenchApp } from './lib/harness';

const ROWS = Number(process.env.BENCH_ROWS || 10_000_000);
const USERS = Number(process.env.BENCH_USERS || 10_000);
const VIEWERS = Number(process.env.BENCH_VIEWERS || 100);
const PER_ALERT = 10;
const WARMUP = Math.min(1000, Number(process.env.BENCH_WARMUP || 1000));
const SAMPLES = Number(process.env.BENCH_SAMPLES || 5000);
const PASSWORD = 'bench-password-1';
const log = logger('center');

type Db = Awaited<ReturnType<typeof openBenchDatabase>>['db'];

/** USERS people; ROWS / 10 alerts over 30 days, each in 10 inboxes; ~5% unread, 2% dismissed. */
async function seed(db: Db) {
  // everyone has the same known password, so that the bench signs in as a browser does
  const hash = await hashPassword(PASSWORD);
  await db.execute(sql`insert into users (email, name, role, password_hash)
    select 'u' || g || '@bench.local', 'User ' || g, case when g = 1 then 'admin' else 'staff' end, ${hash} from generate_series(1, ${USERS}::int) g`);
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
        insert into alert_recipients (alert_id, user_id, reason, severity, created_at, read_at, dismissed_at, alert_resolved_at)
        select a.id, 1 + ((a.id * 7919 + k * 104729) % ${USERS}::int), 'role', a.severity, a.created_at,
               case when (a.id + k) % 20 <> 0 then a.created_at + interval '5 minutes' end,
               case when (a.id + k) % 50 = 1 then a.created_at + interval '10 minutes' end,
               -- as the resolving writer leaves it (the trigger on alerts copies the alert's resolution
               -- time): the bell counts only open alerts, so a resolved alert's row must say so
               a.resolved_at
          from alerts a cross join generate_series(0, ${PER_ALERT - 1}::int) k
         where a.id between ${from}::int and ${to}::int
        on conflict do nothing`);
    });
    log(`seeded ${(to * PER_ALERT).toLocaleString()} / ${ROWS.toLocaleString()} inbox rows`);
  }
  // statistics, as autovacuum's autoanalyze gives a real database soon after a bulk load; no
  // vacuum: the visibility map is left as the load made it, not freshly set just before measuring
  log('analyze');
  await db.execute(sql`analyze alerts`);
  await db.execute(sql`analyze alert_recipients`);
}

/** How a request is authenticated: a browser's session cookie or an API client's bearer token. */
type Auth = 'session' | 'token';
type Caller = { session: string; token: string };

const credentialHeaders = (auth: Auth, who: Caller): Record<string, string> =>
  auth === 'session' ? { cookie: who.session } : { authorization: `Bearer ${who.token}` };

/** The Set-Cookie pairs of a response, as one Cookie header. */
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');

/**
 * Sign in as the browser does, over HTTP through Auth.js's own routes: fetch a CSRF token (and
 * its cookie), post the credentials form with both, keep the session cookie.
 */
async function signIn(base: string, email: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(csrf), origin: base },
    body: new URLSearchParams({ email, password: PASSWORD, csrfToken, callbackUrl: `${base}/` }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='));
  if (!session) throw new Error(`sign-in of ${email} refused: ${res.status} ${res.headers.get('location')}`);
  return session.split(';')[0]!;
}

/**
 * Reads go over keep-alive connections held by undici's Pool, one per concurrent caller, as a
 * browser tab, a poller or a load tester (wrk, k6) holds one: the figures are the server's, not a
 * client's connection setup or garbage. (node:http's client made about half of the p99 at
 * sub-millisecond latencies.)
 */
let pool: Pool | undefined;

async function timed(path: string, headers: Record<string, string>): Promise<{ ms: number; serverMs: number; body: unknown }> {
  const t = performance.now();
  const res = await pool!.request({ path, method: 'GET', headers });
  const text = await res.body.text();
  const body = JSON.parse(text) as unknown;
  const ms = performance.now() - t;
  if (res.statusCode !== 200) throw new Error(`${path} → ${res.statusCode} ${text}`);
  // time inside our handler (auth + app), from the Server-Timing header
  const serverMs = [...String(res.headers['server-timing'] ?? '').matchAll(/dur=([\d.]+)/g)].reduce((n, m) => n + Number(m[1]), 0);
  return { ms, serverMs, body };
}

/** `n` requests by `concurrency` callers at once, each waiting for its answer before the next: the end-to-end times. */
async function measure(n: number, concurrency: number, request: (i: number) => { path: string; headers: Record<string, string> }) {
  const ms: number[] = [];
  const serverMs: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const { path, headers } = request(i);
        const r = await timed(path, headers);
        ms.push(r.ms);
        serverMs.push(r.serverMs);
      }
    }),
  );
  return { ms, serverMs };
}

const figures = (xs: number[]) => ({ p50: round(pct(xs, 0.5), 2), p95: round(pct(xs, 0.95), 2), p99: round(pct(xs, 0.99), 2) });

/** An SSE reader, signed in with a session cookie as the browser's EventSource is, that resolves `waitFor(text)` when a frame containing it arrives. */
function sseViewer(baseUrl: string, cookie: string, signal: AbortSignal) {
  const waiting = new Map<string, (t: number) => void>();
  let ready!: () => void;
  const opened = new Promise<void>((r) => (ready = r));
  void (async () => {
    const res = await fetch(`${baseUrl}/api/v1/alerts/stream`, { headers: { cookie }, signal });
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

    const sample = await db.execute<{ id: number; email: string }>(sql`select id, email from users where role = 'staff' order by id limit ${VIEWERS}`);
    const callers: Caller[] = [];
    for (const u of sample) {
      callers.push({ session: await signIn(base, u.email), token: (await createApiToken(db, u.id, { name: 'bench', scopes: ['alerts.read'] })).token });
    }
    log(`${callers.length} people signed in (a session cookie and an API token each)`);
    pool = new Pool(base, { connections: 16, pipelining: 1 });
    const who = (i: number) => callers[i % callers.length]!;
    const UNREAD = '/api/v1/alerts/unread/count';
    const FIRST_PAGE = '/api/v1/alerts?page=1&page_size=20';

    // a short warm-up (each pooled database connection prepares its statements, the JIT sees
    // both kinds of request), no longer than a real server gets before its first users
    await measure(WARMUP, 16, (i) => ({ path: i % 2 ? UNREAD : FIRST_PAGE, headers: credentialHeaders(i % 4 < 2 ? 'session' : 'token', who(i)) }));

    const out: Record<string, unknown> = { rows: ROWS };
    const dump: Record<string, number[]> = {};
    for (const auth of ['session', 'token'] as const) {
      for (const concurrency of [1, 16]) {
        const key = `${auth}_c${concurrency}`;
        const unread = await measure(SAMPLES, concurrency, (i) => ({ path: UNREAD, headers: credentialHeaders(auth, who(i)) }));
        const list = await measure(Math.ceil(SAMPLES / 10), concurrency, (i) => ({ path: FIRST_PAGE, headers: credentialHeaders(auth, who(i + 37)) }));
        const u = figures(unread.ms);
        const h = figures(unread.serverMs);
        const l = figures(list.ms);
        dump[key] = unread.ms;
        log(`${auth}, concurrency ${concurrency}: unread count p50 ${u.p50} / p95 ${u.p95} / p99 ${u.p99} ms (in the handler p99 ${h.p99} ms); first page p50 ${l.p50} / p95 ${l.p95} / p99 ${l.p99} ms`);
        Object.assign(out, {
          [`${key}_unread_p50_ms`]: u.p50,
          [`${key}_unread_p95_ms`]: u.p95,
          [`${key}_unread_p99_ms`]: u.p99,
          [`${key}_list_p50_ms`]: l.p50,
          [`${key}_list_p95_ms`]: l.p95,
          [`${key}_list_p99_ms`]: l.p99,
        });
      }
    }
    if (process.env.BENCH_DUMP) writeFileSync(process.env.BENCH_DUMP, JSON.stringify(dump));

    // deep pages: walk each person's inbox with the keyset cursor as an API client does, timing page 10 and later
    const deep: number[] = [];
    for (const caller of callers.slice(0, 20)) {
      let cursor = 'start';
      for (let page = 1; page <= 50 && cursor; page++) {
        const { ms, body } = await timed(`/api/v1/alerts?page_size=20&cursor=${cursor}`, credentialHeaders('token', caller));
        if (page >= 10) deep.push(ms);
        cursor = (body as { next_cursor?: string | null }).next_cursor ?? '';
      }
    }
    if (deep.length) log(`deep pages: p95 ${round(pct(deep, 0.95), 2)} ms over ${deep.length} requests`);
    else log('deep pages: none (at this size no inbox reaches page 10)');
    out.deep_page_p95_ms = deep.length ? round(pct(deep, 0.95), 2) : null;

    // SSE: VIEWERS people connected with their session cookies; an event rule sends each ingested ping to all of them
    await db.execute(sql`insert into alert_rules (rule_name, rule_type, "check", conditions, alert_config) values
      ('bench_ping', 'event', 'event_match', '{"event_type":"bench.ping"}',
       ${JSON.stringify({ severity: 'info', title_template: '{{event.title}}', recipients: sample.map((u) => `user:${u.id}`), cooldown_minutes: 0 })}::jsonb)`);
    const [admin] = await db.execute<{ id: number }>(sql`select id from users where role = 'admin'`);
    const ingestToken = (await createApiToken(db, admin!.id, { name: 'bench', scopes: ['events.write'] })).token;
    const viewers = callers.map((c) => sseViewer(base, c.session, abort.signal));
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
    out.sse_p50_ms = round(pct(sse, 0.5), 1);
    out.sse_p95_ms = round(pct(sse, 0.95), 1);

    console.log(JSON.stringify(out));
  } finally {
    abort.abort();
    await pool?.close();
    app?.stop();
    await bench.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

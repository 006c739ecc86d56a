import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as unreadRoute } from '@/app/api/v1/alerts/unread/count/route';
import { POST as eventsRoute } from '@/app/api/v1/events/route';
import { db } from '@/db/client';
import { ensureDatabase, freePort, startEmbeddedPostgres, withDatabase, type EmbeddedServer } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';
import { createUser, tokenFor } from '@/test/fixtures';

/**
 * Must show: PostgreSQL stopped under load. The app answers 503 problem+json with Retry-After
 * within 2 s while it is away, serves again by itself (same client, no restart) when it is back,
 * and every event it accepted (2xx) is in the database. The test runs its own PostgreSQL, so
 * stopping it touches nothing else.
 */
const OUTAGE_MS = 5_000;
const EVENT_WORKERS = 6;
const COUNT_WORKERS = 2;
// The must-show's bound, asserted as it is: the feature is this bound. By design a request waits at
// most one reconnect pause (0.25 s) and one connect timeout (DB_CONNECT_TIMEOUT, 1.5 s); a stopped
// or starting server refuses in milliseconds, so the margin against a busy machine is wide.
const UNAVAILABLE_WITHIN_MS = 2_000;

type Answer = { kind: 'event' | 'count'; key?: string; started: number; ended: number; status: number; contentType: string | null; retryAfter: string | null; body: string };

const g = globalThis as unknown as { __opsAlertsDb?: { client: { end: (o?: { timeout?: number }) => Promise<void> } } };
let server: EmbeddedServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ops-alerts-outage-'));
  await chmod(dir, 0o755); // the server runs as the postgres system user when we are root
  server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort() });
  const url = withDatabase(server.adminUrl, 'ops_alerts_outage');
  await ensureDatabase(server.adminUrl, 'ops_alerts_outage');
  await runMigrations(url);
  // the app's one process-wide client now points at this server
  await g.__opsAlertsDb?.client.end({ timeout: 1 });
  g.__opsAlertsDb = undefined;
  process.env.DATABASE_URL = url;
}, 120_000);

afterAll(async () => {
  await g.__opsAlertsDb?.client.end({ timeout: 1 });
  g.__opsAlertsDb = undefined;
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const ctx = { params: Promise.resolve({}) };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function send(kind: Answer['kind'], token: string, key?: string): Promise<Answer> {
  const started = performance.now();
  const res =
    kind === 'event'
      ? await eventsRoute(
          new Request('http://localhost/api/v1/events', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ type: 'payment.succeeded', payment: { id: key, amount_cents: 1200, currency: 'EUR', provider: 'acmepay' } }),
          }),
          ctx,
        )
      : await unreadRoute(new Request('http://localhost/api/v1/alerts/unread/count', { headers: { authorization: `Bearer ${token}` } }), ctx);
  const body = await res.text();
  return { kind, key, started, ended: performance.now(), status: res.status, contentType: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after'), body };
}

async function postmasterPid(): Promise<number> {
  return Number((await readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('PostgreSQL stopped under load', () => {
  it('answers 503 within 2 s while it is away, serves again by itself, and loses no accepted event', async () => {
    const admin = await createUser('admin');
    const eventToken = await tokenFor(admin.id, ['events.write']);
    const readToken = await tokenFor(admin.id, ['alerts.read']);
    const clientBefore = (g.__opsAlertsDb as unknown as { client: unknown }).client;

    const answers: Answer[] = [];
    let running = true;
    let n = 0;
    const worker = async (kind: Answer['kind']) => {
      while (running) {
        const a = await send(kind, kind === 'event' ? eventToken : readToken, kind === 'event' ? `outage-${++n}` : undefined);
        answers.push(a);
        // a client that is told to come back later does not spin
        if (a.status === 503) await sleep(20);
      }
    };
    const load = [...Array.from({ length: EVENT_WORKERS }, () => worker('event')), ...Array.from({ length: COUNT_WORKERS }, () => worker('count'))];

    await sleep(1_500);
    // immediate shutdown: the postmaster kills its backends without a checkpoint (a crash, as far as the data is concerned)
    const pid = await postmasterPid();
    const stoppedAt = performance.now();
    process.kill(pid, 'SIGQUIT');
    while (alive(pid)) await sleep(20);
    await sleep(Math.max(0, stoppedAt + OUTAGE_MS - performance.now()));
    await server.startAgain();
    const backAt = performance.now();
    // keep the load on until the app has served for a while after PostgreSQL is back
    while (!answers.some((a) => a.started >= backAt && a.status < 300) && performance.now() - backAt < 20_000) await sleep(50);
    await sleep(1_500);
    running = false;
    await Promise.all(load);

    const ok = answers.filter((a) => a.status >= 200 && a.status < 300);
    const unavailable = answers.filter((a) => a.status === 503);
    const other = answers.filter((a) => !ok.includes(a) && !unavailable.includes(a));
    const slowest503 = Math.max(0, ...unavailable.map((a) => a.ended - a.started));
    const firstSuccessAfterBack = answers.filter((a) => a.started >= backAt && a.status < 300).sort((a, b) => a.ended - b.ended)[0];
    const accepted = ok.filter((a) => a.kind === 'event').map((a) => a.key!);
    const stored = await db.execute<{ external_id: string }>(
      sql`select external_id from payments where external_id in (select jsonb_array_elements_text(${JSON.stringify(accepted)}::jsonb))`,
    );
    const found = new Set(stored.map((r) => r.external_id));
    const lost = accepted.filter((k) => !found.has(k));

    const figures = {
      requests: answers.length,
      ok_2xx: ok.length,
      unavailable_503: unavailable.length,
      other: other.length,
      max_503_latency_ms: Math.round(slowest503),
      outage_s: Number(((backAt - stoppedAt) / 1000).toFixed(1)),
      first_success_after_back_ms: firstSuccessAfterBack ? Math.round(firstSuccessAfterBack.ended - backAt) : null,
      events_accepted: accepted.length,
      lost: lost.length,
    };
    console.log(JSON.stringify(figures));

    expect(other.map((a) => `${a.kind} ${a.status} ${a.body.slice(0, 200)}`)).toEqual([]);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const a of unavailable) {
      expect(a.contentType).toBe('application/problem+json');
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
    expect(slowest503).toBeLessThan(UNAVAILABLE_WITHIN_MS);
    // the app served again on its own, through the same process-wide client
    expect(firstSuccessAfterBack).toBeDefined();
    expect((g.__opsAlertsDb as unknown as { client: unknown }).client).toBe(clientBefore);
    expect(ok.some((a) => a.kind === 'count' && a.started >= backAt)).toBe(true);
    expect(ok.some((a) => a.kind === 'event' && a.started >= backAt)).toBe(true);
    expect(accepted.length).toBeGreaterThan(0);
    expect(lost).toEqual([]);
  }, 60_000);
});

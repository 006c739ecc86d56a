/**
 * PostgreSQL stopped under load, against the production server (scripts/serve.ts): event posts and
 * unread counts from OUTAGE_WORKERS clients, an immediate shutdown of PostgreSQL for OUTAGE_SECONDS,
 * then PostgreSQL started again. Prints: requests, 2xx, 503, other, the slowest 503, the time to
 * the first success once PostgreSQL is back, and accepted events missing from the database.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createDb } from '../db/client';
import { ensureDatabase, freePort, startEmbeddedPostgres, withDatabase } from '../db/embedded';
import { runMigrations } from '../db/migrate';
import { users } from '../db/schema';
import { createApiToken } from '../lib/auth/tokens';
import { buildIfStale, root, spawnWeb, waitForHealth } from '../scripts/lib/web-app';
import { logger, round } from './lib/harness';

const log = logger('outage');
const WORKERS = Number(process.env.OUTAGE_WORKERS ?? 8);
const OUTAGE_MS = Number(process.env.OUTAGE_SECONDS ?? 5) * 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

process.chdir(root);
const dir = mkdtempSync(path.join(os.tmpdir(), 'ops-alerts-bench-outage-'));
chmodSync(dir, 0o755);
const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort() });
const url = withDatabase(pg.adminUrl, 'bench_outage');
await ensureDatabase(pg.adminUrl, 'bench_outage');
await runMigrations(url);
const { db, client } = createDb(url, { max: 2 });
const [admin] = await db.insert(users).values({ email: 'outage@bench.local', name: 'Outage bench', role: 'admin', passwordHash: 'x' }).returning();
const { token } = await createApiToken(db, admin!.id, { name: 'bench', scopes: ['events.write', 'alerts.read'] });

const env = { ...process.env, DATABASE_URL: url, AUTH_SECRET: randomBytes(32).toString('hex'), CRON_SECRET: randomBytes(16).toString('hex'), LOCAL_CRON: '0' };
await buildIfStale(env, log);
const port = await freePort();
const web = spawnWeb('start', port, env, 'ignore');
const base = `http://127.0.0.1:${port}`;
await waitForHealth(`${base}/api/health`, web);
log(`server ${web.pid} on ${base}`);

type Answer = { key?: string; started: number; ended: number; status: number; problem: boolean; retryAfter: boolean };
const answers: Answer[] = [];
let running = true;
let n = 0;
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
async function worker(i: number) {
  while (running) {
    const started = performance.now();
    const key = i % 4 === 3 ? undefined : `outage-${++n}`;
    try {
      const res = key
        ? await fetch(`${base}/api/v1/events`, { method: 'POST', headers, body: JSON.stringify({ type: 'payment.succeeded', payment: { id: key, amount_cents: 100, provider: 'acmepay' } }) })
        : await fetch(`${base}/api/v1/alerts/unread/count`, { headers });
      await res.arrayBuffer();
      answers.push({ key, started, ended: performance.now(), status: res.status, problem: res.headers.get('content-type') === 'application/problem+json', retryAfter: !!res.headers.get('retry-after') });
      if (res.status === 503) await sleep(20);
    } catch {
      answers.push({ key, started, ended: performance.now(), status: 0, problem: false, retryAfter: false });
      await sleep(20);
    }
  }
}
const load = Array.from({ length: WORKERS }, (_, i) => worker(i));
await sleep(2000);
const pid = Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
const stoppedAt = performance.now();
process.kill(pid, 'SIGQUIT');
log('PostgreSQL stopped (immediate shutdown)');
await sleep(OUTAGE_MS);
await pg.startAgain();
const backAt = performance.now();
log('PostgreSQL is back');
await sleep(3000);
running = false;
await Promise.all(load);

const ok = answers.filter((a) => a.status >= 200 && a.status < 300);
const unavailable = answers.filter((a) => a.status === 503);
const accepted = ok.filter((a) => a.key).map((a) => a.key!);
const stored = await db.execute<{ n: number }>(sql`select count(*)::int as n from payments where external_id in (select jsonb_array_elements_text(${JSON.stringify(accepted)}::jsonb))`);
const firstBack = answers.filter((a) => a.started >= backAt && a.status < 300).sort((a, b) => a.ended - b.ended)[0];
const serverAlive = web.exitCode === null;
web.kill('SIGTERM');
await client.end();
await pg.stop();
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    workers: WORKERS,
    requests: answers.length,
    ok_2xx: ok.length,
    unavailable_503: unavailable.length,
    other: answers.length - ok.length - unavailable.length,
    all_503_problem_json_with_retry_after: unavailable.every((a) => a.problem && a.retryAfter),
    max_503_latency_ms: round(Math.max(0, ...unavailable.map((a) => a.ended - a.started)), 1),
    outage_s: round((backAt - stoppedAt) / 1000, 1),
    first_success_after_back_ms: firstBack ? round(firstBack.ended - backAt, 1) : null,
    events_accepted: accepted.length,
    lost: accepted.length - stored[0]!.n,
    server_never_restarted: serverAlive,
  }),
);

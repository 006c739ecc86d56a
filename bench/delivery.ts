/**
 * npm run bench:delivery — from an event to a signed webhook on a loopback receiver, beside
 * Prometheus Alertmanager 0.25 on the same machine, in the same run, on the same workload
 * (../shared/bench/alertmanager): N distinct alerts, each to one webhook.
 *
 *   Ops Alerts: the production server (scripts/serve.ts, as `npm start` runs it) on a throwaway
 *   database; POST /api/v1/events with a personal token (custom events, one resource each); one
 *   event rule whose only channel is a webhook, cooldown 0. Every alert is committed, with its
 *   inbox rows and its outbox row, before the answer; the webhook is signed (Standard Webhooks).
 *   Alertmanager: POST /api/v2/alerts, in memory, group_wait 0s, one group per label set.
 *   Ops Alerts, Alertmanager's API (system "ops-alerts-am-api"): the same server, the payloads
 *   Alertmanager gets (../shared/bench/alertmanager/bench.py) plus the token header, to our
 *   POST /api/v2/alerts; one event rule routing labels.alertname == SlaBreached to the webhook.
 *
 * Loads (env): BENCH_LOADS="2000:1:8,20000:1000:4" — n:batch:concurrency each, after an unreported
 * warm-up of each system (WARM_UP: 500 single alerts, and 2,000 floor requests on our server).
 * Latency is timed per alert from just before its request is sent to its arrival at the receiver.
 * stdout: one JSON line per system and load —
 *   {system, load, n, batch, concurrency, p50_ms, p95_ms, p99_ms, all_posted_s, all_delivered_s, received}
 *   and for Ops Alerts also requests_per_s, the floor at the same concurrency (floor_requests_per_s,
 *   floor_p50_ms: GET /api/nothing, a request that does no work, on the same server just before),
 *   requests_over_floor, and db_ms_per_alert (pg_stat_statements, planning plus execution, summed
 *   over the load, per alert; null on a BENCH_DATABASE_URL server without the library)
 * — then one line of ratios ours / Alertmanager per load. Progress goes to stderr.
 *   BENCH_DATABASE_URL  a PostgreSQL server to use instead of a throwaway embedded one
 *   ALERTMANAGER_BIN    the binary (default: prometheus-alertmanager on PATH, installed with apt-get when root)
 *   BENCH_SYSTEMS       which to run (default "alertmanager,ops-alerts,ops-alerts-am-api"; the ratios need Alertmanager)
 *   BENCH_PG_STATS=1    (profiling) print the database's top statements by time to stderr
 *   BENCH_APP_NODE_ARGS (profiling) node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createApiToken } from '../lib/auth/tokens';
import { freePort } from '../db/embedded';
import { logger, openBenchDatabase, pct, round, runBench, startBenchApp } from './lib/harness';

const log = logger('delivery');
const SHARED = path.resolve(import.meta.dirname, '..', '..', 'shared', 'bench', 'alertmanager');
const LOADS = (process.env.BENCH_LOADS || '2000:1:8,20000:1000:4').split(',').map((s) => {
  const [n, batch, concurrency] = s.split(':').map(Number);
  return { n: n!, batch: batch!, concurrency: concurrency! };
});
const DELIVERY_TIMEOUT_MS = 180_000;
const SYSTEMS = new Set((process.env.BENCH_SYSTEMS || 'alertmanager,ops-alerts,ops-alerts-am-api').split(','));

/** The webhook sink both systems post to: arrival time per id (first arrival counts). */
function startReceiver(port: number) {
  const arrived = new Map<string, number>();
  // the ids a load still waits for: each arrival crosses one off (O(1); a rescan of every id per
  // arrival made the receiver itself the slow end at 20,000 alerts)
  let missing = new Set<string>();
  let allArrived: (() => void) | null = null;
  const arrive = (id: string, t: number) => {
    if (arrived.has(id)) return;
    arrived.set(id, t);
    if (missing.delete(id) && missing.size === 0) allArrived?.();
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const t = performance.now();
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        // Alertmanager: {alerts: [{status, labels: {id}}]}; Ops Alerts: {type: 'alert.fired', data: {alert: {resource: {id}}}},
        // with the labels of an alert that came through its Alertmanager API: {data: {alert: {labels: {id}}}}
        if (Array.isArray(body.alerts)) {
          for (const a of body.alerts) if (a.status === 'firing') arrive(a.labels.id, t);
        } else if (body.type === 'alert.fired') {
          const id = body.data?.alert?.labels?.id ?? body.data?.alert?.resource?.id;
          if (id) arrive(id as string, t);
        }
      } catch {
        // not ours
      }
      res.writeHead(200).end();
    });
  });
  return {
    arrived,
    listen: () => new Promise<void>((r) => server.listen({ host: '127.0.0.1', port, backlog: 4096 }, r)),
    close: () => new Promise<void>((r) => server.close(() => r())),
    async waitFor(ids: string[], timeoutMs: number) {
      missing = new Set(ids.filter((id) => !arrived.has(id)));
      if (!missing.size) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        allArrived = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      allArrived = null;
      missing = new Set();
    },
  };
}

type Load = { n: number; batch: number; concurrency: number };

/**
 * Before anything is measured, each system serves its workload for a while (and Ops Alerts also the
 * floor's request), unreported: a long-running server is measured, not its first minutes — V8
 * compiles a route's code only after it has run it for a while (the same 2,000 single events run
 * 10-25% faster the second time on one server), and the floor would otherwise be measured warm
 * and the workload cold. Their alerts are delivered before the loads begin.
 */
const WARM_UP = { floor: 2000, workload: { n: 500, batch: 1, concurrency: 8 } };

async function warmUp(post: Poster, receiver: Receiver, system: string): Promise<void> {
  log(`${system}: warming up (${WARM_UP.workload.n} single alerts, not reported)`);
  await runLoad(WARM_UP.workload, `warm-${system}`, post, receiver, system);
}
type Poster = (ids: string[]) => Promise<void>;

/** Post `n` ids in batches with `concurrency` requests at a time; the send time of each id. */
async function runLoad(load: Load, tag: string, post: Poster, receiver: ReturnType<typeof startReceiver>, system: string) {
  const ids = Array.from({ length: load.n }, (_, i) => `${tag}-${i}`);
  const batches: string[][] = [];
  for (let s = 0; s < ids.length; s += load.batch) batches.push(ids.slice(s, s + load.batch));
  const sent = new Map<string, number>();
  let next = 0;
  let failures = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: load.concurrency }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        const t = performance.now();
        for (const id of batch) sent.set(id, t);
        await post(batch).catch((err: unknown) => {
          failures++;
          log(`${system}: a post failed: ${err instanceof Error ? err.message : String(err)}`);
        });
      }
    }),
  );
  const allPosted = performance.now() - t0;
  await receiver.waitFor(ids, DELIVERY_TIMEOUT_MS);
  const got = ids.filter((id) => receiver.arrived.has(id));
  const lat = got.map((id) => receiver.arrived.get(id)! - sent.get(id)!);
  const last = Math.max(...got.map((id) => receiver.arrived.get(id)!));
  return {
    system,
    load: `${load.n}x${load.batch}@${load.concurrency}`,
    n: load.n,
    batch: load.batch,
    concurrency: load.concurrency,
    p50_ms: round(pct(lat, 0.5), 1),
    p95_ms: round(pct(lat, 0.95), 1),
    p99_ms: round(pct(lat, 0.99), 1),
    all_posted_s: round(allPosted / 1000, 2),
    all_delivered_s: round((last - t0) / 1000, 2),
    received: got.length,
    failed_posts: failures,
  };
}

function alertmanagerBinary(): string {
  const candidates = [process.env.ALERTMANAGER_BIN, '/usr/bin/prometheus-alertmanager'].filter(Boolean) as string[];
  for (const c of candidates) if (existsSync(c)) return c;
  if (process.getuid?.() === 0) {
    log('installing prometheus-alertmanager (apt-get)…');
    execFileSync('apt-get', ['install', '-y', 'prometheus-alertmanager'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (existsSync('/usr/bin/prometheus-alertmanager')) return '/usr/bin/prometheus-alertmanager';
  }
  throw new Error('Alertmanager not found: apt-get install -y prometheus-alertmanager, or set ALERTMANAGER_BIN');
}

/** A fresh Alertmanager (alerts from an earlier run would slow it) with the shared config, pointed at our receiver. */
async function startAlertmanager(receiverPort: number): Promise<{ url: string; stop: () => void }> {
  const bin = alertmanagerBinary();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ops-alerts-bench-am-'));
  const config = readFileSync(path.join(SHARED, 'am-bench.yml'), 'utf8').replace('http://127.0.0.1:18080/hook', `http://127.0.0.1:${receiverPort}/hook`);
  writeFileSync(path.join(dir, 'am.yml'), config);
  const port = await freePort();
  const child: ChildProcess = spawn(
    bin,
    [`--config.file=${path.join(dir, 'am.yml')}`, `--storage.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('Alertmanager exited during start-up');
    const ok = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error('Alertmanager did not get ready');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Receiver = ReturnType<typeof startReceiver>;

/**
 * The floor: what the same server answers when a request does no work — GET /api/nothing, the API's
 * 404 (the proxy, the route table, the problem answer) — at the load's concurrency, closed-loop as the
 * loads are. Requests per second and p50, so a load's own rate reads as a share of it.
 */
async function runFloor(baseUrl: string, requests: number, concurrency: number) {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < requests) {
        const t = performance.now();
        const res = await fetch(`${baseUrl}/api/nothing`);
        await res.arrayBuffer();
        lat.push(performance.now() - t);
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  return { floor_requests_per_s: round(requests / s, 0), floor_p50_ms: round(pct(lat, 0.5), 2) };
}

async function benchAlertmanager(receiverPort: number, receiver: Receiver, results: Record<string, unknown>[]) {
  const am = await startAlertmanager(receiverPort);
  log(`Alertmanager on ${am.url}`);
  const post: Poster = async (ids) => {
    const body = JSON.stringify(ids.map((id) => ({ labels: { alertname: 'SlaBreached', severity: 'critical', id }, annotations: { summary: `complaint ${id} breached` } })));
    const res = await fetch(`${am.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  };
  await warmUp(post, receiver, 'alertmanager');
  for (const [k, load] of LOADS.entries()) {
    const r = await runLoad(load, `am${k}`, post, receiver, 'alertmanager');
    console.log(JSON.stringify(r));
    results.push(r);
  }
  am.stop();
}

async function benchOpsAlerts(receiverPort: number, receiver: Receiver, results: Record<string, unknown>[]) {
  const bench = await openBenchDatabase('delivery');
  const whsec = `whsec_${randomBytes(24).toString('base64')}`;
  process.env.WEBHOOK_SECRET = whsec;
  process.env.OUTBOUND_ALLOW = '127.0.0.1/32';
  const app = await startBenchApp(bench.url, log);
  try {
    const [admin] = await bench.db.execute<{ id: number }>(sql`insert into users (email, name, role) values ('bench-admin@bench.local', 'Bench Admin', 'admin') returning id`);
    const { token } = await createApiToken(bench.db, admin!.id, { name: 'bench', scopes: ['events.write', 'alerts.manage', 'alerts.read'] });
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    // one event rule per workload, its only channel the webhook of the receiver, cooldown 0
    const webhookRule = async (rule_name: string, conditions: Record<string, unknown>, cfg: Record<string, unknown>) => {
      const res = await fetch(`${app.baseUrl}/api/v1/alerts/rules`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          rule_name,
          rule_type: 'event',
          check: 'event_match',
          conditions,
          alert_config: {
            title_template: '{{event.title}}',
            message_template: '{{event.message}}',
            recipients: ['role:admin'],
            channels: ['webhook'],
            webhook: { url: `http://127.0.0.1:${receiverPort}/hook` },
            cooldown_minutes: 0,
            ...cfg,
          },
        }),
      });
      if (!res.ok) throw new Error(`creating ${rule_name}: ${res.status} ${await res.text()}`);
    };
    // each load beside the floor at its concurrency, and the database time it took per alert
    // (pg_stat_statements: planning and execution of every statement, summed over the load)
    const measured = async (load: Load, run: () => Promise<Record<string, unknown>>) => {
      const floor = await runFloor(app.baseUrl, Math.min(2000, Math.max(500, load.n / load.batch)), load.concurrency);
      await bench.resetStats();
      const r = await run();
      const dbMs = await bench.dbTimeMs();
      const requestsPerS = load.n / load.batch / (r.all_posted_s as number);
      return {
        ...r,
        requests_per_s: round(requestsPerS, 0),
        ...floor,
        requests_over_floor: round(requestsPerS / floor.floor_requests_per_s, 2),
        db_ms_per_alert: dbMs === null ? null : round(dbMs / load.n, 2),
      };
    };
    await runFloor(app.baseUrl, WARM_UP.floor, 8); // warm-up: the server's first requests compile and fill caches
    await webhookRule('bench_webhook', { event_type: 'bench.alert', where: [] }, { severity: 'critical', alert_type: 'bench_alert', auto_resolve: false });
    log(`Ops Alerts on ${app.baseUrl}`);
    const postEvents: Poster = async (ids) => {
      const body = JSON.stringify({
        events: ids.map((id) => ({ type: 'custom', event_type: 'bench.alert', severity: 'critical', title: `complaint ${id} breached`, resource: { type: 'bench', id } })),
      });
      const res = await fetch(`${app.baseUrl}/api/v1/events`, { method: 'POST', headers: auth, body });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    };
    if (SYSTEMS.has('ops-alerts')) await warmUp(postEvents, receiver, 'ops-alerts');
    for (const [k, load] of LOADS.entries()) {
      if (!SYSTEMS.has('ops-alerts')) break;
      const r = await measured(load, () => runLoad(load, `ops${k}`, postEvents, receiver, 'ops-alerts'));
      console.log(JSON.stringify(r));
      results.push(r);
    }
    if (SYSTEMS.has('ops-alerts-am-api')) {
      // the team's Prometheus alerting pointed at us: Alertmanager's own payloads, routed by a label rule
      await webhookRule('bench_prometheus_webhook', { event_type: 'prometheus.alert', where: [{ attr: 'labels.alertname', op: '==', value: 'SlaBreached' }] }, { severity: 'warning' });
      const post: Poster = async (ids) => {
        const body = JSON.stringify(ids.map((id) => ({ labels: { alertname: 'SlaBreached', severity: 'critical', id }, annotations: { summary: `complaint ${id} breached` } })));
        const res = await fetch(`${app.baseUrl}/api/v2/alerts`, { method: 'POST', headers: auth, body });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
      };
      await warmUp(post, receiver, 'ops-alerts-am-api');
      for (const [k, load] of LOADS.entries()) {
        const r = await measured(load, () => runLoad(load, `opsam${k}`, post, receiver, 'ops-alerts-am-api'));
        console.log(JSON.stringify(r));
        results.push(r);
      }
    }
    for (const row of await bench.topStatements()) log(JSON.stringify(row));
  } finally {
    app.stop();
    await bench.close();
  }

}

async function main() {
  const receiverPort = await freePort();
  const receiver = startReceiver(receiverPort);
  await receiver.listen();
  const results: Record<string, unknown>[] = [];

  // Alertmanager first, then stopped, so the two never compete for the two cores
  if (SYSTEMS.has('alertmanager')) await benchAlertmanager(receiverPort, receiver, results);
  if (SYSTEMS.has('ops-alerts') || SYSTEMS.has('ops-alerts-am-api')) await benchOpsAlerts(receiverPort, receiver, results);
  await receiver.close();
  if (!SYSTEMS.has('alertmanager')) return;

  const ratio = (system: string, load: string, key: string) => {
    const ours = results.find((r) => r.system === system && r.load === load)?.[key] as number;
    const theirs = results.find((r) => r.system === 'alertmanager' && r.load === load)?.[key] as number;
    return round(ours / theirs, 2);
  };
  const ratios = (system: string) =>
    Object.fromEntries(
      [...new Set(results.filter((r) => r.system === system).map((r) => r.load as string))].map((load) => [
        load,
        Object.fromEntries(['p50_ms', 'p95_ms', 'p99_ms', 'all_delivered_s'].map((k) => [k, ratio(system, load, k)])),
      ]),
    );
  // the event API's line first (its key is the one earlier runs printed), then Alertmanager's API's
  if (SYSTEMS.has('ops-alerts')) console.log(JSON.stringify({ ratios_ours_over_alertmanager: ratios('ops-alerts') }));
  if (SYSTEMS.has('ops-alerts-am-api')) console.log(JSON.stringify({ ratios_am_api_over_alertmanager: ratios('ops-alerts-am-api') }));
}

runBench(main);

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { sqlTextArray } from '@/db/sql-arrays';
import { createRule } from '@/test/fixtures';
import { CLAIM_BATCH, LEASE_SECONDS, SEND_CONCURRENCY } from './dispatch';
import { enqueueDeliveries } from '@/lib/delivery/policy';

/** Must-show: a delivery worker killed with SIGKILL mid-way through 2,000 webhooks, then started again. */
const N = 2000;
const KILL_AT = 600;
// the receiver answers after this long, so that there are always sends in flight
const ANSWER_MS = 15;

const root = path.resolve(import.meta.dirname, '../..');
const secret = `whsec_${randomBytes(32).toString('base64')}`;

/** A webhook receiver on loopback that counts every webhook-id the moment a request has arrived. */
function startCountingReceiver() {
  const seen = new Map<string, number>();
  let received = 0;
  let open = 0;
  let firstAt = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      seen.set(id, (seen.get(id) ?? 0) + 1);
      if (!received++) firstAt = performance.now();
      open++;
      setTimeout(() => {
        open--;
        res.end('ok');
      }, ANSWER_MS);
    });
  });
  return new Promise<{ base: string; seen: Map<string, number>; received: () => number; open: () => number; firstAt: () => number; close: () => Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        seen,
        received: () => received,
        open: () => open,
        firstAt: () => firstAt,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    ),
  );
}

const children: ChildProcess[] = [];
function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/delivery-worker.ts'], {
    cwd: root,
    env: { ...process.env, WEBHOOK_SECRET: secret, APP_URL: 'https://ops.example' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  return child;
}
const exited = (child: ChildProcess) => new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs: number, everyMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

let receiver: Awaited<ReturnType<typeof startCountingReceiver>>;
beforeAll(async () => {
  receiver = await startCountingReceiver();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(children.map(exited));
  await receiver.close();
});

describe('a delivery worker killed mid-way', () => {
  it('loses nothing, and repeats no more than the sends that were in flight', { timeout: 120_000 }, async () => {
    const rule = await createRule({ check: 'event_match', rule_type: 'event', alert_config: { channels: ['webhook'], recipients: [], webhook: { url: `${receiver.base}/hooks`, headers: {} } } });
    // 2,000 alerts fire at once: the delivery policy queues one webhook each
    const events = await db.execute<{ id: number }>(sql`
      with fired as (
        insert into alerts (fingerprint, rule_id, alert_type, severity, title)
        select 'crash-' || i, ${rule.id}, 'crash_test', 'warning', 'Crash test ' || i from generate_series(1, ${N}) i
        returning id
      ) insert into alert_events (alert_id, kind) select id, 'fired' from fired returning id`);
    await db.transaction((tx) => enqueueDeliveries(tx, events.map((e) => e.id)));
    const keys = (await db.execute<{ idempotency_key: string }>(sql`
      select d.idempotency_key from deliveries d join alerts a on a.id = d.alert_id where a.rule_id = ${rule.id}`)).map((r) => r.idempotency_key);
    expect(keys).toHaveLength(N);
    const rows = async () =>
      (await db.execute<{ status: string; n: number }>(sql`
        select d.status, count(*)::int as n from deliveries d join alerts a on a.id = d.alert_id where a.rule_id = ${rule.id} group by 1`)).reduce<Record<string, number>>((m, r) => ({ ...m, [r.status]: r.n }), {});

    const first = startWorkerProcess();
    await until(`the receiver has seen ${KILL_AT}`, () => receiver.received() >= KILL_AT, 45_000, 5);
    const killedAt = { received: receiver.received(), open: receiver.open(), ms: performance.now() };
    first.kill('SIGKILL');
    await exited(first);
    // what the dead worker had claimed and not recorded: in flight, and queued but never started
    const orphans = (await db.execute<{ idempotency_key: string }>(sql`
      select d.idempotency_key from deliveries d join alerts a on a.id = d.alert_id where a.rule_id = ${rule.id} and d.status = 'sending'`)).map((r) => r.idempotency_key);
    expect(orphans.length).toBeLessThanOrEqual(CLAIM_BATCH + 2 * SEND_CONCURRENCY);
    const orphanKeys = sqlTextArray(orphans);

    const restartedAt = (await db.execute<{ at: string }>(sql`select clock_timestamp()::text as at`))[0]!.at;
    const started = performance.now();
    const second = startWorkerProcess();
    await until('every delivery is sent', async () => (await rows()).sent === N, 60_000, 200);
    const drainMs = Math.round(performance.now() - started);
    const [after] = await db.execute<{ orphans_ms: number | null; rest_ms: number | null }>(sql`
      select round(extract(epoch from max(d.sent_at) filter (where d.idempotency_key = any(${orphanKeys})) - ${restartedAt}::timestamptz) * 1000)::int as orphans_ms,
             round(extract(epoch from max(d.sent_at) filter (where d.idempotency_key <> all(${orphanKeys})) - ${restartedAt}::timestamptz) * 1000)::int as rest_ms
        from deliveries d join alerts a on a.id = d.alert_id where a.rule_id = ${rule.id}`);
    second.kill('SIGTERM');
    await exited(second);

    // 0 lost: every message arrived, every row says so
    const missing = keys.filter((k) => !receiver.seen.has(k));
    expect(missing).toEqual([]);
    expect(await rows()).toEqual({ sent: N });
    // repeats: only messages the dead worker had in flight, and no more of them than it sends at a time
    const repeated = [...receiver.seen].filter(([, n]) => n > 1).map(([k]) => k);
    expect(repeated.length).toBeLessThanOrEqual(SEND_CONCURRENCY);
    expect(orphans).toEqual(expect.arrayContaining(repeated));

    console.log(
      JSON.stringify({
        n: N,
        received: receiver.received(),
        distinct: receiver.seen.size,
        repeats: repeated.length,
        in_flight_cap: SEND_CONCURRENCY,
        killed_after_received: killedAt.received,
        requests_open_at_kill: killedAt.open,
        orphaned_claims: orphans.length,
        lease_s: LEASE_SECONDS,
        first_worker_per_s: Math.round(killedAt.received / ((killedAt.ms - receiver.firstAt()) / 1000)),
        rest_sent_after_restart_ms: after?.rest_ms ?? null,
        orphans_sent_after_restart_ms: after?.orphans_ms ?? null,
        drain_after_restart_ms: drainMs,
      }),
    );
  });
});

import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { createRule, createUser } from '@/test/fixtures';
import { startHoldingReceiver } from '@/test/receivers';
import { runCronJob } from './run';
import { enqueueDeliveries } from '@/lib/delivery/policy';

let receiver: Awaited<ReturnType<typeof startHoldingReceiver>>;
const savedSecret = process.env.WEBHOOK_SECRET;
beforeAll(async () => {
  receiver = await startHoldingReceiver();
  process.env.WEBHOOK_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
});
afterAll(async () => {
  await receiver.close();
  if (savedSecret === undefined) delete process.env.WEBHOOK_SECRET;
  else process.env.WEBHOOK_SECRET = savedSecret;
});

describe('the deliver job', () => {
  it('commits its wake-ups before it sends, and sends outside its lock and any transaction', async () => {
    const user = await createUser('staff');
    const rule = await createRule({ check: 'event_match', rule_type: 'event', alert_config: { channels: ['webhook'], webhook: { url: `${receiver.base}/slow`, headers: {} } } });
    const [alert] = await db.execute<{ id: number }>(sql`
      insert into alerts (fingerprint, rule_id, alert_type, severity, title) values ('slow-receiver', ${rule.id}, 'test', 'warning', 'Slow receiver') returning id`);
    await db.execute(sql`
      insert into alert_recipients (alert_id, user_id, reason, severity, read_at, snoozed_until)
      values (${alert!.id}, ${user.id}, 'user', 'warning', now(), now() - interval '1 second')`);
    const [ev] = await db.execute<{ id: number }>(sql`insert into alert_events (alert_id, kind) values (${alert!.id}, 'fired') returning id`);
    await db.transaction((tx) => enqueueDeliveries(tx, [ev!.id]));

    const first = runCronJob(db, 'deliver');
    await expect.poll(() => receiver.held.length, { timeout: 10_000 }).toBe(1);

    // the webhook is on its way: the snooze it ended is already committed, the row is not locked
    const [inbox] = await db.execute<{ snoozed_until: string | null; read_at: string | null }>(sql`
      select snoozed_until, read_at from alert_recipients where alert_id = ${alert!.id} and user_id = ${user.id}`);
    expect(inbox).toEqual({ snoozed_until: null, read_at: null });
    const [row] = await db.execute<{ status: string }>(sql`select status from deliveries where alert_id = ${alert!.id} for update nowait`);
    expect(row?.status).toBe('sending');
    // and the job's lock is free: another tick runs (and leaves the claimed webhook to its sender)
    const second = await runCronJob(db, 'deliver');
    expect(second).toMatchObject({ status: 'succeeded', counts: { deliveries_sent: 0 } });

    receiver.held.shift()!.end('ok');
    expect(await first).toMatchObject({ status: 'succeeded', counts: { snoozes_ended: 1, deliveries_sent: 1 } });
    const [sent] = await db.execute<{ status: string }>(sql`select status from deliveries where alert_id = ${alert!.id}`);
    expect(sent?.status).toBe('sent');
  });
});

describe('the cleanup job', () => {
  it('purges what is past retention until none is left, and reports the counts', async () => {
    const rule = await createRule({ check: 'event_match', rule_type: 'event' });
    await db.execute(sql`
      insert into alerts (fingerprint, rule_id, alert_type, severity, title, status, resolved_at)
      select 'old-' || i, ${rule.id}, 'test', 'info', 'Old', 'resolved', now() - interval '40 days' from generate_series(1, 12) i`);
    await db.execute(sql`
      insert into alerts (fingerprint, rule_id, alert_type, severity, title, status, resolved_at)
      values ('recent', ${rule.id}, 'test', 'info', 'Recent', 'resolved', now() - interval '2 days')`);
    await db.execute(sql`insert into cron_runs (job, status, started_at) select 'sla', 'succeeded', now() - interval '40 days' from generate_series(1, 7)`);
    await db.execute(sql`insert into auth_failures (key, failures, window_started_at) select 'test:' || i, 1, now() - interval '2 days' from generate_series(1, 3) i`);
    // signed-out sessions: two past their expiry, one that would still be valid
    await db.execute(sql`insert into revoked_sessions (sid, user_id, expires_at) values ('gone-1', 1, now() - interval '1 hour'), ('gone-2', 1, now() - interval '1 day'), ('live', 1, now() + interval '1 hour')`);

    // per-minute rollup buckets older than any window (8 days) go; the payments themselves stay
    await db.execute(sql`insert into payments (external_id, amount_cents, provider, status, created_at)
      select 'old-pay-' || i, 100, 'oldpay', 'failed', now() - make_interval(days => 9, mins => i) from generate_series(1, 4) i`);
    await db.execute(sql`insert into metric_samples (metric, value, recorded_at) values ('old_kpi', 1, now() - interval '9 days'), ('old_kpi', 2, now() - interval '1 day')`);

    const run = await runCronJob(db, 'cleanup');
    expect(run).toMatchObject({
      status: 'succeeded',
      counts: { purged: 12, cron_runs_purged: 7, auth_failures_purged: 3, revoked_sessions_purged: 2, rollup_buckets_purged: 5 },
    });
    const [buckets] = await db.execute<{ payments: number; metrics: number; rows: number }>(sql`
      select (select count(*) from payment_minutes where provider = 'oldpay')::int as payments,
             (select count(*) from metric_minutes where metric = 'old_kpi')::int as metrics,
             (select count(*) from payments where provider = 'oldpay')::int as rows`);
    expect(buckets).toEqual({ payments: 0, metrics: 1, rows: 4 });
    const [left] = await db.execute<{ alerts: number; runs: number; failures: number; sessions: number }>(sql`
      select (select count(*) from alerts where rule_id = ${rule.id})::int as alerts,
             (select count(*) from revoked_sessions)::int as sessions,
             (select count(*) from cron_runs where started_at < now() - interval '30 days')::int as runs,
             (select count(*) from auth_failures where key like 'test:%')::int as failures`);
    expect(left).toEqual({ alerts: 1, runs: 0, failures: 0, sessions: 1 });
  });
});

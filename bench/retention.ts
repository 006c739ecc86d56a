/**
 * npm run bench:retention — the daily cleanup deleting resolved alerts past the retention period,
 * as the cleanup job runs it (purgeResolvedAlerts: batches of 5,000, each its own transaction,
 * their inbox rows, timeline events and deliveries going with them by cascade).
 *   BENCH_ALERTS        resolved alerts past retention to seed (default 50,000), each with 3 inbox
 *                       rows, 3 timeline events and 2 deliveries, written in bulk with the rollup
 *                       triggers on, as firing, acknowledging and resolving would leave them
 *   BENCH_DATABASE_URL  a server to use instead of a throwaway embedded PostgreSQL
 * stdout (last line): {alerts, deleted, total_s, per_5000_alerts_s, rollups_unchanged}
 */
import { sql } from 'drizzle-orm';
import { purgeResolvedAlerts } from '../lib/alerts/retention';
import { DELETE_BATCH } from '../db/delete-in-batches';
import { logger, openBenchDatabase, round, runBench } from './lib/harness';

const ALERTS = Number(process.env.BENCH_ALERTS || 50_000);
const RETENTION_DAYS = 30;
const log = logger('retention');

const ROLLUPS = sql`
  select md5(concat_ws('|',
    (select string_agg(concat_ws(',', hour, severity, alert_type, rule_id, opened, acknowledged, resolved, unattended, open, closed), ';' order by hour, severity, alert_type, rule_id)
       from (select hour, severity, alert_type, rule_id, sum(opened) opened, sum(acknowledged) acknowledged, sum(resolved) resolved,
                    sum(unattended) unattended, sum(open) open, sum(closed) closed from alert_hours group by 1, 2, 3, 4) h),
    (select string_agg(concat_ws(',', span, start, measure, bin, n, ms), ';' order by span, start, measure, bin) from alert_durations),
    (select string_agg(concat_ws(',', hour, channel, status, n), ';' order by hour, channel, status)
       from (select hour, channel, status, sum(n) n from alert_delivery_hours group by 1, 2, 3) d),
    (select string_agg(concat_ws(',', day, user_id, alerts, acknowledged), ';' order by day, user_id)
       from (select day, user_id, sum(alerts) alerts, sum(acknowledged) acknowledged from alert_person_days group by 1, 2) p))) as h`;

async function main() {
  const bench = await openBenchDatabase('retention');
  const { db } = bench;
  try {
    await db.execute(sql`insert into users (email, name, role) select 'staff' || g || '@bench.local', 'Staff ' || g, 'staff' from generate_series(1, 60) g`);
    const chunk = 10_000;
    for (let from = 1; from <= ALERTS; from += chunk) {
      const to = Math.min(ALERTS, from + chunk - 1);
      await db.execute(sql`
        with made as (
          insert into alerts (fingerprint, alert_type, severity, title, status, resource_type, resource_id, created_at, first_fired_at, last_fired_at,
                              acknowledged_at, resolved_at, resolution_reason, metadata)
          select 'old-' || g, 'sla_breach', (array['warning','error','critical'])[1 + g % 3], 'Old alert ' || g, 'resolved', 'complaint', g::text,
                 t, t, t, t + interval '4 minutes', t + interval '1 hour', 'manual', '{"rule_name":"bench"}'
            from generate_series(${from}::int, ${to}::int) g
           cross join lateral (select now() - make_interval(days => ${RETENTION_DAYS + 2}::int + g % 20, mins => g % 1440) as t) x
          returning id, created_at, severity
        ),
        inbox as (
          insert into alert_recipients (alert_id, user_id, reason, severity, read_at, created_at, alert_resolved_at)
          select m.id, u.id, 'user', m.severity, m.created_at + interval '2 minutes', m.created_at, m.created_at + interval '1 hour'
            from made m cross join lateral (select id from users where role = 'staff' order by id offset (m.id % 58) limit 3) u
        ),
        timeline as (
          insert into alert_events (alert_id, kind, details, created_at)
          select m.id, k.kind, '{}', m.created_at + k.after from made m
           cross join (values ('fired', interval '0'), ('acknowledged', interval '4 minutes'), ('resolved', interval '1 hour')) k(kind, after)
        )
        insert into deliveries (alert_id, kind, channel, target, status, idempotency_key, sent_at, created_at)
        select m.id, k.kind, 'webhook', 'https://hooks.example.com/ops', 'sent', 'old:' || m.id || ':' || k.kind, m.created_at + k.after + interval '1 second', m.created_at + k.after
          from made m cross join (values ('fired', interval '0'), ('resolved', interval '1 hour')) k(kind, after)`);
      log(`seeded ${to.toLocaleString()} / ${ALERTS.toLocaleString()} resolved alerts`);
    }
    await db.execute(sql`vacuum analyze alerts, alert_recipients, alert_events, deliveries`);
    const [before] = await db.execute<{ h: string }>(ROLLUPS);

    // the cleanup's own call: batches of 5,000 until one comes back short
    const t0 = performance.now();
    const total = await purgeResolvedAlerts(db, RETENTION_DAYS, DELETE_BATCH);
    const totalS = (performance.now() - t0) / 1000;
    const [after] = await db.execute<{ h: string }>(ROLLUPS);
    const [left] = await db.execute<{ n: number }>(sql`select count(*)::int as n from alerts`);
    log(`deleted ${total.toLocaleString()} alerts, ${left!.n} left`);
    console.log(
      JSON.stringify({
        alerts: ALERTS,
        deleted: total,
        total_s: round(totalS, 2),
        per_5000_alerts_s: round(totalS / (total / DELETE_BATCH), 3),
        rollups_unchanged: before!.h === after!.h,
      }),
    );
  } finally {
    await bench.close();
  }
}

runBench(main);

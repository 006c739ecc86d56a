/** The analytics bench's history: people, a lead with 100 staff, alerts over 90 days with their inbox rows, deliveries and complaints. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rebuildRollups } from '../../lib/analytics/fold';

const PER_ALERT = 10;
const DAYS = 90;

export async function seedAnalyticsHistory(db: Db, ROWS: number, USERS: number, log: (m: string) => void) {
  await db.execute(sql`insert into users (email, name, role) select 'u' || g || '@bench.local', 'User ' || g,
    case when g = 1 then 'admin' when g = 2 then 'manager' else 'staff' end from generate_series(1, ${USERS}::int) g`);
  await db.execute(sql`update users set manager_id = 2 where id between 3 and 102`);
  const alertCount = Math.ceil(ROWS / PER_ALERT);
  const chunk = 100_000;
  for (let from = 1; from <= alertCount; from += chunk) {
    const to = Math.min(alertCount, from + chunk - 1);
    await db.transaction(async (tx) => {
      // a bulk load, not the product path: no NOTIFY or FK triggers
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`
        -- counted as a fold leaves them (rebuildRollups below counts them in one pass, with nothing to mark)
        insert into alerts (fingerprint, alert_type, severity, title, resource_type, resource_id, status, created_at, first_fired_at, last_fired_at,
                            acknowledged_at, resolved_at, resolution_reason, metadata,
                            counted_status, counted_acknowledged_at, counted_resolved_at)
        select 'bench:' || g, (array['sla_breach','sla_at_risk','critical_complaint','payment_failures'])[1 + g % 4],
               (array['info','warning','error','critical'])[1 + g % 4], 'Bench alert ' || g, 'complaint', g::text,
               st, ts, ts, ts, ack, res, case when g % 10 < 7 then 'condition_cleared' end, '{"rule_name":"bench"}', st, ack, res
          from generate_series(${from}::int, ${to}::int) g,
               lateral (select now() - make_interval(secs => (${alertCount}::int - g) * (${DAYS * 86400}::float8 / ${alertCount}::int))) t(ts),
               lateral (select case when g % 10 < 7 then 'resolved' when g % 10 < 9 then 'acknowledged' else 'firing' end as st,
                               case when g % 5 <> 0 then ts + make_interval(mins => 1 + g % 60) end as ack,
                               case when g % 10 < 7 then ts + make_interval(mins => 30 + g % 300) end as res) v`);
      await tx.execute(sql`
        insert into alert_recipients (alert_id, user_id, reason, severity, created_at, read_at, alert_resolved_at)
        select a.id, 3 + ((a.id * 7919 + k * 104729) % (${USERS}::int - 2)), 'role', a.severity, a.created_at, a.created_at + interval '5 minutes', a.resolved_at
          from alerts a cross join generate_series(0, ${PER_ALERT - 1}::int) k
         where a.id between ${from}::int and ${to}::int
        on conflict do nothing`);
      await tx.execute(sql`
        insert into deliveries (alert_id, kind, user_id, channel, target, status, attempts, idempotency_key, sent_at, next_attempt_at, created_at,
                                counted_status, counted_sent_at)
        select a.id, 'fired', null, 'email', 'team@bench.local', 'sent', 1, 'bench:' || a.id, a.created_at + interval '4 seconds', a.created_at, a.created_at,
               'sent', a.created_at + interval '4 seconds'
          from alerts a where a.id between ${from}::int and ${to}::int and a.id % 10 = 0`);
    });
    log(`seeded ${(to * PER_ALERT).toLocaleString()} / ${ROWS.toLocaleString()} inbox rows`);
  }
  await db.execute(sql`
    insert into complaints (reference, title, priority, status, assignee_id, resolution_due_at, resolved_at, created_at)
    select 'B-' || g, 'Bench complaint', 'medium', case when g % 9 = 0 then 'open' else 'closed' end, 3 + g % (${USERS}::int - 2), due,
           case when g % 9 <> 0 then due - interval '2 hours' + make_interval(mins => (g * 37) % 240) end, due - interval '1 day'
      from generate_series(1, 200000) g, lateral (select now() - make_interval(secs => g * (${DAYS * 86400}::float8 / 200000))) t(due)`);
  // one pass over the bulk load (a fold would count the same, in batches of 5,000 alerts)
  log('rollups (rebuildRollups)');
  await rebuildRollups(db);
  log('analyze');
  for (const table of ['alerts', 'alert_recipients', 'deliveries', 'complaints', 'users', 'alert_hours', 'alert_durations', 'alert_delivery_hours', 'alert_person_days']) await db.execute(sql.raw(`analyze ${table}`));
}

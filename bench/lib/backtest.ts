/**
 * The backtest part of bench:analytics: a complaint history of its own, written through the real
 * complaint change-log trigger, and the rule editor's backtest of the default SLA rule over it.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';

/**
 * `n` complaints created over the last 35 days (so a 30-day window starts with some open), through
 * plain inserts and updates, so the change-log trigger writes their history as it does in use:
 * response due an hour after creation (about one in six answered late), resolution due a day after
 * (about one in eight resolved late); those not yet resolved are open; one in ten changes priority
 * half an hour in (a second version).
 */
export async function seedComplaintHistory(db: Db, n: number, staff: { first: number; count: number }, log: (m: string) => void) {
  const chunk = 100_000;
  const span = 35 * 86_400;
  for (let from = 1; from <= n; from += chunk) {
    const to = Math.min(n, from + chunk - 1);
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into complaints (reference, title, priority, status, assignee_id, response_due_at, resolution_due_at,
                                first_responded_at, resolved_at, created_at, updated_at)
        select 'H-' || g, 'Bench complaint ' || g, (array['low','medium','medium','high','critical'])[1 + g % 5],
               case when r.resolved <= now() then 'resolved' when f.responded <= now() then 'in_progress' else 'open' end,
               ${staff.first}::int + g % ${staff.count}::int, c + interval '1 hour', c + interval '1 day',
               case when f.responded <= now() then f.responded end, case when r.resolved <= now() then r.resolved end, c, c
          from generate_series(${from}::int, ${to}::int) g
          cross join lateral (select now() - make_interval(secs => (${n}::int - g) * (${span}::float8 / ${n}::int)) as c) t
          cross join lateral (select c + case when g % 6 = 0 then make_interval(mins => 70 + g % 200) else make_interval(mins => 5 + g % 50) end as responded) f
          cross join lateral (select c + case when g % 8 = 0 then make_interval(hours => 25 + g % 30) else make_interval(hours => 2 + g % 20) end as resolved) r`);
      await tx.execute(sql`
        update complaints set priority = 'critical', updated_at = created_at + interval '30 minutes'
         where reference in (select 'H-' || g from generate_series(${from}::int, ${to}::int) g where g % 10 = 3)`);
    });
    log(`complaint history: ${to.toLocaleString()} / ${n.toLocaleString()}`);
  }
  await db.execute(sql`analyze complaints`);
  await db.execute(sql`analyze complaint_changes`);
  await db.execute(sql`analyze complaint_due_hours`);
}

/** The default SLA-breach rule as the editor sends it: saved, so the backtest replays it as edited and as saved. */
export async function slaRuleBody(db: Db, days: number) {
  const [rule] = await db.execute<{ id: number; rule_name: string; rule_type: string; check: string; conditions: unknown; alert_config: unknown }>(
    sql`select id, rule_name, rule_type, "check", conditions, alert_config from alert_rules where "check" = 'sla_breached' order by id limit 1`,
  );
  if (!rule) throw new Error('no SLA rule: seed the default rules first');
  return { rule: { ...rule, id: Number(rule.id), description: '', is_enabled: true, alert_config: { ...(rule.alert_config as object), cooldown_minutes: 30 } }, days };
}

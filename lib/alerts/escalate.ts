import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { finishAlertWrite } from './finish-write';

/**
 * Escalate firing (unacknowledged) alerts whose escalation is due: level 1 reaches the managers
 * of the people it went to (all managers when none has one), level 2 and up the admins. Repeats
 * every `after_minutes` up to the rule's `max_level`. Reaching someone who already had it puts
 * it back in their unread. Rows are claimed with SKIP LOCKED, in bounded batches.
 */
export async function escalateDueAlerts(tx: Tx, batch = 1000): Promise<{ escalated: number; recipients: number }> {
  const [row] = await tx.execute<{ escalated: number; recipients: number; event_ids: number[]; inbox_user_ids: number[]; changed_alert_ids: number[] }>(sql`
    with due as (
      select a.id, a.escalation_level + 1 as level,
             coalesce((r.alert_config->'escalation'->>'max_level')::int, 2) as max_level,
             (r.alert_config->'escalation'->>'after_minutes')::int as after_minutes
        from alerts a join alert_rules r on r.id = a.rule_id
       where a.status = 'firing' and a.next_escalation_at <= now()
       order by a.next_escalation_at
       limit ${batch}
         for update of a skip locked
    ),
    upd as (
      update alerts a
         set escalation_level = d.level, updated_at = now(),
             next_escalation_at = case when d.level < d.max_level and d.after_minutes > 0
                                       then now() + make_interval(mins => d.after_minutes) end
        from due d where a.id = d.id
      returning a.id, a.escalation_level as level, a.severity
    ),
    managers as (
      select distinct ar.alert_id, m.manager_id as user_id
        from alert_recipients ar join users m on m.id = ar.user_id
       where ar.alert_id in (select id from upd where level = 1) and m.manager_id is not null
    ),
    targets as (
      select u.alert_id, u.user_id, x.severity from (
        select alert_id, user_id from managers
        union
        select up.id, u.id from upd up join users u on u.role = 'manager' and u.is_active
         where up.level = 1 and not exists (select 1 from managers m where m.alert_id = up.id)
        union
        select up.id, u.id from upd up join users u on u.role = 'admin' and u.is_active where up.level >= 2
      ) u join upd x on x.id = u.alert_id
      join users active on active.id = u.user_id and active.is_active
    ),
    reached as (
      insert into alert_recipients (alert_id, user_id, reason, severity)
      select alert_id, user_id, 'escalation', severity from targets
      on conflict (user_id, alert_id) do update set read_at = null, seen_at = null
        where alert_recipients.dismissed_at is null
          and (alert_recipients.snoozed_until is null or alert_recipients.snoozed_until <= now())
      returning alert_id, user_id
    ),
    events as (
      insert into alert_events (alert_id, kind, details)
      select up.id, 'escalated', jsonb_build_object('level', up.level,
               'recipients', (select count(*) from targets t where t.alert_id = up.id),
               'user_ids', coalesce((select jsonb_agg(t.user_id order by t.user_id) from targets t where t.alert_id = up.id), '[]'::jsonb))
        from upd up
      returning id
    )
    select (select count(*) from upd)::int as escalated, (select count(*) from reached)::int as recipients,
           array(select id from events) as event_ids, array(select distinct user_id from reached) as inbox_user_ids,
           array(select id from upd) as changed_alert_ids`);
  const { event_ids, inbox_user_ids, changed_alert_ids, ...counts } = row!;
  await finishAlertWrite(tx, { event_ids, inbox_user_ids, changed_alert_ids });
  return counts;
}

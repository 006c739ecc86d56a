import { sql, type SQL } from 'drizzle-orm';
import { sqlBigintArray, sqlTextArray } from '@/db/sql-arrays';
import type { AlertConfig } from '@/lib/validation/rules';

/**
 * Whom an alert of a rule reaches, for the resource's owner `subject` (a bigint SQL expression, may
 * be null): a SELECT of (user_id, reason) rows, possibly naming a person twice (the caller keeps
 * one row per person). One definition for firing (lib/alerts/fire.ts) and for the rule editor's
 * backtest (lib/alerts/backtest.ts).
 */
export function recipientRows(cfg: Pick<AlertConfig, 'recipients' | 'fallback_recipients'>, subject: SQL): SQL {
  const roles = cfg.recipients.filter((r) => r.startsWith('role:')).map((r) => r.slice(5));
  const userIds = cfg.recipients.filter((r) => r.startsWith('user:')).map((r) => Number(r.slice(5)));
  const fallbackRoles = cfg.fallback_recipients.filter((r) => r.startsWith('role:')).map((r) => r.slice(5));
  const has = (r: string) => cfg.recipients.includes(r as never);
  return sql`
          -- a person who is no longer active is stood in for by their nearest active manager; the
          -- walk up the chain (a recursive lookup) only for those, as for named people below: an
          -- SLA tick's 10,000 owners cost 10,000 walks (0.33 s) when each was looked up that way
          select case when o.is_active then o.id else ops_active_delegate(o.id) end as user_id,
                 case when o.is_active then 'assignee' else 'delegate' end as reason
            from users o
           where ${has('assignee')} and o.id = ${subject} and (o.is_active or ops_active_delegate(o.id) is not null)
          union all
          select case when m.is_active then m.id else ops_active_delegate(m.id) end, 'manager'
            from users u join users m on m.id = u.manager_id
           where ${has('manager')} and u.id = ${subject} and (m.is_active or ops_active_delegate(m.id) is not null)
          union all
          select u.id, 'role' from users u
           where u.is_active and u.role = any(${sqlTextArray(roles)})
          union all
          -- named people: the delegate walk only for those no longer active (a thousand named people
          -- cost a thousand recursive walks, ~40 ms, when each was looked up that way)
          select case when u.is_active then u.id else ops_active_delegate(u.id) end,
                 case when u.is_active then 'user' else 'delegate' end
            from unnest(${sqlBigintArray(userIds)}) as n(id) join users u on u.id = n.id
           where u.is_active or ops_active_delegate(u.id) is not null
          union all
          select u.id, 'broadcast' from users u where ${has('broadcast')} and u.is_active
          union all
          select u.id, 'fallback' from users u
           where ${subject} is null and u.is_active and u.role = any(${sqlTextArray(fallbackRoles)})`;
}

/** A person who has not turned this alert type off (alert_subscriptions). */
export const subscribed = (userId: SQL, alertType: string): SQL =>
  sql`not exists (select 1 from alert_subscriptions s where s.user_id = ${userId} and s.alert_type = ${alertType} and not s.is_enabled)`;

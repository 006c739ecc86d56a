import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import type { AlertConfig } from '@/lib/validation/rules';

export type FiringRule = { id: number; ruleName: string; check: string; alertConfig: AlertConfig };

export type FireCounts = { candidates: number; created: number; resolved: number; recipients: number };

/**
 * Turn a check's candidate rows into alerts, in ONE statement (so one transaction):
 *   resolve this rule's open alerts whose condition is gone (auto-resolve),
 *   insert new alerts by fingerprint (an open alert with the same fingerprint is left as is),
 *   add per-recipient inbox rows and "fired"/"resolved" timeline events.
 *
 * `candidates` is a SELECT yielding: fingerprint text, resource_type text, resource_id text,
 * subject_user_id bigint (the owner, may be null), ctx jsonb (template context), metadata jsonb.
 * The cost grows with the candidates, not with the watched table.
 */
export async function fireCandidates(tx: Tx, rule: FiringRule, candidates: SQL): Promise<FireCounts> {
  const cfg = rule.alertConfig;
  const alertType = cfg.alert_type ?? rule.check;
  const roles = cfg.recipients.filter((r) => r.startsWith('role:')).map((r) => r.slice(5));
  const userIds = cfg.recipients.filter((r) => r.startsWith('user:')).map((r) => Number(r.slice(5)));
  const fallbackRoles = cfg.fallback_recipients.filter((r) => r.startsWith('role:')).map((r) => r.slice(5));
  const has = (r: string) => cfg.recipients.includes(r as never);
  const escalateMinutes = cfg.escalation?.after_minutes ?? null;
  const expiresMinutes = cfg.expires_after_minutes ?? null;

  const rows = await tx.execute<{ candidates: number; created: number; resolved: number; recipients: number }>(sql`
    with cand as materialized (${candidates}),
    cleared as (
      update alerts a
         set status = 'resolved', resolved_at = now(), resolution_reason = 'condition_cleared',
             next_escalation_at = null, updated_at = now()
       where ${cfg.auto_resolve} and a.rule_id = ${rule.id} and a.status <> 'resolved'
         and not exists (select 1 from cand c where c.fingerprint = a.fingerprint)
      returning a.id
    ),
    cleared_events as (
      insert into alert_events (alert_id, kind, details)
      select id, 'resolved', '{"reason":"condition_cleared"}'::jsonb from cleared
    ),
    fresh as (
      select c.* from cand c
       where not exists (select 1 from alerts a where a.fingerprint = c.fingerprint and a.status <> 'resolved')
    ),
    ins as (
      insert into alerts (fingerprint, rule_id, alert_type, severity, title, message, resource_type, resource_id,
                          metadata, next_escalation_at, expires_at)
      select f.fingerprint, ${rule.id}, ${alertType}, ${cfg.severity},
             left(ops_render(${cfg.title_template}, f.ctx), 255), ops_render(${cfg.message_template}, f.ctx),
             f.resource_type, f.resource_id,
             f.metadata || jsonb_build_object('subject_user_id', f.subject_user_id, 'rule_name', ${rule.ruleName}::text),
             now() + make_interval(mins => ${escalateMinutes}::int),
             now() + make_interval(mins => ${expiresMinutes}::int)
        from fresh f
      on conflict (fingerprint) where status <> 'resolved' do nothing
      returning id, fingerprint, severity
    ),
    targets as (
      select distinct on (i.id, r.user_id) i.id as alert_id, r.user_id, r.reason, i.severity
        from ins i
        join fresh f on f.fingerprint = i.fingerprint
        cross join lateral (
          select f.subject_user_id as user_id, 'assignee' as reason
           where ${has('assignee')} and f.subject_user_id is not null
          union all
          select u.manager_id, 'manager' from users u
           where ${has('manager')} and u.id = f.subject_user_id and u.manager_id is not null
          union all
          select u.id, 'role' from users u
           where u.is_active and u.role = any(${sqlTextArray(roles)})
          union all
          select u.id, 'user' from users u
           where u.is_active and u.id = any(${sqlBigintArray(userIds)})
          union all
          select u.id, 'broadcast' from users u where ${has('broadcast')} and u.is_active
          union all
          select u.id, 'fallback' from users u
           where f.subject_user_id is null and u.is_active and u.role = any(${sqlTextArray(fallbackRoles)})
        ) r
        join users ru on ru.id = r.user_id and ru.is_active
       where not exists (
         select 1 from alert_subscriptions s
          where s.user_id = r.user_id and s.alert_type = ${alertType} and not s.is_enabled
       )
       order by i.id, r.user_id, r.reason
    ),
    recip as (
      insert into alert_recipients (alert_id, user_id, reason, severity)
      select alert_id, user_id, reason, severity from targets
      on conflict do nothing
      returning alert_id
    ),
    fired_events as (
      insert into alert_events (alert_id, kind, details)
      select i.id, 'fired', jsonb_build_object('rule_id', ${rule.id}::bigint, 'recipients',
               (select count(*) from targets t where t.alert_id = i.id))
        from ins i
    )
    select (select count(*) from cand)::int as candidates,
           (select count(*) from ins)::int as created,
           (select count(*) from cleared)::int as resolved,
           (select count(*) from recip)::int as recipients
  `);
  const r = rows[0]!;
  return { candidates: r.candidates, created: r.created, resolved: r.resolved, recipients: r.recipients };
}

/** A text[] parameter (drizzle would otherwise expand a JS array into a list). */
export function sqlTextArray(values: readonly string[]): SQL {
  return sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`}::text[]`;
}

export function sqlBigintArray(values: readonly number[]): SQL {
  return sql`${`{${values.filter(Number.isSafeInteger).join(',')}}`}::bigint[]`;
}

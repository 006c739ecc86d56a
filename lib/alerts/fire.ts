import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import type { AlertConfig } from '@/lib/validation/rules';
import { recordAlerts } from '@/lib/metrics/registry';
import { recipientRows, subscribed } from './recipients';
import { finishAlertWrite } from './finish-write';
import { renderSql } from './render';

/** A rule firing; `id` is null for an alert raised directly through the API. */
export type FiringRule = { id: number | null; ruleName: string; check: string; alertConfig: AlertConfig };

/**
 * state: the candidates are the complete set of what is wrong now (a periodic check) — alerts
 *   missing from it resolve, and a repeat counts only once per cooldown.
 * event: the candidates are incoming events (with a count `n` per fingerprint) — nothing
 *   resolves by absence, every event counts as an occurrence, re-notification obeys the cooldown.
 */
export type FireMode = 'state' | 'event';

export type FireCounts = {
  candidates: number;
  created: number;
  repeated: number;
  resolved: number;
  recipients: number;
  silenced: number;
  throttled: number;
  /** joined an open group inside the rule's group window: recorded, in the inbox as read, not escalated */
  grouped: number;
};

/**
 * Turn a check's candidate rows into alerts, in ONE statement (so one transaction):
 *   resolve this rule's open alerts whose condition is gone (auto-resolve);
 *   a candidate whose alert is already open is a repeat: once the rule's cooldown has passed it
 *     bumps occurrences/last_fired_at and puts the alert back in its recipients' unread;
 *   new fingerprints become alerts with per-recipient inbox rows and a timeline event —
 *     unless an active silence matches or the rule's hourly cap is spent: those are recorded
 *     and notify nobody, nor do their repeats. A capped alert stays untold; a silenced one's
 *     recipients are held (alert_holds) and told once if it still fires when its silence ends
 *     (lib/alerts/release.ts).
 *
 * `candidates` is a SELECT yielding: fingerprint text, resource_type text, resource_id text,
 * subject_user_id bigint (the owner, may be null), ctx jsonb (template context), metadata jsonb;
 * in event mode also n int (occurrences), severity text and expires_at timestamptz (null: the
 * rule's), which an event may carry (a Prometheus alert's severity label and endsAt).
 * The cost grows with the candidates, not with the watched table.
 *
 * `resolveOnly` (state mode): the candidates are complete for just these alerts (a predicate over
 * `a`, e.g. the complaints an ingest changed); others are left as they are, neither resolved nor
 * re-evaluated.
 *
 * `count`: how many candidates there are, when the caller knows (a batch of events). The planner
 * sees it — as a LIMIT of the next power of two, a bound that never cuts and keeps a few distinct
 * statements — instead of guessing 100 rows for a set-returning function. With the guess, a single
 * event was planned as hash joins over every open alert (three sequential scans, 4.6 ms at 6,000
 * open alerts and growing with them); with the count, as index probes of the one fingerprint.
 */
export async function fireCandidates(
  tx: Tx,
  rule: FiringRule,
  candidates: SQL,
  mode: FireMode = 'state',
  opts: { resolveOnly?: SQL; count?: number } = {},
): Promise<FireCounts> {
  const cfg = rule.alertConfig;
  const alertType = cfg.alert_type ?? rule.check;
  const escalateMinutes = cfg.escalation?.after_minutes ?? null;
  const expiresMinutes = cfg.expires_after_minutes ?? null;
  const groupMinutes = cfg.group_window_minutes ?? null;
  const grouping = groupMinutes !== null;
  const hourlyBudget = cfg.max_per_hour
    ? sql`greatest(0, ${cfg.max_per_hour}::int - (select count(*) from alerts x where x.rule_id = ${rule.id}::bigint and x.created_at > now() - interval '1 hour'))`
    : sql`2147483647`;

  const event = mode === 'event';
  const cooldown = sql`make_interval(mins => ${cfg.cooldown_minutes}::int)`;
  // events that count nothing across the rule's alerts need no lock (see `upserted`)
  if (!(event && !grouping && !cfg.max_per_hour)) await lockEvaluation(tx, rule);

  const bounded = opts.count === undefined ? candidates : sql`select * from (${candidates}) c0 limit ${sql.raw(String(2 ** Math.ceil(Math.log2(Math.max(1, opts.count)))))}`;
  const rows = await tx.execute<FireCounts & { event_ids: number[]; inbox_user_ids: number[]; changed_alert_ids: number[]; inbox_changed_user_ids: number[] }>(sql`
    with cand as materialized (${event ? bounded : sql`select c.*, 1::int as n, null::text as severity, null::timestamptz as expires_at from (${bounded}) c`}),
    cleared as (
      update alerts a
         set status = 'resolved', resolved_at = now(), resolution_reason = 'condition_cleared',
             next_escalation_at = null, updated_at = now()
       where ${!event && cfg.auto_resolve} and a.rule_id = ${rule.id}::bigint and a.status <> 'resolved'
         and ${opts.resolveOnly ?? sql`true`}
         and not exists (select 1 from cand c where c.fingerprint = a.fingerprint)
      returning a.id
    ),
    cleared_events as (
      insert into alert_events (alert_id, kind, details)
      select id, 'resolved', '{"reason":"condition_cleared"}'::jsonb from cleared
      returning id
    ),
    -- events (no rule lock) take their open alerts' row locks in id order, so two batches naming
    -- the same things in different orders queue instead of deadlocking
    seen as materialized (
      select a2.id, a2.last_fired_at as prev, c.n, c.expires_at from alerts a2 join cand c on c.fingerprint = a2.fingerprint
       where a2.status <> 'resolved' ${event ? sql`order by a2.id for no key update of a2` : sql``}
    ),
    repeat as (
      update alerts a
         set occurrences = a.occurrences + o.n, last_fired_at = now(), updated_at = now(),
             expires_at = coalesce(o.expires_at, a.expires_at)
        from seen o
       where a.id = o.id and (${event} or o.prev <= now() - ${cooldown})
      returning a.id, a.status, a.severity, a.resource_type, a.resource_id,
                o.prev <= now() - ${cooldown} and coalesce(a.metadata->>'group_key', a.fingerprint) = a.fingerprint as renotify,
                case when coalesce((a.metadata->>'throttled')::boolean, false) then 'throttled'
                     when exists (select 1 from alert_holds h where h.alert_id = a.id) then 'held' end as kept_quiet
    ),
    -- a repeat is told again (back in unread, and by the rule's channels) past its cooldown, while firing, unless
    -- silenced now; never when it was capped at firing, nor while the silence it fired under holds it
    retold as (
      select p.id, p.renotify and p.status = 'firing' and p.kept_quiet is null
                   and ${silenceMatch(rule.id, alertType, sql`p.severity`, sql`p.resource_type`, sql`p.resource_id`)} is null as tell,
             p.kept_quiet
        from repeat p
    ),
    repeat_unread as (
      update alert_recipients r set read_at = null, seen_at = null
        from retold p
       where r.alert_id = p.id and p.tell and r.dismissed_at is null and r.read_at is not null
         and (r.snoozed_until is null or r.snoozed_until <= now())
      returning r.alert_id, r.user_id
    ),
    repeat_events as (
      insert into alert_events (alert_id, kind, details)
      select id, 'refired', jsonb_build_object('cooldown_minutes', ${cfg.cooldown_minutes}::int, 'renotify', tell)
                              || case when kept_quiet is not null then jsonb_build_object('kept_quiet', kept_quiet) else '{}' end
        from retold
      returning id
    ),
    unseen as (
      select c.*, row_number() over (order by c.fingerprint) as rn,
             ${silenceMatch(rule.id, alertType, sql`coalesce(c.severity, ${cfg.severity}::text)`, sql`c.resource_type`, sql`c.resource_id`)} as silenced_by
        from cand c
       where not exists (select 1 from alerts a where a.fingerprint = c.fingerprint and a.status <> 'resolved')
    ),
    -- group window: the rule's alerts within the window of a group's first alert join its group quietly
    group_leader as (
      select a.fingerprint from alerts a
       where ${grouping} and a.rule_id = ${rule.id}::bigint and a.status <> 'resolved'
         and a.metadata->>'group_key' = a.fingerprint and a.created_at > now() - make_interval(mins => ${groupMinutes}::int)
       order by a.created_at desc limit 1
    ),
    grp as (select coalesce((select fingerprint from group_leader), (select fingerprint from unseen where rn = 1)) as key),
    fresh as (
      select u.*, u.rn > ${hourlyBudget} as throttled, ${grouping} and u.fingerprint <> g.key as grouped, g.key as group_key
        from unseen u, grp g
    ),
    upserted as (
      insert into alerts (fingerprint, rule_id, alert_type, severity, title, message, resource_type, resource_id,
                          metadata, next_escalation_at, expires_at, occurrences)
      select f.fingerprint, ${rule.id}::bigint, ${alertType}, coalesce(f.severity, ${cfg.severity}::text),
             left(${renderSql(cfg.title_template, sql`f.ctx`)}, 255), ${renderSql(cfg.message_template, sql`f.ctx`)},
             f.resource_type, f.resource_id,
             f.metadata || jsonb_build_object('subject_user_id', f.subject_user_id, 'rule_name', ${rule.ruleName}::text)
               || case when f.silenced_by is not null then jsonb_build_object('silenced_by', f.silenced_by) else '{}' end
               || case when f.throttled then '{"throttled":true}'::jsonb else '{}' end
               || case when ${grouping} then jsonb_build_object('group_key', f.group_key) else '{}' end,
             case when f.silenced_by is null and not f.throttled and not f.grouped then now() + make_interval(mins => ${escalateMinutes}::int) end,
             coalesce(f.expires_at, now() + make_interval(mins => ${expiresMinutes}::int)), f.n
        from fresh f
      -- an event about a fingerprint another transaction opened a moment ago (not in this one's
      -- snapshot, so not a repeat above) waits for that commit here and counts as its repeat:
      -- events need no lock to be counted once each. (xmax = 0: the row is this statement's own.)
      on conflict (fingerprint) where status <> 'resolved' do ${
        event ? sql`update set occurrences = alerts.occurrences + excluded.occurrences, last_fired_at = now(), updated_at = now()` : sql`nothing`
      }
      -- what the steps below need of each new alert, read back from the row (joining the 'fresh'
      -- CTE on fingerprint instead was a nested loop over both: quadratic in the batch)
      returning id, fingerprint, severity, xmax = 0 as inserted, occurrences as n,
                (metadata->>'subject_user_id')::bigint as subject_user_id, (metadata->>'silenced_by')::bigint as silenced_by,
                coalesce((metadata->>'throttled')::boolean, false) as throttled,
                ${grouping} and metadata->>'group_key' <> fingerprint as grouped
    ),
    ins as (select * from upserted where inserted),
    -- told already by the transaction that opened it, an instant ago: recorded, not told again
    raced as (
      insert into alert_events (alert_id, kind, details)
      select id, 'refired', jsonb_build_object('cooldown_minutes', ${cfg.cooldown_minutes}::int, 'renotify', false, 'concurrent', true)
        from upserted where not inserted
      returning alert_id
    ),
    -- whom each alert reaches; a silenced one's are held (alert_holds) until its silence ends
    targets as (
      select distinct on (i.id, r.user_id) i.id as alert_id, r.user_id, r.reason, i.severity, f.grouped, f.silenced_by is not null as held
        from ins i
        cross join lateral (select i.subject_user_id, i.grouped, i.silenced_by) f
        cross join lateral (${recipientRows(cfg, sql`f.subject_user_id`)}
        ) r
       where not i.throttled and ${subscribed(sql`r.user_id`, alertType)}
       order by i.id, r.user_id, r.reason
    ),
    recip as (
      insert into alert_recipients (alert_id, user_id, reason, severity, read_at)
      select alert_id, user_id, reason, severity, case when grouped then now() end from targets where not held
      on conflict do nothing
      returning alert_id, user_id
    ),
    -- per alert, as one object keyed by alert id, looked up below: a join of these CTEs on alert id
    -- would be planned as a nested loop (CTEs are estimated at a row or two), quadratic in the batch
    held_people as (
      select jsonb_object_agg(alert_id::text, people) as m
        from (select alert_id, jsonb_agg(jsonb_build_object('user_id', user_id, 'reason', reason) order by user_id) as people
                from targets where held group by alert_id) t
    ),
    held as (
      insert into alert_holds (alert_id, silence_id, recipients, grouped, escalate_after_minutes)
      select i.id, i.silenced_by, coalesce((select m from held_people) -> (i.id::text), '[]'), i.grouped, ${escalateMinutes}::int
        from ins i
       where i.silenced_by is not null and not i.throttled
    ),
    target_counts as (
      select jsonb_object_agg(alert_id::text, n) as m
        from (select alert_id, count(*)::int as n from targets where not held group by alert_id) t
    ),
    fired_events as (
      insert into alert_events (alert_id, kind, details)
      select i.id,
             case when i.silenced_by is not null then 'silenced' when i.throttled then 'throttled'
                  when i.grouped then 'grouped' else 'fired' end,
             jsonb_build_object('rule_id', ${rule.id}::bigint, 'occurrences', i.n,
                                'recipients', coalesce(((select m from target_counts) ->> (i.id::text))::int, 0))
               || case when i.silenced_by is not null then jsonb_build_object('silence_id', i.silenced_by) else '{}' end
        from ins i
      returning id
    )
    select (select count(*) from cand)::int as candidates,
           (select count(*) from ins)::int as created,
           (select count(*) from repeat)::int + (select count(*) from raced)::int as repeated,
           (select count(*) from cleared)::int as resolved,
           (select count(*) from recip)::int as recipients,
           (select count(*) from fresh where silenced_by is not null)::int as silenced,
           (select count(*) from fresh where throttled)::int as throttled,
           (select count(*) from fresh where grouped)::int as grouped,
           array(select id from cleared_events union all select id from repeat_events union all select id from fired_events) as event_ids,
           array(select distinct user_id from recip) as inbox_user_ids,
           array(select id from cleared union select id from repeat union select id from upserted where not inserted) as changed_alert_ids,
           array(select distinct user_id from repeat_unread) as inbox_changed_user_ids
  `);
  const { event_ids, inbox_user_ids, changed_alert_ids, inbox_changed_user_ids, ...counts } = rows[0]!;
  // the statement above wrote the inbox rows these events' deliveries are decided from
  await finishAlertWrite(tx, { event_ids, inbox_user_ids, changed_alert_ids, inbox_changed_user_ids });
  recordAlerts(rule.ruleName, counts);
  return counts;
}

/**
 * Serialize what must not interleave: a check's evaluation (state mode: absence resolves) and a
 * rule that counts across its alerts (hourly cap, group window) take the whole rule, so
 * concurrent evaluations of it queue here. Events that count nothing across alerts take no lock
 * at all: the insert's conflict clause makes a concurrent repeat wait for, and count on, the
 * alert another transaction opened.
 */
async function lockEvaluation(tx: Tx, rule: FiringRule): Promise<void> {
  if (rule.id === null) return; // an alert raised through the API: events only, never capped or grouped
  await tx.execute(sql`select pg_advisory_xact_lock(7263002, ${rule.id}::int)`);
}

/**
 * The id of an active silence matching this alert, or null (ops_active_silence: one definition,
 * shared with the release). Whether any silence is active at all is asked once per statement (an
 * uncorrelated subquery, run once): mostly none is, and then no row pays for the lookup.
 */
function silenceMatch(ruleId: number | null, alertType: string, severity: SQL, resourceType: SQL, resourceId: SQL): SQL {
  return sql`case when exists (select 1 from silences s where s.starts_at <= now() and s.ends_at > now())
                  then ops_active_silence(${ruleId}::bigint, ${alertType}::text, ${severity}::text, ${resourceType}, ${resourceId}) end`;
}

import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { sqlBigintArray } from '@/db/sql-arrays';
import { quietUntil } from './local-time';

/**
 * The delivery policy: who is told of an alert's timeline event, on which channel, and when. One
 * definition, issued by the writer of the event in its own transaction (`enqueueDeliveries`), and
 * read by the rule editor's backtest (`personEmailAllowed`). Each rule of the policy is a named
 * fragment below, and when a held email may go is a plain function (personEmailAt, local-time.ts);
 * policy.int.test.ts checks each rule against real rows, local-time.test.ts the clock.
 *
 * Events that tell: fired, escalated, acknowledged, resolved, and refired when past the rule's
 * cooldown (details.renotify). The outbox rows carry an idempotency key (event, channel, target):
 * enqueueing the same event twice queues nothing new.
 */

const SEVERITY_ORDER = sql`array['info','warning','error','critical']`;

/**
 * May this person get an email of an alert of `severity` from a rule of `ruleType` whose channels
 * are `ruleChannels` (jsonb)? `sub` and `pref` name the person's alert_subscriptions row for the
 * alert type and their notification_preferences row, either possibly absent (all columns null).
 *
 *   subscription: their own channels for the alert type, when they chose any; else the rule's;
 *   opt-out: email turned off in their preferences;
 *   minimum severity: below their least severity for email (default warning) — except a scheduled
 *     report (the daily summary), which its rule asks for whatever its severity;
 *   digest: people on a digest read non-critical alerts there; criticals never wait.
 */
export function personEmailAllowed(p: { sub: string; pref: string; severity: SQL; ruleType: SQL; ruleChannels: SQL }): SQL {
  const sub = sql.raw(p.sub);
  const pref = sql.raw(p.pref);
  return sql`(case when ${sub}.id is not null then ${sub}.is_enabled and 'email' = any(${sub}.delivery_channels)
                  else coalesce(${p.ruleChannels}, '["in_app"]'::jsonb) ? 'email' end)
         and coalesce(${pref}.email_enabled, true)
         and (${p.ruleType} is not distinct from 'schedule'
              or array_position(${SEVERITY_ORDER}, ${p.severity}) >= array_position(${SEVERITY_ORDER}, coalesce(${pref}.min_email_severity, 'warning')))
         and (${p.severity} = 'critical' or coalesce(${pref}.digest_frequency, 'off') = 'off')`;
}

/**
 * Which of an alert's people an event tells by email (`ev`: the event row with kind and details;
 * `userId`: the person): a firing or a repeat, everyone it reached; an escalation, the people it
 * reached (details.user_ids); a resolution, those who were emailed of it (an email they were never
 * sent does not get a follow-up); an acknowledgement, nobody (the team's channels hear of it).
 */
export function personAudience(ev: string, userId: SQL): SQL {
  const e = sql.raw(ev);
  return sql`case ${e}.kind
               when 'escalated' then coalesce(${e}.details->'user_ids', '[]'::jsonb) @> to_jsonb(${userId})
               when 'resolved' then exists (select 1 from deliveries d
                                             where d.alert_id = ${e}.alert_id and d.user_id = ${userId} and d.channel = 'email'
                                               and d.status <> 'skipped')
               when 'acknowledged' then false
               else true end`;
}

/**
 * The team's channels a follow-up (acknowledged, resolved) goes to: only a channel and target that
 * were told of the alert (a Slack thread, a webhook, an address that heard of it).
 */
function teamFollowUpAllowed(t: string): SQL {
  const r = sql.raw(t);
  return sql`(not ${r}.follow_up
          or exists (select 1 from deliveries d
                      where d.alert_id = ${r}.alert_id and d.user_id is null and d.channel = ${r}.channel
                        and d.target = ${r}.target and d.status <> 'skipped'))`;
}

/**
 * The events of `eventIds` that may tell anyone, with their alert and its rule's delivery settings —
 * taken out of the rule's configuration here, once per event: it can be large (a thousand named
 * recipients), and each lookup into it per recipient row unpacked all of it again (13 ms for an
 * alert to 1,000 people, when the person rows read `cfg->'channels'`).
 */
function tellingEvents(eventIds: SQL): SQL {
  return sql`
    select e.id as event_id, e.kind, e.details, a.id as alert_id, a.alert_type, a.severity,
           coalesce(r.alert_config->'channels', '["in_app"]'::jsonb) as channels, r.alert_config->'email_to' as email_to,
           r.alert_config->>'slack_channel' as slack_channel, r.alert_config->'webhook'->>'url' as webhook_url, r.rule_type,
           e.kind in ('acknowledged', 'resolved') as follow_up
      from alert_events e
      join alerts a on a.id = e.alert_id
      left join alert_rules r on r.id = a.rule_id
     where e.id = any(${eventIds})
       and (e.kind in ('fired', 'escalated', 'acknowledged', 'resolved')
            or (e.kind = 'refired' and coalesce((e.details->>'renotify')::boolean, false)))`;
}

/**
 * The outbox rows for the given timeline events, as one INSERT: the people who get an email (their
 * inbox row not dismissed, active, within the rule above), then the rule's own channels — its email
 * addresses (not for acknowledgements), the team's Slack channel and its signed webhook.
 */
export function deliveriesInsert(eventIds: SQL): SQL {
  return sql`
    with ev as materialized (${tellingEvents(eventIds)}),
    team as (
      select ev.alert_id, ev.event_id, ev.kind, ev.follow_up, 'email' as channel, lower(addr.value) as target
        from ev cross join lateral jsonb_array_elements_text(coalesce(ev.email_to, '[]'::jsonb)) addr(value)
       where ev.kind <> 'acknowledged' and ev.channels ? 'email'
      union all
      select ev.alert_id, ev.event_id, ev.kind, ev.follow_up, 'slack', coalesce(ev.slack_channel, '')
        from ev where ev.channels ? 'slack'
      union all
      select ev.alert_id, ev.event_id, ev.kind, ev.follow_up, 'webhook', ev.webhook_url
        from ev where ev.channels ? 'webhook' and ev.webhook_url is not null
    ),
    rows as (
      select ev.alert_id, ev.event_id, ev.kind, u.id as user_id, 'email' as channel, u.email as target,
             -- quiet hours hold a person's email, never a critical one (when: personEmailAt, after the insert)
             case when ev.severity <> 'critical' and p.quiet_hours_start is not null
                  then jsonb_build_object('tz', u.timezone, 'start', p.quiet_hours_start, 'end', p.quiet_hours_end) end as quiet
        from ev
        join alert_recipients ar on ar.alert_id = ev.alert_id and ar.dismissed_at is null
        join users u on u.id = ar.user_id and u.is_active
        left join notification_preferences p on p.user_id = u.id
        left join alert_subscriptions s on s.user_id = u.id and s.alert_type = ev.alert_type
       where ${personAudience('ev', sql`u.id`)}
         and ${personEmailAllowed({ sub: 's', pref: 'p', severity: sql`ev.severity`, ruleType: sql`ev.rule_type`, ruleChannels: sql`ev.channels` })}
      union all
      select t.alert_id, t.event_id, t.kind, null, t.channel, t.target, null
        from team t
       where ${teamFollowUpAllowed('t')}
    ),
    keyed as (select r.*, r.event_id || ':' || r.channel || ':' || md5(r.target) as key from rows r),
    ins as (
      insert into deliveries (alert_id, event_id, kind, user_id, channel, target, idempotency_key)
      select alert_id, event_id, kind, user_id, channel, target, key from keyed
      on conflict (idempotency_key) do nothing
      returning id, idempotency_key
    )
    -- wakes the delivery worker (after commit, db/client.ts) when anything was queued
    select (select count(*) from ins)::int as queued,
           (select coalesce(jsonb_agg(jsonb_build_object('id', i.id) || k.quiet), '[]') from ins i join keyed k on k.key = i.idempotency_key
             where k.quiet is not null) as quiet,
           case when exists (select 1 from ins) then ops_notify('ops_deliveries', '') end as woke`;
}

/**
 * Queue what the given timeline events tell, in the caller's transaction (after the statement that
 * wrote the events and the alert's inbox rows, so both are seen); wakes the delivery worker when
 * anything was queued. Returns how many outbox rows were queued.
 */
export async function enqueueDeliveries(tx: Tx, eventIds: readonly number[], now = new Date()): Promise<number> {
  if (!eventIds.length) return 0;
  const [row] = await tx.execute<{ queued: number; quiet: QuietRow[] }>(deliveriesInsert(sqlBigintArray(eventIds.map(Number))));
  const held = personEmailAt(row?.quiet ?? [], now);
  if (held.length) {
    await tx.execute(sql`
      update deliveries d set next_attempt_at = h.at
        from jsonb_to_recordset(${JSON.stringify(held)}::jsonb) as h(id bigint, at timestamptz)
       where d.id = h.id`);
  }
  return row?.queued ?? 0;
}

type QuietRow = { id: number; tz: string; start: string; end: string };

/**
 * When each held person's email may go: at the end of their quiet hours in their own time zone
 * (the rows the INSERT flagged: a non-critical email to someone with quiet hours). Those outside
 * their quiet hours go at once and are not listed.
 */
export function personEmailAt(rows: readonly QuietRow[], now: Date): { id: number; at: string }[] {
  return rows.flatMap((r) => {
    const until = quietUntil(now, r.tz, r.start, r.end);
    return until ? [{ id: r.id, at: until.toISOString() }] : [];
  });
}

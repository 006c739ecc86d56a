import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { DELETE_BATCH, deleteWhereInBatches } from '@/db/delete-in-batches';
import { digestPeriodStart, quietUntil, type DigestFrequency } from './local-time';

/** Alerts a digest names per type; the count covers them all and "and N more" links to the rest. */
export const DIGEST_ALERTS_PER_TYPE = 10;

export type DigestCounts = { digests_queued: number; digests_empty: number };

/**
 * Every person whose digest period has begun and has not been recorded yet, in one statement
 * after reading who is on a digest:
 * record (person, period start) — unique, so a second run, a second instance or a retried tick
 * records nothing — and, for those with unread open alerts, queue one email in the outbox with what
 * it lists, in the caller's transaction. The outbox sends it (at least once, one Message-ID); a
 * crash before commit leaves the period unrecorded for the next run, so a missed run catches up.
 *
 * Listed: the person's inbox rows that are unread, not dismissed, not snoozed, of an alert not
 * resolved. Due: hourly at each UTC hour (waiting out the person's quiet hours), daily at the chosen
 * hour in their time zone; a period that began before the schedule was chosen is skipped (which
 * period is due: duePeriods, by the clock of local-time.ts). `at` stands for "now".
 */
export async function queueDueDigests(tx: Tx, opts: { at?: Date } = {}): Promise<DigestCounts> {
  const now = opts.at ?? new Date();
  const at = sql`${now.toISOString()}::timestamptz`;
  const due = await duePeriods(tx, now);
  if (!due.length) return { digests_queued: 0, digests_empty: 0 };
  const [row] = await tx.execute<{ queued: number; empty: number }>(sql`
    with due as (
      select d.user_id, u.email, d.frequency, d.period_start
        from jsonb_to_recordset(${JSON.stringify(due)}::jsonb) as d(user_id bigint, frequency text, period_start timestamptz)
        join users u on u.id = d.user_id and u.is_active
       where not exists (select 1 from digests g where g.user_id = d.user_id and g.period_start = d.period_start)
    ),
    items as (
      select due.user_id, a.id, a.alert_type, a.severity, a.title,
             row_number() over (partition by due.user_id, a.alert_type
                                order by array_position(array['critical','error','warning','info'], a.severity), a.last_fired_at desc, a.id desc) as rn,
             count(*) over (partition by due.user_id, a.alert_type) as n
        from due
        -- alert_recipients_unread_idx: (user_id, …) where unread, not dismissed, alert open
        join alert_recipients ar on ar.user_id = due.user_id and ar.read_at is null and ar.dismissed_at is null
                                and ar.alert_resolved_at is null and (ar.snoozed_until is null or ar.snoozed_until <= ${at})
        join alerts a on a.id = ar.alert_id and a.status <> 'resolved'
    ),
    grouped as (
      select user_id, alert_type, max(n)::int as n,
             jsonb_agg(jsonb_build_object('id', id, 'title', title, 'severity', severity) order by rn)
               filter (where rn <= ${DIGEST_ALERTS_PER_TYPE}) as alerts
        from items group by user_id, alert_type
    ),
    content as (
      select user_id, sum(n)::int as total,
             jsonb_agg(jsonb_build_object('alert_type', alert_type, 'count', n, 'alerts', alerts) order by n desc, alert_type) as groups
        from grouped group by user_id
    ),
    recorded as (
      insert into digests (user_id, frequency, period_start, alert_count)
      select due.user_id, due.frequency, due.period_start, coalesce(c.total, 0)
        from due left join content c using (user_id)
      on conflict (user_id, period_start) do nothing
      returning id, user_id, frequency, period_start, alert_count
    ),
    queued as (
      insert into deliveries (digest_id, kind, user_id, channel, target, idempotency_key, payload)
      select r.id, 'digest', r.user_id, 'email', due.email, 'digest:' || r.id,
             jsonb_build_object('frequency', r.frequency, 'total', c.total, 'groups', c.groups,
                                'period_start', to_char(r.period_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
        from recorded r join due using (user_id) join content c using (user_id)
       where r.alert_count > 0
      on conflict (idempotency_key) do nothing
      returning 1
    )
    select (select count(*) from queued)::int as queued, (select count(*) from recorded where alert_count = 0)::int as empty`);
  if (row!.queued > 0) await tx.execute(sql`select ops_notify('ops_deliveries', '')`);
  return { digests_queued: row!.queued, digests_empty: row!.empty };
}

type DigestPerson = { user_id: number; timezone: string; frequency: DigestFrequency; hour: number; since: Date; quiet_start: string | null; quiet_end: string | null };

/**
 * The people on a digest and the period each is in at `now`, when it is due: begun since they chose
 * their schedule, and for an hourly digest outside their quiet hours (a daily one comes at the hour
 * they chose). Which periods were recorded already, the statement above leaves out.
 */
async function duePeriods(tx: Tx, now: Date): Promise<{ user_id: number; frequency: DigestFrequency; period_start: string }[]> {
  const people = await tx.execute<DigestPerson>(sql`
    select p.user_id, u.timezone, p.digest_frequency as frequency, p.digest_hour as hour, p.digest_since as since,
           p.quiet_hours_start as quiet_start, p.quiet_hours_end as quiet_end
      from notification_preferences p join users u on u.id = p.user_id and u.is_active
     where p.digest_frequency <> 'off' and p.email_enabled`);
  return people.flatMap((p) => {
    const start = digestPeriodStart(p.frequency, p.hour, p.timezone, now);
    if (start < new Date(p.since)) return [];
    if (p.frequency === 'hourly' && quietUntil(now, p.timezone, p.quiet_start, p.quiet_end)) return [];
    return [{ user_id: p.user_id, frequency: p.frequency, period_start: start.toISOString() }];
  });
}

/** Digest records (and their outbox rows) older than the retention period: by the daily cleanup, in batches. */
export function purgeDigests(db: Db, retentionDays: number, batch = DELETE_BATCH): Promise<number> {
  return deleteWhereInBatches(db, 'digests', 'id', sql`created_at < now() - make_interval(days => ${retentionDays}::int)`, batch);
}

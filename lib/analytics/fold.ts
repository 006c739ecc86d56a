import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';

/**
 * The analytics rollups (alert_hours, alert_durations, alert_delivery_hours, alert_person_days), kept
 * off the write path: writers only write their rows; this folds what changed since the last fold, in
 * batches, by the cron job `analytics` every minute and by the analytics readers before they read
 * (so a chart, a headline or a rule's noise score never lags what was written).
 *
 * What changed is known without any writer's help:
 *   alerts and deliveries carry what was last counted of them (counted_status, …): a row whose state
 *     differs from it is pending (a partial index holds exactly those); its counted contribution is
 *     taken away and its current one added, then it is marked counted;
 *   inbox rows are only ever inserted: each carries the transaction id that wrote it (xact_id), and
 *     a fold takes those between the previous fold's horizon and its own — transactions older than its
 *     snapshot's xmin have all ended, so each row is counted exactly once, with no write back to it. An
 *     acknowledgement moves the counted inbox rows of its alert when the alert is folded.
 * Folds run one at a time (an advisory lock; a fold that finds one running leaves the work to it).
 * Rows deleted by retention are not taken away: the rollups outlive raw retention.
 * A contribution is what ops_alert_hour_rows, ops_alert_durations and ops_delivery_rows say (db/legacy-migrations/0020),
 * the functions the readers use for the parts of a window they read from raw rows.
 */
export type FoldCounts = { alerts_folded: number; inbox_rows_folded: number; deliveries_folded: number };

const FOLD_LOCK = 7263003;

/** An alert whose state differs from what was last counted of it (alerts_rollup_pending_idx holds exactly these). */
export const alertPending = (a: string) => {
  const t = sql.raw(a);
  return sql`(${t}.counted_status is distinct from ${t}.status or ${t}.counted_acknowledged_at is distinct from ${t}.acknowledged_at
          or ${t}.counted_resolved_at is distinct from ${t}.resolved_at or ${t}.counted_rule_id is distinct from ${t}.rule_id)`;
};
/** A delivery of an alert whose state differs from what was last counted of it (deliveries_rollup_pending_idx). */
export const deliveryPending = (d: string) => {
  const t = sql.raw(d);
  return sql`(${t}.alert_id is not null and (${t}.counted_status is distinct from ${t}.status or ${t}.counted_sent_at is distinct from ${t}.sent_at))`;
};
/** Alerts (or deliveries) folded per statement; a fold repeats until less than this is pending. */
export const FOLD_BATCH = 5000;

export async function foldRollups(db: Tx, opts: { batch?: number } = {}): Promise<FoldCounts> {
  const batch = opts.batch ?? FOLD_BATCH;
  return db.transaction(async (tx) => {
    const [lock] = await tx.execute<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${FOLD_LOCK}) as ok`);
    const counts: FoldCounts = { alerts_folded: 0, inbox_rows_folded: 0, deliveries_folded: 0 };
    if (!lock!.ok) return counts;
    for (;;) {
      const n = await foldAlerts(tx, batch);
      counts.alerts_folded += n;
      if (n < batch) break;
    }
    counts.inbox_rows_folded = await foldInboxRows(tx);
    for (;;) {
      const n = await foldDeliveries(tx, batch);
      counts.deliveries_folded += n;
      if (n < batch) break;
    }
    return counts;
  });
}

/** The alert as it was last counted: its row with the counted state in place of the current one. */
const COUNTED_ALERT = sql`jsonb_populate_record(p.row, jsonb_build_object('status', (p.row).counted_status, 'acknowledged_at', (p.row).counted_acknowledged_at,
                                                                          'resolved_at', (p.row).counted_resolved_at, 'rule_id', (p.row).counted_rule_id))`;

async function foldAlerts(tx: Tx, batch: number): Promise<number> {
  const [row] = await tx.execute<{ n: number }>(sql`
    with pending as materialized (
      select a as row, a.id from alerts a
       where ${alertPending('a')}
       order by a.id limit ${batch}
         -- a writer changing one of them now is folded next time
         for update of a skip locked
    ),
    signed as (
      select -1 as sign, ${COUNTED_ALERT} as a from pending p where (p.row).counted_status is not null
      union all
      select 1, p.row from pending p
    ),
    hours as (
      insert into alert_hours as b (hour, shard, severity, alert_type, rule_id, rule_name, opened, acknowledged, resolved, unattended, open, closed)
      select x.hour, 0, x.severity, x.alert_type, x.rule_id, x.rule_name, sum(s.sign * x.opened), sum(s.sign * x.acknowledged),
             sum(s.sign * x.resolved), sum(s.sign * x.unattended), sum(s.sign * x.open), sum(s.sign * x.closed)
        from signed s cross join lateral ops_alert_hour_rows(s.a) x
       group by x.hour, x.severity, x.alert_type, x.rule_id, x.rule_name
      having sum(s.sign * x.opened) <> 0 or sum(s.sign * x.acknowledged) <> 0 or sum(s.sign * x.resolved) <> 0
          or sum(s.sign * x.unattended) <> 0 or sum(s.sign * x.open) <> 0 or sum(s.sign * x.closed) <> 0
       order by 1, 3, 4, 5, 6
      on conflict (hour, shard, severity, alert_type, rule_id, rule_name) do update set
        opened = b.opened + excluded.opened, acknowledged = b.acknowledged + excluded.acknowledged, resolved = b.resolved + excluded.resolved,
        unattended = b.unattended + excluded.unattended, open = b.open + excluded.open, closed = b.closed + excluded.closed
    ),
    durations as (
      insert into alert_durations as b (span, start, measure, bin, n, ms)
      select sp.span, date_trunc(sp.span, d.at, 'UTC'), d.measure, ops_duration_bin(d.seconds), sum(s.sign), sum(s.sign * round(d.seconds * 1000)::bigint)
        from signed s cross join lateral ops_alert_durations(s.a) d cross join (values ('day'), ('hour')) sp(span)
       group by 1, 2, 3, 4 having sum(s.sign) <> 0 or sum(s.sign * round(d.seconds * 1000)::bigint) <> 0
       order by 1, 2, 3, 4
      on conflict (span, start, measure, bin) do update set n = b.n + excluded.n, ms = b.ms + excluded.ms
    ),
    -- an acknowledgement (or its absence) moves the inbox rows counted already, on the day the alert opened
    people as (
      insert into alert_person_days as b (day, user_id, shard, alerts, acknowledged)
      select date_trunc('day', (p.row).created_at, 'UTC'), r.user_id, 0, 0,
             sum(((p.row).acknowledged_at is not null)::int - ((p.row).counted_acknowledged_at is not null)::int)
        from pending p
        join alert_recipients r on r.alert_id = p.id
       where ((p.row).acknowledged_at is null) <> ((p.row).counted_acknowledged_at is null)
         and r.xact_id < (select inbox_xid from rollup_horizon)
       group by 1, 2 order by 1, 2
      on conflict (day, user_id, shard) do update set acknowledged = b.acknowledged + excluded.acknowledged
    ),
    counted as (
      update alerts a set counted_status = (p.row).status, counted_acknowledged_at = (p.row).acknowledged_at,
                          counted_resolved_at = (p.row).resolved_at, counted_rule_id = (p.row).rule_id
        from pending p where a.id = p.id
      returning 1
    )
    select count(*)::int as n from counted`);
  return row!.n;
}

/**
 * Inbox rows written since the last fold by transactions that have all ended, counted on the day
 * their alert opened, acknowledged as the alert was last counted (its fold moves them from then on).
 */
async function foldInboxRows(tx: Tx): Promise<number> {
  const [row] = await tx.execute<{ n: number }>(sql`
    with horizon as (
      select inbox_xid as lo, pg_snapshot_xmin(pg_current_snapshot()) as hi from rollup_horizon for update
    ),
    fresh as (
      select date_trunc('day', a.created_at, 'UTC') as day, r.user_id, count(*)::int as n,
             count(*) filter (where a.counted_acknowledged_at is not null)::int as acked
        from horizon h
        join alert_recipients r on r.xact_id >= h.lo and r.xact_id < h.hi
        join alerts a on a.id = r.alert_id
       group by 1, 2
    ),
    people as (
      insert into alert_person_days as b (day, user_id, shard, alerts, acknowledged)
      select day, user_id, 0, n, acked from fresh order by 1, 2
      on conflict (day, user_id, shard) do update set alerts = b.alerts + excluded.alerts, acknowledged = b.acknowledged + excluded.acknowledged
    ),
    moved as (update rollup_horizon set inbox_xid = (select hi from horizon))
    select coalesce(sum(n), 0)::int as n from fresh`);
  return row!.n;
}

/** Deliveries whose state differs from what was counted of them, counted in the hour their alert opened. */
async function foldDeliveries(tx: Tx, batch: number): Promise<number> {
  const [row] = await tx.execute<{ n: number }>(sql`
    with pending as materialized (
      select d as row, d.id, a.created_at as opened_at from deliveries d join alerts a on a.id = d.alert_id
       where ${deliveryPending('d')}
       order by d.id limit ${batch}
         for update of d skip locked
    ),
    signed as (
      select -1 as sign, jsonb_populate_record(p.row, jsonb_build_object('status', (p.row).counted_status, 'sent_at', (p.row).counted_sent_at)) as d, p.opened_at
        from pending p where (p.row).counted_status is not null
      union all
      select 1, p.row, p.opened_at from pending p
    ),
    outcomes as (
      insert into alert_delivery_hours as b (hour, shard, channel, status, n)
      select date_trunc('hour', x.at, 'UTC'), 0, x.channel, x.status, sum(s.sign)
        from signed s cross join lateral ops_delivery_rows(s.d, s.opened_at) x
       group by 1, 3, 4 having sum(s.sign) <> 0 order by 1, 3, 4
      on conflict (hour, shard, channel, status) do update set n = b.n + excluded.n
    ),
    latency as (
      insert into alert_durations as b (span, start, measure, bin, n, ms)
      select sp.span, date_trunc(sp.span, x.at, 'UTC'), 'sent:' || x.channel, ops_duration_bin(x.seconds), sum(s.sign), sum(s.sign * round(x.seconds * 1000)::bigint)
        from signed s cross join lateral ops_delivery_rows(s.d, s.opened_at) x cross join (values ('day'), ('hour')) sp(span)
       where x.seconds is not null
       group by 1, 2, 3, 4 having sum(s.sign) <> 0 or sum(s.sign * round(x.seconds * 1000)::bigint) <> 0
       order by 1, 2, 3, 4
      on conflict (span, start, measure, bin) do update set n = b.n + excluded.n, ms = b.ms + excluded.ms
    ),
    counted as (
      update deliveries d set counted_status = (p.row).status, counted_sent_at = (p.row).sent_at
        from pending p where d.id = p.id
      returning 1
    )
    select count(*)::int as n from counted`);
  return row!.n;
}

/**
 * The rollups rebuilt from the rows stored, every row then marked counted: the repair after a bulk
 * load, and a check of the folds (rollups.int.test.ts). Writers wait while it runs (share locks);
 * rows of deleted alerts are gone from its figures, unlike the folds'.
 */
export async function rebuildRollups(db: Tx): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${FOLD_LOCK})`);
    await tx.execute(sql`lock table alerts, alert_recipients, deliveries in share mode`);
    await tx.execute(sql`truncate alert_hours, alert_durations, alert_delivery_hours, alert_person_days`);
    // inbox rows of transactions past this horizon are the next fold's
    await tx.execute(sql`update rollup_horizon set inbox_xid = pg_snapshot_xmin(pg_current_snapshot())`);
    await tx.execute(sql`
      insert into alert_hours (hour, shard, severity, alert_type, rule_id, rule_name, opened, acknowledged, resolved, unattended, open, closed)
      select x.hour, 0, x.severity, x.alert_type, x.rule_id, x.rule_name, sum(x.opened), sum(x.acknowledged), sum(x.resolved), sum(x.unattended), sum(x.open), sum(x.closed)
        from alerts a cross join lateral ops_alert_hour_rows(a) x
       group by x.hour, x.severity, x.alert_type, x.rule_id, x.rule_name`);
    await tx.execute(sql`
      insert into alert_durations (span, start, measure, bin, n, ms)
      select sp.span, date_trunc(sp.span, d.at, 'UTC'), d.measure, ops_duration_bin(d.seconds), count(*), sum(round(d.seconds * 1000)::bigint)
        from alerts a cross join lateral ops_alert_durations(a) d cross join (values ('day'), ('hour')) sp(span)
       group by 1, 2, 3, 4`);
    await tx.execute(sql`
      insert into alert_person_days (day, user_id, shard, alerts, acknowledged)
      select date_trunc('day', a.created_at, 'UTC'), r.user_id, 0, count(*), count(*) filter (where a.acknowledged_at is not null)
        from alert_recipients r join alerts a on a.id = r.alert_id
       where r.xact_id < (select inbox_xid from rollup_horizon)
       group by 1, 2`);
    await tx.execute(sql`
      insert into alert_delivery_hours (hour, shard, channel, status, n)
      select date_trunc('hour', a.created_at, 'UTC'), 0, d.channel, d.status, count(*)
        from deliveries d join alerts a on a.id = d.alert_id
       group by 1, 3, 4`);
    await tx.execute(sql`
      insert into alert_durations as b (span, start, measure, bin, n, ms)
      select sp.span, date_trunc(sp.span, x.at, 'UTC'), 'sent:' || x.channel, ops_duration_bin(x.seconds), count(*), sum(round(x.seconds * 1000)::bigint)
        from deliveries d join alerts a on a.id = d.alert_id cross join lateral ops_delivery_rows(d, a.created_at) x cross join (values ('day'), ('hour')) sp(span)
       where x.seconds is not null
       group by 1, 2, 3, 4
      on conflict (span, start, measure, bin) do update set n = b.n + excluded.n, ms = b.ms + excluded.ms`);
    await tx.execute(sql`
      update alerts set counted_status = status, counted_acknowledged_at = acknowledged_at, counted_resolved_at = resolved_at, counted_rule_id = rule_id
       where ${alertPending('alerts')}`);
    await tx.execute(sql`update deliveries set counted_status = status, counted_sent_at = sent_at where ${deliveryPending('deliveries')}`);
  });
}

import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { foldRollups } from './fold';
import { rangeParts, type RangeLevel, type RangePart } from './range-parts';

/** Far enough ahead that "since `from`" takes in every alert stored. */
const END_OF_TIME = new Date('3000-01-01T00:00:00Z');
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
/**
 * Complaints due in each bucket of [f, t): met (resolved by their deadline) and breached (resolved
 * late, or still open past it), counted `sign` times; `members`: only those assigned to these people
 * (complaints_assignee_due_idx). Read from the complaints themselves: a team's view, and the edges
 * of everyone's (complaintsDueRollupSql).
 */
export function complaintsDueSql(bucketOf: (x: SQL) => SQL, f: SQL, t: SQL, members: SQL | null, sign: 1 | -1 = 1): SQL {
  return sql`
      select ${bucketOf(sql`c.resolution_due_at`)} as start,
             ${sign}::int * count(*) filter (where c.resolved_at is not null and c.resolved_at <= c.resolution_due_at)::int as met,
             ${sign}::int * count(*) filter (where (c.resolved_at is not null and c.resolved_at > c.resolution_due_at)
                                 or (c.resolved_at is null and c.resolution_due_at < now()))::int as breached
        from complaints c
       where c.resolution_due_at >= ${f} and c.resolution_due_at < ${t}
         ${members ? sql`and c.assignee_id = any(${members})` : sql``}
       group by 1`;
}

/**
 * Everyone's complaints due per bucket of [from, to): the hours wholly past from complaint_due_hours
 * (db/legacy-migrations/0023; in a past hour, not resolved is breached), the part-hours at the ends and the hour
 * that holds now (and any later) from the complaints.
 */
export function complaintsDueRollupSql(bucketOf: (x: SQL) => SQL, from: Date, to: Date, now = new Date()): SQL {
  const cut = new Date(Math.max(from.getTime(), Math.min(to.getTime(), Math.floor(now.getTime() / 3_600_000) * 3_600_000)));
  const arms = [
    ...rangeParts(from, cut, ['hour']).map(({ source, lo, hi, sign }) =>
      source === 'raw'
        ? complaintsDueSql(bucketOf, ts(lo), ts(hi), null, sign)
        : sql`select ${bucketOf(sql`h.hour`)} as start, ${sign}::int * sum(h.met)::int as met, ${sign}::int * sum(h.late + h.open)::int as breached
                from complaint_due_hours h where h.hour >= ${ts(lo)} and h.hour < ${ts(hi)} group by 1`,
    ),
    ...(cut < to ? [complaintsDueSql(bucketOf, ts(cut), ts(to), null)] : []),
  ];
  return sql`select start, sum(met)::int as met, sum(breached)::int as breached from (${sql.join(arms, sql` union all `)}) x group by start`;
}

/** The `series` CTE's buckets as the API's JSON array, in time order: one shape for everyone's view and a team's. */
export const SERIES_JSON = sql`(select coalesce(json_agg(json_build_object(
                 't', to_char(start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'opened', opened, 'resolved', resolved,
                 'info', info, 'warning', warning, 'error', error, 'critical', critical,
                 'mtta_p50', mtta_p50, 'mtta_p90', mtta_p90, 'mttr_p50', mttr_p50, 'mttr_p90', mttr_p90,
                 'sla_breaches', sla_breaches, 'met', met, 'breached', breached, 'open_at_end', open_at_end) order by start), '[]') from series)`;

const unionAll = (arms: SQL[]) => (arms.length ? sql.join(arms, sql` union all `) : null);

/** The alert_hours contributions of [lo, hi): whole hours from the rollup, the ends from the alerts themselves (the same function the triggers use). */
function hourRows(parts: RangePart[]): SQL {
  const arms = parts.map(({ source, lo, hi, sign }) =>
    source === 'raw'
      ? sql`select x.hour, x.severity, x.alert_type, x.rule_id, x.rule_name, ${sign}::int * x.opened as opened, ${sign}::int * x.acknowledged as acknowledged,
                   ${sign}::int * x.resolved as resolved, ${sign}::int * x.unattended as unattended, ${sign}::int * x.closed as closed
              from alerts a cross join lateral ops_alert_hour_rows(a) x
             where ((a.created_at >= ${ts(lo)} and a.created_at < ${ts(hi)}) or (a.status = 'resolved' and a.resolved_at >= ${ts(lo)} and a.resolved_at < ${ts(hi)}))
               and x.at >= ${ts(lo)} and x.at < ${ts(hi)}`
      : sql`select h.hour, h.severity, h.alert_type, h.rule_id, h.rule_name, ${sign}::int * h.opened as opened, ${sign}::int * h.acknowledged as acknowledged,
                   ${sign}::int * h.resolved as resolved, ${sign}::int * h.unattended as unattended, ${sign}::int * h.closed as closed
              from alert_hours h where h.hour >= ${ts(lo)} and h.hour < ${ts(hi)}`,
  );
  return unionAll(arms) ?? sql`select null::timestamptz as hour, null::text as severity, null::text as alert_type, 0::bigint as rule_id, ''::text as rule_name, 0 as opened, 0 as acknowledged, 0 as resolved, 0 as unattended, 0 as closed where false`;
}

/** Duration histogram rows (at, measure, bin, n, ms) of the alerts opened in the parts, and of their deliveries. */
function durationRows(parts: RangePart[]): SQL {
  const arms = parts.flatMap(({ source, lo, hi, sign }) =>
    source === 'raw'
      ? [
          sql`select x.at, x.measure, ops_duration_bin(x.seconds) as bin, ${sign}::int as n, ${sign}::int * round(x.seconds * 1000)::bigint as ms
                from alerts a cross join lateral ops_alert_durations(a) x where a.created_at >= ${ts(lo)} and a.created_at < ${ts(hi)}`,
          sql`select x.at, 'sent:' || x.channel as measure, ops_duration_bin(x.seconds) as bin, ${sign}::int as n, ${sign}::int * round(x.seconds * 1000)::bigint as ms
                from alerts a join deliveries d on d.alert_id = a.id cross join lateral ops_delivery_rows(d, a.created_at) x
               where a.created_at >= ${ts(lo)} and a.created_at < ${ts(hi)} and x.seconds is not null`,
        ]
      : [sql`select d.start as at, d.measure, d.bin, ${sign}::int * d.n as n, ${sign}::int * d.ms as ms from alert_durations d where d.span = ${source} and d.start >= ${ts(lo)} and d.start < ${ts(hi)}`],
  );
  return unionAll(arms) ?? sql`select null::timestamptz as at, null::text as measure, 0::smallint as bin, 0 as n, 0::bigint as ms where false`;
}

function deliveryRows(parts: RangePart[]): SQL {
  const arms = parts.map(({ source, lo, hi, sign }) =>
    source === 'raw'
      ? sql`select d.channel, d.status, ${sign}::int as n from alerts a join deliveries d on d.alert_id = a.id where a.created_at >= ${ts(lo)} and a.created_at < ${ts(hi)}`
      : sql`select h.channel, h.status, ${sign}::int * h.n as n from alert_delivery_hours h where h.hour >= ${ts(lo)} and h.hour < ${ts(hi)}`,
  );
  return unionAll(arms) ?? sql`select null::text as channel, null::text as status, 0 as n where false`;
}

function personRows(parts: RangePart[]): SQL {
  const arms = parts.map(({ source, lo, hi, sign }) =>
    source === 'raw'
      ? sql`select r.user_id, ${sign}::int as alerts, ${sign}::int * (a.acknowledged_at is not null)::int as acknowledged
              from alerts a join alert_recipients r on r.alert_id = a.id where a.created_at >= ${ts(lo)} and a.created_at < ${ts(hi)}`
      : sql`select p.user_id, ${sign}::int * p.alerts as alerts, ${sign}::int * p.acknowledged as acknowledged from alert_person_days p where p.day >= ${ts(lo)} and p.day < ${ts(hi)}`,
  );
  return unionAll(arms) ?? sql`select 0::bigint as user_id, 0 as alerts, 0 as acknowledged where false`;
}

/**
 * percentile_cont(p) read from a histogram CTE with columns (v: the bin's mean, n, before: the count
 * in lower bins, total): the values at the two ranks around p·(total−1), interpolated.
 */
function pct(p: number): SQL {
  const pos = sql.raw(`(${p} * (total - 1))`);
  const at = (rank: SQL) => sql`max(v) filter (where before <= ${rank} and ${rank} < before + n)`;
  const lo = at(sql`floor(${pos})`);
  return sql`(${lo} + (${pos} - floor(${pos})) * (${at(sql`ceil(${pos})`)} - ${lo}))`;
}

/**
 * Everyone's analytics from the rollups of db/legacy-migrations/0020: counts from alert_hours, MTTA/MTTR and time to
 * delivery from the alert_durations histograms (within 2%), deliveries from alert_delivery_hours and the
 * people's load from alert_person_days, each for the whole units inside the window plus signed raw
 * remainders at its ends (range-parts.ts); complaints over complaints_resolution_due_all_idx.
 */
export function everyoneAnalyticsSql(from: Date, to: Date, bucket: 'hour' | 'day' | 'week'): SQL {
  const f = ts(from);
  const t = ts(to);
  const unit = sql`${bucket}::text`;
  const bucketOf = (x: SQL) => sql`date_trunc(${unit}, ${x}, 'UTC')`;
  const hours = rangeParts(from, to, ['hour']);
  const durationLevels: RangeLevel[] = bucket === 'hour' ? ['hour'] : ['day', 'hour'];
  return sql`
    with hrs as materialized (${hourRows(hours)}),
    since_from as (select coalesce(sum(opened - closed), 0) as n from (${hourRows(rangeParts(from, END_OF_TIME, ['hour']))}) s),
    open_now as (select coalesce(sum(open), 0)::int as n, coalesce(sum(open) filter (where severity = 'critical'), 0)::int as critical from alert_hours where open <> 0),
    buckets as (
      select b as start from generate_series(${bucketOf(f)}, ${t} - interval '1 microsecond', ('1 ' || ${unit})::interval) b
    ),
    counts as (
      select ${bucketOf(sql`hour`)} as start, sum(opened)::int as opened, sum(closed)::int as resolved,
             coalesce(sum(opened) filter (where severity = 'info'), 0)::int as info, coalesce(sum(opened) filter (where severity = 'warning'), 0)::int as warning,
             coalesce(sum(opened) filter (where severity = 'error'), 0)::int as error, coalesce(sum(opened) filter (where severity = 'critical'), 0)::int as critical,
             coalesce(sum(opened) filter (where alert_type = 'sla_breach'), 0)::int as sla_breaches
        from hrs group by 1
    ),
    hist as (
      select ${bucketOf(sql`at`)} as start, measure, bin, sum(n) as n, sum(ms) as ms from (${durationRows(rangeParts(from, to, durationLevels))}) d group by 1, 2, 3
    ),
    ranked as (
      select start, measure, n, ms::float8 / n / 1000 as v, sum(n) over (partition by start, measure order by bin) - n as before, sum(n) over (partition by start, measure) as total
        from hist where n > 0
    ),
    per_bucket as (
      select start, measure, ${pct(0.5)} as p50, ${pct(0.9)} as p90 from ranked where measure in ('ack', 'resolve') group by start, measure, total
    ),
    overall_hist as (select measure, bin, sum(n) as n, sum(ms) as ms from hist group by 1, 2 having sum(n) > 0),
    overall_ranked as (
      select measure, n, ms::float8 / n / 1000 as v, sum(n) over (partition by measure order by bin) - n as before, sum(n) over (partition by measure) as total from overall_hist
    ),
    overall as (select measure, ${pct(0.5)} as p50, ${pct(0.95)} as p95 from overall_ranked group by measure, total),
    due as (${complaintsDueRollupSql(bucketOf, from, to)}),
    series as (
      select b.start, coalesce(o.opened, 0) as opened, coalesce(o.resolved, 0) as resolved,
             coalesce(o.info, 0) as info, coalesce(o.warning, 0) as warning, coalesce(o.error, 0) as error, coalesce(o.critical, 0) as critical,
             ack.p50 as mtta_p50, ack.p90 as mtta_p90, res.p50 as mttr_p50, res.p90 as mttr_p90, coalesce(o.sla_breaches, 0) as sla_breaches,
             coalesce(d.met, 0) as met, coalesce(d.breached, 0) as breached,
             (select n from open_now) - (select n from since_from) + sum(coalesce(o.opened, 0) - coalesce(o.resolved, 0)) over (order by b.start) as open_at_end
        from buckets b
        left join counts o on o.start = b.start
        left join per_bucket ack on ack.start = b.start and ack.measure = 'ack'
        left join per_bucket res on res.start = b.start and res.measure = 'resolve'
        left join due d on d.start = b.start
    ),
    sent as (
      select channel, status, sum(n)::int as n from (${deliveryRows(hours)}) d group by 1, 2 having sum(n) <> 0
    ),
    load as (
      select user_id, sum(alerts)::int as alerts, sum(acknowledged)::int as acknowledged
        from (${personRows(rangeParts(from, to, ['day']))}) p group by user_id having sum(alerts) <> 0
       order by 2 desc, 1 limit 25
    ),
    by_rule_name as (
      select rule_id, rule_name, sum(opened) as opened, sum(acknowledged) as acknowledged, sum(unattended) as unattended from hrs group by 1, 2
    ),
    noisy as (
      select nullif(b.rule_id, 0) as rule_id, coalesce(ru.rule_name, max(nullif(b.rule_name, '')) filter (where b.opened > 0), 'raised through the API') as rule_name,
             sum(b.opened)::int as alerts, (sum(b.acknowledged)::float8 / sum(b.opened)) as acknowledged_share, (sum(b.unattended)::float8 / sum(b.opened)) as unattended_share
        from by_rule_name b left join alert_rules ru on ru.id = nullif(b.rule_id, 0)
       group by b.rule_id, ru.rule_name having sum(b.opened) > 0
       order by alerts desc, nullif(b.rule_id, 0) limit 10
    )
    select
      ${SERIES_JSON} as series,
      (select json_build_object(
                 'alerts', coalesce(sum(opened), 0), 'info', coalesce(sum(info), 0), 'warning', coalesce(sum(warning), 0),
                 'error', coalesce(sum(error), 0), 'critical', coalesce(sum(critical), 0),
                 'acknowledged', (select coalesce(sum(acknowledged), 0) from hrs), 'resolved', (select coalesce(sum(resolved), 0) from hrs),
                 'mtta_p50', (select p50 from overall where measure = 'ack'), 'mttr_p50', (select p50 from overall where measure = 'resolve'),
                 'sla_breaches', coalesce(sum(sla_breaches), 0),
                 'open_now', (select n from open_now), 'open_critical_now', (select critical from open_now))
         from counts) as totals,
      (select coalesce(json_agg(json_build_object('channel', channel, 'status', status, 'n', n) order by channel, status), '[]') from sent) as deliveries,
      (select json_object_agg(substr(measure, 6), p95) from overall where measure like 'sent:%') as delivery_p95,
      (select coalesce(json_agg(json_build_object('user_id', l.user_id, 'name', u.name, 'alerts', l.alerts, 'acknowledged', l.acknowledged)
                                order by l.alerts desc, l.user_id), '[]') from load l join users u on u.id = l.user_id) as people,
      (select coalesce(json_agg(n order by n.alerts desc, n.rule_id), '[]') from noisy n) as rules`;
}

/** Everyone's analytics, from rollups brought up to date first: what was written is in them. */
export async function everyoneAnalytics<T>(db: Tx, from: Date, to: Date, bucket: 'hour' | 'day' | 'week'): Promise<T> {
  await foldRollups(db);
  const [row] = await db.execute<Record<string, unknown>>(everyoneAnalyticsSql(from, to, bucket));
  return row as T;
}

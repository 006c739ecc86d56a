import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db/client';
import { SEVERITIES, type Severity } from '@/db/schema';
import { ApiError } from '@/lib/api/problem';
import { can, type Viewer } from '@/lib/auth/permissions';
import { teamSql } from '@/lib/alerts/visibility';
import { complaintsDueSql, everyoneAnalytics, SERIES_JSON } from './everyone';

export const BUCKETS = ['hour', 'day', 'week'] as const;
export type Bucket = (typeof BUCKETS)[number];
const BUCKET_MS: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };
/** At most this many buckets in one answer: a year of days, a month of hours. */
const MAX_BUCKETS = 800;
const DAY = 86_400_000;

const when = z.iso.datetime({ offset: true });
export const analyticsQuerySchema = z
  .object({
    from: when.optional(),
    to: when.optional(),
    bucket: z.enum(BUCKETS).default('day'),
    team: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().describe("a lead's user id: the alerts that reached them or anyone below them"),
  })
  .superRefine((q, ctx) => {
    const to = q.to ? Date.parse(q.to) : Date.now();
    const from = q.from ? Date.parse(q.from) : to - 30 * DAY;
    if (from >= to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must be before to' });
    else if ((to - from) / BUCKET_MS[q.bucket] > MAX_BUCKETS) {
      ctx.addIssue({ code: 'custom', path: ['bucket'], message: `At most ${MAX_BUCKETS} buckets: choose a larger bucket or a shorter range` });
    }
  });
export type AnalyticsQuery = z.infer<typeof analyticsQuerySchema>;

const int = z.number().int();
const seconds = z.number().nullable();
export const analyticsSchema = z.object({
  from: z.string(),
  to: z.string(),
  bucket: z.enum(BUCKETS),
  team: z.object({ id: int, name: z.string() }).nullable().describe('null: every alert (alerts.manage without a team)'),
  totals: z.object({
    alerts: int,
    by_severity: z.record(z.enum(SEVERITIES), int),
    acknowledged: int,
    resolved: int,
    open_now: int,
    open_critical_now: int,
    mtta_p50_s: seconds.describe('within 2% (read from log-scale histograms; exact for a team)'),
    mttr_p50_s: seconds.describe('within 2% (read from log-scale histograms; exact for a team)'),
    sla_breaches: int,
  }),
  series: z.array(
    z.object({
      t: z.string().describe('the start of the bucket'),
      alerts: z.record(z.enum(SEVERITIES), int).describe('alerts opened in the bucket, by severity'),
      opened: int,
      resolved: int.describe('alerts resolved in the bucket, whenever they opened'),
      open_at_end: int,
      mtta_p50_s: seconds.describe('of the alerts opened in the bucket and acknowledged; percentiles within 2% (log-scale histograms), exact for a team'),
      mtta_p90_s: seconds,
      mttr_p50_s: seconds.describe('of the alerts opened in the bucket and resolved'),
      mttr_p90_s: seconds,
      sla_breaches: int.describe('SLA breach alerts opened in the bucket'),
      complaints_met: int.describe('complaints due in the bucket, resolved in time'),
      complaints_breached: int.describe('complaints due in the bucket, resolved late or still open past it'),
    }),
  ),
  deliveries: z.array(z.object({ channel: z.string(), status: z.string(), n: int })),
  delivery_p95_s: z.record(z.string(), z.number()).describe('per channel: alert opened → first message sent, p95, within 2%'),
  people: z.array(z.object({ user_id: int, name: z.string(), alerts: int, acknowledged: int })).describe('alert load per person, heaviest first (at most 25)'),
  rules: z
    .array(z.object({ rule_id: int.nullable(), rule_name: z.string(), alerts: int, acknowledged_share: z.number(), unattended_share: z.number() }))
    .describe('the noisiest rules (at most 10): unattended = resolved with nobody acknowledging'),
});
export type Analytics = z.infer<typeof analyticsSchema>;

/**
 * Whose alerts a viewer may chart. alerts.manage: everyone's, or one lead's team (`team`); anyone
 * else: their own team (themselves and everyone below them), or a lead inside it.
 */
async function teamOf(db: Tx, viewer: Viewer, team: number | undefined): Promise<{ id: number; name: string; members: number[] } | null> {
  if (!can(viewer, 'alerts.read')) throw new ApiError(403, 'Forbidden', 'Analytics need alerts.read');
  const lead = team ?? (can(viewer, 'alerts.manage') ? null : viewer.id);
  if (lead === null) return null;
  if (!can(viewer, 'alerts.manage') && lead !== viewer.id) {
    const [inside] = await db.execute<{ ok: boolean }>(sql`select exists (select 1 from (${teamSql(viewer.id)}) t where t.id = ${lead}) as ok`);
    if (!inside!.ok) throw new ApiError(403, 'Forbidden', 'You may chart your own team only');
  }
  const [row] = await db.execute<{ name: string | null; members: number[] | null }>(sql`
    select (select name from users where id = ${lead}) as name, (select array_agg(id) from (${teamSql(lead)}) t) as members`);
  if (!row?.name) throw new ApiError(404, 'Not Found', 'No such person to chart the team of');
  return { id: lead, name: row.name, members: (row.members ?? []).map(Number) };
}

/** The leads whose team an admin may chart (anyone someone reports to); null for a viewer who charts only their own team. */
export async function chartableLeads(db: Tx, viewer: Viewer): Promise<{ id: number; name: string }[] | null> {
  if (!can(viewer, 'alerts.manage')) return null;
  const rows = await db.execute<{ id: number; name: string }>(sql`
    select u.id, u.name from users u where u.is_active and exists (select 1 from users r where r.manager_id = u.id) order by u.name limit 200`);
  return rows.map((l) => ({ id: Number(l.id), name: l.name }));
}

const seconds_ = (v: number | string | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);

/**
 * Load, response and noise over a window, per hour, day or week, in SQL — never rows pulled into
 * JavaScript. Everyone's view sums the rollups kept by triggers (db/legacy-migrations/0020, 0023; everyone.ts);
 * a lead's team, its alerts found through its people's inbox rows (teamAnalytics).
 */
export async function alertAnalytics(db: Tx, viewer: Viewer, q: AnalyticsQuery): Promise<Analytics> {
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY);
  const team = await teamOf(db, viewer, q.team);
  const f = sql`${from.toISOString()}::timestamptz`;
  const t = sql`${to.toISOString()}::timestamptz`;
  const unit = sql`${q.bucket}::text`;
  const bucketOf = (ts: SQL) => sql`date_trunc(${unit}, ${ts}, 'UTC')`;
  const row = team ? await teamAnalytics(db, team.members, f, t, unit, bucketOf) : await everyoneAnalytics<RawAnalytics>(db, from, to, q.bucket);
  return toAnalytics(from, to, q.bucket, team, row);
}

type RawAnalytics = { series: RawBucket[]; totals: RawTotals; deliveries: Analytics['deliveries']; delivery_p95: Record<string, number> | null; people: Analytics['people']; rules: RawRule[] };

/**
 * One lead's team: the alerts that reached its members, found through their inbox rows over
 * alert_recipients' indexes (opened in the window: the inbox index by time; open, or resolved since the
 * window began: alert_recipients_open_user_idx and alert_recipients_resolved_user_idx), each counted once.
 */
async function teamAnalytics(db: Tx, memberIds: number[], f: SQL, t: SQL, unit: SQL, bucketOf: (ts: SQL) => SQL): Promise<RawAnalytics> {
  const members = sql`${`{${memberIds.join(',')}}`}::bigint[]`;
  const [row] = await db.execute<RawAnalytics>(sql`
    with team_rows as materialized (
      select r.alert_id, r.user_id from alert_recipients r where r.user_id = any(${members}) and r.created_at >= ${f}
    ),
    team_alerts as materialized (
      select a.id, a.severity, a.created_at, a.acknowledged_at, a.resolved_at, a.status, a.rule_id, a.alert_type, a.metadata->>'rule_name' as rule_name
        from alerts a
       where a.id in (select alert_id from team_rows
                      union select r.alert_id from alert_recipients r where r.user_id = any(${members}) and r.alert_resolved_at is null
                      union select r.alert_id from alert_recipients r where r.user_id = any(${members}) and r.alert_resolved_at >= ${f})
    ),
    scoped as materialized (
      select * from team_alerts a where a.created_at >= ${f} and a.created_at < ${t}
    ),
    buckets as (
      select b as start from generate_series(${bucketOf(f)}, ${t} - interval '1 microsecond', ('1 ' || ${unit})::interval) b
    ),
    opened as (
      select ${bucketOf(sql`created_at`)} as start, count(*)::int as opened,
             count(*) filter (where severity = 'info')::int as info, count(*) filter (where severity = 'warning')::int as warning,
             count(*) filter (where severity = 'error')::int as error, count(*) filter (where severity = 'critical')::int as critical,
             percentile_cont(0.5) within group (order by extract(epoch from acknowledged_at - created_at)) filter (where acknowledged_at is not null) as mtta_p50,
             percentile_cont(0.9) within group (order by extract(epoch from acknowledged_at - created_at)) filter (where acknowledged_at is not null) as mtta_p90,
             percentile_cont(0.5) within group (order by extract(epoch from resolved_at - created_at)) filter (where resolved_at is not null) as mttr_p50,
             percentile_cont(0.9) within group (order by extract(epoch from resolved_at - created_at)) filter (where resolved_at is not null) as mttr_p90,
             count(*) filter (where alert_type = 'sla_breach')::int as sla_breaches
        from scoped group by 1
    ),
    closed as (
      select ${bucketOf(sql`a.resolved_at`)} as start, count(*)::int as resolved
        from team_alerts a
       where a.status = 'resolved' and a.resolved_at >= ${f} and a.resolved_at < ${t}
       group by 1
    ),
    -- open when the window starts: still open now, or resolved after it started, and opened before it
    open_at_start as (
      select count(*)::int as n from team_alerts a
       where a.created_at < ${f}
         and (a.status <> 'resolved' or (a.status = 'resolved' and a.resolved_at >= ${f}))
    ),
    due as (${complaintsDueSql(bucketOf, f, t, members)}),
    series as (
      select b.start, coalesce(o.opened, 0) as opened, coalesce(x.resolved, 0) as resolved,
             coalesce(o.info, 0) as info, coalesce(o.warning, 0) as warning, coalesce(o.error, 0) as error, coalesce(o.critical, 0) as critical,
             o.mtta_p50, o.mtta_p90, o.mttr_p50, o.mttr_p90, coalesce(o.sla_breaches, 0) as sla_breaches,
             coalesce(d.met, 0) as met, coalesce(d.breached, 0) as breached,
             (select n from open_at_start) + sum(coalesce(o.opened, 0) - coalesce(x.resolved, 0)) over (order by b.start) as open_at_end
        from buckets b
        left join opened o on o.start = b.start
        left join closed x on x.start = b.start
        left join due d on d.start = b.start
    ),
    sent as (
      select d.channel, d.status, count(*)::int as n,
             percentile_cont(0.95) within group (order by extract(epoch from d.sent_at - s.created_at))
               filter (where d.status = 'sent' and d.kind = 'fired') as p95
        from deliveries d join scoped s on s.id = d.alert_id
       group by d.channel, d.status
    ),
    load as (
      select r.user_id, count(*)::int as alerts, count(*) filter (where s.acknowledged_at is not null)::int as acknowledged
        from scoped s join team_rows r on r.alert_id = s.id
       group by r.user_id order by alerts desc, r.user_id limit 25
    ),
    noisy as (
      select s.rule_id, coalesce(ru.rule_name, max(s.rule_name), 'raised through the API') as rule_name, count(*)::int as alerts,
             avg((s.acknowledged_at is not null)::int)::float8 as acknowledged_share,
             avg((s.resolved_at is not null and s.acknowledged_at is null)::int)::float8 as unattended_share
        from scoped s left join alert_rules ru on ru.id = s.rule_id
       group by s.rule_id, ru.rule_name order by alerts desc, s.rule_id limit 10
    )
    select
      ${SERIES_JSON} as series,
      (select json_build_object(
                 'alerts', count(*), 'info', count(*) filter (where severity = 'info'), 'warning', count(*) filter (where severity = 'warning'),
                 'error', count(*) filter (where severity = 'error'), 'critical', count(*) filter (where severity = 'critical'),
                 'acknowledged', count(*) filter (where acknowledged_at is not null), 'resolved', count(*) filter (where resolved_at is not null),
                 'mtta_p50', percentile_cont(0.5) within group (order by extract(epoch from acknowledged_at - created_at)) filter (where acknowledged_at is not null),
                 'mttr_p50', percentile_cont(0.5) within group (order by extract(epoch from resolved_at - created_at)) filter (where resolved_at is not null),
                 'sla_breaches', count(*) filter (where alert_type = 'sla_breach'),
                 'open_now', (select count(*) from team_alerts a where a.status <> 'resolved'),
                 'open_critical_now', (select count(*) from team_alerts a where a.status <> 'resolved' and a.severity = 'critical'))
         from scoped) as totals,
      (select coalesce(json_agg(json_build_object('channel', channel, 'status', status, 'n', n) order by channel, status), '[]') from sent) as deliveries,
      (select json_object_agg(channel, p95) from sent where p95 is not null) as delivery_p95,
      (select coalesce(json_agg(json_build_object('user_id', l.user_id, 'name', u.name, 'alerts', l.alerts, 'acknowledged', l.acknowledged)
                                order by l.alerts desc, l.user_id), '[]') from load l join users u on u.id = l.user_id) as people,
      (select coalesce(json_agg(n order by n.alerts desc, n.rule_id), '[]') from noisy n) as rules`);
  return row!;
}

function toAnalytics(from: Date, to: Date, bucket: Bucket, team: { id: number; name: string } | null, row: RawAnalytics): Analytics {
  const totals = row.totals;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    bucket,
    team: team ? { id: team.id, name: team.name } : null,
    totals: {
      alerts: totals.alerts,
      by_severity: Object.fromEntries(SEVERITIES.map((s) => [s, totals[s]])) as Record<Severity, number>,
      acknowledged: totals.acknowledged,
      resolved: totals.resolved,
      open_now: totals.open_now,
      open_critical_now: totals.open_critical_now,
      mtta_p50_s: seconds_(totals.mtta_p50),
      mttr_p50_s: seconds_(totals.mttr_p50),
      sla_breaches: totals.sla_breaches,
    },
    series: row.series.map((b) => ({
      t: b.t,
      alerts: { info: b.info, warning: b.warning, error: b.error, critical: b.critical },
      opened: b.opened,
      resolved: b.resolved,
      open_at_end: Number(b.open_at_end),
      mtta_p50_s: seconds_(b.mtta_p50),
      mtta_p90_s: seconds_(b.mtta_p90),
      mttr_p50_s: seconds_(b.mttr_p50),
      mttr_p90_s: seconds_(b.mttr_p90),
      sla_breaches: b.sla_breaches,
      complaints_met: b.met,
      complaints_breached: b.breached,
    })),
    deliveries: row.deliveries,
    delivery_p95_s: Object.fromEntries(Object.entries(row.delivery_p95 ?? {}).map(([k, v]) => [k, seconds_(v)!])),
    people: row.people,
    rules: row.rules.map((r) => ({ ...r, rule_id: r.rule_id === null ? null : Number(r.rule_id) })),
  };
}

type RawBucket = {
  t: string;
  opened: number;
  resolved: number;
  info: number;
  warning: number;
  error: number;
  critical: number;
  mtta_p50: number | null;
  mtta_p90: number | null;
  mttr_p50: number | null;
  mttr_p90: number | null;
  sla_breaches: number;
  met: number;
  breached: number;
  open_at_end: number | string;
};
type RawTotals = Record<Severity, number> & {
  alerts: number;
  acknowledged: number;
  resolved: number;
  open_now: number;
  open_critical_now: number;
  mtta_p50: number | null;
  mttr_p50: number | null;
  sla_breaches: number;
};
type RawRule = Analytics['rules'][number];

import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db/client';
import { sqlTextArray } from '@/db/sql-arrays';
import { ApiError, notFound } from '@/lib/api/problem';
import { requirePermission, type Viewer } from '@/lib/auth/permissions';
import { staffWorkloadConditions } from '@/lib/checks/complaints';
import { slaConditionsSchema, type SlaConditions } from '@/lib/checks/sla';
import { OPEN_STATUSES_SQL } from '@/lib/checks/types';
import { intervalSeconds, CRON_ENTRIES, jobName } from '@/lib/cron/schedule';
import { alertConfigSchema, rulePreviewSchema, type AlertConfig } from '@/lib/validation/rules';
import { personEmailAllowed } from '@/lib/delivery/policy';
import { recipientRows, subscribed } from './recipients';
import { BACKTEST_MAX_DAYS } from './retention';
import { normalizeRule } from './rules';

/** POST /api/v1/alerts/rules/backtest: a rule as it is being edited, and how many days back to replay it. */
export const backtestInputSchema = z.object({
  rule: rulePreviewSchema,
  days: z.number().int().min(1).max(BACKTEST_MAX_DAYS).default(7),
});
export type BacktestInput = z.infer<typeof backtestInputSchema>;

const int = z.number().int();
const sideSchema = z.object({
  counts: z.object({
    alerts: int.describe('alerts raised (each new stretch of the condition is one alert)'),
    told: int.describe('of them, alerts that reached people: not capped, not silenced for good, not grouped'),
    throttled: int,
    silenced: int.describe('raised under a silence; told when it ended if still firing'),
    grouped: int,
    retold: int.describe('repeats past the cooldown that put an alert back in its recipients’ unread'),
    resolved: int,
    already_firing: int.describe('alerts whose condition held when the window opened: counted on its first day'),
  }),
  per_day: z.array(z.object({ day: z.string(), alerts: int, told: int, quiet: int })),
  people: z
    .array(z.object({ user_id: int, name: z.string(), told: int.describe('alerts and repeats that reached them'), emails: int }))
    .describe('who would have been notified and how often, most first (at most 25)'),
  people_total: int,
  channels: z.object({ slack: int, webhook: int, email_to: int }).describe("messages to the rule's team channels"),
  resources: z
    .array(z.object({ type: z.string(), id: z.string(), label: z.string(), alerts: int, repeats: int }))
    .describe('the noisiest resources (at most 10)'),
});
export type BacktestSide = z.infer<typeof sideSchema>;

export const backtestResultSchema = z.object({
  from: z.string(),
  to: z.string(),
  days: int,
  step_minutes: int.describe("the check's schedule: the replay evaluates the rule at each run it would have had"),
  replayable: z.boolean(),
  edited: sideSchema.nullable().describe('the rule as edited; null when it cannot be replayed'),
  saved: sideSchema.nullable().describe('the rule as saved (null for a new rule)'),
  caveats: z.array(z.string()).describe('what the replay cannot know'),
});
export type BacktestResult = z.infer<typeof backtestResultSchema>;

/** The checks that replay from the complaint change log, and the job whose schedule they ran on. */
const REPLAYABLE: Record<string, 'sla' | 'critical'> = { sla_at_risk: 'sla', sla_breached: 'sla', staff_workload: 'critical' };
const stepOf = (check: string) => intervalSeconds(CRON_ENTRIES.find((e) => jobName(e) === REPLAYABLE[check])!.schedule);
const OPEN = sql.raw(OPEN_STATUSES_SQL);

/** What every replay says plainly. */
const CAVEATS = [
  'Nobody acknowledges or resolves by hand in a replay, so repeats go on until the condition clears, and escalations (which wait for an acknowledgement) are not counted.',
  'A complaint counts as answered or resolved from the time it says it was, even when Ops Alerts heard of it later.',
  'People, roles, subscriptions and preferences are as they are now; silences as they were.',
  'Alerts already firing when the window opens count as raised at its start.',
];
const NO_AUTO_RESOLVE = 'This rule does not resolve by itself: after the first stretch, each later stretch of the condition counts as repeats of the one open alert, with the cooldown counted from the start of each stretch.';
const EXPIRY = 'Alerts that expire (expires_after_minutes) are replayed as if they did not.';

type RuleToReplay = { id: number | null; check: string; conditions: unknown; alertConfig: AlertConfig };

/**
 * Replay a rule as edited — and the rule as saved, side by side — over the last `days` of stored
 * history, at every run its check would have had (the SLA job's schedule): the alerts it would
 * have raised per day, who would have been told and how often after the cooldown, the hourly cap,
 * grouping, silences and their preferences, and the noisiest resources. The SLA and workload checks
 * replay over the complaint change log (complaint_changes); other checks are not replayed, and say so.
 * Set-based: the versions of each complaint become the stretches of points where the condition
 * held; only the rule's group window walks the schedule points, in order, as aggregates.
 */
export async function backtestRule(db: Tx, viewer: Viewer, input: BacktestInput): Promise<BacktestResult> {
  requirePermission(viewer, 'alerts.manage');
  const rule = normalizeRule(input.rule);
  const step = REPLAYABLE[rule.check] ? stepOf(rule.check) : stepOf('sla_breached');
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local statement_timeout = '30s'`);
    // the replay sorts and groups a few hundred thousand rows: in memory, not on disk
    await tx.execute(sql`set local work_mem = '64MB'`);
    const [clock] = await tx.execute<{ to: string }>(sql`select now() as to`);
    const to = new Date(clock!.to);
    const from = new Date(to.getTime() - input.days * 86_400_000);
    const base = { from: from.toISOString(), to: to.toISOString(), days: input.days, step_minutes: step / 60 };
    if (!REPLAYABLE[rule.check]) {
      return {
        ...base,
        replayable: false,
        edited: null,
        saved: null,
        caveats: [`Only the SLA and workload checks replay from history so far; “${rule.check}” can be tried with the preview, which runs it on the data as it is now.`],
      };
    }
    let saved: RuleToReplay | null = null;
    if (input.rule.id) {
      const [row] = await tx.execute<{ check: string; conditions: unknown; alert_config: unknown }>(
        sql`select "check", conditions, alert_config from alert_rules where id = ${input.rule.id}`,
      );
      if (!row) throw notFound('Rule');
      const cfg = alertConfigSchema.safeParse(row.alert_config);
      if (cfg.success) saved = { id: input.rule.id, check: row.check, conditions: row.conditions, alertConfig: cfg.data };
    }
    const edited: RuleToReplay = { id: input.rule.id ?? null, check: rule.check, conditions: rule.conditions, alertConfig: alertConfigSchema.parse(rule.alert_config) };
    const caveats = [...CAVEATS];
    for (const r of [edited, saved]) {
      if (r && !r.alertConfig.auto_resolve && !caveats.includes(NO_AUTO_RESOLVE)) caveats.push(NO_AUTO_RESOLVE);
      if (r?.alertConfig.expires_after_minutes && !caveats.includes(EXPIRY)) caveats.push(EXPIRY);
    }
    const window = { from, to };
    const replaySaved = saved !== null && REPLAYABLE[saved.check] !== undefined;
    // the alerts depend on the check, its conditions and auto-resolve: an edit of anything else
    // (cooldown, cap, grouping, recipients, channels) replays over the same alerts
    const sameAlerts = replaySaved && sameAlertsOf(edited) === sameAlertsOf(saved!);
    const ordered = [edited, replaySaved ? saved : null].some((r) => r && (r.alertConfig.max_per_hour || r.alertConfig.group_window_minutes));
    const editedSide = await replay(tx, edited, window, { ordered, fresh: true });
    return {
      ...base,
      replayable: true,
      edited: editedSide,
      saved: replaySaved ? await replay(tx, saved!, window, { ordered, fresh: !sameAlerts }) : null,
      caveats,
    };
  });
}

const sameAlertsOf = (r: RuleToReplay) => JSON.stringify([r.check, conditionsOf(r), r.alertConfig.auto_resolve]);

function conditionsOf(r: RuleToReplay) {
  const parsed = (r.check === 'staff_workload' ? staffWorkloadConditions : slaConditionsSchema).safeParse(r.conditions);
  if (!parsed.success) throw new ApiError(422, 'Unprocessable Content', 'The rule’s conditions do not fit its check');
  return parsed.data;
}

type Window = { from: Date; to: Date };

/** One rule over the window: the alerts it would have raised (a temporary table), then what they would have told whom. */
async function replay(tx: Tx, rule: RuleToReplay, w: Window, opts: { ordered: boolean; fresh: boolean }): Promise<BacktestSide> {
  const cfg = rule.alertConfig;
  const alertType = cfg.alert_type ?? rule.check;
  const step = stepOf(rule.check);
  const resourceType = rule.check === 'staff_workload' ? 'user' : 'complaint';
  const k0 = Math.ceil(w.from.getTime() / 1000 / step);
  const k1 = Math.floor(w.to.getTime() / 1000 / step);
  const cooldownSteps = Math.max(1, Math.ceil((cfg.cooldown_minutes * 60) / step));
  const ruleId = rule.id ?? 0;

  if (opts.fresh) {
    await tx.execute(sql`drop table if exists bt_alert`);
    const p = { k0, k1, step, ruleId, autoResolve: cfg.auto_resolve, ordered: opts.ordered };
    const alerts =
      rule.check === 'staff_workload'
        ? workloadAlertsSql(staffWorkloadConditions.parse(rule.conditions), p)
        : alertsSql(slaConditionsSchema.parse(rule.conditions), rule.check === 'sla_breached' ? 'breached' : 'at_risk', p);
    await tx.execute(sql`create temp table bt_alert on commit drop as ${alerts}`);
    await tx.execute(sql`analyze bt_alert`);
  }

  // the group window walks the points that raised alerts, in order: at each, does its first new
  // alert (by fingerprint) lead a group, or do they all join a group led by an open earlier one?
  const leads: number[] = [];
  if (cfg.group_window_minutes) {
    const points = await tx.execute<{ k: string; lead_ke: string }>(sql`
      select ks as k, (array_agg(ke order by fp))[1] as lead_ke from bt_alert group by ks order by ks`);
    const windowSteps = (cfg.group_window_minutes * 60) / step;
    let open: { k: number; ke: number }[] = [];
    for (const p of points) {
      const k = Number(p.k);
      // a leader still open (resolved at a point is still open to that point's run) and created within the window
      open = open.filter((l) => l.ke >= k && k - l.k < windowSteps);
      if (open.length === 0) {
        leads.push(k);
        open.push({ k, ke: Number(p.lead_ke) });
      }
    }
  }

  const [row] = await tx.execute<RawSide>(sideSql(cfg, { ruleId: rule.id, alertType, resourceType, step, k0, k1, cooldownSteps, autoResolve: cfg.auto_resolve, leads }));
  return {
    counts: row!.counts,
    per_day: row!.per_day,
    people: row!.people.map((p) => ({ ...p, user_id: Number(p.user_id) })),
    people_total: row!.people_total,
    channels: row!.channels,
    resources: row!.resources,
  };
}

type RawSide = Omit<BacktestSide, 'people'> & { people: (Omit<BacktestSide['people'][number], 'user_id'> & { user_id: number | string })[] };

/**
 * The alerts an SLA rule would have raised at the schedule points k0..k1 (point k is the time
 * k × step seconds): each complaint version says over which span its deadline was at risk or past
 * and not met; spans become runs of points, and touching runs of one complaint and deadline merge
 * into one stretch — one alert, raised at its first point and resolved at the first point after it
 * (a rule that does not resolve by itself keeps one alert from its first stretch on). Columns:
 * fp (the fingerprint fire.ts would give it; only when `ordered`), ks (raised at), ke (resolved
 * at; k1 + 1: still open), subject (the owner then), carried (already true when the window
 * opened), lens (a rule that does not resolve by itself: the length of each stretch), rn (its place
 * among the alerts of its point, by fingerprint, as fire.ts numbers them; only when `ordered`: the
 * hourly cap and the group window need it).
 */
function alertsSql(
  c: SlaConditions,
  mode: 'at_risk' | 'breached',
  p: { k0: number; k1: number; step: number; ruleId: number; autoResolve: boolean; ordered: boolean },
): SQL {
  const w0 = sql`to_timestamp(${p.k0 * p.step}::float8)`;
  const w1 = sql`to_timestamp(${p.k1 * p.step}::float8)`;
  const lo = mode === 'breached' ? sql`v.due` : sql`v.due - make_interval(mins => ${c.buffer_minutes}::int)`;
  const hi = mode === 'breached' ? sql`'infinity'::timestamptz` : sql`v.due`;
  const priority = c.priorities ? sql`and h.priority = any(${sqlTextArray(c.priorities)})` : sql``;
  // point numbers in float8 (date_part: extract's numeric is several times slower over a million rows)
  const pt = (ts: SQL) => sql`ceil(date_part('epoch', ${ts}) / ${p.step}::float8)`;
  // one scan: each version once, each deadline of the rule a row of plain columns — the deadline, when
  // it was met, and until when the complaint was open (while its status says so; a closed version until
  // it says it was resolved); versions whose deadline was never late (or never near) are left out
  return sql`
    with v as (
      select h.complaint_id, k.kind, h.assignee_id, h.valid_from, h.valid_to, k.due, k.met,
             case when h.status in ${OPEN} then 'infinity'::timestamptz else coalesce(h.resolved_at, '-infinity') end as open_until
        from complaint_changes h
        cross join lateral (values ('response'::text, h.response_due_at, h.first_responded_at), ('resolution'::text, h.resolution_due_at, h.resolved_at)) as k(kind, due, met)
       where h.valid_to > ${w0} and h.valid_from <= ${w1} ${priority}
         and (h.status in ${OPEN} or h.resolved_at > ${w0})
         and k.kind = any(${sqlTextArray(c.deadlines)}) and k.due is not null
         and coalesce(k.met, 'infinity') > ${mode === 'breached' ? sql`k.due` : sql`k.due - make_interval(mins => ${c.buffer_minutes}::int)`}
    ),
    span as (
      select complaint_id, kind, assignee_id, greatest(v.valid_from, ${lo}) as s,
             least(v.valid_to, coalesce(v.met, 'infinity'), v.open_until, ${hi}) as e
        from v
    ),
    runs as (
      select complaint_id, kind, assignee_id, ${pt(sql`s`)} < ${p.k0} as carried,
             greatest(${pt(sql`s`)}, ${p.k0})::bigint as ks, least(${pt(sql`e`)}, ${p.k1 + 1})::bigint as ke
        from span where s < e
    ),
    -- the runs of one complaint and deadline come from disjoint versions, so they are ordered and
    -- apart or touching: a run that touches neither neighbour is a stretch by itself (nearly all);
    -- only the others are joined up
    marked as (
      select r.*, lag(r.ke) over w as prev_ke, lead(r.ks) over w as next_ks
        from runs r where r.ks < r.ke
      window w as (partition by r.complaint_id, r.kind order by r.ks, r.ke)
    ),
    stretches as (
      select complaint_id, kind, ks, ke, assignee_id as subject, carried from marked
       where (prev_ke is null or prev_ke < ks) and (next_ks is null or next_ks > ke)
      union all
      select complaint_id, kind, min(ks), max(ke), (array_agg(assignee_id order by ks))[1], (array_agg(carried order by ks))[1]
        from (select m.*, sum(case when m.prev_ke is null or m.prev_ke < m.ks then 1 else 0 end)
                            over (partition by m.complaint_id, m.kind order by m.ks, m.ke) as stretch
                from marked m where not ((m.prev_ke is null or m.prev_ke < m.ks) and (m.next_ks is null or m.next_ks > m.ke))) x
       group by complaint_id, kind, stretch
    ),
    alerts as (
      ${
        p.autoResolve
          ? sql`select complaint_id, kind, ks, ke, subject, carried, null::int[] as lens from stretches`
          : sql`select complaint_id, kind, min(ks) as ks, ${p.k1 + 1}::bigint as ke, (array_agg(subject order by ks))[1] as subject,
                       (array_agg(carried order by ks))[1] as carried, array_agg((ke - ks)::int order by ks) as lens
                  from stretches group by complaint_id, kind`
      }
    )
    select ${p.ordered ? sql`${`${p.ruleId}:complaint:`}::text || complaint_id || ':' || kind` : sql`null::text`} as fp, complaint_id as rid, kind, ks, ke, subject, carried, lens,
           ${p.ordered ? sql`row_number() over (partition by ks order by ${`${p.ruleId}:complaint:`}::text || complaint_id || ':' || kind)` : sql`0::bigint`} as rn
      from alerts`;
}

/**
 * The alerts a workload rule would have raised at the points k0..k1 of its job: each version of an
 * owned complaint counts on its owner while it was open; the count per person changes only where a
 * version starts or ends, so it is summed as steps (+1, -1) in point order. A person's alert opens
 * at the first point their count is over the threshold and stays while it is over the recovery
 * level (the check's hysteresis), resolving at the first point it is not. Columns as alertsSql's.
 */
function workloadAlertsSql(
  c: { max_open_items: number; recovery_items?: number },
  p: { k0: number; k1: number; step: number; ruleId: number; autoResolve: boolean; ordered: boolean },
): SQL {
  const w0 = sql`to_timestamp(${p.k0 * p.step}::float8)`;
  const w1 = sql`to_timestamp(${p.k1 * p.step}::float8)`;
  const pt = (ts: SQL) => sql`ceil(date_part('epoch', ${ts}) / ${p.step}::float8)`;
  const fp = sql`${`${p.ruleId}:user:`}::text || a`;
  return sql`
    with v as (
      select h.assignee_id as a, greatest(h.valid_from, ${w0}) as s,
             least(h.valid_to, case when h.status in ${OPEN} then 'infinity'::timestamptz else coalesce(h.resolved_at, '-infinity') end) as e
        from complaint_changes h
       where h.assignee_id is not null and h.valid_to > ${w0} and h.valid_from <= ${w1} and (h.status in ${OPEN} or h.resolved_at > ${w0})
    ),
    runs as (
      select a, greatest(${pt(sql`s`)}, ${p.k0})::bigint as ks, least(${pt(sql`e`)}, ${p.k1 + 1})::bigint as ke from v where s < e
    ),
    steps as (
      select a, k, sum(d) as d from (select a, ks as k, 1 as d from runs where ks < ke union all select a, ke, -1 from runs where ks < ke and ke <= ${p.k1}::bigint) x
       group by a, k
    ),
    level as (
      select a, k, lead(k, 1, ${p.k1 + 1}::bigint) over (partition by a order by k) as k_next, sum(d) over (partition by a order by k) as n from steps
    ),
    -- runs of points over the recovery level; an alert from the first point over the threshold in one to its end
    marked as (
      select l.*, l.n > ${c.max_open_items}::int as hot, l.n > ${c.recovery_items ?? c.max_open_items}::int as warm,
             sum(case when l.n > ${c.recovery_items ?? c.max_open_items}::int then 0 else 1 end) over (partition by l.a order by l.k) as grp
        from level l
    ),
    stretches as (
      select a, min(k) filter (where hot) as ks, max(k_next) as ke from marked where warm group by a, grp having bool_or(hot)
    ),
    alerts as (
      ${
        p.autoResolve
          ? sql`select a, ks, ke, ks = ${p.k0}::bigint as carried, null::int[] as lens from stretches`
          : sql`select a, min(ks) as ks, ${p.k1 + 1}::bigint as ke, min(ks) = ${p.k0}::bigint as carried, array_agg((ke - ks)::int order by ks) as lens
                  from stretches group by a`
      }
    )
    select ${p.ordered ? fp : sql`null::text`} as fp, a as rid, 'user'::text as kind, ks, ke, a as subject, carried, lens,
           ${p.ordered ? sql`row_number() over (partition by ks order by ${fp})` : sql`0::bigint`} as rn
      from alerts`;
}

/**
 * What the alerts of bt_alert would have told whom, as one row of JSON: each alert throttled (past
 * the hourly cap, counted over the hour before its point, as fire.ts counts), grouped (`leads`:
 * the points whose first alert leads a group), silenced (by a silence then; told when it ended if
 * nothing silenced it then and it still fired) — and the repeats of each, told when neither capped,
 * grouped, held nor silenced at that point. People: everyone the rule reaches for each owner, as
 * fire.ts decides (recipientRows), with their subscriptions; emails as live delivery decides
 * (lib/delivery/policy.ts, personEmailAllowed), and one more for each told alert that resolved.
 */
function sideSql(
  cfg: AlertConfig,
  p: { ruleId: number | null; alertType: string; resourceType: 'complaint' | 'user'; step: number; k0: number; k1: number; cooldownSteps: number; autoResolve: boolean; leads: number[] },
): SQL {
  const at = (k: SQL) => sql`to_timestamp((${k}) * ${p.step}::float8)`;
  const silenceAt = (ts: SQL) =>
    sql`ops_silence_at(${ts}, ${p.ruleId}::bigint, ${p.alertType}::text, ${cfg.severity}::text, ${p.resourceType}::text, a.rid::text)`;
  const cap = cfg.max_per_hour ?? null;
  const hourSteps = Math.ceil(3600 / p.step);
  const grouping = cfg.group_window_minutes !== undefined;
  const leads = sql`${`{${p.leads.join(',')}}`}::bigint[]`;
  const emailByRule = cfg.channels.includes('email');
  const s = p.cooldownSteps;
  const refires = p.autoResolve
    ? sql`(a.ke - a.ks - 1) / ${s}::int`
    : sql`(select coalesce(sum((l - 1) / ${s}::int + (o > 1)::int), 0) from unnest(a.lens) with ordinality u(l, o))::int`;
  return sql`
    with quiet as materialized (
      -- the points any silence of the window spans (null: none), so that only alerts near one look silences up
      select floor(date_part('epoch', min(starts_at)) / ${p.step}::float8) as lo, ceil(date_part('epoch', max(ends_at)) / ${p.step}::float8) as hi
        from silences where ends_at > ${at(sql`${p.k0}::bigint`)}
    ),
    ${
      cap === null
        ? sql``
        : sql`pts as (select ks as k, count(*) as n from bt_alert group by ks),
    budget as (
      select k, greatest(0, ${cap}::int - coalesce(sum(n) over (order by k range between ${hourSteps - 1}::bigint preceding and 1 preceding), 0)) as budget
        from pts
    ),`
    }
    flagged as (
      select a.rid, a.fp, a.ks, a.ke, a.subject, a.carried, ${refires} as refires,
             ${cap === null ? sql`false` : sql`a.rn > b.budget`} as throttled,
             ${grouping ? sql`not (a.rn = 1 and a.ks = any(${leads}))` : sql`false`} as grouped,
             case when a.ks >= q.lo and a.ks < q.hi then ${silenceAt(at(sql`a.ks`))} end as silenced_by,
             coalesce(a.ks < q.hi and a.ke > q.lo, false) as near_silence
        from bt_alert a cross join quiet q ${cap === null ? sql`` : sql`join budget b on b.k = a.ks`}
    ),
    judged as (
      select f.*,
             -- released: the silence ended while it still fired, and no other silence matched then
             f.silenced_by is not null and not f.throttled and f.silence_end < ${at(sql`f.ke`)}
               and ${sql`ops_silence_at(f.silence_end, ${p.ruleId}::bigint, ${p.alertType}::text, ${cfg.severity}::text, ${p.resourceType}::text, f.rid::text)`} is null as released,
             ceil(date_part('epoch', f.silence_end) / ${p.step}::float8)::bigint as release_k
        -- the silence's end looked up only for the few alerts one silenced
        from (select f.*, case when f.silenced_by is not null then (select s.ends_at from silences s where s.id = f.silenced_by) end as silence_end
                from flagged f) f
    ),
    -- repeats at ks + m × cooldown: told unless the alert is held (before its release) or a silence
    -- matches then; walked point by point only near a silence, counted otherwise
    events as (
      select t.*, t.ke <= ${p.k1}::bigint as resolved,
             case when not t.told_any then 0
                  when not t.near_silence then t.refires
                  else (select count(*)::int from generate_series(t.ks + ${s}::int, t.ks + t.refires * ${s}::int, ${s}::int) g(k)
                         where (t.silenced_by is null or g.k > t.release_k)
                           and ops_silence_at(${at(sql`g.k`)}, ${p.ruleId}::bigint, ${p.alertType}::text, ${cfg.severity}::text, ${p.resourceType}::text, t.rid::text) is null)
             end as retold
        from (select j.*, not j.throttled and not j.grouped and (j.silenced_by is null or j.released) as told_any from judged j) t
    ),
    by_subject as (
      select subject, sum(told_any::int + retold)::int as told, sum((told_any and resolved)::int)::int as resolved_told
        from events group by subject having sum(told_any::int + retold) > 0
    ),
    reached as (
      select distinct on (b.subject, r.user_id) b.subject, r.user_id, b.told, b.resolved_told
        from by_subject b cross join lateral (${recipientRows(cfg, sql`b.subject`)}) r
       where ${subscribed(sql`r.user_id`, p.alertType)}
       order by b.subject, r.user_id
    ),
    people as (
      select r.user_id, u.name, sum(r.told)::int as told,
             -- the live delivery policy's own rule (a replayed check is never a scheduled report)
             sum(case when ${personEmailAllowed({ sub: 'sub', pref: 'pref', severity: sql`${cfg.severity}::text`, ruleType: sql`null::text`, ruleChannels: sql`${JSON.stringify(cfg.channels)}::jsonb` })}
                      then r.told + r.resolved_told else 0 end)::int as emails
        from reached r join users u on u.id = r.user_id and u.is_active
        left join notification_preferences pref on pref.user_id = r.user_id
        left join alert_subscriptions sub on sub.user_id = r.user_id and sub.alert_type = ${p.alertType}
       group by r.user_id, u.name
    ),
    days as (
      -- grouped by the UTC day's number, named once per day
      select to_char(to_timestamp(d * 86400::float8) at time zone 'UTC', 'YYYY-MM-DD') as day, alerts, told, quiet
        from (select (ks * ${p.step}::int) / 86400 as d, count(*)::int as alerts,
                     count(*) filter (where told_any)::int as told, count(*) filter (where not told_any)::int as quiet
                from events group by 1) x
    ),
    noisy as (
      select e.rid, count(*)::int as alerts, sum(e.refires)::int as repeats from events e
       group by e.rid order by count(*) + sum(e.refires) desc, e.rid limit 10
    ),
    told_events as (select coalesce(sum(told_any::int + retold), 0)::int as n, coalesce(sum((told_any and resolved)::int), 0)::int as resolved from events)
    select
      (select json_build_object(
                'alerts', count(*), 'told', count(*) filter (where told_any), 'throttled', count(*) filter (where throttled),
                'silenced', count(*) filter (where silenced_by is not null), 'grouped', count(*) filter (where grouped),
                'retold', coalesce(sum(retold), 0), 'resolved', count(*) filter (where resolved), 'already_firing', count(*) filter (where carried))
         from events) as counts,
      (select coalesce(json_agg(d order by d.day), '[]') from days d) as per_day,
      (select coalesce(json_agg(json_build_object('user_id', user_id, 'name', name, 'told', told, 'emails', emails) order by told desc, emails desc, user_id), '[]')
         from (select * from people order by told desc, emails desc, user_id limit 25) x) as people,
      (select count(*)::int from people) as people_total,
      (select json_build_object(
                'slack', ${cfg.channels.includes('slack')}::int * (n + resolved),
                'webhook', ${cfg.channels.includes('webhook') && cfg.webhook !== undefined}::int * (n + resolved),
                'email_to', ${emailByRule ? (cfg.email_to?.length ?? 0) : 0}::int * (n + resolved))
         from told_events) as channels,
      (select coalesce(json_agg(json_build_object('type', ${p.resourceType}::text, 'id', n.rid::text, 'label', coalesce(r.label, '#' || n.rid),
                                                  'alerts', n.alerts, 'repeats', n.repeats) order by n.alerts + n.repeats desc, n.rid), '[]')
         from noisy n left join lateral (${
           p.resourceType === 'user' ? sql`select u.name as label from users u where u.id = n.rid` : sql`select c.reference as label from complaints c where c.id = n.rid`
         }) r on true) as resources`;
}

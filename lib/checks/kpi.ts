import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { CheckDefinition } from './types';
import { windowStart } from './window';

// over the window's per-minute rollups (metric_minutes, kept by triggers): O(window minutes), not O(samples)
const AGGREGATES = {
  avg: 'sum(sum) / nullif(sum(count), 0)',
  min: 'min(min)',
  max: 'max(max)',
  sum: 'sum(sum)',
  count: 'coalesce(sum(count), 0)::float8',
  last: '(array_agg(last_value order by last_at desc))[1]',
} as const;
const OPERATORS = { '>': '>', '>=': '>=', '<': '<', '<=': '<=', '==': '=', '!=': '<>' } as const;

export const kpiConditions = z.object({
  metric: z.string().min(1).max(100),
  aggregate: z.enum(Object.keys(AGGREGATES) as [keyof typeof AGGREGATES]).default('avg'),
  window_minutes: z.number().int().min(1).max(10_080).default(15),
  op: z.enum(Object.keys(OPERATORS) as [keyof typeof OPERATORS]),
  value: z.number().finite(),
  // the condition must hold this long before the alert fires
  for_minutes: z.number().int().min(0).max(10_080).default(0),
  // hysteresis: once firing, the alert stays until the value no longer passes this level
  recovery_value: z.number().finite().optional(),
  // no samples in the window: treat as fine, as firing, or keep whatever state there is
  no_data: z.enum(['ok', 'alerting', 'keep']).default('ok'),
  labels: z.record(z.string(), z.string()).optional(),
});
export type KpiConditions = z.infer<typeof kpiConditions>;

const STATE_KEY = 'value';

/** The window's aggregate and whether it breaches / is still bad, as one row `e(value, samples, breaching, still_bad)`. */
function evaluation(c: KpiConditions): SQL {
  const agg = sql.raw(AGGREGATES[c.aggregate]);
  const op = sql.raw(OPERATORS[c.op]);
  const labels = c.labels ? sql`and labels @> ${JSON.stringify(c.labels)}::jsonb` : sql``;
  const noDataBreach = c.no_data === 'alerting';
  const noDataKeep = c.no_data !== 'ok';
  return sql`
    select v.value, v.samples,
           case when v.samples = 0 then ${noDataBreach} else v.value ${op} ${c.value}::float8 end as breaching,
           case when v.samples = 0 then ${noDataKeep} else v.value ${op} ${c.recovery_value ?? c.value}::float8 end as still_bad
      from (select ${agg} as value, coalesce(sum(count), 0)::int as samples from metric_minutes
             where metric = ${c.metric} and minute >= ${windowStart(c.window_minutes)} ${labels}) v`;
}

/** A metric's aggregate over a window compared with a threshold, with a pending period and hysteresis. */
export const kpiThresholdCheck: CheckDefinition<KpiConditions> = {
  name: 'kpi_threshold',
  label: 'KPI threshold',
  job: 'critical',
  conditions: kpiConditions,
  before: async (tx, rule, c) => {
    // remember since when the condition has held; forget it as soon as it doesn't
    await tx.execute(sql`
      with e as (${evaluation(c)}),
      cleared as (delete from rule_states where rule_id = ${rule.id} and key = ${STATE_KEY} and not (select breaching from e))
      insert into rule_states (rule_id, key, last_value)
      select ${rule.id}, ${STATE_KEY}, value from e where breaching
      on conflict (rule_id, key) do update set last_value = excluded.last_value, updated_at = now()`);
  },
  candidates: (rule, c) => {
    const fingerprint = `${rule.id}:metric:${c.metric}`;
    return sql`
      select ${fingerprint}::text as fingerprint, 'metric'::text as resource_type, ${c.metric}::text as resource_id,
             null::bigint as subject_user_id,
             jsonb_build_object('metric', jsonb_build_object('name', ${c.metric}::text, 'value', round(e.value::numeric, 3),
               'aggregate', ${c.aggregate}::text, 'window_minutes', ${c.window_minutes}::int, 'samples', e.samples),
               'threshold', jsonb_build_object('op', ${c.op}::text, 'value', ${c.value}::float8),
               'no_data', e.samples = 0) as ctx,
             jsonb_build_object('value', e.value, 'samples', e.samples) as metadata
        from (${evaluation(c)}) e
       where (e.breaching and exists (select 1 from rule_states s where s.rule_id = ${rule.id} and s.key = ${STATE_KEY}
                                        and s.pending_since <= now() - make_interval(mins => ${c.for_minutes}::int)))
          or (e.still_bad and exists (select 1 from alerts a where a.fingerprint = ${fingerprint} and a.status <> 'resolved'))`;
  },
};

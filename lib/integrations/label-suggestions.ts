import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { requirePermission, type Viewer } from '@/lib/auth/permissions';
import { PROMETHEUS_EVENT_TYPE } from './prometheus';

export type LabelSuggestion = { name: string; alerts: number; values: string[] };

const MAX_NAMES = 50;
const MAX_VALUES = 20;

/**
 * The labels Prometheus, Alertmanager and Grafana alerts carried in the last day (and those still
 * open), most used first, each with its most used values: what the rule editor offers for
 * `labels.<name>` conditions. Reads the recent alerts through alerts_created_idx and the open ones
 * through alerts_rule_open_idx, never the whole table.
 */
export async function labelSuggestions(db: Db, viewer: Viewer): Promise<LabelSuggestion[]> {
  requirePermission(viewer, 'alerts.manage');
  const rows = await db.execute<LabelSuggestion>(sql`
    with recent as (
      select a.id, a.metadata from alerts a
       where a.created_at > now() - interval '1 day' and a.metadata->>'event_type' = ${PROMETHEUS_EVENT_TYPE}
      union
      select a.id, a.metadata from alerts a
       where a.status <> 'resolved' and a.rule_id in (select id from alert_rules where "check" = 'event_match')
         and a.metadata->>'event_type' = ${PROMETHEUS_EVENT_TYPE}
    ),
    pairs as (
      select l.key as name, l.value, count(*)::int as n
        from recent r cross join lateral jsonb_each_text(coalesce(r.metadata->'attributes'->'labels', '{}'::jsonb)) l
       group by l.key, l.value
    )
    select name, sum(n)::int as alerts,
           (array_agg(value order by n desc, value))[1:${MAX_VALUES}] as values
      from pairs
     group by name
     order by sum(n) desc, name
     limit ${MAX_NAMES}`);
  return rows.map((r) => ({ name: r.name, alerts: r.alerts, values: r.values }));
}

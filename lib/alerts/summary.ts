import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { ALERT_STATUSES, SEVERITIES, type AlertStatus, type Severity } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import type { AlertSummary } from '@/lib/validation/alert-responses';
import type { SummaryQuery } from '@/lib/validation/alerts';
import { resolveScope } from './query';

const WEEK_MS = 7 * 86_400_000;

/**
 * Counts by status, severity and alert type over a window (default: the last 7 days before `to`,
 * which defaults to now): over what reached the viewer's inbox (dismissed included), or with
 * scope=all (admins) over every alert created in the window. One grouping-sets scan.
 */
export async function alertSummary(db: Tx, viewer: Viewer, query: SummaryQuery): Promise<AlertSummary> {
  const scope = resolveScope(viewer, query.scope);
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - WEEK_MS);
  const source =
    scope === 'inbox'
      ? sql`alert_recipients r join alerts a on a.id = r.alert_id
             where r.user_id = ${viewer.id} and r.created_at >= ${from.toISOString()}::timestamptz and r.created_at < ${to.toISOString()}::timestamptz`
      : sql`alerts a where a.created_at >= ${from.toISOString()}::timestamptz and a.created_at < ${to.toISOString()}::timestamptz`;
  const rows = await db.execute<{ status: AlertStatus | null; severity: Severity | null; alert_type: string | null; n: number }>(sql`
    select a.status, a.severity, a.alert_type, count(*)::int as n
      from ${source}
     group by grouping sets ((a.status), (a.severity), (a.alert_type), ())`);

  const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const summary: AlertSummary = {
    scope,
    from: from.toISOString(),
    to: to.toISOString(),
    total: 0,
    by_status: zero(ALERT_STATUSES),
    by_severity: zero(SEVERITIES),
    // alert types come from events: a type named __proto__ is a key, not a prototype
    by_alert_type: Object.create(null) as Record<string, number>,
  };
  // the columns are not null, so a null marks the grouping set a row belongs to
  for (const row of [...rows].sort((x, y) => y.n - x.n || String(x.alert_type).localeCompare(String(y.alert_type)))) {
    if (row.status !== null) summary.by_status[row.status] = row.n;
    else if (row.severity !== null) summary.by_severity[row.severity] = row.n;
    else if (row.alert_type !== null) summary.by_alert_type[row.alert_type] = row.n;
    else summary.total = row.n;
  }
  return summary;
}

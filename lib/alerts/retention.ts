import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';

/** Alerts past their expiry resolve themselves ("expired"), with a timeline event. */
export async function expireAlerts(tx: Tx): Promise<number> {
  const [row] = await tx.execute<{ n: number }>(sql`
    with expired as (
      update alerts set status = 'resolved', resolved_at = now(), resolution_reason = 'expired',
                        next_escalation_at = null, updated_at = now()
       where status <> 'resolved' and expires_at <= now()
      returning id
    ),
    ev as (insert into alert_events (alert_id, kind, details) select id, 'resolved', '{"reason":"expired"}'::jsonb from expired)
    select count(*)::int as n from expired`);
  return row!.n;
}

/**
 * Delete resolved alerts older than the retention period (their recipients, events and
 * deliveries go with them), in batches so no statement holds locks for long.
 */
export async function purgeResolvedAlerts(tx: Tx, retentionDays: number, batch = 5000, maxBatches = 50): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const [row] = await tx.execute<{ n: number }>(sql`
      with doomed as (
        select id from alerts
         where status = 'resolved' and resolved_at < now() - make_interval(days => ${retentionDays}::int)
         limit ${batch}
      ), gone as (delete from alerts where id in (select id from doomed) returning id)
      select count(*)::int as n from gone`);
    total += row!.n;
    if (row!.n < batch) break;
  }
  return total;
}

/** Cron run history is kept as long as alerts are. */
export async function purgeCronRuns(tx: Tx, retentionDays: number): Promise<number> {
  const [row] = await tx.execute<{ n: number }>(sql`
    with gone as (delete from cron_runs where started_at < now() - make_interval(days => ${retentionDays}::int) returning 1)
    select count(*)::int as n from gone`);
  return row!.n;
}

import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { DELETE_BATCH, deleteWhereInBatches } from '@/db/delete-in-batches';
import { finishAlertWrite } from './finish-write';

/** Alerts past their expiry resolve themselves ("expired"), with a timeline event. */
export async function expireAlerts(tx: Tx): Promise<number> {
  const [row] = await tx.execute<{ n: number; event_ids: number[]; changed_alert_ids: number[] }>(sql`
    with expired as (
      update alerts set status = 'resolved', resolved_at = now(), resolution_reason = 'expired',
                        next_escalation_at = null, updated_at = now()
       where status <> 'resolved' and expires_at <= now()
      returning id
    ),
    ev as (insert into alert_events (alert_id, kind, details) select id, 'resolved', '{"reason":"expired"}'::jsonb from expired returning id)
    select (select count(*) from expired)::int as n, array(select id from ev) as event_ids, array(select id from expired) as changed_alert_ids`);
  await finishAlertWrite(tx, row!);
  return row!.n;
}

/** Delete resolved alerts older than the retention period (their recipients, events and deliveries go with them). */
export function purgeResolvedAlerts(db: Db, retentionDays: number, batch = DELETE_BATCH): Promise<number> {
  return deleteWhereInBatches(db, 'alerts', 'id', sql`status = 'resolved' and resolved_at < now() - make_interval(days => ${retentionDays}::int)`, batch);
}

/** Cron run history is kept as long as alerts are. */
export function purgeCronRuns(db: Db, retentionDays: number, batch = DELETE_BATCH): Promise<number> {
  return deleteWhereInBatches(db, 'cron_runs', 'id', sql`started_at < now() - make_interval(days => ${retentionDays}::int)`, batch);
}

/** How far back the rule editor's backtest replays (lib/alerts/backtest.ts). */
export const BACKTEST_MAX_DAYS = 30;

/** Complaint versions that ended before the longest backtest window (and a day's margin) are no longer replayed. */
export function purgeComplaintChanges(db: Db, batch = DELETE_BATCH): Promise<number> {
  return deleteWhereInBatches(db, 'complaint_changes', 'ctid', sql`valid_to < now() - make_interval(days => ${BACKTEST_MAX_DAYS + 1}::int)`, batch);
}

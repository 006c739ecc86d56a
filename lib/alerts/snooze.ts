import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { conflict, notFound } from '@/lib/api/problem';
import type { Viewer } from '@/lib/auth/permissions';
import type { SnoozeResult } from '@/lib/validation/alert-responses';
import type { SnoozeBody } from '@/lib/validation/alerts';
import { finishAlertWrite } from './finish-write';
import { iso, snoozeState, SNOOZE_UNTIL_RESOLVED_SQL, type DbTime } from './rows';

/** When a snooze ends, as SQL: a time, minutes from now, or the until-resolved sentinel. */
export function snoozeUntilSql(body: SnoozeBody): SQL {
  return body.until_resolved
    ? SNOOZE_UNTIL_RESOLVED_SQL
    : body.minutes !== undefined
      ? sql`now() + make_interval(mins => ${body.minutes}::int)`
      : sql`${body.until!}::timestamptz`;
}

/**
 * Snooze the alert in the viewer's inbox: it counts as read (out of the unread count) until the
 * deliver job's wake-up at snoozed_until brings it back unread — or, until_resolved, until the
 * alert resolves. Only the viewer's own row: another user's alert is a 404.
 */
export async function snoozeAlert(db: Tx, viewer: Viewer, alertId: number, body: SnoozeBody): Promise<SnoozeResult> {
  const until = snoozeUntilSql(body);
  const [row] = await db.execute<{ snoozed_until: DbTime | null; read_at: DbTime; status: string | null }>(sql`
    update alert_recipients r
       set snoozed_until = ${until}, read_at = coalesce(r.read_at, now()), seen_at = coalesce(r.seen_at, now())
      from alerts a
     where r.user_id = ${viewer.id} and r.alert_id = ${alertId} and a.id = r.alert_id
       and (${!body.until_resolved} or a.status <> 'resolved')
    returning r.snoozed_until, r.read_at, a.status`);
  if (!row) {
    // nothing matched: not the viewer's, or (until_resolved) already resolved
    const [mine] = await db.execute<{ status: string }>(sql`
      select a.status from alert_recipients r join alerts a on a.id = r.alert_id where r.user_id = ${viewer.id} and r.alert_id = ${alertId}`);
    if (!mine) throw notFound('Alert');
    throw conflict('Alert is already resolved');
  }
  await finishAlertWrite(db, { inbox_changed_user_ids: [viewer.id] });
  return { id: alertId, ...snoozeState(row.snoozed_until), is_read: true, read_at: iso(row.read_at) };
}

/**
 * For the deliver job (next to wakeSnoozed): until-resolved snoozes of alerts that resolved by
 * any path (condition cleared, resolved event, expiry) come back unread. Set-based over the
 * partial index on snoozed_until; a manual resolve already does this in its own statement.
 */
export async function wakeResolvedSnoozes(tx: Tx): Promise<number> {
  const [row] = await tx.execute<{ n: number; user_ids: number[] }>(sql`
    with woke as (
      update alert_recipients r set snoozed_until = null, read_at = null, seen_at = null
        from alerts a
       where r.snoozed_until = ${SNOOZE_UNTIL_RESOLVED_SQL} and a.id = r.alert_id and a.status = 'resolved'
      returning r.user_id
    ) select count(*)::int as n, array(select distinct user_id from woke) as user_ids from woke`);
  await finishAlertWrite(tx, { inbox_changed_user_ids: row!.user_ids });
  return row!.n;
}

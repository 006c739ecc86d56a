import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { ApiError, notFound } from '@/lib/api/problem';
import { auditActorType, type Viewer } from '@/lib/auth/permissions';
import type { AlertDetail } from '@/lib/validation/alert-responses';
import { getAlert } from './detail';
import { SNOOZE_UNTIL_RESOLVED_SQL } from './rows';
import { visibleAlertSql } from './visibility';
import { finishAlertWrite } from './finish-write';

type Transition = { id: number; status: string };
type Written = Transition & { event_id: number; inbox_changed_user_ids: number[] };
export type LifecycleAction = 'acknowledge' | 'resolve';

/** The alert's status when the viewer may see it (visibility.ts: recipients, their leads, alerts.manage); otherwise 404. */
async function visibleStatus(tx: Tx, viewer: Viewer, alertId: number): Promise<string> {
  const [row] = await tx.execute<{ status: string }>(sql`
    select a.status from alerts a where a.id = ${alertId} and ${visibleAlertSql(viewer)}`);
  if (!row) throw notFound('Alert');
  return row.status;
}

// the update matched nothing: someone else moved it first; report where it is now
/** 409 saying who got there first: the alert's status now, and who acknowledged or resolved it. */
async function conflictNow(tx: Tx, alertId: number, seen: string): Promise<never> {
  const [row] = await tx.execute<{ status: string; acknowledged_by: Actor | null; resolved_by: Actor | null }>(sql`
    select a.status,
           case when ack.id is not null then jsonb_build_object('id', ack.id, 'name', ack.name) end as acknowledged_by,
           case when res.id is not null then jsonb_build_object('id', res.id, 'name', res.name) end as resolved_by
      from alerts a left join users ack on ack.id = a.acknowledged_by left join users res on res.id = a.resolved_by
     where a.id = ${alertId}`);
  const status = row?.status ?? seen;
  const by = status === 'resolved' ? row?.resolved_by : row?.acknowledged_by;
  throw new ApiError(409, 'Conflict', `Alert is already ${status}${by ? ` by ${by.name}` : ''}`, {
    alert_status: status,
    acknowledged_by: row?.acknowledged_by ?? null,
    resolved_by: row?.resolved_by ?? null,
  });
}

type Actor = { id: number; name: string };

/** The transition's event tells whoever the delivery policy says, and the live streams hear of it, in the same transaction. */
async function told(tx: Tx, row: Written): Promise<Transition> {
  await finishAlertWrite(tx, { event_ids: [row.event_id], changed_alert_ids: [row.id], inbox_changed_user_ids: row.inbox_changed_user_ids });
  return { id: row.id, status: row.status };
}

/** Whoever acknowledges an alert has seen it: their own inbox row is read (the first read time kept). Returns user_id. */
export function markActorRead(alertIds: SQL, userId: number): SQL {
  return sql`update alert_recipients set read_at = coalesce(read_at, now()), seen_at = coalesce(seen_at, now())
              where user_id = ${userId} and alert_id in (${alertIds}) and read_at is null
             returning user_id`;
}

/**
 * Acknowledge: someone is on it. Stops escalation for the whole team, and reads it for the one who
 * acknowledges. One conditional statement (update, timeline event, audit row, their inbox row):
 * an alert already acknowledged or resolved answers 409.
 */
export async function acknowledgeAlert(tx: Tx, viewer: Viewer, alertId: number, note?: string): Promise<Transition> {
  const status = await visibleStatus(tx, viewer, alertId);
  const details = JSON.stringify({ note: note ?? null, token_id: viewer.tokenId ?? null });
  const [row] = await tx.execute<Written>(sql`
    with upd as (
      update alerts set status = 'acknowledged', acknowledged_at = now(), acknowledged_by = ${viewer.id},
                        next_escalation_at = null, updated_at = now()
       where id = ${alertId} and status = 'firing'
      returning id, status
    ), ev as (
      insert into alert_events (alert_id, kind, actor_id, details)
      select id, 'acknowledged', ${viewer.id}, jsonb_strip_nulls(jsonb_build_object('note', ${note ?? null}::text)) from upd
      returning id
    ), audit as (
      insert into audit_log (actor_id, actor_type, action, target_type, target_id, details)
      select ${viewer.id}, ${auditActorType(viewer)}, 'alert.acknowledged', 'alert', id::text, jsonb_strip_nulls(${details}::jsonb) from upd
    ), seen as (${markActorRead(sql`select id from upd`, viewer.id)})
    select upd.id, upd.status, (select id from ev) as event_id, array(select distinct user_id from seen) as inbox_changed_user_ids from upd`);
  return row ? told(tx, row) : conflictNow(tx, alertId, status);
}

/**
 * Resolve by hand (firing or acknowledged → resolved). Snoozes "until resolved" end here: the
 * other recipients see the alert again (unread), the resolver keeps it as it was. Whoever resolves
 * it has seen it: their own row is read, so it never shows as "resolved before you saw it".
 */
export async function resolveAlert(tx: Tx, viewer: Viewer, alertId: number, note?: string): Promise<Transition> {
  const status = await visibleStatus(tx, viewer, alertId);
  const details = JSON.stringify({ note: note ?? null, token_id: viewer.tokenId ?? null });
  const [row] = await tx.execute<Written>(sql`
    with upd as (
      update alerts set status = 'resolved', resolved_at = now(), resolved_by = ${viewer.id},
                        resolution_reason = 'manual', next_escalation_at = null, updated_at = now()
       where id = ${alertId} and status <> 'resolved'
      returning id, status
    ), ev as (
      insert into alert_events (alert_id, kind, actor_id, details)
      select id, 'resolved', ${viewer.id}, jsonb_build_object('reason', 'manual', 'note', ${note ?? null}::text) from upd
      returning id
    ), audit as (
      insert into audit_log (actor_id, actor_type, action, target_type, target_id, details)
      select ${viewer.id}, ${auditActorType(viewer)}, 'alert.resolved', 'alert', id::text, jsonb_strip_nulls(${details}::jsonb) from upd
    ), woke as (
      ${wakeUntilResolvedSnoozes(sql`select id from upd`, viewer.id)}
    ), seen as (${markActorRead(sql`select id from upd`, viewer.id)})
    select upd.id, upd.status, (select id from ev) as event_id,
           array(select user_id from seen union select user_id from woke) as inbox_changed_user_ids from upd`);
  return row ? told(tx, row) : conflictNow(tx, alertId, status);
}

/** An UPDATE ending the until-resolved snoozes of the given alerts; `except` keeps its read state. Returns user_id. */
export function wakeUntilResolvedSnoozes(alertIds: SQL, except: number | null = null): SQL {
  return sql`update alert_recipients r
        set snoozed_until = null,
            read_at = case when r.user_id = ${except}::bigint then r.read_at end,
            seen_at = case when r.user_id = ${except}::bigint then r.seen_at end
      where r.alert_id in (${alertIds}) and r.snoozed_until = ${SNOOZE_UNTIL_RESOLVED_SQL}
     returning r.user_id`;
}

/** POST /api/v1/alerts/{id}/acknowledge and /resolve: the transition, then the alert as the viewer now sees it. */
export async function transitionAlert(db: Tx, viewer: Viewer, alertId: number, action: LifecycleAction, note?: string): Promise<AlertDetail> {
  await (action === 'acknowledge' ? acknowledgeAlert : resolveAlert)(db, viewer, alertId, note);
  return getAlert(db, viewer, alertId);
}

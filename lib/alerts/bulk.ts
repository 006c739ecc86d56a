import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { sqlBigintArray } from '@/db/sql-arrays';
import { auditActorType, type Viewer } from '@/lib/auth/permissions';
import type { BulkResult } from '@/lib/validation/alert-responses';
import type { AlertFilter, BulkAction, BulkBody } from '@/lib/validation/alerts';
import { markActorRead, wakeUntilResolvedSnoozes } from './lifecycle';
import { snoozeUntilSql } from './snooze';
import { resolveScope, selectedIds, selectionSql } from './query';
import { finishAlertWrite } from './finish-write';

type InboxAction = Exclude<BulkAction, 'acknowledge' | 'resolve'>;

/** What each inbox action changes on the viewer's rows, and which rows it still applies to. */
function inboxChange(action: InboxAction, body: BulkBody): { pending: SQL; set: SQL } {
  switch (action) {
    case 'read':
      return { pending: sql`r.read_at is null`, set: sql`read_at = now(), seen_at = coalesce(r.seen_at, now())` };
    case 'unread':
      return { pending: sql`r.read_at is not null`, set: sql`read_at = null, snoozed_until = null` };
    case 'dismiss':
      return { pending: sql`r.dismissed_at is null`, set: sql`dismissed_at = now()` };
    case 'undismiss':
      return { pending: sql`r.dismissed_at is not null`, set: sql`dismissed_at = null` };
    case 'snooze':
      return {
        // until resolved means nothing for an alert that already is
        pending: body.snooze!.until_resolved ? sql`exists (select 1 from alerts a where a.id = r.alert_id and a.status <> 'resolved')` : sql`true`,
        set: sql`snoozed_until = ${snoozeUntilSql(body.snooze!)}, read_at = coalesce(r.read_at, now()), seen_at = coalesce(r.seen_at, now())`,
      };
    case 'unsnooze':
      // the snooze ends now and the read state stays: "Undo" of a snooze sends unread for what was unread before
      return { pending: sql`r.snoozed_until is not null`, set: sql`snoozed_until = null` };
  }
}

/**
 * Apply one action to many alerts in one set-based statement: by ids (≤ 500) or by a list filter.
 * read/unread/dismiss/undismiss/snooze/unsnooze touch only the viewer's own inbox rows; acknowledge/resolve only alerts the
 * viewer receives (any alert for admins), and only those still in a state that allows it.
 * `updated` counts what changed; `skipped` what was asked for (ids) or matched (filter) but did not.
 */
export async function bulkUpdate(db: Tx, viewer: Viewer, body: BulkBody): Promise<BulkResult> {
  const target = body.ids
    ? sql`select distinct unnest(${sqlBigintArray(body.ids)}) as id`
    : selectedIds(selectionSql(viewer, body.filter!, resolveScope(viewer, body.filter!.scope)));
  const statement =
    body.action === 'acknowledge' || body.action === 'resolve' ? lifecycleStatement(viewer, body.action, body.note) : inboxStatement(viewer, inboxChange(body.action, body));
  const lifecycle = body.action === 'acknowledge' || body.action === 'resolve';
  const [row] = await db.execute<{ updated: number; matched: number; event_ids: number[] | null; changed_alert_ids: number[] | null; inbox_changed_user_ids: number[] }>(sql`
    with target as (${target}), ${statement}
    select (select count(*) from changed)::int as updated, (select count(*) from target)::int as matched,
           ${lifecycle ? sql`array(select id from ev)` : sql`null::bigint[]`} as event_ids,
           ${lifecycle ? sql`array(select id from changed)` : sql`null::bigint[]`} as changed_alert_ids,
           ${
             lifecycle
               ? sql`array(select user_id from seen ${body.action === 'resolve' ? sql`union select user_id from woke` : sql``})`
               : sql`case when exists (select 1 from changed) then array[${viewer.id}::bigint] else '{}' end`
           } as inbox_changed_user_ids`);
  await finishAlertWrite(db, row!);
  return { updated: row!.updated, skipped: row!.matched - row!.updated };
}

/** POST /api/v1/alerts/mark-all-read: everything unread in the viewer's inbox, or what a filter selects. */
export async function markAllRead(db: Tx, viewer: Viewer, filter: AlertFilter = {}): Promise<{ updated: number }> {
  const { updated } = await bulkUpdate(db, viewer, { action: 'read', filter: { ...filter, scope: 'inbox' } });
  return { updated };
}

// rows are locked in id order first, so two bulk actions over overlapping sets cannot deadlock
function inboxStatement(viewer: Viewer, change: { pending: SQL; set: SQL }): SQL {
  return sql`
    locked as (
      select r.alert_id from alert_recipients r
       where r.user_id = ${viewer.id} and r.alert_id in (select id from target) and ${change.pending}
       order by r.alert_id for update
    ),
    changed as (
      update alert_recipients r set ${change.set}
        from locked l
       where r.user_id = ${viewer.id} and r.alert_id = l.alert_id and ${change.pending}
      returning r.alert_id
    )`;
}

function lifecycleStatement(viewer: Viewer, action: 'acknowledge' | 'resolve', note: string | undefined): SQL {
  const from = action === 'acknowledge' ? sql`a.status = 'firing'` : sql`a.status <> 'resolved'`;
  const visible = viewer.role === 'admin' ? sql`true` : sql`exists (select 1 from alert_recipients r where r.alert_id = a.id and r.user_id = ${viewer.id})`;
  const set =
    action === 'acknowledge'
      ? sql`status = 'acknowledged', acknowledged_at = now(), acknowledged_by = ${viewer.id}`
      : sql`status = 'resolved', resolved_at = now(), resolved_by = ${viewer.id}, resolution_reason = 'manual'`;
  const kind = action === 'acknowledge' ? 'acknowledged' : 'resolved';
  const eventDetails = action === 'acknowledge' ? sql`jsonb_build_object('bulk', true)` : sql`jsonb_build_object('reason', 'manual', 'bulk', true)`;
  const auditDetails = JSON.stringify({ bulk: true, note: note ?? null, token_id: viewer.tokenId ?? null });
  return sql`
    locked as (
      select a.id from alerts a
       where a.id in (select id from target) and ${from} and ${visible}
       order by a.id for update of a
    ),
    changed as (
      update alerts a set ${set}, next_escalation_at = null, updated_at = now()
        from locked l
       where a.id = l.id and ${from}
      returning a.id
    ),
    ev as (
      insert into alert_events (alert_id, kind, actor_id, details)
      select id, ${kind}, ${viewer.id}, ${eventDetails} || jsonb_strip_nulls(jsonb_build_object('note', ${note ?? null}::text)) from changed
      returning id
    ),
    audit as (
      insert into audit_log (actor_id, actor_type, action, target_type, target_id, details)
      select ${viewer.id}, ${auditActorType(viewer)}, ${`alert.${kind}`}, 'alert', id::text, jsonb_strip_nulls(${auditDetails}::jsonb)
        from changed
    ),
    -- whoever acknowledges or resolves has seen it (a snoozed row is read already: the two updates never meet)
    seen as (${markActorRead(sql`select id from changed`, viewer.id)})${
      action === 'resolve' ? sql`, woke as (${wakeUntilResolvedSnoozes(sql`select id from changed`, viewer.id)})` : sql``
    }`;
}

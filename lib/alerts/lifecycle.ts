import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { conflict, notFound } from '@/lib/api/problem';
import type { Viewer } from '@/lib/auth/permissions';

type Transition = { id: number; status: string };

/** The alert when the viewer may act on it (a recipient, or an admin); otherwise 404. */
async function visibleStatus(tx: Tx, viewer: Viewer, alertId: number): Promise<string> {
  const [row] = await tx.execute<{ status: string }>(sql`
    select a.status from alerts a
     where a.id = ${alertId}
       and (${viewer.role === 'admin'} or exists (select 1 from alert_recipients r where r.alert_id = a.id and r.user_id = ${viewer.id}))`);
  if (!row) throw notFound('Alert');
  return row.status;
}

/**
 * Acknowledge: someone is on it. Stops escalation for the whole team. A conditional update:
 * an alert already acknowledged or resolved by someone else answers 409.
 */
export async function acknowledgeAlert(tx: Tx, viewer: Viewer, alertId: number, note?: string): Promise<Transition> {
  const status = await visibleStatus(tx, viewer, alertId);
  const [row] = await tx.execute<Transition>(sql`
    with upd as (
      update alerts set status = 'acknowledged', acknowledged_at = now(), acknowledged_by = ${viewer.id},
                        next_escalation_at = null, updated_at = now()
       where id = ${alertId} and status = 'firing'
      returning id, status
    ), ev as (
      insert into alert_events (alert_id, kind, actor_id, details)
      select id, 'acknowledged', ${viewer.id}, jsonb_strip_nulls(jsonb_build_object('note', ${note ?? null}::text)) from upd
    ) select * from upd`);
  if (!row) throw conflict(`Alert is already ${status}`);
  return row;
}

/** Resolve by hand (firing or acknowledged → resolved). */
export async function resolveAlert(tx: Tx, viewer: Viewer, alertId: number, note?: string): Promise<Transition> {
  const status = await visibleStatus(tx, viewer, alertId);
  const [row] = await tx.execute<Transition>(sql`
    with upd as (
      update alerts set status = 'resolved', resolved_at = now(), resolved_by = ${viewer.id},
                        resolution_reason = 'manual', next_escalation_at = null, updated_at = now()
       where id = ${alertId} and status <> 'resolved'
      returning id, status
    ), ev as (
      insert into alert_events (alert_id, kind, actor_id, details)
      select id, 'resolved', ${viewer.id}, jsonb_build_object('reason', 'manual', 'note', ${note ?? null}::text) from upd
    ) select * from upd`);
  if (!row) throw conflict(`Alert is already ${status}`);
  return row;
}

export function assertAlertId(raw: unknown): number {
  const id = Number(raw);
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,15}$/.test(raw) || !Number.isSafeInteger(id)) throw notFound('Alert');
  return id;
}


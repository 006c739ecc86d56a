import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import type { COMPLAINT_STATUSES } from '@/db/schema';
import { invalidInput } from '@/lib/alerts/query';
import { visibleAlertSql } from '@/lib/alerts/visibility';
import { ApiError, conflict, notFound } from '@/lib/api/problem';
import { auditActorType, can, requirePermission, type Viewer } from '@/lib/auth/permissions';
import type { AssignComplaintInput } from '@/lib/validation/complaints';
import { assignableSql } from './assignees';

export type AssignResult = {
  id: number;
  reference: string;
  status: ComplaintStatus;
  assignee: { id: number; name: string };
  previous_assignee_id: number | null;
  /** false when it already was the assignee's */
  changed: boolean;
};

type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

const OPEN_STATUSES = sql`('open', 'in_progress', 'escalated')`;

/**
 * Assign a complaint: to the viewer (no assignee_id: "Assign to me"), or to someone the viewer may
 * hand it to (assignees.ts: a lead their active people, alerts.manage anyone active).
 * Who may touch it at all: managers and admins, and anyone who may see an alert about it (visibility.ts:
 * they or one of their people received it; complaint alerts are keyed by id or by reference); anyone else gets 404, as for a complaint that does not
 * exist. Someone outside the viewer's reach (or an id nobody has) is a 403, a deactivated person
 * within it (or, for alerts.manage, an unknown id) a 422 on assignee_id, a closed or resolved complaint a 409. One statement: lock, conditional update, audit row.
 */
export async function assignComplaint(db: Tx, viewer: Viewer, complaintId: number, input: AssignComplaintInput = {}): Promise<AssignResult> {
  requirePermission(viewer, 'alerts.read');
  const privileged = viewer.role === 'manager' || viewer.role === 'admin';
  const to = input.assignee_id ?? viewer.id;
  const [row] = await db.execute<{
    id: number;
    reference: string;
    status: ComplaintStatus;
    assignee_id: number | null;
    to_name: string | null;
    to_active: boolean | null;
    to_allowed: boolean | null;
    changed: boolean;
  }>(sql`
    with target as (
      select c.id, c.reference, c.status, c.assignee_id from complaints c
       where c.id = ${complaintId}
         and (${privileged} or exists (
           select 1 from alerts a
            where a.resource_type = 'complaint' and a.resource_id in (c.id::text, c.reference) and ${visibleAlertSql(viewer)}))
       for update of c
    ), person as (
      select u.id, u.name, u.is_active, ${assignableSql(viewer)} as allowed from users u where u.id = ${to}
    ), upd as (
      update complaints c set assignee_id = p.id, updated_at = now()
        from target t, person p
       where c.id = t.id and p.is_active and p.allowed
         and t.status in ${OPEN_STATUSES} and t.assignee_id is distinct from p.id
      returning c.id
    ), audit as (
      insert into audit_log (actor_id, actor_type, action, target_type, target_id, details)
      select ${viewer.id}, ${auditActorType(viewer)}, 'complaint.assigned', 'complaint', t.id::text,
             jsonb_strip_nulls(jsonb_build_object('from', t.assignee_id, 'to', ${to}::bigint, 'token_id', ${viewer.tokenId ?? null}::bigint))
        from upd join target t on t.id = upd.id
    )
    select t.id, t.reference, t.status, t.assignee_id, p.name as to_name, p.is_active as to_active, p.allowed as to_allowed,
           exists (select 1 from upd) as changed
      from target t left join person p on true`);
  if (!row) throw notFound('Complaint');
  // reach first: beyond their team a caller learns nothing about who exists or is active
  if (!(row.to_allowed ?? can(viewer, 'alerts.manage'))) {
    throw new ApiError(403, 'Forbidden', 'You can assign a complaint only to yourself or to someone in your team');
  }
  if (!row.to_active) throw invalidInput('assignee_id', 'No active person has this id');
  if (!row.changed && row.assignee_id !== to) throw conflict(`Complaint is already ${row.status.replace('_', ' ')}`);
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    assignee: { id: to, name: row.to_name! },
    previous_assignee_id: row.assignee_id,
    changed: row.changed,
  };
}

/** "Assign to me": the viewer takes the complaint. */
export const assignComplaintToViewer = (db: Tx, viewer: Viewer, complaintId: number) => assignComplaint(db, viewer, complaintId);

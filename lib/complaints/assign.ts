import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import type { COMPLAINT_STATUSES } from '@/db/schema';
import { conflict, notFound } from '@/lib/api/problem';
import { auditActorType, type Viewer } from '@/lib/auth/permissions';

export type AssignResult = {
  id: number;
  reference: string;
  status: ComplaintStatus;
  assignee: { id: number; name: string };
  previous_assignee_id: number | null;
  /** false when it already was the viewer's */
  changed: boolean;
};

type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

const OPEN_STATUSES = sql`('open', 'in_progress', 'escalated')`;

/**
 * "Assign to me": the viewer takes the complaint. Allowed for managers and admins, and for anyone
 * who received an alert about it (complaint alerts are keyed by id or by reference); anyone else
 * gets 404, as for a complaint that does not exist. A closed or resolved complaint is a 409.
 * One statement: lock, conditional update, audit row.
 */
export async function assignComplaintToViewer(db: Tx, viewer: Viewer, complaintId: number): Promise<AssignResult> {
  const privileged = viewer.role === 'manager' || viewer.role === 'admin';
  const [row] = await db.execute<{ id: number; reference: string; status: ComplaintStatus; assignee_id: number | null; changed: boolean }>(sql`
    with target as (
      select c.id, c.reference, c.status, c.assignee_id from complaints c
       where c.id = ${complaintId}
         and (${privileged} or exists (
           select 1 from alerts a join alert_recipients r on r.alert_id = a.id and r.user_id = ${viewer.id}
            where a.resource_type = 'complaint' and a.resource_id in (c.id::text, c.reference)))
       for update of c
    ), upd as (
      update complaints c set assignee_id = ${viewer.id}, updated_at = now()
        from target t
       where c.id = t.id and t.status in ${OPEN_STATUSES} and t.assignee_id is distinct from ${viewer.id}
      returning c.id
    ), audit as (
      insert into audit_log (actor_id, actor_type, action, target_type, target_id, details)
      select ${viewer.id}, ${auditActorType(viewer)}, 'complaint.assigned', 'complaint', t.id::text,
             jsonb_strip_nulls(jsonb_build_object('from', t.assignee_id, 'to', ${viewer.id}::bigint, 'token_id', ${viewer.tokenId ?? null}::bigint))
        from upd join target t on t.id = upd.id
    )
    select t.id, t.reference, t.status, t.assignee_id, exists (select 1 from upd) as changed from target t`);
  if (!row) throw notFound('Complaint');
  if (!row.changed && row.assignee_id !== viewer.id) throw conflict(`Complaint is already ${row.status.replace('_', ' ')}`);
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    assignee: { id: viewer.id, name: viewer.name },
    previous_assignee_id: row.assignee_id,
    changed: row.changed,
  };
}

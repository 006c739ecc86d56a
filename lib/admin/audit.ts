import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { ApiError } from '@/lib/api/problem';
import { can, type Viewer } from '@/lib/auth/permissions';
import type { AuditPage, AuditQuery } from '@/lib/validation/admin';

type Row = { id: number; created_at: string; actor_id: number | null; actor_name: string | null; actor_type: 'user' | 'token' | 'system'; action: string; target_type: string | null; target_id: string | null; details: Record<string, unknown> };

/** Who did what, newest first: by action or target, keyset-paged (each filter combination its own statement). */
export async function listAudit(db: Tx, viewer: Viewer, q: AuditQuery): Promise<AuditPage> {
  if (!can(viewer, 'alerts.manage')) throw new ApiError(403, 'Forbidden', 'Requires permission alerts.manage');
  const where = [
    sql`true`,
    ...(q.action ? [sql`l.action = ${q.action}`] : []),
    ...(q.target_type ? [sql`l.target_type = ${q.target_type}`] : []),
    ...(q.target_id ? [sql`l.target_id = ${q.target_id}`] : []),
    ...(q.before ? [sql`l.id < ${q.before}`] : []),
  ];
  const rows = await db.execute<Row>(sql`
    select l.id, l.created_at, l.actor_id, u.name as actor_name, l.actor_type, l.action, l.target_type, l.target_id, l.details
      from audit_log l left join users u on u.id = l.actor_id
     where ${sql.join(where, sql` and `)}
     order by l.id desc
     limit ${q.limit + 1}`);
  const page = rows.slice(0, q.limit);
  return {
    entries: page.map((r) => ({
      id: Number(r.id),
      at: new Date(r.created_at).toISOString(),
      actor: { id: r.actor_id === null ? null : Number(r.actor_id), name: r.actor_name, type: r.actor_type },
      action: r.action,
      target_type: r.target_type,
      target_id: r.target_id,
      details: r.details,
    })),
    next_before: rows.length > q.limit ? Number(page.at(-1)!.id) : null,
  };
}

import { sql } from 'drizzle-orm';
import { allOf } from '@/db/sql-arrays';
import type { Tx } from '@/db/client';
import { requirePermission, type Viewer } from '@/lib/auth/permissions';
import type { AuditPage, AuditQuery } from '@/lib/validation/admin';
import { pageBefore } from './paging';

type Row = { id: number; created_at: string; actor_id: number | null; actor_name: string | null; actor_type: 'user' | 'token' | 'system'; action: string; target_type: string | null; target_id: string | null; details: Record<string, unknown> };

/** Who did what, newest first: by action or target, keyset-paged (each filter combination its own statement). */
export async function listAudit(db: Tx, viewer: Viewer, q: AuditQuery): Promise<AuditPage> {
  requirePermission(viewer, 'alerts.manage');
  const where = allOf([
    ...(q.action ? [sql`l.action = ${q.action}`] : []),
    ...(q.target_type ? [sql`l.target_type = ${q.target_type}`] : []),
    ...(q.target_id ? [sql`l.target_id = ${q.target_id}`] : []),
    ...(q.before ? [sql`l.id < ${q.before}`] : []),
  ]);
  const rows = await db.execute<Row>(sql`
    select l.id, l.created_at, l.actor_id, u.name as actor_name, l.actor_type, l.action, l.target_type, l.target_id, l.details
      from audit_log l left join users u on u.id = l.actor_id
     where ${where}
     order by l.id desc
     limit ${q.limit + 1}`);
  const { page, next_before } = pageBefore(rows, q.limit);
  return {
    next_before,
    entries: page.map((r) => ({
      id: Number(r.id),
      at: new Date(r.created_at).toISOString(),
      actor: { id: r.actor_id === null ? null : Number(r.actor_id), name: r.actor_name, type: r.actor_type },
      action: r.action,
      target_type: r.target_type,
      target_id: r.target_id,
      details: r.details,
    })),
  };
}

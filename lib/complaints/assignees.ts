import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { can, requirePermission, type Viewer } from '@/lib/auth/permissions';
import { teamSql } from '@/lib/alerts/visibility';
import type { AssignablePerson } from '@/lib/validation/complaints';

const MAX_PEOPLE = 500;

/**
 * May the viewer hand a complaint to the person `u` (an alias of users in the caller's query)?
 * alerts.manage: anyone; everyone else: themselves and the people below them (teamSql). Whether
 * `u` is active is the caller's separate check, so that it can say which rule refused.
 */
export function assignableSql(viewer: Viewer, u: SQL = sql`u`): SQL {
  return can(viewer, 'alerts.manage') ? sql`true` : sql`${u}.id in (select id from (${teamSql(viewer.id)}) team)`;
}

/** The people the viewer may assign complaints to, active ones only, by name: staff get themselves. */
export async function assignablePeople(db: Tx, viewer: Viewer): Promise<AssignablePerson[]> {
  requirePermission(viewer, 'alerts.read');
  const rows = await db.execute<AssignablePerson>(sql`
    select u.id, u.name, u.role from users u
     where u.is_active and ${assignableSql(viewer)}
     order by u.name, u.id limit ${MAX_PEOPLE}`);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, role: r.role }));
}

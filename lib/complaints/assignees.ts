import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { can, requirePermission, type Viewer } from '@/lib/auth/permissions';
import { teamMembers, type TeamMember } from '@/lib/alerts/open';
import { teamSql } from '@/lib/alerts/visibility';
import type { AssignablePerson } from '@/lib/validation/complaints';


/**
 * May the viewer hand a complaint to the person `u` (an alias of users in the caller's query)?
 * alerts.manage: anyone; everyone else: themselves and the people below them (teamSql). Whether
 * `u` is active is the caller's separate check, so that it can say which rule refused.
 */
export function assignableSql(viewer: Viewer, u: SQL = sql`u`): SQL {
  return can(viewer, 'alerts.manage') ? sql`true` : sql`${u}.id in (select id from (${teamSql(viewer.id)}) team)`;
}

/** Whom the viewer may assign complaints to, from their team: the active ones, by name (staff: themselves). */
export const toAssignable = (members: TeamMember[]): AssignablePerson[] =>
  members
    .filter((m) => m.is_active)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id)
    .map(({ id, name, role }) => ({ id, name, role }));

/** GET /api/v1/team: the people the viewer may assign complaints to. */
export async function assignablePeople(db: Tx, viewer: Viewer): Promise<AssignablePerson[]> {
  requirePermission(viewer, 'alerts.read');
  return toAssignable(await teamMembers(db, viewer));
}

import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { users, type Role } from '@/db/schema';

/** Where a person lands after signing in: leads (managers, admins) on the team view, staff on their notifications. */
export async function landingPathFor(db: Tx, email: string): Promise<string> {
  const [user] = await db
    .select({ role: users.role })
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email.trim()})`, eq(users.isActive, true)));
  return landingFor(user?.role ?? 'staff');
}

/** Leads (managers, admins) land on the team view, staff on their notifications. */
export const landingFor = (role: Role): string => (role === 'staff' ? '/notifications' : '/');

import { and, eq, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { users, type User } from '@/db/schema';
import { verifyPassword } from './password';
import { permissionsFor, type Viewer } from './permissions';

export async function findUserByCredentials(email: string, password: string): Promise<User | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email})`, eq(users.isActive, true)));
  // verify against a dummy hash when the user is unknown, so timing does not reveal who exists
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  return user && ok ? user : null;
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * The viewer for a signed-in user id: re-read each request, so a deactivated user is out at once,
 * and so is a session signed before their last password change (its version is older), and a
 * session that was signed out (its id is revoked). A session without an id is not one we issued.
 */
export async function viewerFromUserId(tx: Tx, userId: number, sessionVersion: number, sessionId: string): Promise<Viewer | null> {
  if (!sessionId) return null;
  const [user] = await tx
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(
      and(
        eq(users.id, userId),
        eq(users.isActive, true),
        eq(users.sessionVersion, sessionVersion),
        sql`not exists (select 1 from revoked_sessions s where s.sid = ${sessionId})`,
      ),
    );
  if (!user) return null;
  return { ...user, permissions: permissionsFor(user.role), via: 'session' };
}

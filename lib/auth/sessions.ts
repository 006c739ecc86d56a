import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deleteWhereInBatches } from '@/db/delete-in-batches';

/**
 * Signing out ends the session on the server, not only in the browser: the session's id (`sid`,
 * fixed at sign-in and kept across Auth.js's cookie refreshes) is recorded as revoked until the
 * session would have expired anyway, and every request checks it (lib/auth/users.ts). A copy of
 * the cookie taken before sign-out is then worth nothing.
 */
export async function revokeSession(db: Db, token: { sid?: unknown; sub?: unknown; exp?: unknown }): Promise<boolean> {
  const userId = Number(token.sub);
  if (typeof token.sid !== 'string' || !Number.isSafeInteger(userId) || userId <= 0) return false;
  const exp = typeof token.exp === 'number' && Number.isFinite(token.exp) ? new Date(token.exp * 1000) : new Date(Date.now() + SESSION_MAX_AGE_S * 1000);
  await db.execute(sql`
    insert into revoked_sessions (sid, user_id, expires_at) values (${token.sid}, ${userId}, ${exp.toISOString()}::timestamptz)
    on conflict (sid) do nothing`);
  return true;
}

/** How long a session lasts (Auth.js `session.maxAge`), in seconds. */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;

/** Revocations of sessions that have expired by themselves are no longer needed (cleanup job, in batches). */
export function purgeRevokedSessions(db: Db): Promise<number> {
  return deleteWhereInBatches(db, 'revoked_sessions', 'sid', sql`expires_at < now()`);
}

import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { ApiError } from '@/lib/api/problem';
import type { ChangePasswordInput, Profile, UpdateProfileInput } from '@/lib/validation/account';
import { recordAudit } from './audit';
import { hashPassword, verifyPassword } from './password';
import type { Viewer } from './permissions';

/** The viewer's own profile: who they are, their role, time zone and manager. */
export async function getProfile(db: Tx, viewer: Viewer): Promise<Profile> {
  const [row] = await db.execute<Profile>(sql`
    select u.id, u.email, u.name, u.role, u.timezone,
           case when m.id is null then null else json_build_object('id', m.id, 'name', m.name) end as manager
      from users u left join users m on m.id = u.manager_id
     where u.id = ${viewer.id}`);
  return { ...row!, id: Number(row!.id) };
}

/** Change one's own name (the time zone lives with the notification preferences). */
export async function updateProfile(db: Tx, viewer: Viewer, input: UpdateProfileInput): Promise<Profile> {
  if (input.name !== undefined) {
    await db.transaction(async (tx) => {
      const [before] = await tx.execute<{ name: string }>(sql`select name from users where id = ${viewer.id} for update`);
      await tx.execute(sql`update users set name = ${input.name!}, updated_at = now() where id = ${viewer.id}`);
      await recordAudit(tx, viewer, 'user.profile_updated', { type: 'user', id: viewer.id }, { before: { name: before?.name }, after: { name: input.name } });
    });
  }
  return getProfile(db, viewer);
}

/**
 * Change one's own password, from a signed-in session only (a token is not the person). The
 * current password must match. The session version moves on, so every session signed in before
 * (other browsers, a stolen cookie) stops working at its next request and its live stream closes;
 * the browser that changed it signs in again with the new password.
 */
export async function changePassword(db: Tx, viewer: Viewer, input: ChangePasswordInput): Promise<void> {
  if (viewer.via !== 'session') throw new ApiError(403, 'Forbidden', 'A password is changed from a signed-in session, not with an API token');
  const [row] = await db.execute<{ password_hash: string | null }>(sql`select password_hash from users where id = ${viewer.id}`);
  if (!(await verifyPassword(input.current_password, row?.password_hash))) {
    throw new ApiError(422, 'Unprocessable Content', 'The current password is not right', {
      errors: [{ path: 'current_password', message: 'This is not your current password', code: 'custom' }],
    });
  }
  if (input.new_password === input.current_password) {
    throw new ApiError(422, 'Unprocessable Content', 'The new password is the same as the current one', {
      errors: [{ path: 'new_password', message: 'Choose a password different from the current one', code: 'custom' }],
    });
  }
  const hash = await hashPassword(input.new_password);
  await db.transaction(async (tx) => {
    await tx.execute(sql`update users set password_hash = ${hash}, session_version = session_version + 1, updated_at = now() where id = ${viewer.id}`);
    await recordAudit(tx, viewer, 'user.password_changed', { type: 'user', id: viewer.id });
  });
}

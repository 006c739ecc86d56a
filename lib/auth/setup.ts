import { rmSync, writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { conflict, notFound } from '@/lib/api/problem';
import type { SetupInput, SignedUpUser } from '@/lib/validation/users';
import { recordAudit } from './audit';
import { findLink, INVITE_TTL_HOURS, LINK_GONE, linkGone, newLinkToken, type LinkState } from './invites';
import { hashPassword } from './password';
import { permissionsFor, type Viewer } from './permissions';
import { hashToken } from './tokens';

/**
 * First run outside demo mode: with no active admin, `npm start` makes a one-time setup link that
 * creates the first admin (lib/auth/invites.ts holds the link mechanics). It works only while no
 * active admin exists.
 */

export const setupUrl = (appUrl: string, token: string) => `${appUrl}/setup?token=${encodeURIComponent(token)}`;

export async function hasActiveAdmin(db: Tx): Promise<boolean> {
  const [row] = await db.execute<{ yes: boolean }>(sql`select exists (select 1 from users where role = 'admin' and is_active) as yes`);
  return row?.yes ?? false;
}

/** A new setup link; older unused ones stop working. */
export async function createSetupLink(db: Tx): Promise<{ token: string; expiresAt: Date }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`update invites set revoked_at = now() where kind = 'setup' and used_at is null and revoked_at is null`);
    const token = newLinkToken();
    const [row] = await tx.execute<{ expires_at: string }>(sql`
      insert into invites (kind, token_hash, expires_at) values ('setup', ${hashToken(token)}, now() + make_interval(hours => ${INVITE_TTL_HOURS}))
      returning expires_at`);
    return { token, expiresAt: new Date(row!.expires_at) };
  });
}

/** What the setup page shows: the form, "already set up", or why the link does not work. */
export async function describeSetupLink(db: Tx, token: string): Promise<LinkState | 'done'> {
  if (await hasActiveAdmin(db)) return 'done';
  return (await findLink(db, token, 'setup'))?.state ?? 'unknown';
}

const ALREADY_SET_UP = 'Ops Alerts is already set up: sign in instead';

/** Serializes setups: two people with the same link cannot both become the first admin. */
const SETUP_LOCK = 7263002;

/**
 * POST /api/v1/setup: create the first admin and use up the link. 404 for an unknown link, 410 for
 * an expired, used or revoked one, or once an admin exists; nothing changes then. Audited.
 */
export async function completeSetup(db: Tx, input: SetupInput): Promise<SignedUpUser> {
  // a link that does not work is refused before the (deliberately slow) password hash
  const seen = await findLink(db, input.token, 'setup');
  if (!seen) throw notFound('Setup link');
  if (await hasActiveAdmin(db)) throw linkGone(ALREADY_SET_UP);
  if (seen.state !== 'valid') throw linkGone(LINK_GONE[seen.state]);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK})`);
    const link = await findLink(tx, input.token, 'setup', true);
    if (!link) throw notFound('Setup link');
    if (await hasActiveAdmin(tx)) throw linkGone(ALREADY_SET_UP);
    if (link.state !== 'valid') throw linkGone(LINK_GONE[link.state]);
    const [user] = await tx.execute<{ id: number; email: string; name: string }>(sql`
      insert into users (email, name, role, password_hash) values (${input.email}, ${input.name}, 'admin', ${passwordHash})
      on conflict ((lower(email))) do nothing
      returning id, email, name`);
    if (!user) throw conflict(`Someone with the email ${input.email} already exists`);
    await tx.execute(sql`update invites set used_at = now(), user_id = ${user.id} where id = ${link.id}`);
    const self: Viewer = { id: user.id, email: user.email, name: user.name, role: 'admin', permissions: permissionsFor('admin'), via: 'session' };
    await recordAudit(tx, self, 'setup.completed', { type: 'user', id: user.id }, { email: user.email });
    return { user: { id: Number(user.id), email: user.email, name: user.name, role: 'admin' } };
  });
}

/**
 * `npm start` writes the setup link to this file (mode 0600) for tools, and hands its path to the
 * web server in SETUP_URL_FILE so the file goes once the first admin exists.
 */
export function writeSetupUrlFile(file: string, url: string): void {
  rmSync(file, { force: true }); // the mode applies only to a new file
  writeFileSync(file, `${url}\n`, { mode: 0o600 });
}

export function removeSetupUrlFile(file: string | undefined = process.env.SETUP_URL_FILE): void {
  if (file) rmSync(file, { force: true });
}

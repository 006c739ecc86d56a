import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import type { Role } from '@/db/schema';
import { ApiError, conflict, notFound } from '@/lib/api/problem';
import { sendPlainEmail } from '@/lib/delivery/channels';
import { deliveryConfig, type DeliveryConfig } from '@/lib/delivery/config';
import { escapeHtml } from '@/lib/delivery/render';
import type { AcceptInviteInput, InviteLink, SignedUpUser } from '@/lib/validation/users';
import { recordAudit } from './audit';
import { hashPassword } from './password';
import { permissionsFor, requirePermission, type Viewer } from './permissions';
import { hashToken } from './tokens';

/** How long a link works. */
export const INVITE_TTL_HOURS = 72;

/** A link's token: 256 random bits, base64url. Only its SHA-256 is stored. */
export const newLinkToken = () => randomBytes(32).toString('base64url');

/** A token that cannot be one of ours is refused without a query. */
export const plausibleLinkToken = (token: string) => /^[A-Za-z0-9_-]{20,100}$/.test(token);

export const inviteUrl = (appUrl: string, token: string) => `${appUrl}/invite/${token}`;

export const linkGone = (detail: string) => new ApiError(410, 'Gone', detail);

/** Close every open (unused, unrevoked) link of a person; the number closed. */
export async function revokeOpenInvites(tx: Tx, userId: number): Promise<number> {
  const rows = await tx.execute(sql`
    update invites set revoked_at = now()
     where user_id = ${userId} and kind = 'invite' and used_at is null and revoked_at is null
    returning id`);
  return rows.length;
}

/** A new link for a person; any older open one stops working. Call inside the caller's transaction. */
export async function issueInvite(tx: Tx, userId: number, createdBy: number | null): Promise<{ token: string; expiresAt: Date }> {
  await revokeOpenInvites(tx, userId);
  const token = newLinkToken();
  const [row] = await tx.execute<{ expires_at: string }>(sql`
    insert into invites (kind, user_id, token_hash, expires_at, created_by)
    values ('invite', ${userId}, ${hashToken(token)}, now() + make_interval(hours => ${INVITE_TTL_HOURS}), ${createdBy})
    returning expires_at`);
  return { token, expiresAt: new Date(row!.expires_at) };
}

/** Email the link when SMTP is configured; a failed send is reported, never thrown (the admin has the link anyway). */
export async function emailInvite(config: DeliveryConfig, to: { email: string; name: string }, url: string, inviter: string): Promise<boolean> {
  const hours = INVITE_TTL_HOURS;
  const text = [
    `Hello ${to.name},`,
    '',
    `${inviter} invited you to Ops Alerts, where the operations team sees and handles its alerts.`,
    '',
    `Set your password here (the link works once, for ${hours} hours):`,
    url,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#0f172a;padding:24px">
<p>Hello ${escapeHtml(to.name)},</p>
<p>${escapeHtml(inviter)} invited you to Ops Alerts, where the operations team sees and handles its alerts.</p>
<p><a href="${escapeHtml(url)}" style="display:inline-block;background:#0f172a;color:#fff;text-decoration:none;padding:8px 14px;border-radius:6px">Set your password</a></p>
<p style="font-size:12px;color:#64748b">The link works once, for ${hours} hours.</p>
</body></html>`;
  return sendPlainEmail(config, { to: to.email, subject: 'You are invited to Ops Alerts', text, html });
}

type InvitedUser = { id: number; email: string; name: string; role: Role; is_active: boolean };

async function lockedUser(tx: Tx, id: number): Promise<InvitedUser> {
  const [user] = await tx.execute<InvitedUser>(sql`select id, email, name, role, is_active from users where id = ${id} for update`);
  if (!user) throw notFound('User');
  return user;
}

/** POST /api/v1/admin/users/{id}/invite: a new link (older ones revoked), shown to the admin and emailed. Audited. */
export async function resendInvite(db: Tx, viewer: Viewer, userId: number, config: DeliveryConfig = deliveryConfig()): Promise<InviteLink> {
  requirePermission(viewer, 'alerts.manage');
  const { user, token, expiresAt } = await db.transaction(async (tx) => {
    const user = await lockedUser(tx, userId);
    if (!user.is_active) throw conflict(`${user.name} is deactivated; reactivate them before inviting`);
    const issued = await issueInvite(tx, user.id, viewer.id);
    await recordAudit(tx, viewer, 'user.invited', { type: 'user', id: user.id }, { email: user.email, expires_at: issued.expiresAt.toISOString() });
    return { user, ...issued };
  });
  const url = inviteUrl(config.appUrl, token);
  return { invite_url: url, expires_at: expiresAt.toISOString(), emailed: await emailInvite(config, user, url, viewer.name) };
}

/** DELETE /api/v1/admin/users/{id}/invite: the open link stops working; 409 when there is none. Audited. */
export async function revokeInvite(db: Tx, viewer: Viewer, userId: number): Promise<void> {
  requirePermission(viewer, 'alerts.manage');
  await db.transaction(async (tx) => {
    const user = await lockedUser(tx, userId);
    const revoked = await revokeOpenInvites(tx, user.id);
    if (!revoked) throw conflict(`${user.name} has no open invite`);
    await recordAudit(tx, viewer, 'user.invite_revoked', { type: 'user', id: user.id }, { revoked });
  });
}

export type LinkState = 'valid' | 'expired' | 'used' | 'revoked' | 'unknown';
type LinkRow = { id: number; kind: 'invite' | 'setup'; user_id: number | null; state: Exclude<LinkState, 'unknown'> };

/** A link by its token, with what it is worth now; `lock` holds it for the caller's transaction. */
export async function findLink(tx: Tx, token: string, kind: 'invite' | 'setup', lock = false): Promise<LinkRow | null> {
  if (!plausibleLinkToken(token)) return null;
  const [row] = await tx.execute<LinkRow>(sql`
    select id, kind, user_id,
           case when used_at is not null then 'used' when revoked_at is not null then 'revoked'
                when expires_at <= now() then 'expired' else 'valid' end as state
      from invites
     where token_hash = ${hashToken(token)} and kind = ${kind}
     ${lock ? sql`for update` : sql``}`);
  return row ?? null;
}

/** Why a link no longer works, in words for the person holding it. */
export const LINK_GONE: Record<Exclude<LinkState, 'valid' | 'unknown'>, string> = {
  expired: 'This link has expired',
  used: 'This link has already been used',
  revoked: 'This link was withdrawn',
};

/** What the invite page shows: whose invite it is, or why it does not work. */
export async function describeInvite(db: Tx, token: string): Promise<{ state: LinkState; user: { email: string; name: string } | null }> {
  const link = await findLink(db, token, 'invite');
  if (!link || link.user_id === null) return { state: 'unknown', user: null };
  const [user] = await db.execute<{ email: string; name: string; is_active: boolean }>(sql`select email, name, is_active from users where id = ${link.user_id}`);
  if (!user) return { state: 'unknown', user: null };
  // a deactivated person's links were revoked with them; one that slipped through is no better
  const state = link.state === 'valid' && !user.is_active ? 'revoked' : link.state;
  return { state, user: { email: user.email, name: user.name } };
}

/**
 * POST /api/v1/invites/{token}: the invited person sets their password (and name) and the link is
 * used up. Unknown link: 404; expired, used or revoked: 410; either way nothing changes. Any older
 * session of theirs ends (the password changed). Audited as the person themselves.
 */
export async function acceptInvite(db: Tx, token: string, input: AcceptInviteInput): Promise<SignedUpUser> {
  // a link that does not work is refused before the (deliberately slow) password hash
  const seen = await findLink(db, token, 'invite');
  if (!seen || seen.user_id === null) throw notFound('Invite');
  if (seen.state !== 'valid') throw linkGone(LINK_GONE[seen.state]);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const link = await findLink(tx, token, 'invite', true);
    if (!link || link.user_id === null) throw notFound('Invite');
    if (link.state !== 'valid') throw linkGone(LINK_GONE[link.state]);
    const [user] = await tx.execute<InvitedUser>(sql`
      update users set password_hash = ${passwordHash}, name = coalesce(${input.name ?? null}, name),
             session_version = session_version + 1, updated_at = now()
       where id = ${link.user_id} and is_active
      returning id, email, name, role, is_active`);
    if (!user) throw linkGone(LINK_GONE.revoked);
    await tx.execute(sql`update invites set used_at = now() where id = ${link.id}`);
    const self: Viewer = { id: user.id, email: user.email, name: user.name, role: user.role, permissions: permissionsFor(user.role), via: 'session' };
    await recordAudit(tx, self, 'user.invite_accepted', { type: 'user', id: user.id }, { invite_id: Number(link.id), name_changed: input.name !== undefined });
    return { user: { id: Number(user.id), email: user.email, name: user.name, role: user.role } };
  });
}

import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { auditLog, deliveries, invites, users } from '@/db/schema';
import { raiseFor } from '@/lib/alerts/testing/api';
import { ApiError } from '@/lib/api/problem';
import { acceptInvite, resendInvite } from '@/lib/auth/invites';
import { viewerFromUserId } from '@/lib/auth/users';
import type { DeliveryConfig } from '@/lib/delivery/config';
import { asViewer, createUser } from '@/test/fixtures';
import { startSmtpReceiver } from '@/test/receivers';
import { addUser, listUsers, updateUser } from './users';

const NO_EMAIL: DeliveryConfig = { smtpUrl: null, smtpFrom: 'Ops Alerts <alerts@test.local>', slackWebhookUrl: null, webhookSecret: null, appUrl: 'https://ops.example' };
const tag = () => randomBytes(4).toString('hex');
const tokenOf = (url: string) => url.split('/invite/')[1]!;

/** What a lib call threw: its status and, for a 422, the fields named. */
async function failure(p: Promise<unknown>): Promise<{ status: number; paths: string[] }> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const errors = (err.extra.errors ?? []) as { path: string }[];
    return { status: err.status, paths: errors.map((e) => e.path) };
  }
  throw new Error('expected the call to fail');
}

const list = (viewer: ReturnType<typeof asViewer>, q: Partial<Parameters<typeof listUsers>[2]> = {}) => listUsers(db, viewer, { limit: 50, ...q });

let admin: ReturnType<typeof asViewer>;
beforeAll(async () => {
  admin = asViewer(await createUser('admin'));
});

describe('listUsers', () => {
  it('searches name and email, filters by role and active, and pages by name without repeats', async () => {
    const t = tag();
    const boss = await createUser('manager', { name: `${t} Echo` });
    for (const n of ['Delta', 'alpha', 'Charlie', 'Bravo']) await createUser('staff', { name: `${t} ${n}`, managerId: boss.id });

    const all = await list(admin, { q: t });
    expect(all.users.map((u) => u.name)).toEqual([`${t} alpha`, `${t} Bravo`, `${t} Charlie`, `${t} Delta`, `${t} Echo`]);
    expect(all.next_cursor).toBeNull();
    expect(all.users[0]).toMatchObject({ role: 'staff', is_active: true, manager: { id: boss.id, name: `${t} Echo` }, invite_status: 'none', invite_expires_at: null });
    expect(all.users[4]!.manager).toBeNull();

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await list(admin, { q: t, limit: 2, cursor });
      pages.push(page.users.map((u) => u.name.split(' ')[1]!));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual([['alpha', 'Bravo'], ['Charlie', 'Delta'], ['Echo']]);

    expect((await list(admin, { q: t, role: 'manager' })).users.map((u) => u.id)).toEqual([boss.id]);
    // by email, in any case, and with LIKE's wildcards taken literally
    expect((await list(admin, { q: boss.email.toUpperCase() })).users.map((u) => u.id)).toEqual([boss.id]);
    expect((await list(admin, { q: `${t}%` })).users).toEqual([]);

    await updateUser(db, admin, boss.id, { active: false });
    expect((await list(admin, { q: t, active: false })).users.map((u) => u.id)).toEqual([boss.id]);
    expect((await list(admin, { q: t, active: true })).users).toHaveLength(4);
  });

  it('shows where each invite stands: pending, expired, accepted', async () => {
    const t = tag();
    const pending = await addUser(db, admin, { email: `p-${t}@test.local`, name: `${t} pending`, role: 'staff' }, NO_EMAIL);
    const expired = await addUser(db, admin, { email: `e-${t}@test.local`, name: `${t} expired`, role: 'staff' }, NO_EMAIL);
    const accepted = await addUser(db, admin, { email: `a-${t}@test.local`, name: `${t} accepted`, role: 'staff' }, NO_EMAIL);
    await db.update(invites).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(invites.userId, expired.user.id));
    await acceptInvite(db, tokenOf(accepted.invite_url), { password: 'a long enough password' });
    const byName = Object.fromEntries((await list(admin, { q: t })).users.map((u) => [u.name.split(' ')[1], u]));
    expect(byName.pending).toMatchObject({ invite_status: 'pending', invite_expires_at: pending.expires_at });
    expect(byName.expired).toMatchObject({ invite_status: 'expired' });
    expect(byName.accepted).toMatchObject({ invite_status: 'accepted', invite_expires_at: null });
  });

  it('refuses a cursor it did not give out, and anyone without alerts.manage', async () => {
    expect(await failure(list(admin, { cursor: 'not-a-cursor' }))).toEqual({ status: 422, paths: ['cursor'] });
    expect((await failure(list(asViewer(await createUser('manager'))))).status).toBe(403);
  });
});

describe('addUser', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
  });
  afterAll(() => smtp.close());

  it('creates the person without a password and answers a one-time link (emailed when SMTP is set)', async () => {
    const boss = await createUser('manager');
    const email = `new-${tag()}@test.local`;
    const created = await addUser(db, admin, { email, name: 'New Person', role: 'staff', manager_id: boss.id }, { ...NO_EMAIL, smtpUrl: smtp.url });
    expect(created.invite_url).toMatch(/^https:\/\/ops\.example\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(created.emailed).toBe(true);
    expect(created.user).toMatchObject({ email, name: 'New Person', role: 'staff', manager: { id: boss.id }, is_active: true, invite_status: 'pending' });
    expect(Date.parse(created.expires_at) - Date.now()).toBeGreaterThan(71 * 3_600_000);
    const [mail] = smtp.to(email);
    expect(mail?.text).toContain(created.invite_url);

    const [row] = await db.select().from(users).where(eq(users.id, created.user.id));
    expect(row!.passwordHash).toBeNull();
    // only the hash of the link is kept
    const [invite] = await db.select().from(invites).where(eq(invites.userId, created.user.id));
    expect(invite!.tokenHash).not.toContain(tokenOf(created.invite_url));
    const [audit] = await db.select().from(auditLog).where(sql`${auditLog.action} = 'user.created' and ${auditLog.targetId} = ${String(created.user.id)}`);
    expect(audit!.details).toMatchObject({ after: { email, role: 'staff', manager_id: boss.id, active: true } });
  });

  it('still creates the person when the email cannot be sent, and says so', async () => {
    smtp.refuseWith(550, 'no such mailbox');
    try {
      const created = await addUser(db, admin, { email: `bounce-${tag()}@test.local`, name: 'Bounce', role: 'staff' }, { ...NO_EMAIL, smtpUrl: smtp.url });
      expect(created.emailed).toBe(false);
      expect(created.invite_url).toContain('/invite/');
    } finally {
      smtp.refuseWith(null);
    }
  });

  it('refuses a taken email in any case (409), and a missing or deactivated manager (422 on manager_id)', async () => {
    const existing = await createUser('staff');
    expect((await failure(addUser(db, admin, { email: existing.email.toUpperCase(), name: 'Dup', role: 'staff' }, NO_EMAIL))).status).toBe(409);
    expect(await failure(addUser(db, admin, { email: `m-${tag()}@test.local`, name: 'X', role: 'staff', manager_id: 99_999_999 }, NO_EMAIL))).toEqual({ status: 422, paths: ['manager_id'] });
    const gone = await createUser('manager');
    await updateUser(db, admin, gone.id, { active: false });
    expect(await failure(addUser(db, admin, { email: `m-${tag()}@test.local`, name: 'X', role: 'staff', manager_id: gone.id }, NO_EMAIL))).toEqual({ status: 422, paths: ['manager_id'] });
  });
});

describe('updateUser', () => {
  it('changes name, role and manager, audited with before and after', async () => {
    const boss = await createUser('manager');
    const person = await createUser('staff');
    const after = await updateUser(db, admin, person.id, { name: 'Renamed', role: 'manager', manager_id: boss.id });
    expect(after).toMatchObject({ id: person.id, name: 'Renamed', role: 'manager', manager: { id: boss.id } });
    const [audit] = await db.select().from(auditLog).where(sql`${auditLog.action} = 'user.updated' and ${auditLog.targetId} = ${String(person.id)}`);
    expect(audit!.details).toEqual({ before: { name: person.name, role: 'staff', manager_id: null }, after: { name: 'Renamed', role: 'manager', manager_id: boss.id } });
    expect((await updateUser(db, admin, person.id, { manager_id: null })).manager).toBeNull();
  });

  it('refuses a manager loop, direct or through reports, and being one\'s own manager (422 on manager_id)', async () => {
    const top = await createUser('manager');
    const middle = await createUser('manager', { managerId: top.id });
    const bottom = await createUser('staff', { managerId: middle.id });
    expect(await failure(updateUser(db, admin, top.id, { manager_id: bottom.id }))).toEqual({ status: 422, paths: ['manager_id'] });
    expect(await failure(updateUser(db, admin, top.id, { manager_id: middle.id }))).toEqual({ status: 422, paths: ['manager_id'] });
    expect(await failure(updateUser(db, admin, top.id, { manager_id: top.id }))).toEqual({ status: 422, paths: ['manager_id'] });
    const [row] = await db.select().from(users).where(eq(users.id, top.id));
    expect(row!.managerId).toBeNull();
    // the other way round is a plain chain
    expect((await updateUser(db, admin, bottom.id, { manager_id: top.id })).manager?.id).toBe(top.id);
  });

  it('answers 404 for nobody and 403 for staff and managers', async () => {
    expect((await failure(updateUser(db, admin, 99_999_999, { name: 'x' }))).status).toBe(404);
    const person = await createUser('staff');
    expect((await failure(updateUser(db, asViewer(person), person.id, { role: 'admin' }))).status).toBe(403);
    expect((await failure(updateUser(db, asViewer(await createUser('manager')), person.id, { active: false }))).status).toBe(403);
  });

  it('deactivates in one go: sessions end, waiting deliveries are skipped, open invites revoked; and reactivates', async () => {
    const created = await addUser(db, admin, { email: `leaver-${tag()}@test.local`, name: 'Leaver', role: 'staff' }, NO_EMAIL);
    const id = created.user.id;
    await acceptInvite(db, tokenOf(created.invite_url), { password: 'a long enough password' });
    const reinvite = await addUserInvite(id);
    const [{ sessionVersion }] = (await db.select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, id))) as [{ sessionVersion: number }];
    expect(await viewerFromUserId(db, id, sessionVersion, "sid-1")).not.toBeNull();

    const alertId = await raiseFor(admin, [{ id }]);
    const k = tag();
    await db.insert(deliveries).values(
      (['pending', 'failed', 'sent', 'dead'] as const).map((status) => ({ alertId, userId: id, channel: 'email' as const, target: 'x@test.local', status, idempotencyKey: `${k}-${status}` })),
    );

    const after = await updateUser(db, admin, id, { active: false });
    expect(after.is_active).toBe(false);
    const [row] = await db.select().from(users).where(eq(users.id, id));
    expect(row!.sessionVersion).toBe(sessionVersion + 1);
    expect(await viewerFromUserId(db, id, sessionVersion, "sid-1")).toBeNull();
    const outbox = await db.select({ status: deliveries.status, lastError: deliveries.lastError, key: deliveries.idempotencyKey }).from(deliveries).where(sql`${deliveries.idempotencyKey} like ${`${k}-%`}`);
    expect(Object.fromEntries(outbox.map((d) => [d.key.slice(k.length + 1), [d.status, d.lastError]]))).toEqual({
      pending: ['skipped', 'recipient deactivated'],
      failed: ['skipped', 'recipient deactivated'],
      sent: ['sent', null],
      dead: ['dead', null],
    });
    const open = await db.execute(sql`select 1 from invites where user_id = ${id} and used_at is null and revoked_at is null`);
    expect(open).toHaveLength(0);
    expect((await failure(acceptInvite(db, reinvite, { password: 'another long password' }))).status).toBe(410);
    const [audit] = await db.select().from(auditLog).where(sql`${auditLog.action} = 'user.deactivated' and ${auditLog.targetId} = ${String(id)}`);
    expect(audit!.details).toEqual({ before: { active: true }, after: { active: false }, deliveries_skipped: 2, alerts_handed_over: 0, invites_revoked: 1 });

    expect((await updateUser(db, admin, id, { active: true })).is_active).toBe(true);
    expect(await viewerFromUserId(db, id, sessionVersion + 1, "sid-1")).not.toBeNull();
    const [back] = await db.select().from(auditLog).where(sql`${auditLog.action} = 'user.reactivated' and ${auditLog.targetId} = ${String(id)}`);
    expect(back!.details).toMatchObject({ before: { active: false }, after: { active: true } });
  });

  it('keeps the last active admin: no demotion, no deactivation (409); with a second admin both work', async () => {
    // this test owns the admins of its database from here on
    await db.execute(sql`update users set is_active = false where role = 'admin' and id <> ${admin.id}`);
    expect((await failure(updateUser(db, admin, admin.id, { role: 'manager' }))).status).toBe(409);
    expect((await failure(updateUser(db, admin, admin.id, { active: false }))).status).toBe(409);
    const [row] = await db.select().from(users).where(eq(users.id, admin.id));
    expect(row).toMatchObject({ role: 'admin', isActive: true });
    // a deactivated admin does not count, and renaming the last one is fine
    expect((await updateUser(db, admin, admin.id, { name: 'Still Admin' })).name).toBe('Still Admin');

    const second = await createUser('admin');
    expect((await updateUser(db, admin, second.id, { role: 'staff' })).role).toBe('staff');
    expect((await failure(updateUser(db, admin, admin.id, { active: false }))).status).toBe(409);
    await updateUser(db, admin, second.id, { role: 'admin' });
    expect((await updateUser(db, admin, admin.id, { role: 'manager' })).role).toBe('manager');
  });

  it('lets only one of two admins demote the other when both try at once', async () => {
    const x = await createUser('admin');
    const y = await createUser('admin');
    await db.execute(sql`update users set is_active = false where role = 'admin' and id not in (${x.id}, ${y.id})`);
    const outcomes = await Promise.allSettled([updateUser(db, asViewer(x), y.id, { role: 'staff' }), updateUser(db, asViewer(y), x.id, { active: false })]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ status: 409 });
    const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from users where role = 'admin' and is_active`);
    expect(row!.n).toBe(1);
  });
});

/** A fresh invite for an existing person, as the admin's "re-send" makes it; its token. */
async function addUserInvite(id: number): Promise<string> {
  return tokenOf((await resendInvite(db, admin, id, NO_EMAIL)).invite_url);
}

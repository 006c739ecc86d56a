import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as postAcceptInvite } from '@/app/api/v1/invites/[token]/route';
import { POST as postSetup } from '@/app/api/v1/setup/route';
import { db } from '@/db/client';
import { auditLog, invites, users } from '@/db/schema';
import { addUser, updateUser } from '@/lib/admin/users';
import { call, type Route } from '@/lib/alerts/testing/api';
import { ApiError } from '@/lib/api/problem';
import type { DeliveryConfig } from '@/lib/delivery/config';
import { asViewer, createUser } from '@/test/fixtures';
import { acceptInvite, describeInvite, resendInvite, revokeInvite } from './invites';
import { completeSetup, createSetupLink, describeSetupLink, hasActiveAdmin, removeSetupUrlFile, setupUrl, writeSetupUrlFile } from './setup';
import { findUserByCredentials } from './users';

const NO_EMAIL: DeliveryConfig = { smtpUrl: null, smtpFrom: 'Ops Alerts <alerts@test.local>', slackWebhookUrl: null, webhookSecret: null, appUrl: 'https://ops.example' };
const PASSWORD = 'a long enough password';
const tag = () => randomBytes(4).toString('hex');
const tokenOf = (url: string) => url.split('/invite/')[1]!;

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err.status;
    throw err;
  }
  throw new Error('expected the call to fail');
}

// first: this file's database starts without any user, as a fresh deployment does
describe('first-run setup', () => {
  it('creates the first admin once, with the newest link only, and never again once an admin exists', async () => {
    expect(await hasActiveAdmin(db)).toBe(false);
    const older = await createSetupLink(db);
    const link = await createSetupLink(db);
    expect(setupUrl('https://ops.example', link.token)).toBe(`https://ops.example/setup?token=${link.token}`);
    expect(await describeSetupLink(db, older.token)).toBe('revoked');
    expect(await describeSetupLink(db, link.token)).toBe('valid');
    expect(await describeSetupLink(db, 'nothing-like-a-token')).toBe('unknown');

    const input = { token: link.token, email: 'First@Ops.example', name: 'First Admin', password: PASSWORD };
    expect(await status(completeSetup(db, { ...input, token: older.token }))).toBe(410);
    expect(await status(completeSetup(db, { ...input, token: 'A'.repeat(43) }))).toBe(404);
    const expired = await createSetupLink(db);
    await db.update(invites).set({ expiresAt: new Date(Date.now() - 1000) }).where(sql`kind = 'setup' and used_at is null and revoked_at is null`);
    expect(await status(completeSetup(db, { ...input, token: expired.token }))).toBe(410);
    expect(await hasActiveAdmin(db)).toBe(false);

    const fresh = await createSetupLink(db);
    // through the public route, as the setup page posts it; the file with the link goes with it
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ops-setup-')), 'setup-url.txt');
    writeSetupUrlFile(file, setupUrl('https://ops.example', fresh.token));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    process.env.SETUP_URL_FILE = file;
    try {
      const res = await call(postSetup as Route, { method: 'POST', path: '/api/v1/setup', body: { ...input, token: fresh.token } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ user: { email: 'first@ops.example', name: 'First Admin', role: 'admin' } });
    } finally {
      delete process.env.SETUP_URL_FILE;
    }
    expect(existsSync(file)).toBe(false);
    expect(await hasActiveAdmin(db)).toBe(true);
    expect(await findUserByCredentials('first@ops.example', PASSWORD)).toMatchObject({ role: 'admin', name: 'First Admin' });
    expect(await describeSetupLink(db, fresh.token)).toBe('done');
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'setup.completed'));
    expect(audit!.details).toEqual({ email: 'first@ops.example' });

    // once an admin exists, even a brand-new link does nothing
    const late = await createSetupLink(db);
    const res = await call(postSetup as Route, { method: 'POST', path: '/api/v1/setup', body: { ...input, email: 'second@ops.example', token: late.token } });
    expect(res).toMatchObject({ status: 410, contentType: 'application/problem+json' });
    expect(await db.select().from(users).where(eq(users.role, 'admin'))).toHaveLength(1);
  });

  it('removes the setup-url file even when it is already gone', () => {
    expect(() => removeSetupUrlFile(path.join(os.tmpdir(), `missing-${tag()}.txt`))).not.toThrow();
    expect(() => removeSetupUrlFile(undefined)).not.toThrow();
  });
});

describe('invites', () => {
  let admin: ReturnType<typeof asViewer>;
  beforeAll(async () => {
    admin = asViewer(await createUser('admin'));
  });

  const invite = async (name = 'Invited Person') => addUser(db, admin, { email: `inv-${tag()}@test.local`, name, role: 'staff' }, NO_EMAIL);
  const passwordOf = async (id: number) => (await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, id)))[0]!.hash;

  it('sets the password and name once; the link is then used up', async () => {
    const { user, invite_url } = await invite();
    expect(await describeInvite(db, tokenOf(invite_url))).toEqual({ state: 'valid', user: { email: user.email, name: 'Invited Person' } });

    const res = await call(postAcceptInvite as Route, { method: 'POST', path: '/api/v1/invites/x', params: { token: tokenOf(invite_url) }, body: { password: PASSWORD, name: 'Chosen Name' } });
    expect(res).toMatchObject({ status: 200, body: { user: { id: user.id, email: user.email, name: 'Chosen Name', role: 'staff' } } });
    expect(await findUserByCredentials(user.email, PASSWORD)).toMatchObject({ id: user.id, sessionVersion: 1 });
    expect(await describeInvite(db, tokenOf(invite_url))).toMatchObject({ state: 'used' });

    const again = await call(postAcceptInvite as Route, { method: 'POST', path: '/api/v1/invites/x', params: { token: tokenOf(invite_url) }, body: { password: 'someone else entirely' } });
    expect(again).toMatchObject({ status: 410, contentType: 'application/problem+json' });
    expect(await findUserByCredentials(user.email, PASSWORD)).not.toBeNull();
    expect(await findUserByCredentials(user.email, 'someone else entirely')).toBeNull();
    const [audit] = await db.select().from(auditLog).where(sql`${auditLog.action} = 'user.invite_accepted' and ${auditLog.targetId} = ${String(user.id)}`);
    expect(audit!.actorId).toBe(user.id);
  });

  it('refuses an expired link (410) and changes nothing', async () => {
    const { user, invite_url } = await invite();
    await db.update(invites).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invites.userId, user.id));
    expect(await status(acceptInvite(db, tokenOf(invite_url), { password: PASSWORD }))).toBe(410);
    expect(await passwordOf(user.id)).toBeNull();
    expect(await describeInvite(db, tokenOf(invite_url))).toMatchObject({ state: 'expired' });
  });

  it('refuses a revoked link (410); revoking twice is 409', async () => {
    const { user, invite_url } = await invite();
    await revokeInvite(db, admin, user.id);
    expect(await status(acceptInvite(db, tokenOf(invite_url), { password: PASSWORD }))).toBe(410);
    expect(await passwordOf(user.id)).toBeNull();
    expect(await status(revokeInvite(db, admin, user.id))).toBe(409);
  });

  it('re-sending makes a new link and revokes the old one', async () => {
    const { user, invite_url } = await invite();
    const again = await resendInvite(db, admin, user.id, NO_EMAIL);
    expect(again.invite_url).not.toBe(invite_url);
    expect(again.emailed).toBe(false);
    expect(await status(acceptInvite(db, tokenOf(invite_url), { password: PASSWORD }))).toBe(410);
    await acceptInvite(db, tokenOf(again.invite_url), { password: PASSWORD });
    expect(await findUserByCredentials(user.email, PASSWORD)).not.toBeNull();
  });

  it('answers 404 for a link nobody was given, and 422 for a short password, changing nothing', async () => {
    expect(await status(acceptInvite(db, 'A'.repeat(43), { password: PASSWORD }))).toBe(404);
    expect(await status(acceptInvite(db, '../../etc', { password: PASSWORD }))).toBe(404);
    const { user, invite_url } = await invite();
    const short = await call(postAcceptInvite as Route, { method: 'POST', path: '/api/v1/invites/x', params: { token: tokenOf(invite_url) }, body: { password: 'short' } });
    expect(short.status).toBe(422);
    expect(await passwordOf(user.id)).toBeNull();
    expect(await describeInvite(db, tokenOf(invite_url))).toMatchObject({ state: 'valid' });
  });

  it('does not invite a deactivated person, and their links stop working', async () => {
    const { user, invite_url } = await invite();
    await updateUser(db, admin, user.id, { active: false });
    expect(await describeInvite(db, tokenOf(invite_url))).toMatchObject({ state: 'revoked' });
    expect(await status(resendInvite(db, admin, user.id, NO_EMAIL))).toBe(409);
    expect(await status(resendInvite(db, asViewer(await createUser('staff')), user.id, NO_EMAIL))).toBe(403);
  });
});

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { GET as streamRoute } from '@/app/api/v1/alerts/stream/route';
import { POST as postPassword } from '@/app/api/v1/me/password/route';
import { GET as getMe, PATCH as patchMe } from '@/app/api/v1/me/route';
import { db } from '@/db/client';
import { createUser, TEST_PASSWORD, tokenFor } from '@/test/fixtures';
import { signInCookie, signOutSession, withSession } from '@/test/sessions';
import { sse } from '@/test/sse';

const ctx = { params: Promise.resolve({}) };

describe('own account', () => {
  it('a session reads and renames its own profile', async () => {
    const manager = await createUser('manager', { name: 'Morgan' });
    const staff = await createUser('staff', { managerId: manager.id });
    const cookie = (await signInCookie(staff.email, TEST_PASSWORD))!;
    expect(cookie).toBeTruthy();
    const me = await getMe(withSession(cookie, '/api/v1/me'), ctx);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: staff.id, email: staff.email, role: 'staff', manager: { id: manager.id, name: 'Morgan' } });

    const renamed = await patchMe(withSession(cookie, '/api/v1/me', { method: 'PATCH', body: { name: '  Sam Rivers ' } }), ctx);
    expect(await renamed.json()).toMatchObject({ name: 'Sam Rivers' });
    for (const body of [{ name: '' }, { name: 'x'.repeat(101) }, { role: 'admin' }, { name: 'ok', is_active: false }]) {
      const res = await patchMe(withSession(cookie, '/api/v1/me', { method: 'PATCH', body }), ctx);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const [row] = await db.execute<{ name: string; role: string }>(sql`select name, role from users where id = ${staff.id}`);
    expect(row).toEqual({ name: 'Sam Rivers', role: 'staff' });
  });

  it('changing the password ends every other session at its next request', async () => {
    const staff = await createUser('staff');
    const laptop = (await signInCookie(staff.email, TEST_PASSWORD))!;
    const phone = (await signInCookie(staff.email, TEST_PASSWORD))!;
    expect((await getMe(withSession(phone, '/api/v1/me'), ctx)).status).toBe(200);

    // a wrong current password, a too-short or unchanged new one: 422, nothing changes
    for (const body of [
      { current_password: 'not it at all', new_password: 'a new long password' },
      { current_password: TEST_PASSWORD, new_password: 'short' },
      { current_password: TEST_PASSWORD, new_password: TEST_PASSWORD },
    ]) {
      expect((await postPassword(withSession(laptop, '/api/v1/me/password', { method: 'POST', body }), ctx)).status, JSON.stringify(body)).toBe(422);
    }
    expect((await getMe(withSession(phone, '/api/v1/me'), ctx)).status).toBe(200);

    const abort = new AbortController();
    const phoneStream = sse(await streamRoute(new Request(withSession(phone, '/api/v1/alerts/stream'), { signal: abort.signal }), ctx));
    await phoneStream.next((f) => f.some((x) => x.event === 'count'));

    const changed = await postPassword(withSession(laptop, '/api/v1/me/password', { method: 'POST', body: { current_password: TEST_PASSWORD, new_password: 'a new long password' } }), ctx);
    expect(changed.status).toBe(204);
    // the other device's live stream ends too
    await phoneStream.next(() => false, 5000);
    expect(phoneStream.ended).toBe(true);
    abort.abort();
    for (const cookie of [laptop, phone]) expect((await getMe(withSession(cookie, '/api/v1/me'), ctx)).status).toBe(401);
    expect(await signInCookie(staff.email, TEST_PASSWORD)).toBeNull();
    const fresh = (await signInCookie(staff.email, 'a new long password'))!;
    expect((await getMe(withSession(fresh, '/api/v1/me'), ctx)).status).toBe(200);
    const [audit] = await db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'user.password_changed' and target_id = ${String(staff.id)}`);
    expect(audit!.n).toBe(1);
  });

  it("signing out ends that session on the server; the person's other sessions go on", async () => {
    const staff = await createUser('staff');
    const laptop = (await signInCookie(staff.email, TEST_PASSWORD))!;
    const phone = (await signInCookie(staff.email, TEST_PASSWORD))!;
    expect((await getMe(withSession(laptop, '/api/v1/me'), ctx)).status).toBe(200);

    const abort = new AbortController();
    const laptopStream = sse(await streamRoute(new Request(withSession(laptop, '/api/v1/alerts/stream'), { signal: abort.signal }), ctx));
    await laptopStream.next((f) => f.some((x) => x.event === 'count'));

    const out = await signOutSession(laptop);
    expect(out.status).toBe(302);
    // the browser's cookie is cleared, and a copy of it kept from before is refused
    expect(out.headers.getSetCookie().some((c) => c.startsWith('authjs.session-token=;'))).toBe(true);
    expect((await getMe(withSession(laptop, '/api/v1/me'), ctx)).status).toBe(401);
    await laptopStream.next(() => false, 5000);
    expect(laptopStream.ended).toBe(true);
    abort.abort();
    const reconnect = await streamRoute(withSession(laptop, '/api/v1/alerts/stream'), ctx);
    expect(reconnect.status).toBe(401);
    await reconnect.body?.cancel();

    expect((await getMe(withSession(phone, '/api/v1/me'), ctx)).status).toBe(200);
    const [row] = await db.execute<{ n: number; future: boolean }>(sql`
      select count(*)::int as n, bool_and(expires_at > now() + interval '11 hours') as future from revoked_sessions where user_id = ${staff.id}`);
    expect(row).toEqual({ n: 1, future: true });
  });

  it('a session cookie without a session id (not one this app issued) is refused', async () => {
    const staff = await createUser('staff');
    const { encode } = await import('next-auth/jwt');
    const forged = await encode({ token: { sub: String(staff.id), sv: 0 }, secret: process.env.AUTH_SECRET!, salt: 'authjs.session-token' });
    expect((await getMe(withSession(`authjs.session-token=${forged}`, '/api/v1/me'), ctx)).status).toBe(401);
    const signed = await encode({ token: { sub: String(staff.id), sv: 0, sid: 'x' }, secret: process.env.AUTH_SECRET!, salt: 'authjs.session-token' });
    expect((await getMe(withSession(`authjs.session-token=${signed}`, '/api/v1/me'), ctx)).status).toBe(200);
  });

  it('a token cannot change the password', async () => {
    const staff = await createUser('staff');
    const token = await tokenFor(staff.id, ['alerts.read']);
    const res = await postPassword(
      new Request('http://localhost/api/v1/me/password', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ current_password: TEST_PASSWORD, new_password: 'a new long password' }),
      }),
      ctx,
    );
    expect(res.status).toBe(403);
    expect(await signInCookie(staff.email, TEST_PASSWORD)).toBeTruthy();
  });
});

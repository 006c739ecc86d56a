import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { GET as getMe } from '@/app/api/v1/me/route';
import { createDb, db } from '@/db/client';
import { GET as getUnreadCount } from '@/app/api/v1/alerts/unread/count/route';
import { frontDoor } from '@/lib/api/front-door';
import { CLIENT_ADDRESS_HEADER } from '@/lib/auth/client-address';
import { assertSignInAllowed, recordSignInFailure, SignInLocked, signInKeys } from '@/lib/auth/signin-limit';
import { createUser, TEST_PASSWORD, tokenFor } from '@/test/fixtures';
import { signInAttempt, signInCookie } from '@/test/sessions';

const ctx = { params: Promise.resolve({}) };
const from = (address: string) => ({ [CLIENT_ADDRESS_HEADER]: address });

// a second app instance: its own connection pool on the same database, running the same limiter
const other = createDb(process.env.DATABASE_URL!, { max: 2 });
afterAll(() => other.client.end());

/** A wrong password as the second instance's authorize handles it: check the lockout, then count the failure. */
async function failOnOtherInstance(email: string, address: string): Promise<SignInLocked | null> {
  const keys = signInKeys(email, address);
  try {
    await assertSignInAllowed(other.db, keys);
  } catch (err) {
    if (err instanceof SignInLocked) return err;
    throw err;
  }
  return recordSignInFailure(other.db, keys, address);
}

/** The time an Auth.js error redirect says the sign-in may be tried again, or null when it is not a lockout. */
function lockedUntil(location: string | null): Date | null {
  const code = location ? new URL(location).searchParams.get('code') : null;
  return code?.startsWith('locked:') ? new Date(code.slice('locked:'.length)) : null;
}

/** Move every stored window of these keys back, as if that much time had passed. */
const passMinutes = (minutes: number, keyLike: string) =>
  db.execute(sql`update auth_failures set window_started_at = window_started_at - make_interval(mins => ${minutes}) where key like ${keyLike}`);

describe('failed sign-ins', () => {
  it('20 wrong passwords over two instances: the account waits, the right password too, until the window passes', async () => {
    const user = await createUser('staff');
    const started = Date.now();
    const refusals: (Date | null)[] = [];
    for (let i = 0; i < 20; i++) {
      if (i % 2 === 0) {
        const attempt = await signInAttempt(user.email, 'not the password', from('203.0.113.7'));
        expect(attempt.cookie).toBeNull();
        refusals.push(lockedUntil(attempt.location));
      } else {
        refusals.push((await failOnOtherInstance(user.email, '198.51.100.9'))?.until ?? null);
      }
    }
    // the first four are plain wrong passwords; the fifth locks the account, whichever instance saw it
    expect(refusals.slice(0, 4)).toEqual([null, null, null, null]);
    const until = refusals[4]!;
    expect(until).toBeInstanceOf(Date);
    expect(until.getTime()).toBeGreaterThan(started + 14 * 60_000);
    expect(until.getTime()).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
    for (const later of refusals.slice(5)) expect(later?.getTime()).toBe(until.getTime());

    // waiting failures are not counted: the window does not grow
    const [row] = await db.execute<{ failures: number }>(sql`select failures from auth_failures where key = ${'signin:account:' + user.email.toLowerCase()}`);
    expect(row!.failures).toBe(5);

    // the right password, from either instance and a fresh address, is refused with the same wait
    const right = await signInAttempt(user.email, TEST_PASSWORD, from('192.0.2.50'));
    expect(right.cookie).toBeNull();
    expect(lockedUntil(right.location)?.getTime()).toBe(until.getTime());
    await expect(assertSignInAllowed(other.db, signInKeys(user.email.toUpperCase(), '192.0.2.51'))).rejects.toBeInstanceOf(SignInLocked);

    // the lockout is audited once, by the system
    const audit = await db.execute<{ actor_type: string; actor_id: number | null; details: { failures: number; until: string } }>(
      sql`select actor_type, actor_id, details from audit_log where action = 'auth.account_locked' and target_type = 'account' and target_id = ${user.email.toLowerCase()}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_type: 'system', actor_id: null, details: { failures: 5, until: until.toISOString() } });

    // 14 minutes on it still waits; once the window has passed the right password signs in
    await passMinutes(14, `%:${user.email.toLowerCase()}`);
    expect(await signInCookie(user.email, TEST_PASSWORD, from('203.0.113.7'))).toBeNull();
    await passMinutes(1, `%:${user.email.toLowerCase()}`);
    expect(await signInCookie(user.email, TEST_PASSWORD, from('203.0.113.7'))).toMatch(/^authjs\.session-token=/);
    // and a right password starts the account's count afresh
    const [cleared] = await db.execute<{ n: number }>(sql`select count(*)::int as n from auth_failures where key = ${'signin:account:' + user.email.toLowerCase()}`);
    expect(cleared!.n).toBe(0);
  });

  it('an address that fails 50 times over many accounts waits; other addresses sign in', async () => {
    const address = '203.0.113.99';
    for (let i = 0; i < 49; i++) expect(await failOnOtherInstance(`nobody-${i}@test.local`, address)).toBeNull();
    const fiftieth = await signInAttempt('nobody-49@test.local', 'guess', from(address));
    const until = lockedUntil(fiftieth.location);
    expect(until).toBeInstanceOf(Date);

    const user = await createUser('staff');
    const blocked = await signInAttempt(user.email, TEST_PASSWORD, from(address));
    expect(blocked.cookie).toBeNull();
    expect(lockedUntil(blocked.location)?.getTime()).toBe(until!.getTime());
    expect(await signInCookie(user.email, TEST_PASSWORD, from('203.0.113.100'))).toMatch(/^authjs\.session-token=/);

    const [audit] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'auth.address_locked' and actor_type = 'system' and target_type = 'address' and target_id = ${address}`,
    );
    expect(audit!.n).toBe(1);
  });
});

describe('failed token authentications', () => {
  const bearer = (token: string, address: string) => new Request('http://localhost:3000/api/v1/me', { headers: { authorization: `Bearer ${token}`, ...from(address) } });

  it('past 50 failures from one address the answer is 429 with Retry-After; valid tokens still work', async () => {
    const user = await createUser('staff');
    const valid = await tokenFor(user.id, ['alerts.read']);
    const address = '198.51.100.77';
    for (let i = 0; i < 50; i++) {
      // guesses of either shape: well-formed and plainly wrong
      const res = await getMe(bearer(i % 2 ? `oat_guess${i}` : `nonsense-${i}`, address), ctx);
      expect(res.status).toBe(401);
    }
    const limited = await getMe(bearer('oat_guess50', address), ctx);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    // every route counts against the same address
    const count = (token: string, at: string) =>
      getUnreadCount(new Request('http://localhost:3000/api/v1/alerts/unread/count', { headers: { authorization: `Bearer ${token}`, ...from(at) } }), ctx);
    const other = await count('oat_guess51', address);
    expect(other.status).toBe(429);
    expect(Number(other.headers.get('retry-after'))).toBeGreaterThan(0);

    // a valid token works from another address, and from the limited one (the limit is on guessing)
    expect((await getMe(bearer(valid, '198.51.100.78'), ctx)).status).toBe(200);
    expect((await count(valid, '198.51.100.78')).status).toBe(200);
    expect((await getMe(bearer(valid, address), ctx)).status).toBe(200);
    // another address's wrong token is still a plain 401
    expect((await getMe(bearer('oat_wrong', '198.51.100.78'), ctx)).status).toBe(401);

    const [audit] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'auth.token_address_locked' and actor_type = 'system' and target_id = ${address}`,
    );
    expect(audit!.n).toBe(1);

    // once the window has passed, the address is answered 401 again
    await passMinutes(15, `token:address:${address}`);
    expect((await getMe(bearer('oat_guess52', address), ctx)).status).toBe(401);
  });

  it('a forwarded address counts only behind a trusted proxy, by its last hop', async () => {
    const spoofed = (xff: string) => new Request('http://localhost:3000/api/v1/me', { headers: { authorization: 'Bearer oat_nope', 'x-forwarded-for': xff } });
    const { clientAddress } = await import('@/lib/auth/client-address');
    expect(clientAddress(spoofed('1.2.3.4, 203.0.113.5').headers)).toBeNull();
    process.env.TRUST_PROXY = '1';
    try {
      expect(clientAddress(spoofed('1.2.3.4, 203.0.113.5').headers)).toBe('203.0.113.5');
      expect(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: '10.0.0.1' }))).toBeNull();
    } finally {
      delete process.env.TRUST_PROXY;
    }
  });
});

describe('the production server', () => {
  it('counts token failures by the connection, whatever address header the client sends', async () => {
    // as scripts/serve.ts dispatches: the front door stamps the peer, then the route answers (here
    // called directly, with the headers the front door left, in place of Next's router)
    const server = http.createServer(
      frontDoor(async (req, res) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
        const answer = await getUnreadCount(new Request(`http://127.0.0.1${req.url}`, { headers }), ctx);
        res.writeHead(answer.status, Object.fromEntries(answer.headers));
        res.end(Buffer.from(await answer.arrayBuffer()));
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/alerts/unread/count`;
      const statuses: number[] = [];
      for (let i = 0; i < 51; i++) {
        // a different forged address each time: none of them is believed
        const res = await fetch(url, { headers: { authorization: `Bearer oat_guess${i}`, [CLIENT_ADDRESS_HEADER]: `192.0.2.${i}` } });
        statuses.push(res.status);
        if (i === 50) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(statuses.slice(0, 50).every((s) => s === 401)).toBe(true);
      expect(statuses[50]).toBe(429);
      const keys = await db.execute<{ key: string; failures: number }>(sql`select key, failures from auth_failures where key like 'token:address:%127.0.0.1' or key like 'token:address:192.0.2.%'`);
      expect(keys).toEqual([{ key: expect.stringMatching(/127\.0\.0\.1$/), failures: 51 }]);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

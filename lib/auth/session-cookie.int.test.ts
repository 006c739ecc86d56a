import { eq, sql } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import type { Session } from 'next-auth';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { createUser, TEST_PASSWORD } from '@/test/fixtures';
import { signInCookie, signOutSession } from '@/test/sessions';
import { auth } from './config';
import { sessionClaims } from './session-cookie';
import { getViewer } from './viewer';

const NAME = 'authjs.session-token';
const SECURE = `__Secure-${NAME}`;

/** The user id Auth.js itself reads from a request (its API-route form), for comparison. */
async function authjsUserId(req: Request): Promise<string | null> {
  const read = auth as unknown as (args: { req: Request; res: { headers: Headers } }) => Promise<Session | null>;
  return (await read({ req, res: { headers: new Headers() } }))?.user?.id ?? null;
}

function request(cookie: string, proto = 'http'): Request {
  return new Request('http://localhost:3000/api/v1/me', { headers: { cookie, host: 'localhost:3000', 'x-forwarded-proto': proto } });
}

/** Our reading and Auth.js's agree on a request; the id both see (null: no session). */
async function agreed(req: Request): Promise<string | null> {
  const ours = await sessionClaims(req.headers);
  const theirs = await authjsUserId(req);
  if (ours !== undefined) expect(ours?.id ?? null).toBe(theirs);
  const viewer = await getViewer(req);
  expect(viewer ? String(viewer.id) : null).toBe(theirs);
  return theirs;
}

const sign = (token: Record<string, unknown>, salt = NAME, maxAge?: number, secret = process.env.AUTH_SECRET!) => encode({ token, secret, salt, maxAge });

afterEach(() => vi.useRealTimers());

describe('the session cookie, read without Auth.js machinery', () => {
  it('reads a signed-in cookie as Auth.js does, over http and (secure name) https', async () => {
    const staff = await createUser('staff');
    const cookie = (await signInCookie(staff.email, TEST_PASSWORD))!;
    expect(await agreed(request(cookie))).toBe(String(staff.id));
    expect(await agreed(request(cookie))).toBe(String(staff.id)); // again, from the cache
    // over https Auth.js looks for the __Secure- name: the plain one is no session there
    expect(await agreed(request(cookie, 'https'))).toBeNull();
    const secure = await sign({ sub: String(staff.id), sv: 0, sid: 'secure-1' }, SECURE);
    expect(await agreed(request(`${SECURE}=${secure}`, 'https'))).toBe(String(staff.id));
    // a cookie sealed for one name is not valid under the other (the salt is the name)
    expect(await agreed(request(`${NAME}=${secure}`))).toBeNull();
    expect(await agreed(request(`other=1; ${cookie}; theme=dark`))).toBe(String(staff.id));
  });

  it('refuses what Auth.js refuses: no cookie, tampered, another secret, expired', async () => {
    const staff = await createUser('staff');
    const good = await sign({ sub: String(staff.id), sv: 0, sid: 'a' });
    expect(await agreed(request(''))).toBeNull();
    expect(await agreed(request('theme=dark'))).toBeNull();
    const tampered = good.slice(0, -3) + (good.endsWith('AAA') ? 'BBB' : 'AAA');
    expect(await agreed(request(`${NAME}=${tampered}`))).toBeNull();
    expect(await agreed(request(`${NAME}=${await sign({ sub: String(staff.id), sv: 0, sid: 'a' }, NAME, undefined, 'another-secret-another-secret-0123')}`))).toBeNull();
    expect(await agreed(request(`${NAME}=${await sign({ sub: String(staff.id), sv: 0, sid: 'a' }, NAME, -60)}`))).toBeNull();
    expect(await agreed(request(`${NAME}=not-a-jwt`))).toBeNull();
  });

  it('a cookie already read stops working once it expires', async () => {
    const staff = await createUser('staff');
    const cookie = `${NAME}=${await sign({ sub: String(staff.id), sv: 0, sid: 'short' }, NAME, 60)}`;
    expect(await agreed(request(cookie))).toBe(String(staff.id));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 120_000);
    expect(await agreed(request(cookie))).toBeNull();
  });

  it('leaves chunked and duplicated session cookies to Auth.js', async () => {
    const staff = await createUser('staff');
    const token = await sign({ sub: String(staff.id), sv: 0, sid: 'chunked' });
    const half = Math.floor(token.length / 2);
    const chunked = request(`${NAME}.0=${token.slice(0, half)}; ${NAME}.1=${token.slice(half)}`);
    expect(await sessionClaims(chunked.headers)).toBeUndefined();
    expect(await agreed(chunked)).toBe(String(staff.id));
    const twice = request(`${NAME}=${token}; ${NAME}=garbage`);
    expect(await sessionClaims(twice.headers)).toBeUndefined();
    expect(await agreed(twice)).toBe(String(staff.id));
  });

  it('re-checks the person on every request, whatever was read before', async () => {
    const staff = await createUser('staff');
    const cookie = (await signInCookie(staff.email, TEST_PASSWORD))!;
    expect((await getViewer(request(cookie)))?.id).toBe(staff.id);
    await db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, staff.id));
    expect(await getViewer(request(cookie))).toBeNull();

    const other = await createUser('staff');
    const second = (await signInCookie(other.email, TEST_PASSWORD))!;
    expect((await getViewer(request(second)))?.id).toBe(other.id);
    await db.update(users).set({ isActive: false }).where(eq(users.id, other.id));
    expect(await getViewer(request(second))).toBeNull();

    const third = await createUser('staff');
    const cookie3 = (await signInCookie(third.email, TEST_PASSWORD))!;
    expect((await getViewer(request(cookie3)))?.id).toBe(third.id);
    await signOutSession(cookie3);
    expect(await getViewer(request(cookie3))).toBeNull();
  });
});

import { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth/config';

const ORIGIN = 'http://localhost:3000';

/** The Set-Cookie pairs of a response, as one Cookie header. */
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');

/**
 * Sign in the way a browser does, through Auth.js's own routes: fetch a CSRF token, post the
 * credentials form, keep the session cookie. Null when the sign-in is refused.
 */
export async function signInCookie(email: string, password: string, headers: Record<string, string> = {}): Promise<string | null> {
  return (await signInAttempt(email, password, headers)).cookie;
}

/** A sign-in through Auth.js's routes: the session cookie, or null and the error redirect that refused it. */
export async function signInAttempt(email: string, password: string, headers: Record<string, string> = {}): Promise<{ cookie: string | null; location: string | null }> {
  const csrf = await handlers.GET(new NextRequest(`${ORIGIN}/api/auth/csrf`));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await handlers.POST(
    new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(csrf), origin: ORIGIN },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${ORIGIN}/` }),
    }),
  );
  const session = res.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='));
  return { cookie: session ? session.split(';')[0]! : null, location: res.headers.get('location') };
}

/** A request as the browser sends it with that session cookie. */
export function withSession(cookie: string, path: string, init: { method?: string; body?: unknown } = {}): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: init.method ?? 'GET',
    headers: { cookie, host: 'localhost:3000', 'x-forwarded-proto': 'http', origin: ORIGIN, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** Sign out the way a browser does, through Auth.js's own route (CSRF token, form post); the response. */
export async function signOutSession(cookie: string): Promise<Response> {
  const csrf = await handlers.GET(new NextRequest(`${ORIGIN}/api/auth/csrf`, { headers: { cookie } }));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  return handlers.POST(
    new NextRequest(`${ORIGIN}/api/auth/signout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie}; ${cookiesOf(csrf)}`, origin: ORIGIN },
      body: new URLSearchParams({ csrfToken, callbackUrl: `${ORIGIN}/login` }),
    }),
  );
}

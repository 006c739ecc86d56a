import { appSecret } from './secret';
import { decode, type JWT } from 'next-auth/jwt';

/**
 * The claims of an Auth.js session cookie, read the way Auth.js's own session read does, without
 * its request machinery. Auth.js (`auth({ req, res })`) builds a new Request, re-runs its config
 * checks, decrypts the cookie (deriving the key with HKDF each time), runs the callbacks and then
 * re-encrypts a refreshed cookie that we never send (sessions are fixed-length, lib/auth/config.ts)
 * — about 3 ms of CPU per request, more than the rest of an unread-count request together.
 *
 * Here: the same cookie name Auth.js would pick for the request, the same `decode` (same secret,
 * salt = cookie name, same expiry check with Auth.js's 15 s tolerance), and the decoded claims kept
 * per cookie value in a bounded cache: a cookie value is immutable, so its claims never change,
 * and an entry is dropped once its `exp` has passed. Nothing about the person is cached — every
 * request still re-checks them in the database (lib/auth/users.ts viewerFromUserId).
 *
 * Anything unusual (chunked or duplicated session cookies, an encoded value, no AUTH_SECRET, an
 * unparseable URL) answers `undefined`: the caller then asks Auth.js itself.
 */

/** What the session callback (lib/auth/config.ts) puts in `session.user`, from the token. */
export type SessionClaims = { id: string | undefined; sv: number; sid: string };

const NAME = 'authjs.session-token';
const SECURE_NAME = `__Secure-${NAME}`;
/** jose's `clockTolerance` as Auth.js's `decode` passes it. */
const CLOCK_TOLERANCE_S = 15;
/** Decoded cookies kept; a signed-in person holds one cookie per sign-in. */
const CACHE_MAX = 10_000;

type Entry = { claims: SessionClaims; exp: number | undefined };
const cache = new Map<string, Entry>();

/**
 * The session cookie's name as Auth.js picks it for a request (`createActionURL`, then
 * `defaultCookies(url.protocol === 'https:')`): from AUTH_URL / NEXTAUTH_URL when set, else from
 * `x-forwarded-proto` (https when absent). Null when that URL cannot be built.
 */
export function sessionCookieName(headers: Headers): string | null {
  try {
    const envUrl = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
    let url: URL;
    if (envUrl) url = new URL(envUrl);
    else {
      const proto = headers.get('x-forwarded-proto') ?? 'https';
      url = new URL(`${proto.endsWith(':') ? proto : `${proto}:`}//${headers.get('x-forwarded-host') ?? headers.get('host')}`);
    }
    return url.protocol === 'https:' ? SECURE_NAME : NAME;
  } catch {
    return null;
  }
}

const TOKEN_CHARS = /^[A-Za-z0-9_.-]+$/;

/**
 * The one plain session cookie of a Cookie header: '' when the header holds none (Auth.js sees no
 * session either), undefined when it is not one plain `name=value` (chunks, duplicates, quoting or
 * percent-encoding), for Auth.js's own cookie parsing to handle.
 */
export function sessionCookieValue(cookieHeader: string, name: string): string | undefined {
  const at = cookieHeader.indexOf(name);
  if (at === -1) return '';
  if (cookieHeader.indexOf(name, at + 1) !== -1) return undefined;
  const start = cookieHeader.lastIndexOf(';', at) + 1;
  const end = cookieHeader.indexOf(';', at);
  const piece = cookieHeader.slice(start, end === -1 ? undefined : end);
  const eq = piece.indexOf('=');
  if (eq === -1) return undefined;
  const key = piece.slice(0, eq).replace(/^[ \t]+|[ \t]+$/g, '');
  const value = piece.slice(eq + 1).replace(/^[ \t]+|[ \t]+$/g, '');
  if (key !== name || !TOKEN_CHARS.test(value)) return undefined;
  return value;
}

const nowS = () => Math.floor(Date.now() / 1000);
const live = (exp: number | undefined) => exp === undefined || exp > nowS() - CLOCK_TOLERANCE_S;

/**
 * The session claims of a request's headers: null when it has no valid session, undefined when
 * this fast reading does not apply and Auth.js must read it.
 */
export async function sessionClaims(headers: Headers): Promise<SessionClaims | null | undefined> {
  const secret = appSecret();
  if (!secret) return undefined;
  const name = sessionCookieName(headers);
  if (name === null) return undefined;
  const token = sessionCookieValue(headers.get('cookie') ?? '', name);
  if (token === undefined) return undefined;
  if (token === '') return null;

  const key = `${name}=${token}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    if (!live(hit.exp)) return null;
    cache.set(key, hit);
    return hit.claims;
  }

  let payload: JWT | null;
  try {
    payload = await decode({ token, secret, salt: name });
  } catch {
    return null; // not ours, tampered or expired: Auth.js answers no session too
  }
  if (!payload) return null;
  const claims: SessionClaims = {
    id: payload.sub || undefined,
    sv: typeof payload.sv === 'number' ? payload.sv : 0,
    sid: typeof payload.sid === 'string' ? payload.sid : '',
  };
  const exp = typeof payload.exp === 'number' ? payload.exp : undefined;
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, { claims, exp });
  return claims;
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The digest's unsubscribe link: `<user id>.<HMAC-SHA256(AUTH_SECRET, "digest-unsubscribe:<id>")>`,
 * base64url. It names the person and only the holder of the app's secret can make one, so it works
 * without signing in (as one-click unsubscribe must, RFC 8058) and cannot be guessed or altered.
 * It turns one thing off, nothing else; a new AUTH_SECRET retires every link.
 */
const PURPOSE = 'digest-unsubscribe:';
const TOKEN = /^([1-9][0-9]{0,15})\.([A-Za-z0-9_-]{43})$/;


function mac(userId: number, secret: string): Buffer {
  return createHmac('sha256', secret).update(`${PURPOSE}${userId}`).digest();
}

export function unsubscribeToken(userId: number, secret: string): string {
  return `${userId}.${mac(userId, secret).toString('base64url')}`;
}

/** The person a token was made for, or null for anything else (malformed, forged, another secret's). */
export function verifyUnsubscribeToken(token: string, secret: string | null): number | null {
  const m = TOKEN.exec(token);
  if (!m || !secret) return null;
  const userId = Number(m[1]);
  const given = Buffer.from(m[2]!, 'base64url');
  const expected = mac(userId, secret);
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}

import { afterEach, describe, expect, it } from 'vitest';
import { sessionCookieName, sessionCookieValue } from './session-cookie';

const NAME = 'authjs.session-token';
const env = { AUTH_URL: process.env.AUTH_URL, NEXTAUTH_URL: process.env.NEXTAUTH_URL };
afterEach(() => {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('sessionCookieName', () => {
  it('follows the protocol Auth.js sees: AUTH_URL, else x-forwarded-proto, else https', () => {
    delete process.env.AUTH_URL;
    delete process.env.NEXTAUTH_URL;
    expect(sessionCookieName(new Headers({ host: 'a', 'x-forwarded-proto': 'http' }))).toBe(NAME);
    expect(sessionCookieName(new Headers({ host: 'a', 'x-forwarded-proto': 'https' }))).toBe(`__Secure-${NAME}`);
    expect(sessionCookieName(new Headers({ host: 'a' }))).toBe(`__Secure-${NAME}`);
    process.env.AUTH_URL = 'http://localhost:3000';
    expect(sessionCookieName(new Headers({ host: 'a', 'x-forwarded-proto': 'https' }))).toBe(NAME);
  });
});

describe('sessionCookieValue', () => {
  it('finds the one plain session cookie', () => {
    expect(sessionCookieValue(`${NAME}=abc.DEF_-1`, NAME)).toBe('abc.DEF_-1');
    expect(sessionCookieValue(`a=1;  ${NAME} = abc ;b=2`, NAME)).toBe('abc');
    expect(sessionCookieValue(`a=1;\t${NAME}=abc`, NAME)).toBe('abc');
  });
  it('says none when the header has none', () => {
    expect(sessionCookieValue('', NAME)).toBe('');
    expect(sessionCookieValue('a=1; b=2', NAME)).toBe('');
  });
  it('leaves anything unusual to Auth.js', () => {
    for (const header of [
      `${NAME}.0=a; ${NAME}.1=b`,
      `${NAME}=a; ${NAME}=b`,
      `${NAME}="abc"`,
      `${NAME}=a%2Eb`,
      `${NAME}=`,
      `${NAME}x=abc`,
      `__Secure-${NAME}=abc`,
      `x${NAME}=abc`,
      `${NAME}`,
    ]) expect(sessionCookieValue(header, NAME), header).toBeUndefined();
  });
});

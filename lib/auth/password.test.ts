import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';

describe('hashPassword / verifyPassword', () => {
  it('stores scrypt parameters, salt and hash in one string', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  });

  it('accepts the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('demo-password');
    expect(await verifyPassword('demo-password', stored)).toBe(true);
    expect(await verifyPassword('demo-passwordX', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', a)).toBe(true);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  it('handles non-ASCII passwords', async () => {
    const stored = await hashPassword('pässwörd-🔑');
    expect(await verifyPassword('pässwörd-🔑', stored)).toBe(true);
    expect(await verifyPassword('passwort-🔑', stored)).toBe(false);
  });

  it('rejects a hash whose stored bytes were changed', async () => {
    const stored = await hashPassword('secret');
    const parts = stored.split('$');
    const hash = Buffer.from(parts[5]!, 'base64url');
    hash[0] = hash[0]! ^ 0xff;
    parts[5] = hash.toString('base64url');
    expect(await verifyPassword('secret', parts.join('$'))).toBe(false);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['another scheme', 'bcrypt$2b$10$abcdefghijklmnopqrstuv'],
    ['too few parts', 'scrypt$16384$8$1$salt'],
    ['too many parts', 'scrypt$16384$8$1$salt$hash$extra'],
  ])('rejects a stored value that is %s', async (_what, stored) => {
    expect(await verifyPassword('anything', stored)).toBe(false);
  });

  // an empty hash part would derive a 0-byte key, and two empty buffers compare equal
  it('rejects a stored value with an empty hash part', async () => {
    expect(await verifyPassword('anything', 'scrypt$16384$8$1$c2FsdA$')).toBe(false);
  });

  it('rejects a stored value with non-numeric parameters', async () => {
    expect(await verifyPassword('anything', 'scrypt$abc$8$1$c2FsdA$aGFzaA')).toBe(false);
  });
});

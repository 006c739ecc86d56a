import { describe, expect, it } from 'vitest';
import { unsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token';

const SECRET = 'a-secret-of-the-app-0123456789abcdef';

describe('digest unsubscribe tokens', () => {
  it('name the person they were made for', () => {
    const token = unsubscribeToken(42, SECRET);
    expect(token).toMatch(/^42\.[A-Za-z0-9_-]{43}$/);
    expect(verifyUnsubscribeToken(token, SECRET)).toBe(42);
  });

  it('refuse another person’s id on the same signature, another secret, a changed character, junk', () => {
    const token = unsubscribeToken(42, SECRET);
    const sig = token.split('.')[1]!;
    expect(verifyUnsubscribeToken(`43.${sig}`, SECRET)).toBeNull();
    expect(verifyUnsubscribeToken(token, 'another-secret')).toBeNull();
    expect(verifyUnsubscribeToken(token, null)).toBeNull();
    const flipped = `42.${sig.slice(0, -2)}${sig.at(-2) === 'A' ? 'B' : 'A'}${sig.at(-1)}`;
    expect(verifyUnsubscribeToken(flipped, SECRET)).toBeNull();
    for (const junk of ['', '42', '42.', `042.${sig}`, `-1.${sig}`, `42.${sig}=`, `42.${sig}.x`, `${'9'.repeat(17)}.${sig}`]) {
      expect(verifyUnsubscribeToken(junk, SECRET)).toBeNull();
    }
  });
});

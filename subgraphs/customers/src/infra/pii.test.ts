import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPiiCipher } from './pii';

describe('PII cipher', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  it('round-trips, never stores the plaintext, and differs per write', () => {
    const c = createPiiCipher({ current: k1, old: [] });
    const a = c.encrypt('li.wei@example.com');
    expect(a).not.toContain('li.wei');
    expect(a.startsWith(`pii1:${c.keyId}:`)).toBe(true);
    expect(c.encrypt('li.wei@example.com')).not.toBe(a);
    expect(c.decrypt(a)).toBe('li.wei@example.com');
  });
  it('decrypts values under an old key after rotation, and refuses unknown keys', () => {
    const before = createPiiCipher({ current: k1, old: [] }).encrypt('Li Wei');
    expect(createPiiCipher({ current: k2, old: [k1] }).decrypt(before)).toBe('Li Wei');
    expect(() => createPiiCipher({ current: k2, old: [] }).decrypt(before)).toThrow(/no PII key/);
  });
  it('blind-indexes the normalised email with a keyed hash', () => {
    const c = createPiiCipher({ current: k1, old: [] });
    expect(c.emailIndex(' LI.Wei@Example.com ')).toBe(c.emailIndex('li.wei@example.com'));
    expect(createPiiCipher({ current: k2, old: [] }).emailIndex('li.wei@example.com')).not.toBe(c.emailIndex('li.wei@example.com'));
  });
});

import { describe, expect, it } from 'vitest';
import { apiKeyPrefix, generateApiKey, hashApiKey, hashMatches, isWellFormedApiKey } from './api-key';
import { redactVariables } from './audit';

describe('API keys', () => {
  it('are sgk_ + base62 + checksum, unique, and self-checking', () => {
    const keys = new Set(Array.from({ length: 500 }, () => generateApiKey()));
    expect(keys.size).toBe(500);
    for (const k of keys) {
      expect(k).toMatch(/^sgk_[0-9A-Za-z]{38}$/);
      expect(isWellFormedApiKey(k)).toBe(true);
    }
  });

  it('detects a single mistyped character', () => {
    const key = generateApiKey();
    const i = 10;
    const typo = key.slice(0, i) + (key[i] === 'a' ? 'b' : 'a') + key.slice(i + 1);
    expect(isWellFormedApiKey(typo)).toBe(false);
    expect(isWellFormedApiKey('sgk_short')).toBe(false);
    expect(isWellFormedApiKey(`${key}x`)).toBe(false);
  });

  it('stores a hash, never the key', () => {
    const key = generateApiKey();
    const hash = hashApiKey(key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key.slice(4, 20));
    expect(hashMatches(key, hash)).toBe(true);
    expect(hashMatches(generateApiKey(), hash)).toBe(false);
    expect(apiKeyPrefix(key)).toBe(key.slice(0, 12));
  });
});

describe('audit redaction', () => {
  it('blanks secrets and personal data, keeps the rest', async () => {
    expect(
      redactVariables({ input: { name: 'Acme', contacts: [{ name: 'Li Wei', email: 'li@x.com' }], ownerEmail: 'o@x.com', apiKey: 'sgk_x', nested: { password: 'p', phone: '1', regionCode: 'CN' } } }),
    ).toEqual({ input: { name: 'Acme', contacts: '[redacted]', ownerEmail: '[redacted]', apiKey: '[redacted]', nested: { password: '[redacted]', phone: '[redacted]', regionCode: 'CN' } } });
  });
});

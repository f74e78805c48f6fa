import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { piiCipherFromEnv } from './config';

describe('PII key configuration', () => {
  it('uses SALESGRAPH_PII_KEY and decrypts with SALESGRAPH_PII_OLD_KEYS after rotation', () => {
    const k1 = randomBytes(32).toString('base64');
    const k2 = randomBytes(32).toString('base64');
    const sealed = piiCipherFromEnv({ SALESGRAPH_PII_KEY: k1 }).encrypt('Li Wei');
    const rotated = piiCipherFromEnv({ SALESGRAPH_PII_KEY: k2, SALESGRAPH_PII_OLD_KEYS: k1 });
    expect(rotated.decrypt(sealed)).toBe('Li Wei');
    expect(rotated.encrypt('x').split(':')[1]).toBe(rotated.keyId);
  });
  it('refuses a malformed key and a missing key in production; derives a development key with one warning otherwise', () => {
    expect(() => piiCipherFromEnv({ SALESGRAPH_PII_KEY: 'c2hvcnQ=' })).toThrow(/32 bytes/);
    expect(() => piiCipherFromEnv({ NODE_ENV: 'production' })).toThrow(/required in production/);
    const warnings: string[] = [];
    const a = piiCipherFromEnv({ NODE_ENV: 'development' }, (m) => warnings.push(m));
    const b = piiCipherFromEnv({ NODE_ENV: 'development' }, (m) => warnings.push(m));
    expect(b.decrypt(a.encrypt('same dev key'))).toBe('same dev key');
    expect(warnings.length).toBeLessThanOrEqual(1);
  });
});

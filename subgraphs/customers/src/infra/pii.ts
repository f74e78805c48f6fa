// Personal data at rest: AES-256-GCM with a rotatable key, and a keyed blind index (HMAC-SHA256)
// for exact-match lookup by email.
//
// Ciphertext: `pii1:<keyId>:<base64(iv[12] | tag[16] | ciphertext)>`; keyId = first 8 hex chars
// of SHA-256 of the key. New values are written with the current key; values under any key in
// the old-keys list still decrypt (rotate by moving the current key to the old list).
// The blind index key is SALESGRAPH_PII_INDEX_KEY when set, else derived (HKDF) from the
// current key — then rotating the current key needs the index rebuilt, so production should
// set the index key separately.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'pii1';

export interface PiiKeys {
  current: Buffer;
  old: Buffer[];
  index?: Buffer;
}

export interface PiiCipher {
  readonly keyId: string;
  encrypt(plain: string): string;
  encrypt(plain: string | null): string | null;
  decrypt(stored: string): string;
  decrypt(stored: string | null): string | null;
  /** HMAC-SHA256 of the trimmed, lower-cased email (hex). */
  emailIndex(email: string): string;
}

export const keyIdOf = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

export function createPiiCipher(keys: PiiKeys): PiiCipher {
  if (keys.current.length !== 32) throw new Error('the PII key must be 32 bytes');
  const byId = new Map<string, Buffer>();
  for (const k of [keys.current, ...keys.old]) {
    if (k.length !== 32) throw new Error('every PII key must be 32 bytes');
    byId.set(keyIdOf(k), k);
  }
  const keyId = keyIdOf(keys.current);
  const indexKey = keys.index ?? Buffer.from(hkdfSync('sha256', keys.current, Buffer.alloc(0), 'salesgraph-pii-blind-index', 32));
  function encrypt(plain: string | null): string | null {
    if (plain == null) return null;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keys.current, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}:${keyId}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }
  function decrypt(stored: string | null): string | null {
    if (stored == null) return null;
    if (!stored.startsWith(`${PREFIX}:`)) return stored; // written before encryption existed
    const [, kid, data] = stored.split(':');
    const key = byId.get(kid ?? '');
    if (!key || !data) throw new Error(`no PII key with id ${kid}`);
    const raw = Buffer.from(data, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
  return {
    keyId,
    encrypt: encrypt as PiiCipher['encrypt'],
    decrypt: decrypt as PiiCipher['decrypt'],
    emailIndex: (email) => createHmac('sha256', indexKey).update(email.trim().toLowerCase()).digest('hex'),
  };
}

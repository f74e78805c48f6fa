// API key format: `sgk_` + 32 base62 characters of randomness + a 6-character checksum, so a
// mistyped or forged key is refused without a database lookup. Only a SHA-256 is stored.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 32;
const CHECK_LENGTH = 6;
export const KEY_PREFIX_LENGTH = 12;
const FORMAT = new RegExp(`^sgk_[0-9A-Za-z]{${BODY_LENGTH + CHECK_LENGTH}}$`);

function base62(bytes: Buffer, length: number): string {
  let n = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (out.length < length) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out;
}

function checksum(body: string): string {
  return base62(createHash('sha256').update(`sgk:${body}`).digest(), CHECK_LENGTH + 4).slice(-CHECK_LENGTH);
}

export function generateApiKey(): string {
  const body = base62(randomBytes(24), BODY_LENGTH);
  return `sgk_${body}${checksum(body)}`;
}

/** Format and checksum only; says nothing about whether the key exists. */
export function isWellFormedApiKey(key: string): boolean {
  if (!FORMAT.test(key)) return false;
  const body = key.slice(4, 4 + BODY_LENGTH);
  return checksum(body) === key.slice(4 + BODY_LENGTH);
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX_LENGTH);
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function hashMatches(key: string, storedHex: string): boolean {
  const a = Buffer.from(hashApiKey(key), 'hex');
  const b = Buffer.from(storedHex, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

import { serviceConfigFromEnv, type ServiceConfig } from '@salesgraph/service';
import { createHash } from 'node:crypto';
import { createPiiCipher, type PiiCipher } from './infra/pii';

export function loadConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  return serviceConfigFromEnv('customers', env);
}

function key32(value: string, name: string): Buffer {
  const key = Buffer.from(value.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded`);
  return key;
}

let warned = false;

/**
 * The PII key ring (ServiceConfig carries no PII settings yet, so they are read here):
 * SALESGRAPH_PII_KEY (base64, 32 bytes; the current key), SALESGRAPH_PII_OLD_KEYS (comma-separated,
 * decryption only), SALESGRAPH_PII_INDEX_KEY (optional; the blind-index key). Without a key,
 * outside production, a fixed development key is derived and a warning logged once; in
 * production a missing key is an error.
 */
export function piiCipherFromEnv(env: Record<string, string | undefined> = process.env, warn: (msg: string) => void = (m) => console.warn(m)): PiiCipher {
  const old = (env.SALESGRAPH_PII_OLD_KEYS ?? '').split(',').filter((k) => k.trim()).map((k) => key32(k, 'SALESGRAPH_PII_OLD_KEYS'));
  const index = env.SALESGRAPH_PII_INDEX_KEY ? key32(env.SALESGRAPH_PII_INDEX_KEY, 'SALESGRAPH_PII_INDEX_KEY') : undefined;
  if (env.SALESGRAPH_PII_KEY) return createPiiCipher({ current: key32(env.SALESGRAPH_PII_KEY, 'SALESGRAPH_PII_KEY'), old, index });
  if ((env.NODE_ENV ?? '') === 'production') throw new Error('SALESGRAPH_PII_KEY is required in production');
  if (!warned) {
    warned = true;
    warn('customers: SALESGRAPH_PII_KEY is not set; personal data is encrypted with a fixed DEVELOPMENT key');
  }
  return createPiiCipher({ current: createHash('sha256').update('salesgraph-development-pii-key').digest(), old, index });
}

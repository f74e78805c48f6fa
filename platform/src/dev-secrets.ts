// Development secrets for `npm start`: generated once into the data dir so restarts keep
// working tokens. Production takes every secret from the environment (or mounted files).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface DevSecrets {
  internalSecret: string;
  jwtSecret: string;
  adminKey: string;
}

export function loadDevSecrets(dataDir: string, env: Record<string, string | undefined> = process.env): DevSecrets {
  const file = join(resolve(dataDir), 'dev-secrets.json');
  let stored: Partial<DevSecrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>;
  const secrets: DevSecrets = {
    internalSecret: env.SALESGRAPH_INTERNAL_SECRET || stored.internalSecret || randomBytes(32).toString('base64url'),
    jwtSecret: env.SALESGRAPH_JWT_SECRET || stored.jwtSecret || randomBytes(32).toString('base64url'),
    adminKey: env.SALESGRAPH_ADMIN_KEY || stored.adminKey || `sgk_dev_${randomBytes(24).toString('base64url')}`,
  };
  if (!existsSync(file)) {
    mkdirSync(resolve(dataDir), { recursive: true });
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets;
}

// Helpers for integration and end-to-end tests: unique names per run so tests on the shared
// PostgreSQL and NATS servers never collide, and the adapter matrix (embedded always, the
// real adapters whenever DATABASE_URL / NATS_URL are set, as CI sets them).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const realDatabaseUrl: string | undefined = process.env.DATABASE_URL || undefined;
export const realNatsUrl: string | undefined = process.env.NATS_URL || undefined;
export const realRedisUrl: string | undefined = process.env.REDIS_URL || undefined;

export interface AdapterSetup {
  /** Label for test names, e.g. "sqlite + in-process bus". */
  label: string;
  databaseUrl?: string;
  natsUrl?: string;
  redisUrl?: string;
}

export function adapterMatrix(): AdapterSetup[] {
  const setups: AdapterSetup[] = [{ label: 'sqlite + in-process bus' }];
  if (realDatabaseUrl || realNatsUrl) {
    setups.push({
      label: `${realDatabaseUrl ? 'postgresql' : 'sqlite'} + ${realNatsUrl ? 'nats jetstream' : 'in-process bus'}`,
      databaseUrl: realDatabaseUrl,
      natsUrl: realNatsUrl,
      redisUrl: realRedisUrl,
    });
  }
  return setups;
}

/** A fresh namespace (streams, subjects, database names) for one test run. */
export function testNamespace(prefix = 't'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

export function tempDir(prefix = 'salesgraph-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const TEST_SECRET = 'test-internal-secret-0123456789abcdef';
export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdefghij';
export const TEST_ADMIN_KEY = 'sgk_test_admin_key_0123456789abcdef';

/** Polls until `check` returns a value other than undefined, or fails after timeoutMs. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
}

/** POSTs one operation; returns status and parsed body. */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: GraphQLResponse<T>['body'];
  try {
    body = JSON.parse(text) as GraphQLResponse<T>['body'];
  } catch {
    throw new Error(`non-JSON response ${res.status}: ${text.slice(0, 200)}`);
  }
  return { status: res.status, headers: res.headers, body };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

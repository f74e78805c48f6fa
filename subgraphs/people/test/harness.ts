// Starts the people subgraph behind the gateway for integration tests, and cleans up after.
import { expect } from 'vitest';
import { startTestPlatform, type RunningPlatform } from '@salesgraph/platform';
import { type SubgraphName } from '@salesgraph/service';
import type { Clock } from '@salesgraph/kernel';
import { bearer, graphql, TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET, type AdapterSetup } from '@salesgraph/testing';

export const admin = bearer(TEST_ADMIN_KEY);

export interface Harness {
  platform: RunningPlatform;
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Subgraphs to start besides people (default: people only). */
  with?: SubgraphName[];
  /** people's clock (default: the system clock). */
  clock?: Clock;
}

export async function startPeople(setup: AdapterSetup, options: StartOptions = {}): Promise<Harness> {
  const only: SubgraphName[] = [...(options.with ?? []), 'people'];
  const started = await startTestPlatform({
    databaseUrl: setup.databaseUrl,
    natsUrl: setup.natsUrl,
    internalSecret: TEST_SECRET,
    jwtSecret: TEST_JWT_SECRET,
    adminKey: TEST_ADMIN_KEY,
    logLevel: 'silent',
    redisUrl: setup.redisUrl,
    rateLimitPerMinute: 100_000,
    subgraphTimeoutMs: 5_000,
    only,
    overrides: options.clock ? { people: { clock: options.clock } } : undefined,
  });
  const platform = started.platform;
  return {
    platform,
    url: platform.gatewayUrl,
    async close() {
      await started.close();
    },
  };
}

/** Runs a query as admin and returns its data, failing the test on any error. */
export async function ok<T = Record<string, any>>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await graphql<T>(url, query, variables, admin);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data!;
}

/** Runs a query expected to fail and returns its first error's code and field. */
export async function fails(url: string, query: string, variables: Record<string, unknown> = {}): Promise<{ code: unknown; field: unknown; reason: unknown; message: string }> {
  const res = await graphql(url, query, variables, admin);
  expect(res.body.errors, 'expected an error').toBeDefined();
  const e = res.body.errors![0]!;
  return { code: e.extensions?.code, field: e.extensions?.field, reason: e.extensions?.reason, message: e.message };
}

// Starts the platform (customers + people behind the gateway) for the customers integration tests.
import { expect } from 'vitest';
import { dropDatabase } from '@salesgraph/db';
import { NatsBus, type EventEnvelope } from '@salesgraph/events';
import { ManualClock, uuidv7 } from '@salesgraph/kernel';
import { startPlatform, type RunningPlatform } from '@salesgraph/platform';
import { databaseNameFor } from '@salesgraph/service';
import { bearer, graphql, TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET, tempDir, testNamespace, type AdapterSetup } from '@salesgraph/testing';
import { DEFAULT_SETTINGS, runCustomerSweep, type SweepResult } from '../src/app';

export const admin = bearer(TEST_ADMIN_KEY);
export const START = new Date('2027-01-04T09:00:00Z');

export interface Harness {
  platform: RunningPlatform;
  url: string;
  clock: ManualClock;
  /** Customer events the relay has published, in order. */
  published: EventEnvelope[];
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  ok<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  sweep(now?: Date): Promise<SweepResult>;
  close(): Promise<void>;
}

export async function startHarness(setup: AdapterSetup): Promise<Harness> {
  const namespace = testNamespace();
  const dir = tempDir();
  const clock = new ManualClock(START);
  const published: EventEnvelope[] = [];
  const only = ['customers', 'people'] as const;
  const platform = await startPlatform({
    env: 'test',
    databaseUrl: setup.databaseUrl,
    natsUrl: setup.natsUrl,
    dataDir: dir.path,
    namespace,
    internalSecret: TEST_SECRET,
    jwtSecret: TEST_JWT_SECRET,
    adminKey: TEST_ADMIN_KEY,
    gatewayPort: 0,
    subgraphPorts: 'random',
    logLevel: 'silent',
    relayPollMs: 5_000,
    redisUrl: setup.redisUrl,
    rateLimitPerMinute: 1_000_000,
    subgraphTimeoutMs: 5_000,
    only: [...only],
    overrides: { customers: { clock, afterPublish: (envs) => void published.push(...envs) } },
  });
  const url = platform.gatewayUrl;
  const gql: Harness['gql'] = async (query, variables = {}, headers = admin) => (await graphql(url, query, variables, headers)).body as never;
  return {
    platform,
    url,
    clock,
    published,
    gql,
    async ok(query, variables) {
      const res = await gql(query, variables);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return res.data as never;
    },
    sweep: (now) =>
      runCustomerSweep(platform.subgraphs.customers!.orm.em.fork(), { currency: 'CNY', clock, source: '/salesgraph/customers', settings: DEFAULT_SETTINGS }, now ?? clock.now()),
    async close() {
      await platform.close();
      for (const name of only) await dropDatabase({ databaseUrl: setup.databaseUrl, databaseName: databaseNameFor(name, namespace), dataDir: dir.path });
      if (setup.natsUrl) {
        const bus = await NatsBus.connect({ url: setup.natsUrl, namespace, name: 'test-cleanup' });
        await bus.deleteNamespace();
        await bus.close();
      }
      dir.remove();
    },
  };
}

export const REP_A = '01900000-0000-7000-8000-00000000000a';
export const REP_B = '01900000-0000-7000-8000-00000000000b';

export async function newCustomer(h: Harness, patch: Record<string, unknown> = {}): Promise<{ id: string; code: string }> {
  const d = await h.ok<{ createCustomer: { id: string; code: string } }>('mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id code } }', {
    i: { name: `Customer ${uuidv7().slice(-6)}`, kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId: REP_A, ...patch },
  });
  return d.createCustomer;
}

export function cny(amount: string) {
  return { amount, currency: 'CNY' };
}


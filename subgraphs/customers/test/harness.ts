// Starts the platform (customers + people behind the gateway) for the customers integration tests.
import { expect } from 'vitest';
import { PRINCIPAL_HEADER, signPrincipal, type Principal } from '@salesgraph/auth';
import { RepHiredV1, type EventEnvelope } from '@salesgraph/events';
import { ManualClock, uuidv7 } from '@salesgraph/kernel';
import { publishTestEvent, startTestPlatform, type RunningPlatform } from '@salesgraph/platform';
import { RepDirectoryEntry } from '@salesgraph/service';
import { bearer, graphql, TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET, type AdapterSetup } from '@salesgraph/testing';
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
  const clock = new ManualClock(START);
  const published: EventEnvelope[] = [];
  const only = ['customers', 'people'] as const;
  const started = await startTestPlatform({
    databaseUrl: setup.databaseUrl,
    natsUrl: setup.natsUrl,
    internalSecret: TEST_SECRET,
    jwtSecret: TEST_JWT_SECRET,
    adminKey: TEST_ADMIN_KEY,
    logLevel: 'silent',
    relayPollMs: 5_000,
    redisUrl: setup.redisUrl,
    rateLimitPerMinute: 1_000_000,
    subgraphTimeoutMs: 5_000,
    only: [...only],
    overrides: { customers: { clock, afterPublish: (envs) => void published.push(...envs) } },
  });
  const platform = started.platform;
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
      await started.close();
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


/** A request straight to the customers subgraph, signed as the gateway would sign it for `principal`. */
export async function direct<T = Record<string, unknown>>(
  h: Harness,
  query: string,
  variables: Record<string, unknown>,
  principal: Principal,
): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
  const sub = h.platform.subgraphs.customers!;
  const res = await fetch(sub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PRINCIPAL_HEADER]: await signPrincipal(principal, TEST_SECRET, 'customers') },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as never;
}

export interface RepSpec {
  repId: string;
  regionCode: string;
  managerId?: string | null;
  teamId?: string | null;
  level?: 'JUNIOR' | 'SENIOR' | 'MANAGER' | 'DIRECTOR';
}

/** Feeds the local rep directory as the people subgraph would (rep.hired.v1). */
export async function hireRep(h: Harness, rep: RepSpec): Promise<void> {
  await publishTestEvent(h.platform, RepHiredV1, {
    aggregateId: rep.repId,
    sequence: 1,
    data: {
      repId: rep.repId,
      name: `Rep ${rep.repId.slice(-4)}`,
      teamId: rep.teamId ?? null,
      regionCode: rep.regionCode,
      managerId: rep.managerId ?? null,
      level: rep.level ?? 'SENIOR',
      active: true,
      at: new Date().toISOString(),
    },
  });
}

export async function repDirectorySize(h: Harness): Promise<number> {
  return h.platform.subgraphs.customers!.orm.em.fork().count(RepDirectoryEntry, {});
}

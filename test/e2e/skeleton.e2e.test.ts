// The walking skeleton end to end: gateway + four subgraphs + bus, on the embedded adapters
// and (when DATABASE_URL / NATS_URL are set, as in CI) on PostgreSQL and NATS JetStream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPrincipal, signUserJwt } from '@salesgraph/auth';
import { onQuery } from '@salesgraph/db';
import { startTestPlatform, type RunningPlatform } from '@salesgraph/platform';
import type { SUBGRAPHS } from '@salesgraph/service';
import {
  adapterMatrix,
  bearer,
  eventually,
  graphql,
  TEST_ADMIN_KEY,
  TEST_JWT_SECRET,
  TEST_SECRET,
  type AdapterSetup,
} from '@salesgraph/testing';

const admin = bearer(TEST_ADMIN_KEY);

const HIRE = 'mutation Hire($input: HireSalesRepInput!) { hireSalesRep(input: $input) { id name customerCount } }';
const CREATE = 'mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { id code name kind regionCode owner { id } creditLimit { amount currency } } }';
const COUNT = '{ customers(first: 0) { totalCount } }';

interface Harness {
  platform: RunningPlatform;
  url: string;
  close(): Promise<void>;
}

function startHarness(setup: AdapterSetup, only?: (typeof SUBGRAPHS)[number][]): Promise<Harness> {
  return startTestPlatform({
    databaseUrl: setup.databaseUrl,
    natsUrl: setup.natsUrl,
    redisUrl: setup.redisUrl,
    internalSecret: TEST_SECRET,
    jwtSecret: TEST_JWT_SECRET,
    adminKey: TEST_ADMIN_KEY,
    relayPollMs: 5_000, // commits kick the relay; a slow poll proves it
    subgraphTimeoutMs: 3_000,
    only,
  });
}

let repSeq = 0;
async function hireRep(url: string, regionCode = 'CN-EAST'): Promise<string> {
  repSeq += 1;
  const res = await graphql<{ hireSalesRep: { id: string } }>(url, HIRE, { input: { name: `Rep ${repSeq}`, email: `rep${repSeq}.${Date.now()}@example.com`, regionCode } }, admin);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data!.hireSalesRep.id;
}

async function createCustomer(url: string, ownerRepId: string, name = 'Acme Ltd'): Promise<{ id: string; code: string }> {
  const res = await graphql<{ createCustomer: { id: string; code: string } }>(url, CREATE, { input: { name, kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId } }, admin);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data!.createCustomer;
}

async function customerCount(url: string): Promise<number> {
  const res = await graphql<{ customers: { totalCount: number } }>(url, COUNT, {}, admin);
  return res.body.data!.customers.totalCount;
}

describe.each(adapterMatrix())('walking skeleton ($label)', (setup) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(setup);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('joins customers and people through the gateway', async () => {
    const repId = await hireRep(h.url);
    const created = await graphql<{ createCustomer: Record<string, unknown> }>(
      h.url,
      CREATE,
      { input: { name: 'Hangzhou Water Works', kind: 'COMPANY', regionCode: 'cn-east', ownerRepId: repId, creditLimit: { amount: '500000.5' } } },
      admin,
    );
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data!.createCustomer).toMatchObject({
      name: 'Hangzhou Water Works',
      kind: 'COMPANY',
      regionCode: 'CN-EAST',
      owner: { id: repId },
      creditLimit: { amount: '500000.50', currency: 'CNY' },
    });
    expect(created.body.data!.createCustomer.code).toMatch(/^CUS-[0-9A-Z]{8}$/);
    const id = created.body.data!.createCustomer.id as string;
    const res = await graphql<{ customer: { name: string; owner: { id: string; name: string } } }>(h.url, 'query($id: ID!) { customer(id: $id) { name owner { id name } } }', { id }, admin);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.customer).toEqual({ name: 'Hangzhou Water Works', owner: { id: repId, name: expect.stringMatching(/^Rep \d+$/) } });
  });

  it('counts a new customer on its rep through the event bus', async () => {
    const repId = await hireRep(h.url);
    const countOf = async () => {
      const res = await graphql<{ salesRep: { customerCount: number } }>(h.url, 'query($id: ID!) { salesRep(id: $id) { customerCount } }', { id: repId }, admin);
      return res.body.data!.salesRep.customerCount;
    };
    expect(await countOf()).toBe(0);
    await createCustomer(h.url, repId, 'First');
    await eventually(async () => ((await countOf()) === 1 ? true : undefined), 10_000);
    await createCustomer(h.url, repId, 'Second');
    await eventually(async () => ((await countOf()) === 2 ? true : undefined), 10_000);
    // Nothing left unsent in the producer's outbox.
    const metrics = await h.platform.subgraphs.customers!.metrics.registry.getSingleMetricAsString('outbox_backlog_events');
    expect(metrics).toMatch(/outbox_backlog_events\{service="customers"\} 0/);
  });

  it('answers 401 to a request without a token, or with a bad one', async () => {
    const none = await graphql(h.url, COUNT);
    expect(none.status).toBe(401);
    expect(none.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const unknownKey = await graphql(h.url, COUNT, {}, bearer('sgk_not_a_key'));
    expect(unknownKey.status).toBe(401);
    const expired = await signUserJwt({ sub: 'u1', roles: ['admin'] }, TEST_JWT_SECRET, { expiresIn: Math.floor(Date.now() / 1000) - 5 });
    const late = await graphql(h.url, COUNT, {}, bearer(expired));
    expect(late.status).toBe(401);
    expect(late.body.errors![0]!.message).toMatch(/expired/);
    const forged = await signUserJwt({ sub: 'u1', roles: ['admin'] }, 'another-secret-that-is-long-enough-000');
    expect((await graphql(h.url, COUNT, {}, bearer(forged))).status).toBe(401);
  });

  it('refuses createCustomer without customers:write and writes nothing', async () => {
    const repId = await hireRep(h.url);
    const before = await customerCount(h.url);
    const analyst = await signUserJwt({ sub: 'u-analyst', roles: ['analyst'] }, TEST_JWT_SECRET);
    const res = await graphql(h.url, CREATE, { input: { name: 'Sneaky', kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId: repId } }, bearer(analyst));
    expect(res.status).toBe(200);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(res.body.errors![0]!.message).toMatch(/customers:write/);
    // The analyst can still read.
    const read = await graphql<{ customers: { totalCount: number } }>(h.url, COUNT, {}, bearer(analyst));
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data!.customers.totalCount).toBe(before);
  });

  it('rejects bad input with BAD_USER_INPUT naming the field and writes nothing', async () => {
    const repId = await hireRep(h.url);
    const before = await customerCount(h.url);
    const cases: [Record<string, unknown>, string][] = [
      [{ regionCode: 'east china!' }, 'regionCode'],
      [{ name: '   ' }, 'name'],
      [{ ownerRepId: 'rep-1' }, 'ownerRepId'],
      [{ creditLimit: { amount: '-10.00' } }, 'creditLimit'],
      [{ creditLimit: { amount: '10.00', currency: 'USD' } }, 'creditLimit'],
    ];
    for (const [patch, field] of cases) {
      const res = await graphql(h.url, CREATE, { input: { name: 'Acme', kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId: repId, ...patch } }, admin);
      expect(res.body.errors?.[0]?.extensions, JSON.stringify(patch)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const floaty = await graphql(h.url, CREATE, { input: { name: 'Acme', kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId: repId, creditLimit: { amount: 1e5 } } }, admin);
    expect(floaty.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const unknownKind = await graphql(h.url, CREATE, { input: { name: 'Acme', kind: 'ROBOT', regionCode: 'CN-EAST', ownerRepId: repId } }, admin);
    expect(unknownKind.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(await customerCount(h.url)).toBe(before);
  });

  it('a subgraph answers 401 to anything not signed by the gateway, _entities included', async () => {
    const customers = h.platform.subgraphs.customers!;
    const entities = { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id name } } }', variables: { r: [{ __typename: 'Customer', id: '01900000-0000-7000-8000-000000000001' }] } };
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(customers.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const principal = { subject: 'svc', kind: 'service' as const, roles: ['admin' as const], scopes: ['admin'] };
    expect((await post({}, { query: COUNT })).status).toBe(401);
    expect((await post({}, entities)).status).toBe(401);
    expect((await post({ 'x-salesgraph-principal': await signPrincipal(principal, 'wrong-secret-wrong-secret-wrong-secret', 'customers') }, entities)).status).toBe(401);
    expect((await post({ 'x-salesgraph-principal': await signPrincipal(principal, TEST_SECRET, 'people') }, entities)).status).toBe(401);
    expect((await post({ 'x-salesgraph-principal': await signPrincipal(principal, TEST_SECRET, 'customers', -10) }, entities)).status).toBe(401);
    // The gateway's own signature is accepted (so the refusals above are about the signature).
    const ok = await post({ 'x-salesgraph-principal': await signPrincipal(principal, TEST_SECRET, 'customers') }, entities);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: { _entities: unknown[] } }).data._entities).toEqual([null]);
  });

  it('resolves entity references in one SQL query per entity type, whatever the list size', async () => {
    const reps = [await hireRep(h.url), await hireRep(h.url), await hireRep(h.url)];
    for (let i = 0; i < 12; i++) await createCustomer(h.url, reps[i % 3]!, `Batch ${i}`);
    await eventually(async () => {
      const res = await graphql<{ salesRep: { customerCount: number } }>(h.url, 'query($id: ID!) { salesRep(id: $id) { customerCount } }', { id: reps[2] }, admin);
      return res.body.data!.salesRep.customerCount === 4 ? true : undefined;
    });
    const statementsFor = async (first: number) => {
      const people: string[] = [];
      const customers: string[] = [];
      const stopPeople = onQuery(h.platform.subgraphs.people!.orm, (sql) => people.push(sql));
      const stopCustomers = onQuery(h.platform.subgraphs.customers!.orm, (sql) => customers.push(sql));
      try {
        const res = await graphql<{ customers: { edges: { node: { owner: { name: string; customerCount: number } } }[] } }>(
          h.url,
          'query($first: Int) { customers(first: $first) { edges { node { name owner { id name customerCount } } } } }',
          { first },
          admin,
        );
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data!.customers.edges.length).toBe(first);
        for (const e of res.body.data!.customers.edges) expect(e.node.owner.name).toMatch(/^Rep \d+$/);
      } finally {
        stopPeople();
        stopCustomers();
      }
      // The outbox relay's own polling is not part of the request.
      const requestSelects = (list: string[]) => list.filter((s) => /^select/i.test(s.trim()) && !/event_outbox/.test(s));
      return { people: requestSelects(people), customers: requestSelects(customers) };
    };
    const one = await statementsFor(1);
    const many = await statementsFor(15);
    expect(many.customers.length).toBe(1);
    expect(many.people.filter((s) => /sales_rep/.test(s)).length).toBe(1);
    expect(many.people.filter((s) => /customer_ownership/.test(s)).length).toBe(1);
    expect(many.people.length).toBe(one.people.length);
    expect(many.customers.length).toBe(one.customers.length);
  });

  it('serves health, readiness and metrics on every service', async () => {
    const base = h.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/graphql_server_operation_duration_seconds_count\{[^}]*operation="Create"/);
    const metricsOf = async (name: 'customers' | 'people') => (await fetch(h.platform.subgraphs[name]!.url.replace(/\/graphql$/, '/metrics'))).text();
    for (const s of Object.values(h.platform.subgraphs)) {
      const sb = s!.url.replace(/\/graphql$/, '');
      const ready = await fetch(`${sb}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ database: true, bus: true });
      const text = await (await fetch(`${sb}/metrics`)).text();
      expect(text).toMatch(/process_cpu_seconds_total/);
      expect(text).toMatch(/nodejs_eventloop_lag_p99_seconds/);
      expect(text).toMatch(/db_client_connections_max\{[^}]*\} [1-9]/);
      expect(text).toMatch(/db_client_connections_usage\{[^}]*state="idle"[^}]*\} \d+/);
    }
    // Real values after the scenarios above: events published by customers, applied by people.
    const published = /messaging_publish_messages_total\{[^}]*type="sales\.customers\.customer\.created\.v1"[^}]*\} (\d+)/.exec(await metricsOf('customers'));
    expect(Number(published?.[1])).toBeGreaterThan(0);
    const applied = /messaging_process_messages_total\{[^}]*consumer="people\.customer-created"[^}]*outcome="applied"[^}]*\} (\d+)/.exec(await metricsOf('people'));
    expect(Number(applied?.[1]), (await metricsOf('people')).split('\n').filter((l) => l.startsWith('messaging_')).join('\n')).toBe(Number(published?.[1]));
    expect(await metricsOf('customers')).toMatch(/outbox_backlog_events\{[^}]*\} 0/);
  });
});

describe('partial results when a subgraph is down (sqlite + in-process bus)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ label: 'embedded' }, ['customers']);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('returns what the live subgraphs answered plus an error naming the one that is down', async () => {
    await createCustomer(h.url, '01900000-0000-7000-8000-0000000000aa', 'Still Here Ltd');
    const res = await graphql<{ customers: { edges: { node: { name: string; owner: { name: string } | null } }[] } }>(
      h.url,
      '{ customers(first: 5) { edges { node { name owner { name } } } } }',
      {},
      admin,
    );
    expect(res.status).toBe(200);
    expect(res.body.data!.customers.edges).toEqual([{ node: { name: 'Still Here Ltd', owner: null } }]);
    expect(res.body.errors![0]).toMatchObject({ message: 'the people service is unavailable', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    expect(JSON.stringify(res.body.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
  });
});

// Lists under many parents (Customer.interactions for a page of customers, SalesRep.customers for
// a list of reps) cost one SQL statement per list for the whole request, and answer exactly what
// one parent at a time answers — row rules included. Listed customers read only the columns the
// query selects, with the same answers as a customer read whole.
import './no-sweep-timer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@salesgraph/auth';
import { onQuery } from '@salesgraph/db';
import { adapterMatrix } from '@salesgraph/testing';
import { direct, newCustomer, startHarness, type Harness } from './harness';

const HOUR = 3_600_000;
const REPS = ['01900000-0000-7000-8000-00000000c0a1', '01900000-0000-7000-8000-00000000c0a2', '01900000-0000-7000-8000-00000000c0a3'];
const REGIONS = ['CN-EAST', 'CN-NORTH'];
const SERVICE: Principal = { subject: 'batched-lists-test', kind: 'service', roles: [], scopes: ['customers:read', 'pii:read'] };
const NORTH_KEY: Principal = { subject: 'north-key', kind: 'api_key', roles: [], scopes: ['customers:read'], regions: ['CN-NORTH'] };

const CUSTOMER_FIELDS = `id code name kind industry regionCode owner { id } creditLimit { amount currency } tags
  contacts { name role email phone primary } primaryContact { name } segment
  segmentDetail { computed override overrideReason overridden recencyScore frequencyScore monetaryScore }
  lifecycleStage lifecycleHistory { from to manual } churnRisk { score level reasons { signal } evaluatedAt }
  profile { lifetimeValue { amount } orderCount averageOrderValue { amount } firstOrderAt lastOrderAt openReceivables { amount } complaintCount openComplaintCount overdueComplaintCount lastSatisfaction { csat } lateDeliveryCount openSupplyAlertCount }
  createdAt updatedAt`;

describe.each(adapterMatrix())('customers lists under many parents ($label)', (setup) => {
  let h: Harness;
  const statements: string[] = [];
  let stopCounting: () => void;
  const ids: string[] = [];

  const call = async <T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, principal: Principal = SERVICE): Promise<T> => {
    const res = await direct<T>(h, query, variables, principal);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data!;
  };
  /** Statements the request itself sends (the outbox and inbox belong to the event machinery). */
  const counted = async <T>(run: () => Promise<T>): Promise<{ result: T; count: number }> => {
    statements.length = 0;
    const result = await run();
    return { result, count: statements.filter((s) => !/event_(outbox|inbox)/.test(s)).length };
  };
  const reps = (list: string[]) => ({ r: list.map((id) => ({ __typename: 'SalesRep', id })) });

  beforeAll(async () => {
    h = await startHarness(setup);
    for (let i = 0; i < 12; i++) {
      const { id } = await newCustomer(h, {
        name: `Batch ${String.fromCharCode(76 - i)} ${i}`,
        ownerRepId: REPS[i % 3],
        regionCode: REGIONS[i % 2],
        tags: ['batch'],
        contacts: [{ name: 'Wang Fang', role: 'Buyer', email: `wf${i}@example.com`, phone: '+86 21 5555 0100', primary: true }],
      });
      ids.push(id);
    }
    const REC = 'mutation($i: RecordInteractionInput!) { recordInteraction(input: $i) { id } }';
    for (const [i, id] of ids.entries()) {
      for (let k = 0; k < i % 4; k++) {
        await h.ok(REC, { i: { customerId: id, type: 'CALL', occurredAt: new Date(h.clock.now().getTime() - (k + 1) * HOUR).toISOString(), summary: `call ${k}`, repId: REPS[0] } });
      }
    }
    stopCounting = onQuery(h.platform.subgraphs.customers!.orm, (sql) => statements.push(sql));
  });
  afterAll(async () => {
    stopCounting?.();
    await h?.close();
  });

  const PAGE = (n: number) => `{ customers(first: ${n}) { edges { node { id code name owner { id } interactions(first: 2) { totalCount pageInfo { hasNextPage } edges { node { summary } } } } } } }`;

  it('sends as many statements for a page of one customer as for a page of ten, interactions included', async () => {
    await call(PAGE(1));
    const one = await counted(() => call(PAGE(1)));
    const ten = await counted(() => call<{ customers: { edges: unknown[] } }>(PAGE(10)));
    expect(ten.result.customers.edges).toHaveLength(10);
    expect(ten.count).toBe(one.count);
    // The customer page, the interaction pages, the interaction counts.
    expect(ten.count).toBe(3);
  });

  it('answers the interactions of ten customers as one customer at a time does', async () => {
    type Page = { customers: { edges: { node: { id: string; interactions: unknown } }[] } };
    const ten = await call<Page>(PAGE(10));
    for (const { node } of ten.customers.edges) {
      const one = await call<{ customer: { interactions: unknown } }>('query($id: ID!) { customer(id: $id) { interactions(first: 2) { totalCount pageInfo { hasNextPage } edges { node { summary } } } } }', { id: node.id });
      expect(node.interactions).toEqual(one.customer.interactions);
    }
    expect(ten.customers.edges.map((e) => (e.node.interactions as { totalCount: number }).totalCount)).toEqual(ids.slice(0, 10).map((_, i) => i % 4));
  });

  it('reads only the selected columns of a listed customer without changing any answer', async () => {
    const list = await call<{ customers: { edges: { node: Record<string, unknown> }[] } }>(`{ customers(first: 12) { edges { node { ${CUSTOMER_FIELDS} } } } }`);
    expect(list.customers.edges).toHaveLength(12);
    for (const { node } of list.customers.edges) {
      const whole = await call<{ customer: Record<string, unknown> }>(`query($id: ID!) { customer(id: $id) { ${CUSTOMER_FIELDS} } }`, { id: node.id });
      expect(node).toEqual(whole.customer);
    }
  });

  it('batches SalesRep.customers: one statement for every rep, the same pages as the customers list per owner', async () => {
    const Q = `query($r: [_Any!]!, $after: String) { _entities(representations: $r) { ... on SalesRep { id
      customers(first: 2, after: $after, orderBy: NAME) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id name regionCode } } } } } }`;
    const LIST = `query($owner: ID!, $after: String) { customers(filter: { ownerRepId: $owner }, first: 2, after: $after, orderBy: NAME) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id name regionCode } } } }`;
    type Conn = { totalCount: number; pageInfo: { endCursor: string }; edges: { node: { regionCode: string } }[] };
    for (const principal of [SERVICE, NORTH_KEY]) {
      await call(Q, reps(REPS.slice(0, 1)), principal);
      const one = await counted(() => call(Q, reps(REPS.slice(0, 1)), principal));
      const all = await counted(() => call<{ _entities: { id: string; customers: Conn }[] }>(Q, reps(REPS), principal));
      expect(all.count).toBe(one.count);
      expect(all.count).toBe(2); // pages, counts
      for (const rep of all.result._entities) {
        const expected = await call<{ customers: Conn }>(LIST, { owner: rep.id }, principal);
        expect(rep.customers).toEqual(expected.customers);
        if (principal === NORTH_KEY) expect(rep.customers.edges.every((e) => e.node.regionCode === 'CN-NORTH')).toBe(true);
        // The next page, from the cursor, matches too.
        const after = rep.customers.pageInfo.endCursor;
        if (!after) continue;
        const next = await call<{ _entities: { customers: Conn }[] }>(Q, { ...reps([rep.id]), after }, principal);
        expect(next._entities[0]!.customers).toEqual((await call<{ customers: Conn }>(LIST, { owner: rep.id, after }, principal)).customers);
      }
      const total = all.result._entities.reduce((n, e) => n + e.customers.totalCount, 0);
      expect(total).toBe(principal === NORTH_KEY ? 6 : 12);
    }
  });

  it('keeps the errors and the empty answers of SalesRep.customers', async () => {
    const Q = 'query($r: [_Any!]!, $first: Int, $after: String) { _entities(representations: $r) { ... on SalesRep { customers(first: $first, after: $after) { totalCount edges { node { id } } } } } }';
    const bad = await direct(h, Q, { ...reps(REPS.slice(0, 1)), first: 101 }, SERVICE);
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const foreign = await direct(h, Q, { ...reps(REPS.slice(0, 1)), after: Buffer.from('id:not-an-id').toString('base64url') }, SERVICE);
    expect(foreign.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(await call(Q, { r: [{ __typename: 'SalesRep', id: 'not-a-rep' }] })).toEqual({ _entities: [{ customers: { totalCount: 0, edges: [] } }] });
  });
});

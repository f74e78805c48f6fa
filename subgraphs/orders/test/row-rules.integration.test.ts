// Row rules on orders (issue 7): a rep sees and changes only their own orders, a manager the
// reports', a region-limited key only its regions — by id, in lists and through _entities.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRINCIPAL_HEADER, signPrincipal, signUserJwt } from '@salesgraph/auth';
import { CustomerCreatedV1, RepHiredV1 } from '@salesgraph/events';
import { publishTestEvent, startTestPlatform, type TestPlatform } from '@salesgraph/platform';
import { adapterMatrix, bearer, eventually, graphql, TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET } from '@salesgraph/testing';

const admin = bearer(TEST_ADMIN_KEY);
const MONA = '01900000-0000-7000-8000-0000000000a1';
const ALICE = '01900000-0000-7000-8000-0000000000a2';
const BOB = '01900000-0000-7000-8000-0000000000a3';
const EAST = '01900000-0000-7000-8000-0000000000c1';
const NORTH = '01900000-0000-7000-8000-0000000000c2';
const PLACE = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }';

describe.each(adapterMatrix())('orders row rules ($label)', (setup) => {
  let h: TestPlatform;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await startTestPlatform({ databaseUrl: setup.databaseUrl, natsUrl: setup.natsUrl, internalSecret: TEST_SECRET, jwtSecret: TEST_JWT_SECRET, adminKey: TEST_ADMIN_KEY, only: ['orders'] });
    const at = new Date().toISOString();
    for (const [repId, managerId, regionCode] of [[MONA, null, 'CN'], [ALICE, MONA, 'CN-EAST'], [BOB, MONA, 'CN-NORTH']] as const) {
      await publishTestEvent(h.platform, RepHiredV1, { aggregateId: repId, sequence: 1, data: { repId, name: repId.slice(-2), teamId: null, regionCode, managerId, level: 'SENIOR', active: true, at } });
    }
    for (const [customerId, regionCode, owner] of [[EAST, 'CN-EAST', ALICE], [NORTH, 'CN-NORTH', BOB]] as const) {
      await publishTestEvent(h.platform, CustomerCreatedV1, { aggregateId: customerId, sequence: 1, data: { customerId, code: `CUS-${customerId.slice(-4)}`, name: regionCode, kind: 'COMPANY', regionCode, ownerRepId: owner, creditLimit: null, createdAt: at } });
    }
    const product = await graphql(h.url, 'mutation { createProduct(input: { sku: "ROW-1", name: "Row", productLine: "Rows", unitPrice: { amount: "10.00" } }) { sku } }', {}, admin);
    expect(product.body.errors).toBeUndefined();
    for (const [name, customerId, repId] of [['alice', EAST, ALICE], ['bob', NORTH, BOB]] as const) {
      const placed = await eventually(async () => {
        const r = await graphql<{ placeOrder: { id: string } }>(h.url, PLACE, { input: { customerId, repId, lines: [{ sku: 'ROW-1', quantity: 1 }] } }, admin);
        if (r.body.errors && r.body.errors[0]!.extensions!.code !== 'NOT_FOUND') throw new Error(JSON.stringify(r.body.errors));
        return r.body.data?.placeOrder;
      });
      ids[name] = placed.id;
    }
  });
  afterAll(async () => h?.close());

  const as = async (roles: ('sales_rep' | 'sales_manager')[], repId: string) => bearer(await signUserJwt({ sub: `u-${repId}`, roles, repId }, TEST_JWT_SECRET));

  it('a rep sees and changes only their own orders', async () => {
    const alice = await as(['sales_rep'], ALICE);
    const list = await graphql<{ orders: { totalCount: number; edges: { node: { id: string } }[] } }>(h.url, '{ orders(first: 50) { totalCount edges { node { id } } } }', {}, alice);
    expect(list.body.data!.orders.edges.map((e) => e.node.id)).toEqual([ids.alice]);
    expect(list.body.data!.orders.totalCount).toBe(1);
    const colleague = await graphql<{ order: unknown }>(h.url, 'query($id: ID!) { order(id: $id) { id } }', { id: ids.bob }, alice);
    expect(colleague.body.data!.order).toBeNull();
    const approve = await graphql(h.url, 'mutation($id: ID!) { approveOrder(id: $id) { id } }', { id: ids.bob }, alice);
    expect(approve.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const forOther = await graphql(h.url, PLACE, { input: { customerId: NORTH, repId: BOB, lines: [{ sku: 'ROW-1', quantity: 1 }] } }, alice);
    expect(forOther.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    // Nothing was written: the admin still sees two orders, and bob's is still RECEIVED.
    const all = await graphql<{ orders: { totalCount: number }; order: { status: string } }>(h.url, 'query($id: ID!) { orders { totalCount } order(id: $id) { status } }', { id: ids.bob }, admin);
    expect(all.body.data).toEqual({ orders: { totalCount: 2 }, order: { status: 'RECEIVED' } });
  });

  it("a manager sees the reports' orders", async () => {
    const mona = await as(['sales_manager'], MONA);
    const list = await graphql<{ orders: { totalCount: number } }>(h.url, '{ orders { totalCount } }', {}, mona);
    expect(list.body.data!.orders.totalCount).toBe(2);
  });

  it('a key limited to a region sees only it, by id and through _entities', async () => {
    const created = await graphql<{ createApiKey: { key: string } }>(h.url, 'mutation { createApiKey(input: { name: "north", scopes: ["orders:read"], allowedRegions: ["CN-NORTH"] }) { key } }', {}, admin);
    const key = bearer(created.body.data!.createApiKey.key);
    const list = await graphql<{ orders: { edges: { node: { id: string } }[] } }>(h.url, '{ orders { edges { node { id } } } }', {}, key);
    expect(list.body.data!.orders.edges.map((e) => e.node.id)).toEqual([ids.bob]);
    expect((await graphql<{ order: unknown }>(h.url, 'query($id: ID!) { order(id: $id) { id } }', { id: ids.alice }, key)).body.data!.order).toBeNull();
    const principal = { subject: 'k', kind: 'api_key' as const, roles: [], scopes: ['orders:read'], regions: ['CN-NORTH'] };
    const res = await fetch(h.platform.subgraphs.orders!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PRINCIPAL_HEADER]: await signPrincipal(principal, TEST_SECRET, 'orders') },
      body: JSON.stringify({ query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id } } }', variables: { r: [{ __typename: 'Order', id: ids.alice }, { __typename: 'Order', id: ids.bob }] } }),
    });
    expect(((await res.json()) as { data: { _entities: unknown[] } }).data._entities).toEqual([null, { id: ids.bob }]);
  });
});

// Lists under many parents (Customer.orders / contracts, SalesRep.orders, Contract.orders) cost
// one SQL statement per list for the whole request, whatever the number of parents, and answer
// exactly what one parent at a time answers — row rules included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRINCIPAL_HEADER, ROLE_SCOPES, signPrincipal, type Principal } from '@salesgraph/auth';
import { onQuery } from '@salesgraph/db';
import { CustomerCreatedV1, RepHiredV1 } from '@salesgraph/events';
import { publishTestEvent, startTestPlatform, type TestPlatform } from '@salesgraph/platform';
import { adapterMatrix, bearer, eventually, graphql, TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET } from '@salesgraph/testing';
import { Order } from '../src/infra/order.entity';

const admin = bearer(TEST_ADMIN_KEY);
const MONA = '01900000-0000-7000-8000-00000000b0a1';
const ALICE = '01900000-0000-7000-8000-00000000b0a2';
const BOB = '01900000-0000-7000-8000-00000000b0a3';
const CAROL = '01900000-0000-7000-8000-00000000b0a4';
const REPS = [ALICE, BOB, CAROL];
const CUSTOMERS = Array.from({ length: 10 }, (_, i) => `01900000-0000-7000-8000-0000000c${String(i).padStart(4, '0')}`);
const ORDERS_PER_CUSTOMER = 7;

const SERVICE: Principal = { subject: 'batched-lists-test', kind: 'service', roles: [], scopes: ['orders:read', 'orders:write'] };
const user = (roles: Principal['roles'], repId: string): Principal => ({ subject: `u-${repId}`, kind: 'user', roles, scopes: [...new Set(roles.flatMap((r) => ROLE_SCOPES[r]))], repId });

// The bench's P2 shape under the customers of a page, plus the connection fields a client may add.
const P2 = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id
  orders(first: 5) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { number status lines { sku quantity product { sku name } } } } }
  contracts(first: 5) { totalCount edges { node { id number status } } } } } }`;

const ORDER_FIELDS = `id number status customer { id } rep { id } contract { id }
  lines { sku name productLine quantity shippedQuantity unitPrice { amount currency } unitCost { amount } amount { amount } cost { amount } }
  total { amount } totalCost { amount } grossMargin { amount } grossMarginPercent requestedDeliveryDate promisedBy
  paymentTerms { kind netDays prepaymentPercent installments } placedAt placedBy approvedAt approvedBy
  reviews { passed reviewer } history { from to action actor at comment } shipments { id } deliveredAt closedAt reason
  payments { id } amountPaid { amount } amountDue { amount } dueDate overdue latePenalty { daysLate } daysLate backorder { reason }`;

describe.each(adapterMatrix())('orders lists under many parents ($label)', (setup) => {
  let h: TestPlatform;
  let contractId: string;
  const statements: string[] = [];
  let stopCounting: () => void;

  const call = async <T = Record<string, any>>(principal: Principal, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(h.platform.subgraphs.orders!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PRINCIPAL_HEADER]: await signPrincipal(principal, TEST_SECRET, 'orders') },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data!;
  };
  const customers = (ids: string[]) => ({ r: ids.map((id) => ({ __typename: 'Customer', id })) });
  /** Statements the request itself sends (the outbox and inbox belong to the event machinery). */
  const counted = async <T>(run: () => Promise<T>): Promise<{ result: T; count: number }> => {
    statements.length = 0;
    const result = await run();
    return { result, count: statements.filter((s) => !/event_(outbox|inbox)/.test(s)).length };
  };
  /** What the database holds for a customer, oldest first, optionally only the given reps' orders. */
  const stored = async (customerId: string, reps?: string[]) => {
    const rows = await h.platform.subgraphs.orders!.orm.em.fork().find(Order, { customerId, ...(reps ? { repId: { $in: reps } } : {}) }, { orderBy: { id: 'asc' } });
    return rows;
  };

  beforeAll(async () => {
    process.env.ORDERS_SWEEP_INTERVAL_MS = '3600000'; // no contract sweep statements during a count
    h = await startTestPlatform({
      databaseUrl: setup.databaseUrl,
      natsUrl: setup.natsUrl,
      internalSecret: TEST_SECRET,
      jwtSecret: TEST_JWT_SECRET,
      adminKey: TEST_ADMIN_KEY,
      only: ['orders'],
      overrides: { orders: { startRelay: false } },
    });
    const at = new Date().toISOString();
    for (const [repId, managerId, regionCode] of [[MONA, null, 'CN'], [ALICE, MONA, 'CN-EAST'], [BOB, MONA, 'CN-NORTH'], [CAROL, null, 'CN-SOUTH']] as const) {
      await publishTestEvent(h.platform, RepHiredV1, { aggregateId: repId, sequence: 1, data: { repId, name: repId.slice(-2), teamId: null, regionCode, managerId, level: 'SENIOR', active: true, at } });
    }
    for (const [i, customerId] of CUSTOMERS.entries()) {
      await publishTestEvent(h.platform, CustomerCreatedV1, {
        aggregateId: customerId,
        sequence: 1,
        data: { customerId, code: `CUS-B${i}`, name: `Customer ${i}`, kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId: ALICE, creditLimit: null, createdAt: at },
      });
    }
    for (const [sku, price] of [['BL-1', '10.00'], ['BL-2', '25.50'], ['BL-3', '7.25']] as const) {
      const r = await graphql(h.url, `mutation { createProduct(input: { sku: "${sku}", name: "Batched ${sku}", productLine: "Batch", unitPrice: { amount: "${price}" }, unitCost: { amount: "5.00" } }) { sku } }`, {}, admin);
      expect(r.body.errors).toBeUndefined();
    }
    const place = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }';
    for (const customerId of CUSTOMERS) {
      for (let k = 0; k < ORDERS_PER_CUSTOMER; k++) {
        const input = { customerId, repId: REPS[k % 3], lines: [{ sku: 'BL-1', quantity: 1 + k }, ...(k % 2 ? [{ sku: 'BL-2', quantity: 2 }] : []), ...(k % 3 === 2 ? [{ sku: 'BL-3', quantity: 3 }] : [])] };
        const id = await eventually(async () => {
          const r = await graphql<{ placeOrder: { id: string } }>(h.url, place, { input }, admin);
          if (r.body.errors && r.body.errors[0]!.extensions!.code !== 'NOT_FOUND') throw new Error(JSON.stringify(r.body.errors));
          return r.body.data?.placeOrder.id;
        });
        if (k % 2 === 0) expect((await graphql(h.url, 'mutation($id: ID!) { approveOrder(id: $id) { id } }', { id }, admin)).body.errors).toBeUndefined();
      }
    }
    const draft = (customerId: string) => graphql<{ draftContract: { id: string } }>(
      h.url,
      'mutation($input: DraftContractInput!) { draftContract(input: $input) { id } }',
      {
        input: {
          customerId,
          title: 'Batch supply',
          items: [{ sku: 'BL-1', quantity: 100, unitPrice: { amount: '9.00' } }],
          paymentTerms: { kind: 'NET', netDays: 30 },
          deliveryTerms: { deliverBy: '2026-12-01', incoterm: 'DAP', address: '1 Batch Rd' },
          validFrom: '2026-01-01',
          validTo: '2026-12-31',
        },
      },
      admin,
    );
    const drafted = await draft(CUSTOMERS[0]!);
    expect(drafted.body.errors).toBeUndefined();
    contractId = drafted.body.data!.draftContract.id;
    expect((await draft(CUSTOMERS[1]!)).body.errors).toBeUndefined();
    stopCounting = onQuery(h.platform.subgraphs.orders!.orm, (sql) => statements.push(sql));
  });
  afterAll(async () => {
    stopCounting?.();
    await h?.close();
    delete process.env.ORDERS_SWEEP_INTERVAL_MS;
  });

  it('sends as many statements for one customer as for ten', async () => {
    await call(SERVICE, P2, customers(CUSTOMERS.slice(0, 1))); // warm: schema, plans
    const one = await counted(() => call(SERVICE, P2, customers(CUSTOMERS.slice(0, 1))));
    const ten = await counted(() => call(SERVICE, P2, customers(CUSTOMERS)));
    expect(ten.count).toBe(one.count);
    // Order pages, order counts, products, contract pages, contract counts: one statement each.
    expect(ten.count).toBe(5);
  });

  it('answers for ten customers exactly what one customer at a time answers, as stored', async () => {
    type P2Answer = { _entities: { id: string; orders: { totalCount: number; pageInfo: { hasNextPage: boolean }; edges: { node: { number: string; lines: { sku: string; quantity: number; product: { name: string } }[] } }[] }; contracts: { totalCount: number; edges: { node: { id: string } }[] } }[] };
    const ten = await call<P2Answer>(SERVICE, P2, customers(CUSTOMERS));
    const oneByOne = [];
    for (const id of CUSTOMERS) oneByOne.push(...(await call<P2Answer>(SERVICE, P2, customers([id])))._entities);
    expect(ten._entities).toEqual(oneByOne);
    for (const entity of ten._entities) {
      const rows = await stored(entity.id);
      expect(entity.orders.totalCount).toBe(ORDERS_PER_CUSTOMER);
      expect(entity.orders.pageInfo.hasNextPage).toBe(true);
      expect(entity.orders.edges.map((e) => e.node.number)).toEqual(rows.slice(0, 5).map((o) => o.number));
      expect(entity.orders.edges[1]!.node.lines).toEqual(rows[1]!.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, product: { sku: l.sku, name: `Batched ${l.sku}` } })));
    }
    expect(ten._entities[0]!.contracts).toEqual({ totalCount: 1, edges: [{ node: { id: contractId, number: expect.any(String), status: 'DRAFT' } }] });
    expect(ten._entities.slice(1).map((e) => e.contracts.totalCount)).toEqual([1, ...Array(8).fill(0)]);
  });

  it('pages on with after and reads only the selected columns without changing any answer', async () => {
    type Page = { _entities: { orders: { pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string }; edges: { node: Record<string, unknown> }[] } }[] };
    const first = await call<Page>(SERVICE, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { orders(first: 5) { pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { ${ORDER_FIELDS} } } } } } }`, customers(CUSTOMERS.slice(0, 2)));
    const cursor = first._entities[0]!.orders.pageInfo.endCursor;
    const rest = await call<Page>(SERVICE, `query($r: [_Any!]!, $after: String) { _entities(representations: $r) { ... on Customer { orders(first: 5, after: $after) { pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id } } } } } }`, {
      ...customers(CUSTOMERS.slice(0, 1)),
      after: cursor,
    });
    const rows = await stored(CUSTOMERS[0]!);
    expect(rest._entities[0]!.orders.edges.map((e) => e.node.id)).toEqual(rows.slice(5).map((o) => o.id));
    expect(rest._entities[0]!.orders.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    // Every field of a listed order equals the same order read whole by id.
    for (const { node } of first._entities.flatMap((e) => e.orders.edges)) {
      const byId = await call<{ order: Record<string, unknown> }>(SERVICE, `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id: node.id });
      expect(node).toEqual(byId.order);
    }
  });

  it('applies the row rules inside every batched page and count', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id orders(first: 100) { totalCount edges { node { id rep { id } } } } } } }`;
    for (const [principal, reps] of [
      [user(['sales_rep'], ALICE), [ALICE]],
      [user(['sales_manager'], MONA), [MONA, ALICE, BOB]],
      [user(['sales_rep'], CAROL), [CAROL]],
    ] as const) {
      const { result, count } = await counted(() => call<{ _entities: { id: string; orders: { totalCount: number; edges: { node: { id: string } }[] } }[] }>(principal, query, customers(CUSTOMERS)));
      // Pages and counts: one statement each, besides the rep directory lookups of the row scope.
      expect(statements.filter((s) => /sales_order/.test(s))).toHaveLength(2);
      expect(count).toBeLessThanOrEqual(4);
      for (const entity of result._entities) {
        const visible = await stored(entity.id, [...reps]);
        expect(entity.orders.edges.map((e) => e.node.id)).toEqual(visible.map((o) => o.id));
        expect(entity.orders.totalCount).toBe(visible.length);
      }
      expect(result._entities.reduce((n, e) => n + e.orders.totalCount, 0)).toBeGreaterThan(0);
    }
  });

  it('batches SalesRep.orders with a status filter and Contract.orders the same way', async () => {
    type Reps = { _entities: { id: string; orders: { totalCount: number; edges: { node: { id: string; status: string } }[] } }[] };
    const { result, count } = await counted(() =>
      call<Reps>(SERVICE, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on SalesRep { id orders(first: 3, status: APPROVED) { totalCount edges { node { id status } } } } } }', {
        r: REPS.map((id) => ({ __typename: 'SalesRep', id })),
      }),
    );
    expect(count).toBe(2);
    const em = h.platform.subgraphs.orders!.orm.em.fork();
    for (const rep of result._entities) {
      const approved = await em.find(Order, { repId: rep.id, status: 'APPROVED' }, { orderBy: { id: 'asc' } });
      expect(rep.orders.totalCount).toBe(approved.length);
      expect(rep.orders.edges.map((e) => e.node.id)).toEqual(approved.slice(0, 3).map((o) => o.id));
    }
    const versions = await counted(() => call<{ contracts: { edges: { node: { versions: { version: number }[] } }[] } }>(SERVICE, '{ contracts(first: 10) { edges { node { number versions { version status } } } } }'));
    expect(versions.result.contracts.edges.map((e) => e.node.versions.map((v) => v.version))).toEqual([[1], [1]]);
    expect(versions.count).toBe(2); // the contracts page, the versions of all of them
    const contract = await call<{ contract: { orders: { totalCount: number; edges: unknown[] } } }>(SERVICE, 'query($id: ID!) { contract(id: $id) { orders { totalCount edges { node { id } } } } }', { id: contractId });
    expect(contract.contract.orders).toEqual({ totalCount: 0, edges: [] });
  });
});

// Orders with the real customers subgraph behind the same gateway: the credit limit comes from
// the customers service's own event, and Customer.orders / contracts / receivables join a
// customer queried from the customers subgraph.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type RunningPlatform } from '@salesgraph/platform';
import { type SubgraphName } from '@salesgraph/service';
import { adapterMatrix, bearer, eventually, graphql, TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET } from '@salesgraph/testing';

const admin = bearer(TEST_ADMIN_KEY);
const REP = '01900000-0000-7000-8000-0000000000e2';
const ONLY: SubgraphName[] = ['customers', 'orders'];

describe.each(adapterMatrix())('orders with customers ($label)', (setup) => {
  let platform: RunningPlatform;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const started = await startTestPlatform({
      databaseUrl: setup.databaseUrl,
      natsUrl: setup.natsUrl,
      internalSecret: TEST_SECRET,
      jwtSecret: TEST_JWT_SECRET,
      adminKey: TEST_ADMIN_KEY,
      relayPollMs: 5_000,
      subgraphTimeoutMs: 5_000,
      only: ONLY,
    });
    platform = started.platform;
    close = started.close;
  });

  afterAll(async () => {
    await close?.();
  });

  it('learns the credit limit from customers and answers the customer federation fields', async () => {
    const url = platform.gatewayUrl;
    const call = async <T>(query: string, variables: Record<string, unknown> = {}) => {
      const res = await graphql<T>(url, query, variables, admin);
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      return res.body.data!;
    };
    await call('mutation { createProduct(input: { sku: "XS-1", name: "Cross", productLine: "Test", unitPrice: { amount: "300.00" }, unitCost: { amount: "100.00" } }) { sku } }');
    const customer = (
      await call<{ createCustomer: { id: string } }>('mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', {
        input: { name: 'Ningbo Port Supplies', kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId: REP, creditLimit: { amount: '1000.00' } },
      })
    ).createCustomer;
    const place = (quantity: number) =>
      graphql<{ placeOrder: { id: string } }>(url, 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }', { input: { customerId: customer.id, repId: REP, lines: [{ sku: 'XS-1', quantity }] } }, admin);
    const first = await eventually(async () => (await place(3)).body.data?.placeOrder.id); // 900.00
    await call('mutation($id: ID!) { approveOrder(id: $id) { status } }', { id: first });
    const second = (await place(1)).body.data!.placeOrder.id; // 300.00: 900 + 300 > 1000
    const refused = await graphql(url, 'mutation($id: ID!) { approveOrder(id: $id) { status } }', { id: second }, admin);
    expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ORDER_REVIEW_FAILED', details: { failures: [{ check: 'CREDIT' }] } });

    const joined = await call<{ customer: Record<string, any> }>(
      `query($id: ID!) { customer(id: $id) { name creditLimit { amount }
          orders { totalCount edges { node { id status total { amount } customer { name } } } }
          approved: orders(status: APPROVED) { totalCount }
          contracts { totalCount }
          receivables { open { amount } overdue { amount } openOrders overdueOrders } } }`,
      { id: customer.id },
    );
    expect(joined.customer).toMatchObject({
      name: 'Ningbo Port Supplies',
      creditLimit: { amount: '1000.00' },
      orders: {
        totalCount: 2,
        edges: [
          { node: { id: first, status: 'APPROVED', total: { amount: '900.00' }, customer: { name: 'Ningbo Port Supplies' } } },
          { node: { id: second, status: 'RECEIVED', total: { amount: '300.00' }, customer: { name: 'Ningbo Port Supplies' } } },
        ],
      },
      approved: { totalCount: 1 },
      contracts: { totalCount: 0 },
      receivables: { open: { amount: '900.00' }, overdue: { amount: '0.00' }, openOrders: 1, overdueOrders: 0 },
    });
  });
});

// The whole loop through the gateway with the real orders subgraph: orders places and approves
// orders, its events reserve stock here, `Order.deliveryRisk` (supply-risk's field on orders'
// Order) shows the STOCKOUT_RISK, and a reservation failure comes back to orders as a backorder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerCreatedV1 } from '@salesgraph/events';
import { uuidv7 } from '@salesgraph/kernel';
import { publishTestEvent } from '@salesgraph/platform';
import { adapterMatrix, eventually, graphql } from '@salesgraph/testing';
import { admin, gql, newSku, startHarness, type Harness } from './harness';

const ORDER = `query($id: ID!) { order(id: $id) { id status lines { sku quantity }
  deliveryRisk { level reasons }
  backorder { shortfall lines { sku requested available shortfall } } } }`;

interface OrderView {
  id: string;
  status: string;
  deliveryRisk: { level: string; reasons: string[] } | null;
  backorder: { shortfall: number; lines: { sku: string; requested: number; available: number; shortfall: number }[] } | null;
}

describe.each(adapterMatrix())('orders → supply-risk → orders ($label)', (setup) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(setup);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function placeAndApprove(customerId: string, sku: string, quantity: number): Promise<string> {
    const input = { customerId, repId: uuidv7(), lines: [{ sku, quantity }] };
    // orders learns the customer from customers' event: retry until it has.
    const id = await eventually(async () => {
      const res = await graphql<{ placeOrder: { id: string } }>(h.url, 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }', { input }, admin);
      return res.body.data?.placeOrder.id;
    });
    await gql(h, 'mutation($id: ID!) { approveOrder(id: $id) { status } }', { id });
    return id;
  }
  const order = (id: string) => gql<{ order: OrderView }>(h, ORDER, { id }).then((d) => d.order);

  it('shows a STOCKOUT_RISK on the order and sends a reservation failure back to orders', async () => {
    const customerId = uuidv7();
    await publishTestEvent(h.platform, CustomerCreatedV1, {
      aggregateId: customerId,
      sequence: 1,
      data: { customerId, code: 'CUS-TEST0001', name: 'Ningbo Water', kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId: uuidv7(), creditLimit: null, createdAt: new Date().toISOString() },
    });
    const sku = newSku();
    await gql(h, 'mutation($input: CreateProductInput!) { createProduct(input: $input) { sku } }', { input: { sku, name: 'Pump', productLine: 'Pumps', unitPrice: { amount: '100.00' } } });
    await gql(h, 'mutation($input: SetInventoryInput!) { setInventory(input: $input) { sku } }', { input: { sku, warehouseCode: 'SH-01', onHand: 10, reorderPoint: 8 } });

    const first = await placeAndApprove(customerId, sku, 3);
    const atRisk = await eventually(async () => {
      const o = await order(first);
      return o.deliveryRisk?.level === 'MEDIUM' ? o : undefined;
    });
    expect(atRisk.status).toBe('APPROVED');
    expect(atRisk.deliveryRisk!.reasons).toEqual([`STOCKOUT_RISK: ${sku}: available 7 is below the reorder point 8`]);
    expect(atRisk.backorder).toBeNull();

    const second = await placeAndApprove(customerId, sku, 20);
    const short = await eventually(async () => {
      const o = await order(second);
      return o.backorder ? o : undefined;
    });
    expect(short.backorder!.lines).toEqual([{ sku, requested: 20, available: 7, shortfall: 13 }]);
    expect(short.deliveryRisk!.level).toBe('HIGH');
    expect(short.deliveryRisk!.reasons).toContain(`RESERVATION_FAILED: ${sku} short by 13`);

    // A restock clears the alert: the first order is no longer at risk.
    await gql(h, 'mutation($input: AdjustInventoryInput!) { adjustInventory(input: $input) { onHand } }', { input: { sku, warehouseCode: 'SH-01', delta: 40, reason: 'inbound' } });
    expect((await order(first)).deliveryRisk).toEqual({ level: 'LOW', reasons: [] });
  });
});

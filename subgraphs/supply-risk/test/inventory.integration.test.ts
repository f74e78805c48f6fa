// Inventory through the gateway: stock set, reservations from order events (never twice),
// STOCKOUT_RISK raised once and cleared by a restock, the order's deliveryRisk, and
// reservation failures published as events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryReservationFailedV1 } from '@salesgraph/events';
import { onQuery } from '@salesgraph/db';
import { uuidv7 } from '@salesgraph/kernel';
import { adapterMatrix, eventually } from '@salesgraph/testing';
import { approved, cancelled, rejected, collect, deliveryRisk, gql, gqlError, newOrder, newSku, outbox, placed, shipped, startHarness, type Harness } from './harness';

const SET = 'mutation($input: SetInventoryInput!) { setInventory(input: $input) { sku warehouseCode onHand reserved available reorderPoint safetyStock belowReorderPoint } }';
const ADJUST = 'mutation($input: AdjustInventoryInput!) { adjustInventory(input: $input) { onHand available } }';
const PRODUCT = `query($sku: String!) { product(sku: $sku) { sku name
  inventory { onHand reserved available reorderPoint belowReorderPoint turnover positions { warehouseCode onHand reserved } }
  supplyRisk { level openAlerts { rule status severity customerIds } } } }`;
const ALERTS = 'query($filter: AlertFilter) { alerts(filter: $filter, first: 50) { totalCount edges { node { id rule status severity subject { kind id } skus customerIds message resolution } } } }';

interface Inventory {
  onHand: number;
  reserved: number;
  available: number;
  reorderPoint: number;
  belowReorderPoint: boolean;
  turnover: string | null;
  positions: { warehouseCode: string; onHand: number; reserved: number }[];
}
interface AlertNode {
  id: string;
  rule: string;
  status: string;
  severity: string;
  subject: { kind: string; id: string };
  skus: string[];
  customerIds: string[];
  message: string;
  resolution: string | null;
}

describe.each(adapterMatrix())('supply-risk inventory ($label)', (setup) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(setup);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function createProduct(sku: string): Promise<void> {
    await gql(h, 'mutation($input: CreateProductInput!) { createProduct(input: $input) { sku } }', { input: { sku, name: `Pump ${sku}`, productLine: 'Pumps', unitPrice: { amount: '100.00' } } });
  }
  async function inventory(sku: string): Promise<Inventory> {
    const data = await gql<{ product: { inventory: Inventory } }>(h, PRODUCT, { sku });
    return data.product.inventory;
  }
  const until = (sku: string, check: (i: Inventory) => boolean) =>
    eventually(async () => {
      const i = await inventory(sku);
      return check(i) ? i : undefined;
    }, 15_000);
  async function alerts(filter: Record<string, unknown>): Promise<AlertNode[]> {
    const data = await gql<{ alerts: { edges: { node: AlertNode }[] } }>(h, ALERTS, { filter });
    return data.alerts.edges.map((e) => e.node);
  }

  it('reserves stock from approved orders once, raises STOCKOUT_RISK below the reorder point, and a restock clears it', async () => {
    const sku = newSku();
    await createProduct(sku);
    const set = await gql<{ setInventory: Record<string, unknown> }>(h, SET, { input: { sku: sku.toLowerCase(), warehouseCode: 'sh-01', onHand: 20, reorderPoint: 8, safetyStock: 2 } });
    expect(set.setInventory).toEqual({ sku, warehouseCode: 'SH-01', onHand: 20, reserved: 0, available: 20, reorderPoint: 8, safetyStock: 2, belowReorderPoint: false });
    // The product is orders'; its inventory comes from supply-risk through the gateway.
    const first = await gql<{ product: { name: string; inventory: Inventory; supplyRisk: { level: string; openAlerts: unknown[] } } }>(h, PRODUCT, { sku });
    expect(first.product.name).toBe(`Pump ${sku}`);
    expect(first.product.inventory).toMatchObject({ onHand: 20, reserved: 0, available: 20, belowReorderPoint: false, positions: [{ warehouseCode: 'SH-01', onHand: 20, reserved: 0 }] });
    expect(first.product.supplyRisk).toEqual({ level: 'LOW', openAlerts: [] });

    const a = newOrder([{ sku, quantity: 5 }]);
    await placed(h, a);
    const approval = await approved(h, a);
    await until(sku, (i) => i.reserved === 5);
    // The same event redelivered, and a second approval event of the same order version.
    await approved(h, a, 2, approval.id);
    await approved(h, a, 2);
    // A later order proves the duplicates were processed (one consumer sees events in order).
    const b = newOrder([{ sku, quantity: 6 }]);
    await approved(h, b);
    const afterB = await until(sku, (i) => i.reserved >= 11);
    expect(afterB).toMatchObject({ onHand: 20, reserved: 11, available: 9, belowReorderPoint: false });
    expect(await alerts({ rule: 'STOCKOUT_RISK', sku })).toEqual([]);

    // Crossing the reorder point raises one alert naming the sku and the ordering customers.
    const c = newOrder([{ sku, quantity: 3 }]);
    await approved(h, c);
    await until(sku, (i) => i.available === 6);
    const raised = await eventually(async () => {
      const list = await alerts({ rule: 'STOCKOUT_RISK', status: 'OPEN', sku });
      return list.length ? list : undefined;
    });
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ severity: 'WARNING', subject: { kind: 'PRODUCT', id: sku }, skus: [sku] });
    expect(raised[0]!.customerIds).toEqual(expect.arrayContaining([a.customerId, b.customerId, c.customerId]));
    expect((await inventory(sku)).belowReorderPoint).toBe(true);

    // The order's delivery risk shows it (Order.deliveryRisk through _entities, as the gateway asks).
    const risk = await deliveryRisk(h, c.orderId);
    expect(risk!.level).toBe('MEDIUM');
    expect(risk!.reasons.join('\n')).toMatch(new RegExp(`STOCKOUT_RISK: ${sku}: available 6 is below the reorder point 8`));

    // Still below: no second alert for the same rule and product.
    const d = newOrder([{ sku, quantity: 1 }]);
    await approved(h, d);
    await until(sku, (i) => i.available === 5);
    expect(await alerts({ rule: 'STOCKOUT_RISK', sku })).toHaveLength(1);
    const product = await gql<{ product: { supplyRisk: { level: string; openAlerts: { rule: string }[] } } }>(h, PRODUCT, { sku });
    expect(product.product.supplyRisk).toMatchObject({ level: 'MEDIUM', openAlerts: [{ rule: 'STOCKOUT_RISK' }] });
    const raisedEvents = (await outbox(h, 'sales.risk.alert.raised.v1')).filter((e) => e.envelope.data.rule === 'STOCKOUT_RISK' && (e.envelope.data.skus as string[]).includes(sku));
    expect(raisedEvents).toHaveLength(1);

    // Restock: the condition clears and the alert resolves itself.
    const restock = await gql<{ adjustInventory: { onHand: number; available: number } }>(h, ADJUST, { input: { sku, warehouseCode: 'SH-01', delta: 30, reason: 'inbound PO-7731' } });
    expect(restock.adjustInventory).toEqual({ onHand: 50, available: 35 });
    const resolved = await alerts({ rule: 'STOCKOUT_RISK', sku });
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ status: 'RESOLVED', resolution: 'condition cleared' });
    expect(await deliveryRisk(h, c.orderId)).toEqual({ level: 'LOW', reasons: [] });
    const resolvedEvents = (await outbox(h, 'sales.risk.alert.resolved.v1')).filter((e) => e.envelope.data.alertId === resolved[0]!.id);
    expect(resolvedEvents).toHaveLength(1);
    expect(resolvedEvents[0]!.envelope.data).toMatchObject({ rule: 'STOCKOUT_RISK', skus: [sku], subject: { kind: 'PRODUCT', id: sku } });
  });

  it('releases on cancel, consumes on ship, and ignores stale or reordered order events', async () => {
    const sku = newSku();
    await createProduct(sku);
    await gql(h, SET, { input: { sku, warehouseCode: 'SH-01', onHand: 10, reorderPoint: 0 } });
    await gql(h, SET, { input: { sku, warehouseCode: 'BJ-02', onHand: 10, reorderPoint: 0 } });

    const a = newOrder([{ sku, quantity: 4 }]);
    await approved(h, a);
    await until(sku, (i) => i.reserved === 4);
    await cancelled(h, a);
    await until(sku, (i) => i.reserved === 0);
    // The approval arriving again after the cancel is stale (sequence 2 < 3): nothing is held.
    await approved(h, a, 2);

    // Cancel arrives before the approval it follows: the late approval reserves nothing.
    const e = newOrder([{ sku, quantity: 7 }]);
    await cancelled(h, e, 3);
    await approved(h, e, 2);

    // An order split over both warehouses, then shipped.
    const f = newOrder([{ sku, quantity: 15 }]);
    await approved(h, f);
    const held = await until(sku, (i) => i.reserved === 15);
    expect(held).toMatchObject({ onHand: 20, available: 5 });
    expect(held.positions.map((p) => p.reserved).sort((x, y) => x - y)).toEqual([5, 10]);
    await shipped(h, f, 3);
    const after = await until(sku, (i) => i.onHand === 5);
    expect(after).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    // 15 shipped in the last year over 5 on hand.
    expect(after.turnover).toBe('3.00');

    // A partial shipment keeps the rest reserved; the final one gives back what will not ship.
    const g = newOrder([{ sku, quantity: 4 }]);
    await approved(h, g);
    await until(sku, (i) => i.reserved === 4);
    await shipped(h, g, 3, false, [{ sku, quantity: 1 }]);
    expect(await until(sku, (i) => i.onHand === 4)).toMatchObject({ reserved: 3, available: 1 });
    await shipped(h, g, 4, true, [{ sku, quantity: 2 }]);
    expect(await until(sku, (i) => i.onHand === 2)).toMatchObject({ reserved: 0, available: 2 });
  });

  it('publishes a reservation failure with the shortfall when stock cannot cover an order', async () => {
    const received = await collect(h, InventoryReservationFailedV1);
    const sku = newSku();
    await createProduct(sku);
    await gql(h, SET, { input: { sku, warehouseCode: 'SH-01', onHand: 3, reorderPoint: 1 } });
    const o = newOrder([{ sku, quantity: 5 }]);
    await placed(h, o);
    await approved(h, o);
    const event = await eventually(async () => received.find((e) => (e.data as { orderId: string }).orderId === o.orderId));
    expect(event.type).toBe('sales.risk.inventory.reservation_failed.v1');
    expect(event.subject).toBe(o.orderId);
    expect(event.data).toMatchObject({ orderId: o.orderId, sku, requested: 5, available: 3, shortfall: 2 });
    const rows = (await outbox(h, 'sales.risk.inventory.reservation_failed.v1')).filter((r) => r.envelope.data.orderId === o.orderId);
    expect(rows).toHaveLength(1);
    // Nothing was reserved (all or nothing) and the order is at HIGH delivery risk.
    expect(await inventory(sku)).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    expect(await deliveryRisk(h, o.orderId)).toEqual({ level: 'HIGH', reasons: [`RESERVATION_FAILED: ${sku} short by 2`] });
    expect(await deliveryRisk(h, uuidv7())).toBeNull();
    // Stock written off: a placed order on the sku is exposed to the CRITICAL STOCKOUT_RISK; once rejected it is not.
    await gql(h, ADJUST, { input: { sku, warehouseCode: 'SH-01', delta: -3, reason: 'water damage' } });
    const p = newOrder([{ sku, quantity: 1 }]);
    await placed(h, p);
    const exposed = await eventually(async () => (await deliveryRisk(h, p.orderId)) ?? undefined);
    expect(exposed).toEqual({ level: 'HIGH', reasons: [expect.stringMatching(new RegExp(`^STOCKOUT_RISK: ${sku}: available 0 is below the reorder point 1`))] });
    await rejected(h, p);
    await eventually(async () => ((await deliveryRisk(h, p.orderId))?.level === 'LOW' ? true : undefined));
    expect(await deliveryRisk(h, p.orderId)).toEqual({ level: 'LOW', reasons: [] });
  });

  it('refuses bad stock input with the field named and writes nothing', async () => {
    const sku = newSku();
    await gql(h, SET, { input: { sku, warehouseCode: 'SH-01', onHand: 4, reorderPoint: 2 } });
    const cases: [string, Record<string, unknown>, string, string][] = [
      [SET, { sku, warehouseCode: 'SH-01', onHand: -1 }, 'BAD_USER_INPUT', 'onHand'],
      [SET, { sku: 'no good', warehouseCode: 'SH-01', onHand: 1 }, 'BAD_USER_INPUT', 'sku'],
      [ADJUST, { sku, warehouseCode: 'SH-01', delta: -5, reason: 'breakage' }, 'BAD_USER_INPUT', 'delta'],
      [ADJUST, { sku: newSku(), warehouseCode: 'SH-01', delta: 1, reason: 'found' }, 'NOT_FOUND', 'sku'],
      [ADJUST, { sku, warehouseCode: 'GZ-09', delta: 1, reason: 'found' }, 'NOT_FOUND', 'warehouseCode'],
    ];
    for (const [query, input, code, field] of cases) {
      const error = await gqlError(h, query, { input });
      expect(error.extensions, JSON.stringify(input)).toMatchObject({ code, field });
    }
    const data = await gql<{ warehouses: { code: string; positions: { sku: string; onHand: number }[] }[] }>(h, '{ warehouses { code positions { sku onHand } } }');
    expect(data.warehouses.map((w) => w.code)).not.toContain('GZ-09');
    expect(data.warehouses.find((w) => w.code === 'SH-01')!.positions.find((p) => p.sku === sku)).toEqual({ sku, onHand: 4 });
  });

  it('resolves supply-risk fields of many products in a fixed number of SQL queries', async () => {
    for (let i = 0; i < 6; i++) {
      const sku = newSku('BATCH');
      await createProduct(sku);
      await gql(h, SET, { input: { sku, warehouseCode: 'SH-01', onHand: 10 + i, reorderPoint: 3 } });
    }
    const statementsFor = async (first: number) => {
      const statements: string[] = [];
      const stop = onQuery(h.platform.subgraphs['supply-risk']!.orm, (sql) => statements.push(sql));
      try {
        const data = await gql<{ products: { edges: { node: { inventory: { onHand: number }; suppliers: unknown[]; supplyRisk: { level: string } } }[] } }>(
          h,
          'query($first: Int) { products(first: $first) { edges { node { sku inventory { onHand available turnover } suppliers { sharePercent } supplyRisk { level concentration openAlerts { rule } risks { id } } } } } }',
          { first },
        );
        expect(data.products.edges).toHaveLength(first);
      } finally {
        stop();
      }
      // The outbox relay and the consumers query on their own schedule: only the request's reads count.
      return statements.filter((s) => /^select/i.test(s.trim()) && !/event_(outbox|inbox)/.test(s));
    };
    // One query per kind of data (positions, shipments, supplies, alerts, risk subjects, risks), never one per product.
    const tables = (statements: string[]) => statements.map((sql) => /from [`"]?(\w+)[`"]?/i.exec(sql)?.[1]);
    const many = tables(await statementsFor(6));
    expect(new Set(many).size, many.join(', ')).toBe(many.length);
    expect(many.length).toBeLessThanOrEqual(6);
    expect(many).toEqual(expect.arrayContaining(['inventory_position', 'stock_movement', 'supplier_supply', 'alert']));
  });
});

// SalesKpis.inventoryTurnover (issue 9): stock counts through the gateway, order events from a test
// producer, time moved with a ManualClock; the expected turnover is worked out here from the stock
// levels the test itself set up (segment by segment), not by the service's code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@salesgraph/kernel';
import { adapterMatrix, eventually } from '@salesgraph/testing';
import { approved, direct, gql, newOrder, newSku, placed, shipped, startHarness, type Harness } from './harness';

const SUPERGRAPH_HAS_KPIS = /salesKpis\s*\(/.test(readFileSync(join(__dirname, '..', '..', '..', 'gateway', 'supergraph.graphql'), 'utf8'));

/** Σ level·days / Σ days over the segments, then shipped ÷ that average, rounded to two places. */
function expectedTurnover(shipped: number, segments: { level: number; days: number }[]): string {
  const days = segments.reduce((s, x) => s + x.days, 0);
  const levelDays = segments.reduce((s, x) => s + x.level * x.days, 0);
  return ((shipped * days) / levelDays).toFixed(2);
}

describe.each(adapterMatrix())('SalesKpis.inventoryTurnover ($label)', (setup) => {
  let h: Harness;
  const clock = new ManualClock(new Date('2031-02-20T00:00:00Z'));
  const valve = newSku('VALVE');
  const seal = newSku('SEAL');

  async function onHand(sku: string): Promise<number> {
    const data = await direct<{ _entities: { inventory: { onHand: number } }[] }>(h, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { inventory { onHand } } } }', {
      r: [{ __typename: 'Product', sku }],
    });
    return data._entities[0]!.inventory.onHand;
  }

  async function turnover(id: string): Promise<string | null> {
    const data = await direct<{ _entities: { inventoryTurnover: string | null }[] }>(h, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on SalesKpis { inventoryTurnover } } }', {
      r: [{ __typename: 'SalesKpis', id }],
    });
    return data._entities[0]!.inventoryTurnover;
  }

  const setInventory = (sku: string, onHandUnits: number) =>
    gql(h, 'mutation($input: SetInventoryInput!) { setInventory(input: $input) { sku } }', { input: { sku, warehouseCode: 'WH-KPI', onHand: onHandUnits } });

  beforeAll(async () => {
    h = await startHarness(setup, { clock });
    // 2031-02-20: opening stock, before the period.
    await setInventory(valve, 100);
    await setInventory(seal, 50);
    // 2031-03-11 (10 days into March): one order ships 30 valves and 10 seals.
    clock.set(new Date('2031-03-11T00:00:00Z'));
    const order = newOrder([
      { sku: valve, quantity: 30, productLine: 'Valves' },
      { sku: seal, quantity: 10, productLine: 'Seals & Gaskets' },
    ]);
    await placed(h, order);
    await approved(h, order);
    await shipped(h, order);
    await eventually(async () => ((await onHand(valve)) === 70 && (await onHand(seal)) === 40 ? true : undefined));
    // 2031-03-21 (day 20): valves restocked to 170.
    clock.set(new Date('2031-03-21T00:00:00Z'));
    await setInventory(valve, 170);
    clock.set(new Date('2031-04-05T00:00:00Z'));
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  // March 2031 has 31 days: valves 100 for 10 days, 70 for 10, 170 for 11; seals 50 for 10, 40 for 21.
  const valveSegments = [
    { level: 100, days: 10 },
    { level: 70, days: 10 },
    { level: 170, days: 11 },
  ];
  const COMPANY = [
    { level: 150, days: 10 },
    { level: 110, days: 10 },
    { level: 210, days: 11 },
  ];
  const sealSegments = [
    { level: 50, days: 10 },
    { level: 40, days: 21 },
  ];

  it('divides units shipped by the average units on hand, for the company and per product line', async () => {
    expect(await turnover('2031-03|COMPANY|')).toBe(expectedTurnover(40, COMPANY));
    expect(await turnover('2031-03|PRODUCT_LINE|Valves')).toBe(expectedTurnover(30, valveSegments));
    expect(await turnover('2031-03|PRODUCT_LINE|seals &  gaskets')).toBe(expectedTurnover(10, sealSegments));
    // The quarter: Jan and Feb 1–19 hold nothing; the average runs over all 90 days of Q1.
    expect(await turnover('2031-Q1|PRODUCT_LINE|Valves')).toBe(
      expectedTurnover(30, [{ level: 0, days: 50 }, { level: 100, days: 9 + 10 }, ...valveSegments.slice(1)]),
    );
  });

  it('measures a running period up to now and is null where it cannot be computed', async () => {
    // April 1–5: stock on hand, nothing shipped.
    expect(await turnover('2031-04|COMPANY|')).toBe('0.00');
    expect(await turnover('2031-05|COMPANY|')).toBeNull(); // not begun
    expect(await turnover('2031-01|COMPANY|')).toBeNull(); // nothing on hand
    expect(await turnover('2031-03|PRODUCT_LINE|Compressors')).toBeNull(); // unknown line
    expect(await turnover('2031-03|REGION|CN-EAST')).toBeNull(); // stock is not held per region
    expect(await turnover('2031-03|REP|01900000-0000-7000-8000-0000000000aa')).toBeNull();
  });

  it.runIf(SUPERGRAPH_HAS_KPIS)('is served through the gateway on the orders-owned overview', async () => {
    // orders checks a PRODUCT_LINE ref against its catalogue: give it a Valves product.
    await gql(h, 'mutation($input: CreateProductInput!) { createProduct(input: $input) { sku } }', { input: { sku: newSku('CAT'), name: 'Gate valve', productLine: 'Valves', unitPrice: { amount: '80.00' } } });
    const query = 'query($p: String!, $s: KpiScopeInput) { salesKpis(period: $p, scope: $s) { id inventoryTurnover } }';
    const company = await gql<{ salesKpis: { id: string; inventoryTurnover: string | null } }>(h, query, { p: '2031-03', s: null });
    expect(company.salesKpis).toEqual({ id: '2031-03|COMPANY|', inventoryTurnover: expectedTurnover(40, COMPANY) });
    const line = await gql<{ salesKpis: { inventoryTurnover: string | null } }>(h, query, { p: '2031-03', s: { kind: 'PRODUCT_LINE', ref: 'Valves' } });
    expect(line.salesKpis.inventoryTurnover).toBe(expectedTurnover(30, valveSegments));
  });
});

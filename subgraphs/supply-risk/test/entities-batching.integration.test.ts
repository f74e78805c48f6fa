// Entity resolution from the gateway is batched: `_entities` of 1 and of 100 Products cost the
// same number of SQL statements (one per kind of data), and each product's answer in a batch is
// the answer it gets alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onQuery } from '@salesgraph/db';
import { adapterMatrix } from '@salesgraph/testing';
import { direct, startHarness, type Harness } from './harness';

const PRODUCTS = 100;
const SUPPLIERS = 20;
const sku = (i: number) => `BATCH-${String(i).padStart(3, '0')}`;

const SUPPLY_RISK = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { supplyRisk { level supplierCount singleSource } } } }';
const EVERYTHING = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { sku
  supplyRisk { level supplierCount singleSource concentration openAlerts { id rule severity } risks { id level title contingencyPlans { id } } }
  suppliers { sharePercent leadTimeDays supplier { id name } }
  inventory { onHand reserved available turnover positions { warehouseCode onHand available belowReorderPoint updatedAt } }
} } }`;

type Entities = { _entities: Record<string, any>[] };

describe.each(adapterMatrix())('supply-risk entity batching ($label)', (setup) => {
  let h: Harness;
  const supplierIds: string[] = [];
  const riskIds: string[] = [];

  /** The answer and the SQL reads of one operation. */
  async function counted(query: string, skus: string[]): Promise<{ data: Entities; statements: string[] }> {
    const statements: string[] = [];
    const off = onQuery(h.platform.subgraphs['supply-risk']!.orm, (sql) => {
      // The outbox relay and the consumers query on their own schedule: only the request's reads count.
      if (/^\s*select/i.test(sql) && !/event_(outbox|inbox)/.test(sql)) statements.push(sql);
    });
    try {
      return { data: await direct<Entities>(h, query, { r: skus.map((s) => ({ __typename: 'Product', sku: s })) }), statements };
    } finally {
      off();
    }
  }

  beforeAll(async () => {
    h = await startHarness(setup);
    // Products 0-79 have two suppliers (60 % / 40 %), 80-99 one: single source.
    const supplies: { sku: string; sharePercent: string; leadTimeDays: number }[][] = Array.from({ length: SUPPLIERS }, () => []);
    for (let i = 0; i < PRODUCTS; i++) {
      if (i < 80) {
        supplies[i % SUPPLIERS]!.push({ sku: sku(i), sharePercent: '60', leadTimeDays: 10 });
        supplies[(i + 1) % SUPPLIERS]!.push({ sku: sku(i), sharePercent: '40', leadTimeDays: 20 });
      } else supplies[i % SUPPLIERS]!.push({ sku: sku(i), sharePercent: '100', leadTimeDays: 5 });
    }
    for (let s = 0; s < SUPPLIERS; s++) {
      const data = await direct<any>(h, 'mutation($i: RegisterSupplierInput!) { registerSupplier(input: $i) { id } }', { i: { name: `Batch supplier ${s}`, country: 'CN', supplies: supplies[s] } });
      supplierIds.push(data.registerSupplier.id);
    }
    for (let i = 0; i < PRODUCTS; i++) {
      await direct(h, 'mutation($i: SetInventoryInput!) { setInventory(input: $i) { sku } }', { i: { sku: sku(i), warehouseCode: i % 2 ? 'BT-02' : 'BT-01', onHand: 50 + i, reorderPoint: 10, safetyStock: 5 } });
    }
    // A HIGH risk on product 0 and a MEDIUM one on supplier 3 (who supplies products 2, 3, 22, 23, ...).
    const risks = [
      { title: 'Batch port strike', likelihood: 3, impact: 4, affects: { skus: [sku(0)] } },
      { title: 'Batch supplier audit', likelihood: 2, impact: 3, affects: { supplierIds: [supplierIds[3]!] } },
    ];
    for (const r of risks) {
      const data = await direct<any>(h, 'mutation($i: RegisterRiskInput!) { registerRisk(input: $i) { id } }', { i: { category: 'SUPPLY_CHAIN', ...r } });
      riskIds.push(data.registerRisk.id);
    }
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it('resolves Product.supplyRisk of 1 and of 100 products with the same SQL statements', async () => {
    const all = Array.from({ length: PRODUCTS }, (_, i) => sku(i));
    await direct(h, SUPPLY_RISK, { r: [{ __typename: 'Product', sku: sku(1) }] }); // warm: schema and plans
    const one = await counted(SUPPLY_RISK, [sku(0)]);
    const hundred = await counted(SUPPLY_RISK, all);
    expect(one.statements.length).toBeGreaterThan(0);
    expect(hundred.statements.length, hundred.statements.join('\n')).toBe(one.statements.length);
    expect(one.data._entities).toEqual([{ supplyRisk: { level: 'HIGH', supplierCount: 2, singleSource: false } }]);
    const answers = hundred.data._entities.map((e) => e.supplyRisk);
    expect(answers[0]).toEqual({ level: 'HIGH', supplierCount: 2, singleSource: false });
    // Supplier 3's risk (score 6, MEDIUM) reaches the products it supplies.
    expect(answers[2]).toEqual({ level: 'MEDIUM', supplierCount: 2, singleSource: false });
    expect(answers[3]).toEqual({ level: 'MEDIUM', supplierCount: 2, singleSource: false });
    // Two suppliers at 60/40 are highly concentrated (HHI 5200): MEDIUM; one supplier: single source.
    expect(answers[10]).toEqual({ level: 'MEDIUM', supplierCount: 2, singleSource: false });
    expect(answers[90]).toEqual({ level: 'MEDIUM', supplierCount: 1, singleSource: true });
  });

  it('answers every product of a batch as it answers the product alone, with the same statements for 1 and 100', async () => {
    const all = Array.from({ length: PRODUCTS }, (_, i) => sku(i));
    const hundred = await counted(EVERYTHING, all);
    const one = await counted(EVERYTHING, [sku(0)]);
    expect(hundred.statements.length, hundred.statements.join('\n')).toBe(one.statements.length);
    expect(hundred.data._entities[0]).toEqual(one.data._entities[0]);
    for (const i of [2, 3, 23, 57, 80, 99]) {
      const alone = await direct<Entities>(h, EVERYTHING, { r: [{ __typename: 'Product', sku: sku(i) }] });
      expect(hundred.data._entities[i], sku(i)).toEqual(alone._entities[0]);
    }
    const first = one.data._entities[0]!;
    expect(first.supplyRisk.risks.map((r: { id: string }) => r.id)).toEqual([riskIds[0]]);
    expect(first.suppliers.map((s: { supplier: { id: string } }) => s.supplier.id).sort()).toEqual([supplierIds[0], supplierIds[1]].sort());
    expect(first.inventory).toMatchObject({ onHand: 50, reserved: 0, available: 50, positions: [{ warehouseCode: 'BT-01', onHand: 50, available: 50, belowReorderPoint: false }] });
    expect(first.inventory.positions[0].updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    // Supplier 3's risk shows on product 3 (its 60 % supplier) and product 2 (its 40 % supplier).
    expect(hundred.data._entities[2]!.supplyRisk.risks.map((r: { id: string }) => r.id)).toEqual([riskIds[1]]);
    expect(hundred.data._entities[3]!.supplyRisk.risks.map((r: { id: string }) => r.id)).toEqual([riskIds[1]]);
  });

  it('lists each warehouse its positions in one query for all warehouses', async () => {
    const statements: string[] = [];
    const off = onQuery(h.platform.subgraphs['supply-risk']!.orm, (sql) => {
      if (/inventory_position/.test(sql)) statements.push(sql);
    });
    let data: { warehouses: { code: string; positions: { sku: string }[] }[] };
    try {
      data = await direct(h, '{ warehouses { code positions { sku } } }', {});
    } finally {
      off();
    }
    const ours = data.warehouses.filter((w) => w.code.startsWith('BT-'));
    expect(ours.map((w) => [w.code, w.positions.length])).toEqual([
      ['BT-01', 50],
      ['BT-02', 50],
    ]);
    expect(ours[0]!.positions.map((p) => p.sku)).toEqual(Array.from({ length: 50 }, (_, i) => sku(2 * i)));
    expect(statements).toHaveLength(1);
  });
});

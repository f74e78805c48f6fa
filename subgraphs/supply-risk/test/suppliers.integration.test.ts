// Suppliers through the gateway: supplies and shares, Product.suppliers / supplyRisk,
// SINGLE_SOURCE, scorecards and SUPPLIER_UNDERPERFORMING, DEMAND_SPIKE; bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, uuidv7 } from '@salesgraph/kernel';
import { runAlertSweep } from '../src/alerts.service';
import { DEFAULT_THRESHOLDS } from '../src/domain/alerts';
import { adapterMatrix, eventually } from '@salesgraph/testing';
import { approved, gql, gqlError, newOrder, newSku, startHarness, type Harness } from './harness';

const REGISTER = 'mutation($input: RegisterSupplierInput!) { registerSupplier(input: $input) { id name country categories supplies { sku sharePercent leadTimeDays } } }';
const UPDATE = 'mutation($id: ID!, $input: UpdateSupplierInput!) { updateSupplier(id: $id, input: $input) { id supplies { sku sharePercent } } }';
const DELIVERY = 'mutation($input: RecordSupplierDeliveryInput!) { recordSupplierDelivery(input: $input) { id onTime supplier { id } } }';
const PRODUCT = `query($sku: String!) { product(sku: $sku) { sku
  suppliers { supplier { id name } sharePercent leadTimeDays }
  supplyRisk { level singleSource supplierCount concentration openAlerts { rule severity } risks { id } } } }`;
const ALERTS = 'query($filter: AlertFilter) { alerts(filter: $filter, first: 100) { edges { node { id rule status severity subject { kind id } skus message } } } }';

interface AlertNode {
  id: string;
  rule: string;
  status: string;
  severity: string;
  subject: { kind: string; id: string };
  skus: string[];
  message: string;
}

const DAY = 86_400_000;

interface ProductView {
  suppliers: { supplier: { id: string; name: string }; sharePercent: string; leadTimeDays: number }[];
  supplyRisk: { level: string; singleSource: boolean; supplierCount: number; concentration: number | null; openAlerts: { rule: string }[]; risks: { id: string }[] };
}

describe.each(adapterMatrix())('supply-risk suppliers ($label)', (setup) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(setup);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function createProduct(sku: string): Promise<void> {
    await gql(h, 'mutation($input: CreateProductInput!) { createProduct(input: $input) { sku } }', { input: { sku, name: `Part ${sku}`, productLine: 'Valves', unitPrice: { amount: '10.00' } } });
  }
  const alertsFor = async (rule: string, subjectId: string) =>
    (await gql<{ alerts: { edges: { node: AlertNode }[] } }>(h, ALERTS, { filter: { rule } })).alerts.edges.map((e) => e.node).filter((a) => a.subject.id === subjectId);

  it('joins suppliers to orders products, raises SINGLE_SOURCE with recent sales and clears it with a second supplier', async () => {
    const sku = newSku('VALVE');
    await createProduct(sku);
    const first = (
      await gql<{ registerSupplier: { id: string; categories: string[]; supplies: unknown[] } }>(h, REGISTER, {
        input: { name: 'Wenzhou Valve Works', country: 'cn', categories: ['valves'], supplies: [{ sku: sku.toLowerCase(), sharePercent: '100', leadTimeDays: 21 }] },
      })
    ).registerSupplier;
    expect(first).toMatchObject({ categories: ['valves'], supplies: [{ sku, sharePercent: '100.00', leadTimeDays: 21 }] });
    // No recent sales yet: single source, but no alert.
    let product = (await gql<{ product: ProductView }>(h, PRODUCT, { sku })).product;
    expect(product.suppliers).toEqual([{ supplier: { id: first.id, name: 'Wenzhou Valve Works' }, sharePercent: '100.00', leadTimeDays: 21 }]);
    expect(product.supplyRisk).toEqual({ level: 'MEDIUM', singleSource: true, supplierCount: 1, concentration: 10000, openAlerts: [], risks: [] });
    expect(await alertsFor('SINGLE_SOURCE', sku)).toEqual([]);

    await approved(h, newOrder([{ sku, quantity: 2 }]));
    const raised = await eventually(async () => {
      const list = await alertsFor('SINGLE_SOURCE', sku);
      return list.length ? list : undefined;
    });
    expect(raised).toEqual([expect.objectContaining({ status: 'OPEN', severity: 'WARNING', skus: [sku] })]);
    await approved(h, newOrder([{ sku, quantity: 1 }]));
    // Shares may not exceed 100 % for the product: the second supplier is refused and nothing is written.
    const over = await gqlError(h, REGISTER, { input: { name: 'Too Much Ltd', country: 'DE', supplies: [{ sku, sharePercent: '40', leadTimeDays: 30 }] } });
    expect(over.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'supplies[0].sharePercent' });
    const count = async () => (await gql<{ suppliers: { totalCount: number } }>(h, 'query($sku: String) { suppliers(filter: { sku: $sku }) { totalCount } }', { sku })).suppliers.totalCount;
    expect(await count()).toBe(1);

    await gql(h, UPDATE, { id: first.id, input: { supplies: [{ sku, sharePercent: '60', leadTimeDays: 21 }] } });
    const second = (await gql<{ registerSupplier: { id: string } }>(h, REGISTER, { input: { name: 'Stuttgart Ventile', country: 'DE', supplies: [{ sku, sharePercent: '40', leadTimeDays: 35 }] } })).registerSupplier;
    expect(await count()).toBe(2);
    product = (await gql<{ product: ProductView }>(h, PRODUCT, { sku })).product;
    expect(product.supplyRisk).toMatchObject({ singleSource: false, supplierCount: 2, concentration: 5200, level: 'MEDIUM', openAlerts: [] });
    expect(product.suppliers.map((s) => [s.supplier.id, s.sharePercent]).sort()).toEqual(
      [[first.id, '60.00'], [second.id, '40.00']].sort(),
    );
    expect(await alertsFor('SINGLE_SOURCE', sku)).toEqual([expect.objectContaining({ status: 'RESOLVED' })]);

    // A risk registered against one supplier reaches the products it supplies.
    const fire = (
      await gql<{ registerRisk: { id: string } }>(h, 'mutation($input: RegisterRiskInput!) { registerRisk(input: $input) { id } }', {
        input: { category: 'SUPPLY_CHAIN', title: 'Fire at Stuttgart plant', likelihood: 3, impact: 4, affects: { supplierIds: [second.id] } },
      })
    ).registerRisk;
    product = (await gql<{ product: ProductView }>(h, PRODUCT, { sku })).product;
    expect(product.supplyRisk).toMatchObject({ level: 'HIGH', risks: [{ id: fire.id }] });
  });

  it('scores deliveries and raises SUPPLIER_UNDERPERFORMING, cleared when the score recovers', async () => {
    const sku = newSku('SEAL');
    const s = (await gql<{ registerSupplier: { id: string } }>(h, REGISTER, { input: { name: 'Late & Leaky Co', country: 'VN', supplies: [{ sku, sharePercent: '50', leadTimeDays: 10 }] } })).registerSupplier;
    const now = Date.now();
    const deliver = (promisedDaysAgo: number, deliveredDaysAgo: number, quantity: number, defectQuantity: number) =>
      gql<{ recordSupplierDelivery: { onTime: boolean } }>(h, DELIVERY, {
        input: { supplierId: s.id, sku, promisedAt: new Date(now - promisedDaysAgo * DAY).toISOString(), deliveredAt: new Date(now - deliveredDaysAgo * DAY).toISOString(), quantity, defectQuantity },
      });
    expect((await deliver(30, 25, 100, 10)).recordSupplierDelivery.onTime).toBe(false);
    await deliver(20, 15, 100, 10);
    expect(await alertsFor('SUPPLIER_UNDERPERFORMING', s.id)).toEqual([]); // two deliveries: too few to judge
    await deliver(10, 11, 100, 0);
    const card = await gql<{ supplier: { scorecard: Record<string, unknown> } }>(h, 'query($id: ID!) { supplier(id: $id) { scorecard { windowDays deliveries onTimeRate defectRate averageLeadTimeDays score grade } } }', { id: s.id });
    // on time 1/3 = 33.33 %; defects 20/300 = 6.67 %; lead (10+5, 10+5, 10−1) / 3 = 13; score 0.6 × 33.33 + 0.4 × (100 − 33.35) = 46.66 → 47
    expect(card.supplier.scorecard).toEqual({ windowDays: 90, deliveries: 3, onTimeRate: '33.33', defectRate: '6.67', averageLeadTimeDays: '13.00', score: 47, grade: 'D' });
    expect(await alertsFor('SUPPLIER_UNDERPERFORMING', s.id)).toEqual([expect.objectContaining({ status: 'OPEN', severity: 'WARNING', skus: [sku] })]);
    for (let i = 0; i < 6; i++) await deliver(5, 6, 100, 0);
    expect(await alertsFor('SUPPLIER_UNDERPERFORMING', s.id)).toEqual([expect.objectContaining({ status: 'RESOLVED' })]);
  });

  it('raises DEMAND_SPIKE when a week of approvals runs far above the norm', async () => {
    const sku = newSku('PUMP');
    // Baseline: 8 units over the four weeks before this one (norm 2 a week).
    for (const daysAgo of [10, 17, 24, 31]) await approved(h, newOrder([{ sku, quantity: 2 }], new Date(Date.now() - daysAgo * DAY)));
    await approved(h, newOrder([{ sku, quantity: 5 }]));
    await approved(h, newOrder([{ sku, quantity: 4 }]));
    expect(await alertsFor('DEMAND_SPIKE', sku)).toEqual([]); // 9 this week: under the minimum of 10
    await approved(h, newOrder([{ sku, quantity: 3 }]));
    const spike = await eventually(async () => {
      const list = await alertsFor('DEMAND_SPIKE', sku);
      return list.length ? list : undefined;
    });
    expect(spike).toEqual([expect.objectContaining({ status: 'OPEN', severity: 'WARNING', skus: [sku] })]);
    expect(spike[0]!.message).toMatch(/12 units approved in 7 days against 8 in the 28 days before/);
    // The periodic sweep leaves it while the spike lasts, and resolves it once the week has passed.
    const orm = h.platform.subgraphs['supply-risk']!.orm;
    const sweep = (at: number) => runAlertSweep(orm.em.fork(), { clock: new ManualClock(new Date(at)), source: '/salesgraph/supply-risk', thresholds: DEFAULT_THRESHOLDS });
    await sweep(Date.now());
    expect(await alertsFor('DEMAND_SPIKE', sku)).toEqual([expect.objectContaining({ status: 'OPEN' })]);
    const swept = await sweep(Date.now() + 8 * DAY);
    expect(swept.resolved).toBeGreaterThanOrEqual(1);
    expect(await alertsFor('DEMAND_SPIKE', sku)).toEqual([expect.objectContaining({ status: 'RESOLVED' })]);
  });

  it('refuses bad supplier input naming the field and writes nothing', async () => {
    const before = (await gql<{ suppliers: { totalCount: number } }>(h, '{ suppliers(first: 0) { totalCount } }')).suppliers.totalCount;
    const sku = newSku('BOLT');
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'X', country: 'Germany' }, 'country'],
      [{ name: 'X', country: 'DE', supplies: [{ sku, sharePercent: '120', leadTimeDays: 3 }] }, 'supplies[0].sharePercent'],
      [{ name: 'X', country: 'DE', supplies: [{ sku, sharePercent: '10', leadTimeDays: -3 }] }, 'supplies[0].leadTimeDays'],
    ];
    for (const [input, field] of cases) expect((await gqlError(h, REGISTER, { input })).extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const at = new Date().toISOString();
    expect((await gqlError(h, DELIVERY, { input: { supplierId: uuidv7(), sku, promisedAt: at, deliveredAt: at, quantity: 1, defectQuantity: 0 } })).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'supplierId' });
    const s = (await gql<{ registerSupplier: { id: string } }>(h, REGISTER, { input: { name: 'Bolt Brothers', country: 'TW' } })).registerSupplier;
    expect((await gqlError(h, DELIVERY, { input: { supplierId: s.id, sku, promisedAt: at, deliveredAt: at, quantity: 1, defectQuantity: 0 } })).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'sku' });
    expect((await gqlError(h, UPDATE, { id: uuidv7(), input: { name: 'Ghost' } })).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect((await gql<{ suppliers: { totalCount: number } }>(h, '{ suppliers(first: 0) { totalCount } }')).suppliers.totalCount).toBe(before + 1);
  });
});

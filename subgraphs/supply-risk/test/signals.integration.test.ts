// Signals from other domains through the gateway: churn risk → CUSTOMER risks, late deliveries →
// a LOGISTICS risk per region, QUALITY complaints → the supplier scorecard and SUPPLIER_UNDERPERFORMING.
// Events come from a test producer; redelivered and stale events change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplaintFiledV1, CustomerChurnRiskChangedV1, DeliveryLateV1 } from '@salesgraph/events';
import { uuidv7 } from '@salesgraph/kernel';
import { publishTestEvent } from '@salesgraph/platform';
import { adapterMatrix, eventually } from '@salesgraph/testing';
import { deliveryRisk, gql, newOrder, newSku, placed, startHarness, type Harness, type TestOrder } from './harness';

const RISKS = `query($filter: RiskFilter) { risks(filter: $filter, first: 50) { edges { node { id category title likelihood impact level status
  affects { customerIds regions } history { likelihood impact level assessedBy } } } } }`;

interface RiskNode {
  id: string;
  category: string;
  title: string;
  likelihood: number;
  impact: number;
  level: string;
  status: string;
  affects: { customerIds: string[]; regions: string[] };
  history: { likelihood: number; impact: number; level: string; assessedBy: string }[];
}

const REP = '01900000-0000-7000-8000-0000000000aa';

describe.each(adapterMatrix())('supply-risk signals ($label)', (setup) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(setup);
  });
  afterAll(async () => {
    await h?.close();
  });

  const risks = async (filter: Record<string, unknown>) => (await gql<{ risks: { edges: { node: RiskNode }[] } }>(h, RISKS, { filter })).risks.edges.map((e) => e.node);

  function churn(customerId: string, sequence: number, level: 'LOW' | 'MEDIUM' | 'HIGH', score: number, id?: string) {
    return publishTestEvent(h.platform, CustomerChurnRiskChangedV1, {
      aggregateId: customerId,
      sequence,
      id,
      data: { customerId, ownerRepId: REP, regionCode: 'CN-EAST', score, level, previousLevel: null, reasons: [{ signal: 'LATE_PAYMENTS', weight: 30, detail: '3 overdue invoices' }], at: new Date().toISOString() },
    });
  }

  it('registers one CUSTOMER risk when churn risk turns HIGH and lowers it when it falls', async () => {
    const customerId = uuidv7();
    const high = await churn(customerId, 1, 'HIGH', 85);
    const [risk] = await eventually(async () => {
      const found = await risks({ customerId });
      return found.length ? found : undefined;
    });
    expect(risk).toMatchObject({ category: 'CUSTOMER', likelihood: 5, impact: 3, level: 'HIGH', status: 'OPEN', affects: { customerIds: [customerId] } });
    expect(risk!.history).toHaveLength(1);

    await churn(customerId, 1, 'HIGH', 85, high.id); // redelivered
    await churn(customerId, 2, 'HIGH', 85); // the same report again: nothing to re-score
    await churn(customerId, 3, 'LOW', 15);
    const lowered = await eventually(async () => {
      const [r] = await risks({ customerId });
      return r?.level === 'LOW' ? r : undefined;
    });
    expect(lowered).toMatchObject({ id: risk!.id, likelihood: 1, impact: 3, status: 'OPEN' });
    expect(lowered.history.map((x) => x.likelihood)).toEqual([5, 1]);

    await churn(customerId, 2, 'HIGH', 99); // stale: older than the LOW report
    await churn(customerId, 4, 'MEDIUM', 50);
    const medium = await eventually(async () => {
      const [r] = await risks({ customerId });
      return r?.likelihood === 3 ? r : undefined;
    });
    expect(medium.history.map((x) => x.likelihood)).toEqual([5, 1, 3]);
    expect(await risks({ customerId })).toHaveLength(1);
  });

  it('leaves customers whose churn risk never was HIGH alone', async () => {
    const quiet = uuidv7();
    const loud = uuidv7();
    await churn(quiet, 1, 'MEDIUM', 55);
    await churn(loud, 1, 'HIGH', 70);
    await eventually(async () => ((await risks({ customerId: loud })).length ? true : undefined));
    expect(await risks({ customerId: quiet })).toEqual([]);
  });

  async function trackedOrder(regionCode: string): Promise<TestOrder> {
    const o = { ...newOrder([{ sku: newSku(), quantity: 1 }]), regionCode };
    await placed(h, o);
    await eventually(() => deliveryRisk(h, o.orderId).then((r) => r ?? undefined));
    return o;
  }

  function late(o: TestOrder, daysLate: number, sequence = 5, id?: string) {
    return publishTestEvent(h.platform, DeliveryLateV1, {
      aggregateId: o.orderId,
      sequence,
      id,
      data: { orderId: o.orderId, customerId: o.customerId, repId: REP, skus: o.lines.map((l) => l.sku), daysLate, penalty: { amount: '0.00', currency: 'CNY' }, at: new Date().toISOString() },
    });
  }

  it('registers a LOGISTICS risk for a region when late deliveries cluster, and re-scores it', async () => {
    const region = `LG-${Date.now().toString(36).toUpperCase()}`.slice(0, 20);
    const orders = [await trackedOrder(region), await trackedOrder(region), await trackedOrder(region), await trackedOrder(region)];
    const other = await trackedOrder('CN-WEST');
    await late(orders[0]!, 5);
    await late(orders[1]!, 6);
    await late(other, 30); // another region: not part of the cluster
    await eventually(async () => ((await risks({ region: 'CN-WEST' })).length === 0 ? true : undefined));
    const third = await late(orders[2]!, 10);
    // 3 late deliveries, average 7 days → likelihood 3, impact 3
    const [risk] = await eventually(async () => {
      const found = await risks({ region, category: 'LOGISTICS' });
      return found.length ? found : undefined;
    });
    expect(risk).toMatchObject({ category: 'LOGISTICS', likelihood: 3, impact: 3, level: 'MEDIUM', affects: { regions: [region] } });

    await late(orders[2]!, 10, 5, third.id); // redelivered
    await late(orders[3]!, 1); // 4 late, average 5.5 → likelihood 4, impact 3
    const rescored = await eventually(async () => {
      const [r] = await risks({ region, category: 'LOGISTICS' });
      return r?.likelihood === 4 ? r : undefined;
    });
    expect(rescored).toMatchObject({ id: risk!.id, impact: 3, level: 'HIGH' });
    expect(rescored.history.map((x) => [x.likelihood, x.impact])).toEqual([
      [3, 3],
      [4, 3],
    ]);
    expect(await risks({ region })).toHaveLength(1);
    expect(await risks({ region: 'CN-WEST' })).toEqual([]);
  });

  it('counts QUALITY complaints against the suppliers of the order and raises SUPPLIER_UNDERPERFORMING at three', async () => {
    const sku = newSku('GEAR');
    const unrelatedSku = newSku('BOLT');
    const register = (name: string, s: string) =>
      gql<{ registerSupplier: { id: string } }>(h, 'mutation($input: RegisterSupplierInput!) { registerSupplier(input: $input) { id } }', {
        input: { name, country: 'CN', supplies: [{ sku: s, sharePercent: '50.00', leadTimeDays: 10 }] },
      }).then((d) => d.registerSupplier.id);
    const supplierId = await register('Gearworks', sku);
    const bystanderId = await register('Boltco', unrelatedSku);
    const o = newOrder([{ sku, quantity: 2 }]);
    await placed(h, o);
    await eventually(() => deliveryRisk(h, o.orderId).then((r) => r ?? undefined));

    const complain = (category: 'QUALITY' | 'SERVICE', id?: string, complaintId = uuidv7()) =>
      publishTestEvent(h.platform, ComplaintFiledV1, {
        aggregateId: complaintId,
        sequence: 1,
        id,
        data: { complaintId, customerId: o.customerId, ownerRepId: REP, orderId: o.orderId, category, severity: 'HIGH', dueAt: new Date(Date.now() + 86_400_000).toISOString(), at: new Date().toISOString() },
      });
    const scorecard = async (id: string) =>
      (await gql<{ supplier: { scorecard: { qualityComplaints: number } } }>(h, 'query($id: ID!) { supplier(id: $id) { scorecard { qualityComplaints } } }', { id })).supplier.scorecard.qualityComplaints;
    const alertsOf = async (id: string) =>
      (
        await gql<{ alerts: { edges: { node: { subject: { id: string }; severity: string; message: string } }[] } }>(
          h,
          'query { alerts(filter: { rule: SUPPLIER_UNDERPERFORMING }, first: 100) { edges { node { subject { id } severity message } } } }',
        )
      ).alerts.edges.map((e) => e.node).filter((a) => a.subject.id === id);

    const first = await complain('QUALITY');
    await complain('QUALITY', first.id, first.data.complaintId); // redelivered
    await complain('SERVICE'); // not a supply signal
    await complain('QUALITY');
    await eventually(async () => ((await scorecard(supplierId)) === 2 ? true : undefined));
    expect(await alertsOf(supplierId)).toEqual([]);

    await complain('QUALITY');
    const [alert] = await eventually(async () => {
      const found = await alertsOf(supplierId);
      return found.length ? found : undefined;
    });
    expect(alert).toMatchObject({ severity: 'WARNING', message: 'Gearworks: 3 quality complaints in the scorecard window' });
    expect(await scorecard(supplierId)).toBe(3);
    expect(await scorecard(bystanderId)).toBe(0);
    expect(await alertsOf(bystanderId)).toEqual([]);
  });
});

// Orders and supply-risk events (from a test producer using the shared contracts) feed the
// customer's profile, lifecycle, segment and churn risk; the sweep applies time-based rules.
import './no-sweep-timer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onQuery } from '@salesgraph/db';
import { AlertRaisedV1, AlertResolvedV1, DeliveryLateV1, OrderApprovedV1, OrderCancelledV1, OrderDeliveredV1, PaymentReceivedV1 } from '@salesgraph/events';
import { uuidv7 } from '@salesgraph/kernel';
import { publishTestEvent } from '@salesgraph/platform';
import { adapterMatrix, eventually } from '@salesgraph/testing';
import { Customer } from '../src/infra/customer.entity';
import { cny, newCustomer, REP_A, startHarness, type Harness } from './harness';

const DAY = 86_400_000;

const PROFILE = `query($id: ID!) { customer(id: $id) {
  lifecycleStage segment
  lifecycleHistory { from to reason manual }
  profile { lifetimeValue { amount } orderCount averageOrderValue { amount } firstOrderAt lastOrderAt openReceivables { amount } lateDeliveryCount openSupplyAlertCount }
  churnRisk { score level reasons { signal weight detail } }
} }`;

interface Profile {
  lifecycleStage: string;
  segment: string;
  lifecycleHistory: { from: string | null; to: string; reason: string; manual: boolean }[];
  profile: { lifetimeValue: { amount: string }; orderCount: number; averageOrderValue: { amount: string }; firstOrderAt: string | null; lastOrderAt: string | null; openReceivables: { amount: string }; lateDeliveryCount: number; openSupplyAlertCount: number };
  churnRisk: { score: number; level: string; reasons: { signal: string; weight: number; detail: string }[] };
}

function approved(customerId: string, orderId: string, total: string, at: Date, sku = 'SKU-PUMP-1') {
  return {
    orderId,
    number: `SO-${orderId.slice(-6)}`,
    customerId,
    repId: REP_A,
    regionCode: 'CN-EAST',
    contractId: null,
    lines: [{ sku, productLine: 'PUMPS', quantity: 1, unitPrice: cny(total), unitCost: cny('1.00'), amount: cny(total) }],
    total: cny(total),
    requestedDeliveryDate: null,
    at: at.toISOString(),
    approvedBy: 'manager-1',
    totalCost: cny('1.00'),
    grossMargin: cny('0.00'),
  };
}

describe.each(adapterMatrix())('customers read model from orders events ($label)', (setup) => {
  let h: Harness;
  const profile = async (id: string) => (await h.ok<{ customer: Profile }>(PROFILE, { id })).customer;
  const until = (id: string, pred: (p: Profile) => boolean) =>
    eventually(async () => {
      const p = await profile(id);
      return pred(p) ? p : undefined;
    }, 15_000);

  beforeAll(async () => {
    h = await startHarness(setup);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('moves a customer LEAD → ACTIVE → AT_RISK from orders events, with reasons shown', async () => {
    const { id } = await newCustomer(h);
    expect((await profile(id)).lifecycleStage).toBe('LEAD');
    const now = h.clock.now();
    const o1 = uuidv7();
    const o2 = uuidv7();
    await publishTestEvent(h.platform, OrderApprovedV1, { aggregateId: o1, sequence: 2, data: approved(id, o1, '12000.00', now) });
    const active = await until(id, (p) => p.lifecycleStage === 'ACTIVE');
    expect(active.lifecycleHistory.map((x) => [x.from, x.to, x.reason, x.manual])).toEqual([
      [null, 'LEAD', 'created', false],
      ['LEAD', 'ACTIVE', 'first approved order', false],
    ]);
    expect(active.profile).toMatchObject({ orderCount: 1, lifetimeValue: { amount: '12000.00' }, openReceivables: { amount: '12000.00' }, lastOrderAt: now.toISOString() });
    expect(active.churnRisk).toEqual({ score: 0, level: 'LOW', reasons: [] });

    await publishTestEvent(h.platform, OrderApprovedV1, { aggregateId: o2, sequence: 2, data: approved(id, o2, '8000.00', now, 'SKU-VALVE-9') });
    await until(id, (p) => p.profile.orderCount === 2);
    // Two late deliveries (orders events) and two supply alerts on products it buys (risk events).
    await publishTestEvent(h.platform, OrderDeliveredV1, {
      aggregateId: o1,
      sequence: 5,
      data: { orderId: o1, customerId: id, repId: REP_A, regionCode: 'CN-EAST', deliveredAt: now.toISOString(), promisedBy: '2027-01-01', daysLate: 3 },
    });
    await publishTestEvent(h.platform, DeliveryLateV1, { aggregateId: o2, sequence: 4, data: { orderId: o2, customerId: id, repId: REP_A, skus: ['SKU-VALVE-9'], daysLate: 6, penalty: cny('0.00'), at: now.toISOString() } });
    const medium = await until(id, (p) => p.profile.lateDeliveryCount === 2);
    expect(medium.churnRisk).toMatchObject({ score: 30, level: 'MEDIUM', reasons: [{ signal: 'LATE_DELIVERIES', weight: 30 }] });
    expect(medium.lifecycleStage).toBe('ACTIVE');
    for (const sku of ['SKU-PUMP-1', 'SKU-VALVE-9']) {
      const alertId = uuidv7();
      await publishTestEvent(h.platform, AlertRaisedV1, {
        aggregateId: alertId,
        sequence: 1,
        data: { alertId, rule: 'STOCKOUT_RISK', severity: 'CRITICAL', subject: { kind: 'Product', id: sku }, skus: [sku], customerIds: [], message: `${sku} runs out`, at: now.toISOString() },
      });
    }
    const atRisk = await until(id, (p) => p.lifecycleStage === 'AT_RISK');
    expect(atRisk.churnRisk.level).toBe('HIGH');
    expect(atRisk.churnRisk.score).toBe(60);
    expect(atRisk.churnRisk.reasons).toEqual([
      { signal: 'LATE_DELIVERIES', weight: 30, detail: '2 late deliveries in the last 180 days' },
      { signal: 'SUPPLY_ALERTS', weight: 30, detail: '2 open supply alert(s) on products the customer buys' },
    ]);
    expect(atRisk.lifecycleHistory.at(-1)).toEqual({ from: 'ACTIVE', to: 'AT_RISK', reason: 'churn risk is HIGH', manual: false });
    // The changes went out as customer events, in sequence.
    await eventually(async () => (h.published.some((e) => e.subject === id && e.type.endsWith('customer.lifecycle_changed.v1') && (e.data as { to: string }).to === 'AT_RISK') ? true : undefined));
    const mine = h.published.filter((e) => e.subject === id);
    const churn = mine.filter((e) => e.type.endsWith('customer.churn_risk_changed.v1')).map((e) => e.data as { level: string; previousLevel: string | null; reasons: unknown[] });
    expect(churn.map((c) => [c.previousLevel, c.level])).toEqual([
      ['LOW', 'MEDIUM'],
      ['MEDIUM', 'HIGH'],
    ]);
    expect(churn.at(-1)!.reasons).toHaveLength(2);
    const seqs = mine.map((e) => e.sequence);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('keeps the profile right when events arrive twice or out of order', async () => {
    const { id } = await newCustomer(h);
    const now = h.clock.now();
    const o1 = uuidv7();
    const o2 = uuidv7();
    const ids = new Set<string>();
    const send: typeof publishTestEvent = async (...args) => {
      const env = await publishTestEvent(...args);
      ids.add(env.id);
      return env;
    };
    const first = await send(h.platform, OrderApprovedV1, { aggregateId: o1, sequence: 3, data: approved(id, o1, '1000.00', now) });
    // The same event again (redelivery) and a stale approval (lower sequence) change nothing.
    await send(h.platform, OrderApprovedV1, { aggregateId: o1, sequence: 3, id: first.id, data: approved(id, o1, '1000.00', now) });
    await send(h.platform, OrderApprovedV1, { aggregateId: o1, sequence: 2, data: approved(id, o1, '999.00', now) });
    // o2: cancelled (sequence 4) arrives before its approval (sequence 3).
    const cancelled = { orderId: o2, customerId: id, repId: REP_A, regionCode: 'CN-EAST', lines: approved(id, o2, '500.00', now).lines, total: cny('500.00'), grossMargin: cny('0.00'), wasApproved: true, approvedAt: now.toISOString(), reason: 'customer asked', at: now.toISOString() };
    await send(h.platform, OrderCancelledV1, { aggregateId: o2, sequence: 4, data: cancelled });
    await send(h.platform, OrderApprovedV1, { aggregateId: o2, sequence: 3, data: approved(id, o2, '500.00', now) });
    // Payments: the later one (smaller remainder) arrives first.
    const pay = (outstanding: string, fullyPaid: boolean) => ({ paymentId: uuidv7(), orderId: o1, customerId: id, repId: REP_A, regionCode: 'CN-EAST', amount: cny('100.00'), paidAt: now.toISOString(), dueDate: null, outstandingAfter: cny(outstanding), fullyPaid });
    await send(h.platform, PaymentReceivedV1, { aggregateId: o1, sequence: 6, data: pay('400.00', false) });
    await send(h.platform, PaymentReceivedV1, { aggregateId: o1, sequence: 5, data: pay('900.00', false) });
    const p = await until(id, (x) => x.profile.openReceivables.amount === '400.00');
    // Wait until every consumer has processed every event above, then check the settled state.
    const list = [...ids].map((x) => `'${x}'`).join(',');
    await eventually(async () => {
      const inbox = await h.platform.subgraphs.customers!.orm.em.fork().getConnection().execute(`select count(distinct event_id) as n from event_inbox where event_id in (${list})`);
      return Number((inbox[0] as { n: number | string }).n) === ids.size ? true : undefined;
    });
    const settled = await profile(id);
    expect(settled.profile).toMatchObject({ orderCount: 1, lifetimeValue: { amount: '1000.00' }, averageOrderValue: { amount: '1000.00' }, openReceivables: { amount: '400.00' } });
    expect(settled.lifecycleHistory.filter((x) => x.to === 'ACTIVE')).toHaveLength(1);
    expect(p.lifecycleStage).toBe('ACTIVE');
    await publishTestEvent(h.platform, PaymentReceivedV1, { aggregateId: o1, sequence: 7, data: pay('0.00', true) });
    await until(id, (x) => x.profile.openReceivables.amount === '0.00');
  });

  it('lets an alert resolution lower the risk, and ignores a stale raise after it', async () => {
    const { id } = await newCustomer(h);
    const now = h.clock.now();
    const o = uuidv7();
    await publishTestEvent(h.platform, OrderApprovedV1, { aggregateId: o, sequence: 2, data: approved(id, o, '100.00', now, 'SKU-RARE-7') });
    await until(id, (p) => p.profile.orderCount === 1);
    const alertId = uuidv7();
    const alert = { alertId, rule: 'SINGLE_SOURCE' as const, severity: 'WARNING' as const, subject: { kind: 'Product', id: 'SKU-RARE-7' }, skus: ['SKU-RARE-7'], customerIds: [], message: 'single source', at: now.toISOString() };
    await publishTestEvent(h.platform, AlertRaisedV1, { aggregateId: alertId, sequence: 1, data: alert });
    await until(id, (p) => p.profile.openSupplyAlertCount === 1 && p.churnRisk.reasons.some((r) => r.signal === 'SUPPLY_ALERTS'));
    await publishTestEvent(h.platform, AlertResolvedV1, { aggregateId: alertId, sequence: 3, data: { ...alert, resolution: 'second supplier qualified' } });
    await until(id, (p) => p.profile.openSupplyAlertCount === 0);
    await publishTestEvent(h.platform, AlertRaisedV1, { aggregateId: alertId, sequence: 2, data: alert });
    // A later, unrelated event proves the stale raise was processed (consumers apply in order per subject).
    const other = uuidv7();
    await publishTestEvent(h.platform, AlertRaisedV1, { aggregateId: other, sequence: 1, data: { ...alert, alertId: other, skus: ['SKU-NOBODY'], subject: { kind: 'Product', id: 'SKU-NOBODY' } } });
    await eventually(async () => {
      const rows = await h.platform.subgraphs.customers!.orm.em.fork().getConnection().execute(`select count(*) as n from supply_alert where alert_id = '${other}'`);
      return Number((rows[0] as { n: number | string }).n) === 1 ? true : undefined;
    });
    expect((await profile(id)).profile.openSupplyAlertCount).toBe(0);
  });

  it('the sweep moves an idle customer to AT_RISK and then CHURNED; a new order brings it back', async () => {
    const { id } = await newCustomer(h);
    const t0 = h.clock.now();
    const o = uuidv7();
    await publishTestEvent(h.platform, OrderApprovedV1, { aggregateId: o, sequence: 2, data: approved(id, o, '300.00', t0) });
    await until(id, (p) => p.lifecycleStage === 'ACTIVE');
    try {
      h.clock.set(new Date(t0.getTime() + 95 * DAY));
      const r1 = await h.sweep();
      expect(r1.lifecycleMoves).toBeGreaterThanOrEqual(1);
      const atRisk = await profile(id);
      expect(atRisk.lifecycleStage).toBe('AT_RISK');
      expect(atRisk.lifecycleHistory.at(-1)).toMatchObject({ from: 'ACTIVE', to: 'AT_RISK', reason: 'no order for 95 days (at risk after 90)', manual: false });
      expect(atRisk.churnRisk.reasons).toContainEqual({ signal: 'RECENCY', weight: 35, detail: 'no order for 95 days; usually orders every 30 days' });
      // Running it again changes nothing.
      const again = await profile(id);
      await h.sweep();
      expect((await profile(id)).lifecycleHistory).toHaveLength(again.lifecycleHistory.length);

      h.clock.set(new Date(t0.getTime() + 200 * DAY));
      await h.sweep();
      expect((await profile(id)).lifecycleStage).toBe('CHURNED');

      const o2 = uuidv7();
      await publishTestEvent(h.platform, OrderApprovedV1, { aggregateId: o2, sequence: 2, data: approved(id, o2, '300.00', h.clock.now()) });
      const back = await until(id, (p) => p.lifecycleStage === 'ACTIVE');
      expect(back.lifecycleHistory.at(-1)).toMatchObject({ from: 'CHURNED', to: 'ACTIVE', reason: 'ordered again' });
    } finally {
      h.clock.set(t0);
    }
  });

  it('computes the RFM segment from order value and honours a visible manual override', async () => {
    const { id } = await newCustomer(h);
    const now = h.clock.now();
    for (let i = 0; i < 4; i++) {
      const o = uuidv7();
      await publishTestEvent(h.platform, OrderApprovedV1, { aggregateId: o, sequence: 2, data: approved(id, o, '60000.00', now) });
    }
    // Ordered today (R5), 4 orders (F3), 240,000.00 (M4): 12 → B.
    const seg = await until(id, (p) => p.profile.orderCount === 4);
    expect(seg.segment).toBe('B');
    const detail = await h.ok<{ customer: { segmentDetail: Record<string, unknown> } }>('query($id: ID!) { customer(id: $id) { segmentDetail { computed override overridden recencyScore frequencyScore monetaryScore } } }', { id });
    expect(detail.customer.segmentDetail).toEqual({ computed: 'B', override: null, overridden: false, recencyScore: 5, frequencyScore: 3, monetaryScore: 4 });
    const over = await h.ok<{ setCustomerSegment: { segment: string; segmentDetail: Record<string, unknown> } }>(
      'mutation($id: ID!) { setCustomerSegment(customerId: $id, segment: A, reason: "strategic account") { segment segmentDetail { computed override overrideReason overridden } } }',
      { id },
    );
    expect(over.setCustomerSegment).toEqual({ segment: 'A', segmentDetail: { computed: 'B', override: 'A', overrideReason: 'strategic account', overridden: true } });
    const filtered = await h.ok<{ customers: { edges: { node: { id: string } }[] } }>('{ customers(filter: { segment: A }, first: 100) { edges { node { id } } } }');
    expect(filtered.customers.edges.map((e) => e.node.id)).toContain(id);
    const noReason = await h.gql('mutation($id: ID!) { setCustomerSegment(customerId: $id, segment: C) { segment } }', { id });
    expect(noReason.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const cleared = await h.ok<{ setCustomerSegment: { segment: string } }>('mutation($id: ID!) { setCustomerSegment(customerId: $id, segment: null) { segment } }', { id });
    expect(cleared.setCustomerSegment.segment).toBe('B');
    await eventually(async () => (h.published.some((e) => e.subject === id && e.type.endsWith('customer.updated.v1') && (e.data as { segment: string }).segment === 'A') ? true : undefined));
  });

  it('lists 10,000 customers page by page in one SQL query per page', async () => {
    const orm = h.platform.subgraphs.customers!.orm;
    const now = h.clock.now();
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      id: uuidv7(),
      code: `BLK-${String(i).padStart(6, '0')}`,
      name: `Bulk ${String(i).padStart(5, '0')}`,
      kind: 'COMPANY' as const,
      regionCode: 'CN-BULK',
      ownerRepId: REP_A,
      creditLimitMinor: null,
      tags: [],
      contacts: [],
      lifecycleChangedAt: now,
      churnScore: i % 101,
      createdAt: now,
      updatedAt: now,
      version: 1,
    })).sort((a, b) => (a.id < b.id ? -1 : 1));
    const em = orm.em.fork();
    for (let i = 0; i < rows.length; i += 1000) await em.insertMany(Customer, rows.slice(i, i + 1000));
    const Q = 'query($after: String, $orderBy: CustomerOrderBy) { customers(filter: { regionCode: "CN-BULK" }, first: 100, after: $after, orderBy: $orderBy) { edges { node { id code churnRisk { score } owner { id } } } pageInfo { hasNextPage endCursor } } }';
    for (const orderBy of ['CREATED_AT', 'CHURN_RISK_SCORE_DESC'] as const) {
      const seen: string[] = [];
      const scores: number[] = [];
      let after: string | null = null;
      let pages = 0;
      const selects: string[] = [];
      const stop = onQuery(orm, (s) => {
        if (/^\s*select/i.test(s) && !/event_outbox|event_inbox/.test(s)) selects.push(s);
      });
      try {
        for (;;) {
          const before = selects.length;
          const page: { customers: { edges: { node: { id: string; churnRisk: { score: number } } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } = await h.ok(Q, { after, orderBy });
          expect(selects.length - before, selects.slice(before).join('\n')).toBe(1);
          pages += 1;
          for (const e of page.customers.edges) {
            seen.push(e.node.id);
            scores.push(e.node.churnRisk.score);
          }
          if (!page.customers.pageInfo.hasNextPage) break;
          after = page.customers.pageInfo.endCursor;
        }
      } finally {
        stop();
      }
      expect(pages).toBe(100);
      expect(new Set(seen).size).toBe(10_000);
      if (orderBy === 'CREATED_AT') expect(seen).toEqual(rows.map((r) => r.id));
      else expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  }, 120_000);
});

// The customers' KPI fields of SalesKpis (issue 9), resolved as the gateway resolves them
// (`_entities` on the customers subgraph with the shared id "period|KIND|ref"), on seeded
// customers, opportunities, surveys and orders; expected values computed here from the fixture.
import './no-sweep-timer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@salesgraph/auth';
import { OrderApprovedV1 } from '@salesgraph/events';
import { uuidv7 } from '@salesgraph/kernel';
import { publishTestEvent } from '@salesgraph/platform';
import { adapterMatrix, eventually } from '@salesgraph/testing';
import { cny, direct, hireRep, repDirectorySize, startHarness, type Harness } from './harness';

const REP_K = uuidv7();
const REP_L = uuidv7();
const TEAM = uuidv7();
const SERVICE: Principal = { subject: 'gw', kind: 'service', roles: ['admin'], scopes: ['admin'] };
const PROB: Record<string, number> = { QUALIFICATION: 10, NEEDS_ANALYSIS: 20, PROPOSAL: 50, NEGOTIATION: 75 };
const Q1 = { from: Date.parse('2027-01-01T00:00:00Z'), to: Date.parse('2027-04-01T00:00:00Z') };
const inQ1 = (t: string) => Date.parse(t) >= Q1.from && Date.parse(t) < Q1.to;

interface Cust { key: string; owner: string; region: string; createdAt: string; id?: string }
interface Opp { customer: string; cents: number; stage: string; expected: string; closedAt?: string }
interface Survey { customer: string; csat: number; nps: number; at: string }
interface Order { customer: string; at: string }

const customers: Cust[] = [
  { key: 'X1', owner: REP_K, region: 'CN-EAST', createdAt: '2026-12-01T00:00:00.000Z' },
  { key: 'X2', owner: REP_K, region: 'CN-NORTH', createdAt: '2026-12-01T00:00:00.000Z' },
  { key: 'X3', owner: REP_L, region: 'CN-EAST-SH', createdAt: '2027-02-01T00:00:00.000Z' },
];
const opps: Opp[] = [
  { customer: 'X1', cents: 100_000, stage: 'PROPOSAL', expected: '2027-03-15' },
  { customer: 'X2', cents: 33_333, stage: 'QUALIFICATION', expected: '2027-02-10' },
  { customer: 'X1', cents: 50_000, stage: 'NEGOTIATION', expected: '2027-05-01' },
  { customer: 'X1', cents: 10_000, stage: 'WON', expected: '2027-01-31', closedAt: '2027-02-01T00:00:00.000Z' },
  { customer: 'X1', cents: 20_000, stage: 'WON', expected: '2027-01-31', closedAt: '2027-02-01T00:00:00.000Z' },
  { customer: 'X1', cents: 30_000, stage: 'LOST', expected: '2027-01-31', closedAt: '2027-02-01T00:00:00.000Z' },
  { customer: 'X2', cents: 40_000, stage: 'LOST', expected: '2027-01-31', closedAt: '2027-02-01T00:00:00.000Z' },
  { customer: 'X1', cents: 60_000, stage: 'WON', expected: '2027-06-30', closedAt: '2027-04-10T00:00:00.000Z' },
  { customer: 'X1', cents: 70_000, stage: 'LOST', expected: '2026-12-20', closedAt: '2026-12-01T00:00:00.000Z' },
];
const surveys: Survey[] = [
  { customer: 'X1', csat: 5, nps: 10, at: '2027-02-01T00:00:00.000Z' },
  { customer: 'X2', csat: 3, nps: 6, at: '2027-02-01T00:00:00.000Z' },
  { customer: 'X3', csat: 4, nps: 9, at: '2027-02-01T00:00:00.000Z' },
  { customer: 'X1', csat: 1, nps: 0, at: '2027-04-10T00:00:00.000Z' },
];
const orders: Order[] = [
  { customer: 'X1', at: '2026-06-01T00:00:00.000Z' },
  { customer: 'X1', at: '2027-02-01T00:00:00.000Z' },
  { customer: 'X2', at: '2026-09-01T00:00:00.000Z' },
  { customer: 'X3', at: '2027-02-15T00:00:00.000Z' },
];

/** The expected Q1 KPIs over the customers `pick` selects (opportunities of those customers). */
function expected(pick: (c: Cust) => boolean) {
  const keys = new Set(customers.filter(pick).map((c) => c.key));
  const pct = (n: number, d: number) => (d === 0 ? null : ((n * 100) / d).toFixed(2));
  const closed = opps.filter((o) => keys.has(o.customer) && o.closedAt && inQ1(o.closedAt));
  const open = opps.filter((o) => keys.has(o.customer) && !o.closedAt && o.expected >= '2027-01-01' && o.expected <= '2027-03-31');
  // Before the Q2 close, the Q2-won deal was still open; it expects to close in June, so it is outside anyway.
  const weighted = open.reduce((s, o) => s + Math.round((o.cents * PROB[o.stage]!) / 100), 0);
  const base = new Set(orders.filter((o) => keys.has(o.customer) && o.at >= '2026-01-01' && o.at < '2027-01-01').map((o) => o.customer));
  const buyers = new Set(orders.filter((o) => keys.has(o.customer) && inQ1(o.at)).map((o) => o.customer));
  const kept = [...base].filter((k) => buyers.has(k)).length;
  const sv = surveys.filter((s) => keys.has(s.customer) && inQ1(s.at));
  const promoters = sv.filter((s) => s.nps >= 9).length;
  const detractors = sv.filter((s) => s.nps <= 6).length;
  return {
    conversionRatePercent: pct(closed.filter((o) => o.stage === 'WON').length, closed.length),
    weightedPipeline: { amount: (weighted / 100).toFixed(2), currency: 'CNY' },
    retentionRatePercent: pct(kept, base.size),
    churnRatePercent: pct(base.size - kept, base.size),
    averageCsat: sv.length ? (sv.reduce((s, x) => s + x.csat, 0) / sv.length).toFixed(2) : null,
    nps: sv.length ? (((promoters - detractors) * 100) / sv.length).toFixed(2) : null,
    newCustomers: customers.filter((c) => keys.has(c.key) && inQ1(c.createdAt)).length,
  };
}

const FIELDS = 'conversionRatePercent weightedPipeline { amount currency } retentionRatePercent churnRatePercent averageCsat nps newCustomers';

describe.each(adapterMatrix())('SalesKpis customer KPIs ($label)', (setup) => {
  let h: Harness;
  const idOf = (key: string) => customers.find((c) => c.key === key)!.id!;
  const kpis = async (id: string, principal: Principal = SERVICE) => {
    const res = await direct<{ _entities: Record<string, unknown>[] }>(h, `query($r: [_Any!]!) { _entities(representations: $r) { ... on SalesKpis { ${FIELDS} } } }`, { r: [{ __typename: 'SalesKpis', id }] }, principal);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data!._entities[0];
  };

  beforeAll(async () => {
    h = await startHarness(setup);
    await hireRep(h, { repId: REP_K, regionCode: 'CN-EAST' });
    await hireRep(h, { repId: REP_L, regionCode: 'CN-EAST', teamId: TEAM });
    const created = new Map<Opp, string>();
    // Walk the timeline in order: creations, then closes and surveys at their times.
    const times = [...new Set([...customers.map((c) => c.createdAt), ...opps.flatMap((o) => (o.closedAt ? [o.closedAt] : [])), ...surveys.map((s) => s.at)])].sort();
    for (const t of times) {
      h.clock.set(new Date(t));
      for (const c of customers.filter((x) => x.createdAt === t)) {
        c.id = (await h.ok<{ createCustomer: { id: string } }>('mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', { i: { name: c.key, kind: 'COMPANY', regionCode: c.region, ownerRepId: c.owner } })).createCustomer.id;
        for (const o of opps.filter((x) => x.customer === c.key)) {
          const id = (await h.ok<{ createOpportunity: { id: string } }>('mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }', {
            i: { customerId: c.id, title: `${c.key} deal`, amount: cny((o.cents / 100).toFixed(2)), expectedCloseDate: o.expected },
          })).createOpportunity.id;
          created.set(o, id);
          if (o.stage !== 'QUALIFICATION' && !o.closedAt) await h.ok('mutation($id: ID!, $s: OpportunityStage!) { moveOpportunity(id: $id, stage: $s) { id } }', { id, s: o.stage });
        }
      }
      for (const o of opps.filter((x) => x.closedAt === t)) {
        await h.ok('mutation($id: ID!, $s: OpportunityStage!, $r: String) { moveOpportunity(id: $id, stage: $s, lostReason: $r) { id } }', { id: created.get(o), s: o.stage, r: o.stage === 'LOST' ? 'price' : null });
      }
      for (const s of surveys.filter((x) => x.at === t)) {
        await h.ok('mutation($i: RecordSatisfactionInput!) { recordSatisfaction(input: $i) { id } }', { i: { customerId: idOf(s.customer), csat: s.csat, nps: s.nps } });
      }
    }
    for (const o of orders) {
      const orderId = uuidv7();
      await publishTestEvent(h.platform, OrderApprovedV1, {
        aggregateId: orderId,
        sequence: 2,
        data: {
          orderId, number: `SO-${orderId.slice(-6)}`, customerId: idOf(o.customer), repId: REP_K, regionCode: 'CN-EAST', contractId: null,
          lines: [{ sku: 'SKU-1', productLine: 'PUMPS', quantity: 1, unitPrice: cny('10.00'), unitCost: cny('1.00'), amount: cny('10.00') }],
          total: cny('10.00'), requestedDeliveryDate: null, at: o.at, approvedBy: 'm', totalCost: cny('1.00'), grossMargin: cny('9.00'),
        },
      });
    }
    await eventually(async () => {
      const n = await h.platform.subgraphs.customers!.orm.em.fork().getConnection().execute("select count(*) as n from order_fact where status = 'APPROVED'");
      expect(Number((n as { n: number }[])[0]!.n), JSON.stringify(n)).toBe(orders.length);
      expect(await repDirectorySize(h)).toBe(2);
      return true;
    });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('computes every customer KPI for the company, a region subtree and a rep', async () => {
    const company = expected(() => true);
    expect(company).toMatchObject({ conversionRatePercent: '50.00', weightedPipeline: { amount: '533.33' }, newCustomers: 1 }); // sanity of the fixture
    expect(await kpis('2027-Q1|COMPANY|')).toEqual(company);
    expect(await kpis('2027-Q1|REGION|CN-EAST')).toEqual(expected((c) => c.region === 'CN-EAST' || c.region.startsWith('CN-EAST-')));
    expect(await kpis(`2027-Q1|REP|${REP_K}`)).toEqual(expected((c) => c.owner === REP_K));
    expect(await kpis(`2027-Q1|TEAM|${TEAM}`)).toEqual(expected((c) => c.owner === REP_L));
  });

  it('answers null for what it cannot compute (PRODUCT_LINE, no base) and refuses a malformed id', async () => {
    expect(await kpis('2027-Q1|PRODUCT_LINE|PUMPS')).toEqual({ conversionRatePercent: null, weightedPipeline: null, retentionRatePercent: null, churnRatePercent: null, averageCsat: null, nps: null, newCustomers: null });
    const empty = await kpis('2030-01|COMPANY|');
    expect(empty).toEqual({ conversionRatePercent: null, weightedPipeline: { amount: '0.00', currency: 'CNY' }, retentionRatePercent: null, churnRatePercent: null, averageCsat: null, nps: null, newCustomers: 0 });
    const bad = await direct(h, `query($r: [_Any!]!) { _entities(representations: $r) { ... on SalesKpis { newCustomers } } }`, { r: [{ __typename: 'SalesKpis', id: '2027-Q5|COMPANY|' }] }, SERVICE);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('cuts the KPIs to the caller\'s rows (a key limited to CN-NORTH)', async () => {
    const key: Principal = { subject: 'k', kind: 'api_key', roles: [], scopes: ['analytics:read'], regions: ['CN-NORTH'] };
    expect(await kpis('2027-Q1|COMPANY|', key)).toEqual(expected((c) => c.region.startsWith('CN-NORTH')));
  });
});

// Through the gateway (issue 9): a target's forecast attainment from 33 months of order.approved
// facts, and the people KPIs of the overview — pipelineCoverage with customers' weightedPipeline
// via @requires. people runs on a ManualClock at 2027-09-16 (September is half over).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPrincipal } from '@salesgraph/auth';
import { OrderApprovedV1 } from '@salesgraph/events';
import { divideHalfEven, formatDecimal, ManualClock, parseDecimal, uuidv7 } from '@salesgraph/kernel';
import { publishTestEvent } from '@salesgraph/platform';
import { adapterMatrix, eventually, graphql, TEST_SECRET } from '@salesgraph/testing';
import { admin, ok, startPeople, type Harness } from './harness';

const NOW = new Date('2027-09-16T00:00:00Z');
const SET = 'mutation($input: SetSalesTargetInput!) { setSalesTarget(input: $input) { id } }';
const FORECAST = `query($id: ID!) { salesTarget(id: $id) { amount forecastAttainment {
  actualToDate { amount currency } forecastRemaining { amount } projectedTotal { amount }
  lower80 { amount } upper80 { amount } lower95 { amount } upper95 { amount }
  probabilityOfMakingTarget method historyMonths horizon reason } } }`;
const KPIS = `query($period: String!, $scope: KpiScopeInput) { salesKpis(period: $period, scope: $scope) {
  id targetRevenue { amount currency } targetAttainmentPercent remainingTarget { amount } weightedPipeline { amount currency } pipelineCoverage } }`;

const minor = (amount: string) => parseDecimal(amount, 2);
const dec = (v: bigint) => formatDecimal(v, 2);
const m = (amount: string) => ({ amount, currency: 'CNY' });

/** Months 2025-01 … 2027-09 with a trend and a yearly season, in minor units per product line. */
const MONTHS = Array.from({ length: 33 }, (_, t) => `${2025 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`);
const pumps = (t: number) => BigInt(Math.round(5_000_000 + 60_000 * t + 1_500_000 * Math.sin((2 * Math.PI * t) / 12) + 200_000 * Math.sin(1.7 * t)));
const valves = (t: number) => BigInt(2_000_000 + 20_000 * t);
/** GAUGES only sells from 2027-06: too little history for a forecast. */
const gauges = (t: number) => (t >= 29 ? 300_000n : 0n);

function approved(repId: string, t: number) {
  const at = `${MONTHS[t]}-05T10:00:00.000Z`;
  const lines = [
    ['PUMPS', pumps(t)],
    ['VALVES', valves(t)],
    ['GAUGES', gauges(t)],
  ]
    .filter(([, v]) => (v as bigint) > 0n)
    .map(([pl, v]) => ({ sku: `${pl}-1`, productLine: pl as string, quantity: 1, unitPrice: m(dec(v as bigint)), unitCost: m('0.00'), amount: m(dec(v as bigint)) }));
  const total = lines.reduce((a, l) => a + minor(l.amount.amount), 0n);
  const orderId = uuidv7();
  return {
    orderId,
    number: `SO-${t}`,
    customerId: uuidv7(),
    repId,
    regionCode: 'CN-EAST',
    contractId: null,
    lines,
    total: m(dec(total)),
    requestedDeliveryDate: null,
    at,
    approvedBy: 'manager',
    totalCost: m('0.00'),
    grossMargin: m(dec(total)),
  };
}

const sumOf = (from: number, to: number, f: (t: number) => bigint) => {
  let s = 0n;
  for (let t = from; t <= to; t++) s += f(t);
  return s;
};
const all = (t: number) => pumps(t) + valves(t) + gauges(t);

interface Forecast {
  actualToDate: { amount: string; currency: string };
  forecastRemaining: { amount: string } | null;
  projectedTotal: { amount: string } | null;
  lower80: { amount: string } | null;
  upper80: { amount: string } | null;
  lower95: { amount: string } | null;
  upper95: { amount: string } | null;
  probabilityOfMakingTarget: string | null;
  method: string | null;
  historyMonths: number;
  horizon: number;
  reason: string | null;
}

describe.each(adapterMatrix())('forecast attainment and people KPIs ($label)', (setup) => {
  let h: Harness;
  let repId: string;
  let teamId: string;
  const targets: Record<string, string> = {};

  const setTarget = async (period: string, scope: Record<string, unknown>, amount: bigint, metric = 'REVENUE') =>
    (await ok<{ setSalesTarget: { id: string } }>(h.url, SET, { input: { period, scope, metric, amount: metric === 'NEW_CUSTOMERS' ? String(amount) : dec(amount) } })).setSalesTarget.id;
  const forecast = async (id: string) => (await ok<{ salesTarget: { forecastAttainment: Forecast | null } }>(h.url, FORECAST, { id })).salesTarget.forecastAttainment;

  beforeAll(async () => {
    h = await startPeople(setup, { with: ['orders', 'customers'], clock: new ManualClock(NOW) });
    await ok(h.url, 'mutation { createRegion(code: "CN", name: "China") { code } }');
    await ok(h.url, 'mutation { createRegion(code: "CN-EAST", name: "East China", parentCode: "CN") { code } }');
    teamId = (await ok<{ createTeam: { id: string } }>(h.url, 'mutation { createTeam(name: "Shanghai A", regionCode: "CN-EAST") { id } }')).createTeam.id;
    repId = (
      await ok<{ hireSalesRep: { id: string } }>(h.url, 'mutation($input: HireSalesRepInput!) { hireSalesRep(input: $input) { id } }', {
        input: { name: 'Alice Zhang', email: `alice.${Date.now()}@example.com`, regionCode: 'CN-EAST', teamId, hiredAt: '2024-12-01T00:00:00Z' },
      })
    ).hireSalesRep.id;
    for (let t = 0; t < MONTHS.length; t++) {
      const data = approved(repId, t);
      await publishTestEvent(h.platform, OrderApprovedV1, { aggregateId: data.orderId, sequence: 2, data });
    }
    // Every event credited: the rep's actual of each year matches the seeded facts.
    const yearly = (y: number) => (y === 2025 ? sumOf(0, 11, all) : y === 2026 ? sumOf(12, 23, all) : sumOf(24, 32, all));
    await eventually(async () => {
      for (const y of [2025, 2026, 2027]) {
        const res = await graphql<{ salesRep: { attainment: { metric: string; actual: string }[] } }>(h.url, 'query($id: ID!, $p: String!) { salesRep(id: $id) { attainment(period: $p) { metric actual } } }', { id: repId, p: String(y) }, admin);
        const actual = res.body.data?.salesRep.attainment.find((a) => a.metric === 'REVENUE')?.actual;
        if (actual !== dec(yearly(y))) return undefined;
      }
      return true;
    }, 30_000);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('forecasts the rest of the year: actual so far + forecast, an ordered interval and a probability', async () => {
    targets.company = await setTarget('2027', { kind: 'COMPANY' }, 150_000_000n);
    const f = (await forecast(targets.company))!;
    // Jan … Sep 2027, September's first half included.
    expect(f.actualToDate).toEqual({ amount: dec(sumOf(24, 32, all)), currency: 'CNY' });
    expect(f.historyMonths).toBe(32); // 2025-01 … 2027-08
    expect(f.horizon).toBe(4); // 2027-09 … 2027-12
    expect(f.method).toMatch(/^(MOVING_AVERAGE|EXPONENTIAL_SMOOTHING|LINEAR_REGRESSION|HOLT_WINTERS)/);
    expect(f.reason).toMatch(/lowest backtest RMSE/);
    const projected = minor(f.projectedTotal!.amount);
    expect(projected).toBe(minor(f.actualToDate.amount) + minor(f.forecastRemaining!.amount));
    // The remainder is 3.5 months of a series running at ≈ 7-10 million a month.
    expect(minor(f.forecastRemaining!.amount)).toBeGreaterThan(15_000_000n);
    expect(minor(f.forecastRemaining!.amount)).toBeLessThan(60_000_000n);
    const bounds = [f.lower95, f.lower80, f.projectedTotal, f.upper80, f.upper95].map((x) => minor(x!.amount));
    for (let i = 1; i < bounds.length; i++) expect(bounds[i]!).toBeGreaterThanOrEqual(bounds[i - 1]!);
    expect(bounds[4]! - bounds[0]!).toBeGreaterThan(0n);
    const p = Number(f.probabilityOfMakingTarget);
    expect(f.probabilityOfMakingTarget).toMatch(/^[01]\.\d{4}$/);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
  });

  it('gives a lower target a higher probability (same actuals: the region subtree and the rep)', async () => {
    const company = (await forecast(targets.company!))!;
    const projected = minor(company.projectedTotal!.amount);
    targets.region = await setTarget('2027', { kind: 'REGION', ref: 'CN' }, (projected * 97n) / 100n);
    targets.rep = await setTarget('2027', { kind: 'REP', ref: repId }, (projected * 103n) / 100n);
    const low = (await forecast(targets.region))!;
    const high = (await forecast(targets.rep))!;
    // Same facts, same forecast.
    expect(low.projectedTotal).toEqual(company.projectedTotal);
    expect(high.projectedTotal).toEqual(company.projectedTotal);
    const pLow = Number(low.probabilityOfMakingTarget);
    const pHigh = Number(high.probabilityOfMakingTarget);
    expect(pLow).toBeGreaterThan(0.5);
    expect(pHigh).toBeLessThan(0.5);
    expect(pLow).toBeGreaterThan(pHigh);
  });

  it('answers too little history with a null forecast and what is needed, without failing the query', async () => {
    const id = await setTarget('2027', { kind: 'PRODUCT_LINE', ref: 'GAUGES' }, 3_000_000n);
    const res = await graphql<{ salesTarget: { forecastAttainment: Forecast } }>(h.url, FORECAST, { id }, admin);
    expect(res.body.errors).toBeUndefined();
    const f = res.body.data!.salesTarget.forecastAttainment;
    expect(f.actualToDate.amount).toBe(dec(sumOf(24, 32, gauges)));
    expect(f.historyMonths).toBe(3); // 2027-06 … 2027-08
    expect([f.forecastRemaining, f.projectedTotal, f.lower80, f.upper95, f.probabilityOfMakingTarget, f.method]).toEqual([null, null, null, null, null, null]);
    expect(f.reason).toMatch(/too little history: .*at least 6 complete months.*there are 3/);
    // A count target has no money forecast.
    const nc = await setTarget('2027', { kind: 'REP', ref: repId }, 12n, 'NEW_CUSTOMERS');
    expect(await forecast(nc)).toBeNull();
  });

  it('adds target revenue, attainment and pipeline coverage (customers\' weighted pipeline) to salesKpis', async () => {
    // An open opportunity of the rep expected to close in the period.
    const customerId = await eventually(async () => {
      const res = await graphql<{ createCustomer: { id: string } }>(h.url, 'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', { input: { name: 'Acme Pumps', kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId: repId } }, admin);
      return res.body.data?.createCustomer.id;
    }, 20_000);
    await ok(h.url, 'mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) { id } }', { input: { customerId, title: 'Plant refit', amount: { amount: '40000000.00' }, expectedCloseDate: '2027-11-20' } });
    const k = (await ok<{ salesKpis: any }>(h.url, KPIS, { period: '2027', scope: null })).salesKpis;
    expect(k.id).toBe('2027|COMPANY|');
    const target = 150_000_000n;
    const actual = sumOf(24, 32, all);
    expect(k.targetRevenue).toEqual({ amount: dec(target), currency: 'CNY' });
    expect(k.targetAttainmentPercent).toBe(formatDecimal(divideHalfEven(actual * 10_000n, target), 2));
    expect(k.remainingTarget.amount).toBe(dec(target - actual));
    // weightedPipeline comes from customers (stage-weighted), pipelineCoverage from people via @requires.
    expect(k.weightedPipeline.currency).toBe('CNY');
    const w = minor(k.weightedPipeline.amount);
    expect(w).toBeGreaterThan(0n);
    expect(w).toBeLessThanOrEqual(40_000_000_00n);
    expect(k.pipelineCoverage).toBe(formatDecimal(divideHalfEven(w * 100n, target - actual), 2));
    // TEAM scope (orders passes team ids through): the team's own target.
    await setTarget('2027', { kind: 'TEAM', ref: teamId }, 100_000_000n);
    const team = (await ok<{ salesKpis: any }>(h.url, KPIS, { period: '2027', scope: { kind: 'TEAM', ref: teamId } })).salesKpis;
    expect(team.targetRevenue.amount).toBe('1000000.00');
    expect(team.targetAttainmentPercent).toBe(formatDecimal(divideHalfEven(actual * 10_000n, 100_000_000n), 2));
    // No target for the period: the people KPIs are null, never 0.
    const q1 = (await ok<{ salesKpis: any }>(h.url, KPIS, { period: '2027-Q1', scope: null })).salesKpis;
    expect([q1.targetRevenue, q1.targetAttainmentPercent, q1.remainingTarget, q1.pipelineCoverage]).toEqual([null, null, null, null]);
  });

  it('resolves every scope kind and computes coverage from the weighted pipeline it is given (signed _entities to people)', async () => {
    const people = h.platform.subgraphs.people!;
    const principal = { subject: 'gateway-test', kind: 'service' as const, roles: ['admin' as const], scopes: ['admin', 'analytics:read'] };
    const entities = async (representations: Record<string, unknown>[]) => {
      const res = await fetch(people.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-salesgraph-principal': await signPrincipal(principal, TEST_SECRET, 'people') },
        body: JSON.stringify({
          query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on SalesKpis { id targetRevenue { amount } targetAttainmentPercent remainingTarget { amount } pipelineCoverage } } }',
          variables: { r: representations },
        }),
      });
      const body = (await res.json()) as { data: { _entities: any[] }; errors?: unknown[] };
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data._entities;
    };
    const actual = sumOf(24, 32, all);
    const pipeline = { amount: '20000000.00', currency: 'CNY' };
    await setTarget('2027', { kind: 'PRODUCT_LINE', ref: 'PUMPS' }, 90_000_000n);
    const [region, rep, pl, company, none] = await entities([
      { __typename: 'SalesKpis', id: '2027|REGION|CN', weightedPipeline: pipeline },
      { __typename: 'SalesKpis', id: `2027|REP|${repId}`, weightedPipeline: pipeline },
      { __typename: 'SalesKpis', id: '2027|PRODUCT_LINE|PUMPS', weightedPipeline: pipeline },
      { __typename: 'SalesKpis', id: '2027|COMPANY|', weightedPipeline: null },
      { __typename: 'SalesKpis', id: '2027|REGION|CN-EAST', weightedPipeline: pipeline },
    ]);
    // REGION CN covers its sub-region CN-EAST, where every fact is.
    const regionTarget = minor(region.targetRevenue.amount);
    expect(region.targetAttainmentPercent).toBe(formatDecimal(divideHalfEven(actual * 10_000n, regionTarget), 2));
    expect(region.pipelineCoverage).toBe(formatDecimal(divideHalfEven(20_000_000_00n * 100n, regionTarget - actual), 2));
    const repTarget = minor(rep.targetRevenue.amount);
    expect(rep.remainingTarget.amount).toBe(dec(repTarget - actual));
    expect(rep.pipelineCoverage).toBe(formatDecimal(divideHalfEven(20_000_000_00n * 100n, repTarget - actual), 2));
    const pumpsActual = sumOf(24, 32, pumps);
    expect(pl.targetRevenue.amount).toBe('900000.00');
    expect(pl.targetAttainmentPercent).toBe(formatDecimal(divideHalfEven(pumpsActual * 10_000n, 90_000_000n), 2));
    expect(company.targetRevenue.amount).toBe('1500000.00');
    expect(company.pipelineCoverage).toBeNull(); // no pipeline given
    expect(none).toMatchObject({ targetRevenue: null, targetAttainmentPercent: null, remainingTarget: null, pipelineCoverage: null });
  });
});

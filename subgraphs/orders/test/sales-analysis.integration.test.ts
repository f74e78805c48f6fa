// Sales analysis through the gateway: facts written by approvals and cancellations, trends,
// forecasts with their backtest on four years of seasonal monthly sales with a trend, the KPI
// overview, and bad input. Runs on SQLite + in-process bus, and on PostgreSQL + NATS when
// DATABASE_URL / NATS_URL are set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerCreatedV1, RepHiredV1 } from '@salesgraph/events';
import { divideHalfEven, formatDecimal, ManualClock, uuidv7 } from '@salesgraph/kernel';
import { publishTestEvent, startTestPlatform, type RunningPlatform } from '@salesgraph/platform';
import { adapterMatrix, bearer, eventually, graphql, TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET, type AdapterSetup } from '@salesgraph/testing';
import { onQuery } from '@salesgraph/db';
import { forecastFacts, orderKpis, rebuildSalesFacts, salesForecast } from '../src/analytics.service';
import { CustomerAccount, RepTeam } from '../src/infra/order.entity';
import { SalesFact } from '../src/infra/sales-fact.entity';

const admin = bearer(TEST_ADMIN_KEY);
const REP_EAST = '01900000-0000-7000-8000-0000000000a1';
const REP_NORTH = '01900000-0000-7000-8000-0000000000a2';
// Prices and costs in minor units (CNY fen).
const PUMP = { sku: 'PUMP-1', line: 'PUMPS', price: 10_000n, cost: 6_000n };
const VALVE = { sku: 'VALVE-1', line: 'VALVES', price: 25_000n, cost: 20_000n };
const SEASON = [0.8, 0.7, 0.9, 1.0, 1.1, 1.2, 1.3, 1.25, 1.1, 1.0, 0.95, 1.5];

interface SeedFact {
  day: string;
  orderId: string;
  kind: 'APPROVED' | 'CANCELLED';
  customerId: string;
  repId: string;
  regionCode: string;
  product: typeof PUMP;
  quantity: number;
}

const revenueOf = (f: SeedFact) => f.product.price * BigInt(f.quantity);
const marginOf = (f: SeedFact) => (f.product.price - f.product.cost) * BigInt(f.quantity);
const pct = (cur: bigint, base: bigint) => (base === 0n ? null : formatDecimal(divideHalfEven((cur - base) * 10_000n, base < 0n ? -base : base), 2));
const sumBy = (facts: SeedFact[], keep: (f: SeedFact) => boolean, v: (f: SeedFact) => bigint) => facts.filter(keep).reduce((s, f) => s + v(f), 0n);

/** Four years (2022–2025) of monthly sales: seasonal (December peak, February trough) with an upward trend. */
function seedFacts(east: string, north: string): SeedFact[] {
  const out: SeedFact[] = [];
  for (let t = 0; t < 48; t++) {
    const y = 2022 + Math.floor(t / 12);
    const m = (t % 12) + 1;
    const mm = String(m).padStart(2, '0');
    const level = (40 + 1.5 * t) * SEASON[m - 1]!;
    out.push({ day: `${y}-${mm}-10`, orderId: uuidv7(), kind: 'APPROVED', customerId: east, repId: REP_EAST, regionCode: 'CN-EAST', product: PUMP, quantity: Math.round(level) });
    out.push({ day: `${y}-${mm}-20`, orderId: uuidv7(), kind: 'APPROVED', customerId: north, repId: REP_NORTH, regionCode: 'CN-NORTH', product: VALVE, quantity: Math.round(level / 4) });
  }
  // One approved order cancelled a month later: negative facts on the cancellation's own day.
  const cancelled = uuidv7();
  out.push({ day: '2025-03-05', orderId: cancelled, kind: 'APPROVED', customerId: east, repId: REP_EAST, regionCode: 'CN-EAST', product: PUMP, quantity: 7 });
  out.push({ day: '2025-04-02', orderId: cancelled, kind: 'CANCELLED', customerId: east, repId: REP_EAST, regionCode: 'CN-EAST', product: PUMP, quantity: -7 });
  return out;
}

interface Harness {
  platform: RunningPlatform;
  url: string;
  clock: ManualClock;
  close(): Promise<void>;
}

async function startHarness(setup: AdapterSetup): Promise<Harness> {
  const clock = new ManualClock(new Date('2026-01-15T09:00:00.000Z'));
  const started = await startTestPlatform({
    databaseUrl: setup.databaseUrl,
    natsUrl: setup.natsUrl,
    internalSecret: TEST_SECRET,
    jwtSecret: TEST_JWT_SECRET,
    adminKey: TEST_ADMIN_KEY,
    logLevel: 'silent',
    subgraphTimeoutMs: 10_000,
    only: ['orders'],
    overrides: { orders: { clock } },
  });
  const platform = started.platform;
  return {
    platform,
    url: platform.gatewayUrl,
    clock,
    async close() {
      await started.close();
    },
  };
}

const TREND = 'query($filter: SalesTrendFilter!, $metric: SalesMetric!) { salesTrend(filter: $filter, metric: $metric) { period value periodOverPeriodPercent yearOverYearPercent } }';
const FORECAST = `query($filter: SalesForecastFilter, $metric: SalesMetric!, $horizon: Int!, $granularity: SalesForecastGranularity!, $method: SalesForecastMethod!) {
  salesForecast(filter: $filter, metric: $metric, horizon: $horizon, granularity: $granularity, method: $method) {
    method methodLabel reason metric granularity historyPeriods historyFrom historyTo
    points { period value lower80 upper80 lower95 upper95 }
    backtest { mape smape rmse bias origins horizon } } }`;
const KPIS = `query($period: String!, $scope: KpiScopeInput) { salesKpis(period: $period, scope: $scope) {
  id period scopeKind scopeRef revenue { amount currency } revenueGrowthPercent grossMargin { amount } grossMarginPercent
  orderCount averageOrderValue { amount } collectionRate overdueReceivables { amount } } }`;

describe.each(adapterMatrix())('sales analysis ($label)', (setup) => {
  let h: Harness;
  let facts: SeedFact[];
  let east: string;
  let north: string;
  const gql = async <T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await graphql(h.url, query, variables, admin);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return res.body.data as T;
  };
  const gqlError = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await graphql(h.url, query, variables, admin);
    expect(res.body.errors?.length, JSON.stringify(res.body)).toBeGreaterThan(0);
    return res.body.errors![0] as { message: string; extensions: Record<string, any> };
  };

  async function customer(regionCode: string, rep: string, n: number): Promise<string> {
    const customerId = uuidv7();
    await publishTestEvent(h.platform, CustomerCreatedV1, {
      aggregateId: customerId,
      sequence: 1,
      data: { customerId, code: `CUS-S${n}`, name: `Customer ${n}`, kind: 'COMPANY', regionCode, ownerRepId: rep, creditLimit: null, createdAt: new Date().toISOString() },
    });
    await eventually(async () => ((await h.platform.subgraphs.orders!.orm.em.fork().count(CustomerAccount, { customerId })) ? true : undefined), 15_000);
    return customerId;
  }

  beforeAll(async () => {
    h = await startHarness(setup);
    east = await customer('CN-EAST', REP_EAST, 1);
    north = await customer('CN-NORTH', REP_NORTH, 2);
    for (const p of [PUMP, VALVE]) {
      await gql('mutation($input: CreateProductInput!) { createProduct(input: $input) { sku } }', {
        input: { sku: p.sku, name: p.sku, productLine: p.line, unitPrice: { amount: formatDecimal(p.price) }, unitCost: { amount: formatDecimal(p.cost) } },
      });
    }
    // The four years of history go straight into the read model (fast); the orders below go through approvals.
    facts = seedFacts(east, north);
    const em = h.platform.subgraphs.orders!.orm.em.fork();
    for (const f of facts) {
      em.create(SalesFact, {
        id: uuidv7(),
        orderId: f.orderId,
        day: f.day,
        kind: f.kind,
        customerId: f.customerId,
        repId: f.repId,
        regionCode: f.regionCode,
        productLine: f.product.line,
        sku: f.product.sku,
        quantity: f.quantity,
        revenueMinor: revenueOf(f),
        costMinor: f.product.cost * BigInt(f.quantity),
        marginMinor: marginOf(f),
      });
    }
    await em.flush();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('salesTrend sums the facts per quarter with period-over-period and year-over-year change', async () => {
    const data = await gql<{ salesTrend: { period: string; value: string; periodOverPeriodPercent: string | null; yearOverYearPercent: string | null }[] }>(TREND, {
      filter: { from: '2025-01-01', to: '2025-12-31', granularity: 'QUARTER', regionCode: 'CN-EAST' },
      metric: 'REVENUE',
    });
    const q = (y: number, i: number) => sumBy(facts, (f) => f.regionCode === 'CN-EAST' && f.day >= `${y}-${String(i * 3 + 1).padStart(2, '0')}-01` && f.day < (i === 3 ? `${y + 1}-01-01` : `${y}-${String(i * 3 + 4).padStart(2, '0')}-01`), revenueOf);
    expect(data.salesTrend).toEqual(
      [0, 1, 2, 3].map((i) => ({
        period: `2025-Q${i + 1}`,
        value: formatDecimal(q(2025, i)),
        periodOverPeriodPercent: pct(q(2025, i), i === 0 ? q(2024, 3) : q(2025, i - 1)),
        yearOverYearPercent: pct(q(2025, i), q(2024, i)),
      })),
    );
    // The cancellation (2025-04-02) lands in Q2, the approval (2025-03-05) stays in Q1.
    expect(q(2025, 0)).toBe(sumBy(facts, (f) => f.regionCode === 'CN-EAST' && f.day.startsWith('2025-0') && f.day < '2025-04-01' && f.kind === 'APPROVED', revenueOf));

    const months = await gql<{ salesTrend: { period: string; value: string }[] }>(TREND, { filter: { from: '2024-01-01', to: '2025-12-31', granularity: 'MONTH', sku: 'VALVE-1' }, metric: 'QUANTITY' });
    expect(months.salesTrend).toHaveLength(24);
    expect(months.salesTrend.map((p) => p.value)).toEqual(
      Array.from({ length: 24 }, (_, i) => String(facts.filter((f) => f.product === VALVE && f.day.startsWith(`${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`)).reduce((s, f) => s + f.quantity, 0))),
    );
    const orders = await gql<{ salesTrend: { period: string; value: string }[] }>(TREND, { filter: { from: '2025-03-01', to: '2025-04-30', granularity: 'MONTH' }, metric: 'ORDERS' });
    expect(orders.salesTrend).toEqual([
      { period: '2025-03', value: '3', periodOverPeriodPercent: '50.00', yearOverYearPercent: '50.00' },
      { period: '2025-04', value: '1', periodOverPeriodPercent: '-66.67', yearOverYearPercent: '-50.00' },
    ]);
  });

  it('salesForecast AUTO picks a seasonal method on four seasonal years with a trend, with its backtest and the candidates', async () => {
    const data = await gql<{ salesForecast: any }>(FORECAST, { filter: { to: '2025-12-31' }, metric: 'REVENUE', horizon: 12, granularity: 'MONTH', method: 'AUTO' });
    const f = data.salesForecast;
    expect(['HOLT_WINTERS', 'LINEAR_REGRESSION']).toContain(f.method);
    expect(f.methodLabel).toMatch(/HOLT_WINTERS|TREND_SEASONAL/);
    expect(f.historyPeriods).toBe(48);
    expect([f.historyFrom, f.historyTo]).toEqual(['2022-01', '2025-12']);
    for (const c of ['MOVING_AVERAGE(k=3)', 'EXPONENTIAL_SMOOTHING', 'LINEAR_REGRESSION(TREND)', 'LINEAR_REGRESSION(TREND_SEASONAL)', 'HOLT_WINTERS(ADDITIVE)', 'HOLT_WINTERS(MULTIPLICATIVE)']) expect(f.reason).toContain(c);
    expect(f.reason).not.toMatch(/\bHOLT\b(?!_)/); // HOLT is no public method: AUTO does not consider it
    expect(f.reason.startsWith(f.methodLabel)).toBe(true);
    expect(f.points.map((p: any) => p.period)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    for (const p of f.points) {
      const [v, l80, u80, l95, u95] = [p.value, p.lower80, p.upper80, p.lower95, p.upper95].map(Number);
      expect(l95).toBeLessThanOrEqual(l80);
      expect(l80).toBeLessThanOrEqual(v);
      expect(v).toBeLessThanOrEqual(u80);
      expect(u80).toBeLessThanOrEqual(u95);
    }
    // The seasonal shape carries over: the December forecast tops the February one.
    expect(Number(f.points[11].value)).toBeGreaterThan(Number(f.points[1].value) * 1.5);
    expect(f.backtest.origins).toBeGreaterThanOrEqual(3);
    expect(f.backtest.horizon).toBe(1);
    expect(Number(f.backtest.mape)).toBeGreaterThan(0);
    expect(Number(f.backtest.mape)).toBeLessThan(10); // a seasonal model on clean seasonal data
    console.log(`[sales-analysis ${setup.label}] AUTO chose ${f.methodLabel}; backtest MAPE ${f.backtest.mape}% over ${f.backtest.origins} origins; ${f.reason}`);

    const named = await gql<{ salesForecast: any }>(FORECAST, { filter: { to: '2025-12-31', regionCode: 'CN-NORTH' }, metric: 'QUANTITY', horizon: 3, granularity: 'MONTH', method: 'MOVING_AVERAGE' });
    expect(named.salesForecast.method).toBe('MOVING_AVERAGE');
    const last3 = facts.filter((x) => x.regionCode === 'CN-NORTH' && x.day >= '2025-10-01').reduce((s, x) => s + x.quantity, 0) / 3;
    expect(Number(named.salesForecast.points[0].value)).toBeCloseTo(last3, 2);
  });

  it('salesForecast sums the history in SQL: one grouped statement, orders net of cancellations, weeks from days', async () => {
    // ORDERS: February–April 2025 = 2, 3 (the order cancelled later was approved in March), 1 (April
    // less that cancellation); a 3-month moving average forecasts their mean.
    const ordersIn = (month: string) =>
      new Set(facts.filter((f) => f.kind === 'APPROVED' && f.day.startsWith(month)).map((f) => f.orderId)).size -
      new Set(facts.filter((f) => f.kind === 'CANCELLED' && f.day.startsWith(month)).map((f) => f.orderId)).size;
    expect(['2025-02', '2025-03', '2025-04'].map(ordersIn)).toEqual([2, 3, 1]);
    const orders = await gql<{ salesForecast: any }>(FORECAST, { filter: { to: '2025-04-30' }, metric: 'ORDERS', horizon: 1, granularity: 'MONTH', method: 'MOVING_AVERAGE' });
    expect(orders.salesForecast.historyTo).toBe('2025-04');
    expect(orders.salesForecast.points[0].value).toBe('2.00');

    // WEEK: the weeks of 1–7, 8–14 and 15–21 December 2025 hold the east approval (10th) and the north one (20th).
    const weekly = await gql<{ salesForecast: any }>(FORECAST, { filter: { to: '2025-12-21' }, metric: 'REVENUE', horizon: 1, granularity: 'WEEK', method: 'MOVING_AVERAGE' });
    const december = facts.filter((f) => f.day >= '2025-12-01' && f.day <= '2025-12-21').reduce((a, f) => a + revenueOf(f), 0n);
    expect(weekly.salesForecast.historyTo).toBe('2025-W51');
    expect(Number(weekly.salesForecast.points[0].value)).toBeCloseTo(Number(december) / 100 / 3, 2);

    // However many facts, the history is one aggregated statement (rows per month, not per order line).
    const orm = h.platform.subgraphs.orders!.orm;
    const statements: string[] = [];
    const off = onQuery(orm, (q) => {
      if (q.includes('sales_fact')) statements.push(q);
    });
    try {
      const r = await salesForecast(orm.em.fork(), h.clock, { filter: { to: '2025-12-31' }, metric: 'GROSS_MARGIN', horizon: 12, granularity: 'MONTH', method: 'AUTO' });
      expect(r.historyPeriods).toBe(48);
    } finally {
      off();
    }
    expect(statements).toHaveLength(1);
    expect(statements[0]!.toLowerCase()).toContain('group by');

    // The orders KPIs likewise: the period's and the previous period's facts summed per order, and
    // the billed orders summed with their ids as a subquery — three statements for any volume.
    statements.length = 0;
    const on = onQuery(orm, (q) => {
      if (q.includes('sales_fact')) statements.push(q.toLowerCase());
    });
    try {
      const k = await orderKpis(orm.em.fork(), h.clock, { period: '2025', kind: 'COMPANY', ref: null });
      expect(k?.orderCount).toBe(24);
    } finally {
      on();
    }
    expect(statements).toHaveLength(3);
    for (const q of statements) expect(q).toMatch(/group by|sum\(/);
  });

  it('approvals and cancellations write facts in their own transaction, and the read model rebuilds from the orders', async () => {
    const PLACE = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id total { amount } } }';
    const placed = await gql<{ placeOrder: { id: string; total: { amount: string } } }>(PLACE, { input: { customerId: east, repId: REP_EAST, lines: [{ sku: 'PUMP-1', quantity: 3 }, { sku: 'VALVE-1', quantity: 2 }] } });
    const pending = await gql<{ placeOrder: { id: string } }>(PLACE, { input: { customerId: north, repId: REP_NORTH, lines: [{ sku: 'VALVE-1', quantity: 10 }] } });
    const day = async (d: string, metric = 'REVENUE') =>
      (await gql<{ salesTrend: { value: string }[] }>(TREND, { filter: { from: d, to: d, granularity: 'DAY' }, metric })).salesTrend[0]!.value;
    expect(await day('2026-01-15')).toBe('0.00'); // placed is not sold
    await gql('mutation($id: ID!) { approveOrder(id: $id) { status } }', { id: placed.placeOrder.id });
    await gql('mutation($id: ID!) { approveOrder(id: $id) { status } }', { id: pending.placeOrder.id });
    expect(await day('2026-01-15')).toBe(formatDecimal(3n * PUMP.price + 2n * VALVE.price + 10n * VALVE.price));
    expect(await day('2026-01-15', 'GROSS_MARGIN')).toBe(formatDecimal(3n * (PUMP.price - PUMP.cost) + 12n * (VALVE.price - VALVE.cost)));

    h.clock.set(new Date('2026-01-20T10:00:00.000Z'));
    await gql('mutation($id: ID!) { cancelOrder(id: $id, reason: "customer withdrew") { status } }', { id: pending.placeOrder.id });
    expect(await day('2026-01-15')).toBe(formatDecimal(3n * PUMP.price + 12n * VALVE.price)); // the approval day stays as reported
    expect(await day('2026-01-20')).toBe(formatDecimal(-10n * VALVE.price));
    expect(await day('2026-01-20', 'ORDERS')).toBe('-1');

    // Rebuilding from the orders' own history reproduces exactly the facts the approvals wrote.
    const em = h.platform.subgraphs.orders!.orm.em.fork();
    const ordersOnly = async () =>
      (await em.fork().find(SalesFact, { day: { $gte: '2026-01-01' } }, { orderBy: { day: 'asc', sku: 'asc', quantity: 'asc' } })).map((f) => [f.orderId, f.day, f.kind, f.sku, f.quantity, String(f.revenueMinor), String(f.costMinor), String(f.marginMinor), f.regionCode, f.repId, f.customerId, f.productLine]);
    const before = await ordersOnly();
    expect(before).toHaveLength(4);
    const count = await rebuildSalesFacts(em.fork());
    expect(count).toBe(4); // the seeded history has no orders behind it: only real orders are rebuilt
    expect(await ordersOnly()).toEqual(before);
    // Put the seeded history back for the KPI tests.
    const fork = em.fork();
    for (const f of facts) {
      fork.create(SalesFact, { id: uuidv7(), orderId: f.orderId, day: f.day, kind: f.kind, customerId: f.customerId, repId: f.repId, regionCode: f.regionCode, productLine: f.product.line, sku: f.product.sku, quantity: f.quantity, revenueMinor: revenueOf(f), costMinor: f.product.cost * BigInt(f.quantity), marginMinor: marginOf(f) });
    }
    await fork.flush();
  });

  it('salesKpis computes every orders KPI from the facts and receivables', async () => {
    const y = (yr: string, keep: (f: SeedFact) => boolean = () => true) => facts.filter((f) => f.day.startsWith(yr) && keep(f));
    const revenue = (fs: SeedFact[]) => fs.reduce((s, f) => s + revenueOf(f), 0n);
    const margin = (fs: SeedFact[]) => fs.reduce((s, f) => s + marginOf(f), 0n);
    const orders = (fs: SeedFact[]) => new Set(fs.filter((f) => f.kind === 'APPROVED').map((f) => f.orderId)).size - new Set(fs.filter((f) => f.kind === 'CANCELLED').map((f) => f.orderId)).size;
    const cur = y('2025');
    const prev = y('2024');
    const company = (await gql<{ salesKpis: any }>(KPIS, { period: '2025' })).salesKpis;
    expect(company).toMatchObject({ id: '2025|COMPANY|', period: '2025', scopeKind: 'COMPANY', scopeRef: null });
    expect(company.revenue).toEqual({ amount: formatDecimal(revenue(cur)), currency: 'CNY' });
    expect(company.revenueGrowthPercent).toBe(pct(revenue(cur), revenue(prev)));
    expect(company.grossMargin.amount).toBe(formatDecimal(margin(cur)));
    expect(company.grossMarginPercent).toBe(formatDecimal(divideHalfEven(margin(cur) * 10_000n, revenue(cur))));
    expect(company.orderCount).toBe(orders(cur));
    expect(company.orderCount).toBe(24); // 24 months' approvals; the cancelled order nets out
    expect(company.averageOrderValue.amount).toBe(formatDecimal(divideHalfEven(revenue(cur), BigInt(orders(cur)))));
    // The seeded facts have no orders behind them: nothing was billed or is due.
    expect(company.collectionRate).toBeNull();
    expect(company.overdueReceivables.amount).toBe('0.00');

    const region = (await gql<{ salesKpis: any }>(KPIS, { period: '2025-Q2', scope: { kind: 'REGION', ref: 'CN-EAST' } })).salesKpis;
    const q2 = facts.filter((f) => f.regionCode === 'CN-EAST' && f.day >= '2025-04-01' && f.day <= '2025-06-30');
    const q1 = facts.filter((f) => f.regionCode === 'CN-EAST' && f.day >= '2025-01-01' && f.day <= '2025-03-31');
    expect(region.id).toBe('2025-Q2|REGION|CN-EAST');
    expect(region.revenue.amount).toBe(formatDecimal(revenue(q2)));
    expect(region.revenueGrowthPercent).toBe(pct(revenue(q2), revenue(q1)));
    expect(region.orderCount).toBe(orders(q2));
    expect(region.orderCount).toBe(2); // three monthly approvals less the April cancellation

    const line = (await gql<{ salesKpis: any }>(KPIS, { period: '2025-12', scope: { kind: 'PRODUCT_LINE', ref: 'VALVES' } })).salesKpis;
    const dec = facts.filter((f) => f.product === VALVE && f.day.startsWith('2025-12'));
    expect(line.revenue.amount).toBe(formatDecimal(revenue(dec)));
    expect(line.grossMarginPercent).toBe('20.00');
    expect([line.collectionRate, line.overdueReceivables]).toEqual([null, null]); // receivables are per order, not per line

    // 2026-01: the approval through the gateway (the cancelled one nets out), then paid in part,
    // delivered and left overdue: collection rate and overdue receivables come from the orders.
    const open = await gql<{ orders: { edges: { node: { id: string; status: string; total: { amount: string } } }[] } }>('{ orders(filter: { status: APPROVED }) { edges { node { id status total { amount } } } } }');
    const orderId = open.orders.edges[0]!.node.id;
    const total = 3n * PUMP.price + 2n * VALVE.price;
    await gql('mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { id } }', { input: { orderId, amount: { amount: formatDecimal(total / 4n) }, method: 'BANK_TRANSFER' } });
    await gql('mutation($id: ID!) { shipOrder(id: $id, input: { carrier: "SF" }) { status } }', { id: orderId });
    await gql('mutation($id: ID!) { deliverOrder(id: $id) { status dueDate } }', { id: orderId }); // due 30 days after 2026-01-20
    h.clock.set(new Date('2026-03-10T10:00:00.000Z'));
    const q = (await gql<{ salesKpis: any }>(KPIS, { period: '2026-Q1', scope: { kind: 'REP', ref: REP_EAST } })).salesKpis;
    expect(q.revenue.amount).toBe(formatDecimal(total));
    expect(q.orderCount).toBe(1);
    expect(q.collectionRate).toBe('25.00');
    expect(q.overdueReceivables.amount).toBe(formatDecimal(total - total / 4n));
    expect(q.revenueGrowthPercent).toBe(pct(total, revenue(facts.filter((f) => f.repId === REP_EAST && f.day >= '2025-10-01'))));
    const january = (await gql<{ salesKpis: any }>(KPIS, { period: '2026-01', scope: { kind: 'REP', ref: REP_EAST } })).salesKpis;
    expect(january.overdueReceivables.amount).toBe('0.00'); // due in February, not January

    // TEAM: the reps people announces in the team (the east rep only).
    const teamId = uuidv7();
    await publishTestEvent(h.platform, RepHiredV1, {
      aggregateId: REP_EAST,
      sequence: 1,
      data: { repId: REP_EAST, name: 'East Rep', teamId, regionCode: 'CN-EAST', managerId: null, level: 'SENIOR', active: true, at: new Date().toISOString() },
    });
    await eventually(async () => ((await h.platform.subgraphs.orders!.orm.em.fork().count(RepTeam, { teamId })) ? true : undefined), 15_000);
    const team = (await gql<{ salesKpis: any }>(KPIS, { period: '2026-Q1', scope: { kind: 'TEAM', ref: teamId } })).salesKpis;
    expect(team).toEqual({ ...q, id: `2026-Q1|TEAM|${teamId}`, scopeKind: 'TEAM', scopeRef: teamId });
    const unknownTeam = await gqlError(KPIS, { period: '2026-Q1', scope: { kind: 'TEAM', ref: uuidv7() } });
    expect([unknownTeam.extensions.code, unknownTeam.extensions.field]).toEqual(['BAD_USER_INPUT', 'scope.ref']);
  });

  it('bad input is BAD_USER_INPUT naming the field', async () => {
    const base = { filter: { to: '2025-12-31' }, metric: 'REVENUE', horizon: 12, granularity: 'MONTH', method: 'AUTO' };
    const horizon = await gqlError(FORECAST, { ...base, horizon: 25 });
    expect([horizon.extensions.code, horizon.extensions.field]).toEqual(['BAD_USER_INPUT', 'horizon']);
    const short = await gqlError(FORECAST, { ...base, filter: { from: '2025-01-01', to: '2025-12-31' }, method: 'HOLT_WINTERS' });
    expect([short.extensions.code, short.extensions.field]).toEqual(['BAD_USER_INPUT', 'filter.from']);
    expect(short.extensions.details).toMatchObject({ needed: expect.any(Number), got: 12 });
    expect(short.extensions.details.needed).toBeGreaterThan(12);
    expect(short.message).toMatch(/needs at least \d+ months of history, got 12/);
    const granularity = await gqlError(FORECAST, { ...base, granularity: 'QUARTER' });
    expect(granularity.extensions.code).toBe('BAD_USER_INPUT');
    const sku = await gqlError(TREND, { filter: { from: '2025-01-01', to: '2025-12-31', granularity: 'MONTH', sku: 'NOPE-1' }, metric: 'REVENUE' });
    expect([sku.extensions.code, sku.extensions.field]).toEqual(['BAD_USER_INPUT', 'filter.sku']);
    const region = await gqlError(KPIS, { period: '2025', scope: { kind: 'REGION', ref: 'MARS-1' } });
    expect([region.extensions.code, region.extensions.field]).toEqual(['BAD_USER_INPUT', 'scope.ref']);
    expect(region.message).toContain('MARS-1');
    const rep = await gqlError(KPIS, { period: '2025', scope: { kind: 'REP', ref: 'not-an-id' } });
    expect([rep.extensions.code, rep.extensions.field]).toEqual(['BAD_USER_INPUT', 'scope.ref']);
    const period = await gqlError(KPIS, { period: '2025-13' });
    expect([period.extensions.code, period.extensions.field]).toEqual(['BAD_USER_INPUT', 'period']);
    const dates = await gqlError(TREND, { filter: { from: '2025-12-31', to: '2025-01-01', granularity: 'MONTH' }, metric: 'REVENUE' });
    expect([dates.extensions.code, dates.extensions.field]).toEqual(['BAD_USER_INPUT', 'filter.to']);
  });

  it('performance note: a 24-month forecast over 10,000 daily facts (printed, not asserted)', () => {
    const daily: { date: string; value: number }[] = [];
    const start = Date.UTC(2022, 0, 1);
    for (let i = 0; i < 10_000; i++) {
      const d = new Date(start + Math.floor((i * 1461) / 10_000) * 86_400_000);
      daily.push({ date: d.toISOString().slice(0, 10), value: (100 + i / 50) * SEASON[d.getUTCMonth()]! });
    }
    const t0 = performance.now();
    const r = forecastFacts(daily, { granularity: 'MONTH', horizon: 24, method: 'AUTO', to: '2025-12-31' });
    const ms = performance.now() - t0;
    console.log(`[sales-analysis ${setup.label}] 24-month AUTO forecast over 10,000 daily facts: ${ms.toFixed(1)} ms (${r.methodLabel}, ${r.historyPeriods} months)`);
    expect(r.points).toHaveLength(24);
  });
});

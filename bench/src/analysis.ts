// Analysis scenarios (issue 9): A1 the forecast library alone — a 24-month AUTO forecast over
// 10,000 synthetic daily facts, timed in a fresh process (first call cold, then warm runs);
// A2 `salesForecast` (24 months, AUTO) and A3 the KPI overview `salesKpis` through the gateway
// of the bench's running platform, one request at a time, every answer checked.
//
// Run by run.ts (`--scenario A1,A2,A3`); `node bench/dist/analysis.js lib <facts> <warmRuns>` is
// the A1 child: it prints one JSON line with its timings.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { autoForecast, aggregateFacts, defaultCandidates, futureLabels, type AutoResult } from '@salesgraph/forecast';
// Types only at the top: the A1 child must not load the harness (autocannon and its dependencies)
// before its first, cold forecast; the parent loads it where it needs it.
import type { LoadResult, Target } from './harness';

type Harness = typeof import('./harness');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const harness = (): Harness => require('./harness') as Harness;

export interface AnalysisRow {
  scenario: string;
  metric: string;
  value: string;
  range?: string;
  ratio?: string;
  goal?: string;
  status: 'met' | 'NOT met' | 'info' | 'FAIL';
}

const GOAL_MS = 50;
const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const rng = (xs: number[], digits = 1) => (xs.length > 1 ? `${f(harness().minOf(xs), digits)}–${f(harness().maxOf(xs), digits)}` : '');
const median = (xs: number[]) => harness().median(xs);
const underGoal = (ms: number): AnalysisRow['status'] => (Number.isFinite(ms) ? (ms < GOAL_MS ? 'met' : 'NOT met') : 'FAIL');

// ---------------------------------------------------------------------------------------------
// synthetic history: the same facts for the library run (A1) and the platform's read model (A2/A3)

/** Seeded PRNG (mulberry32): the same facts on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** December peak, February trough. */
const SEASON = [0.8, 0.7, 0.9, 1.0, 1.1, 1.2, 1.3, 1.25, 1.1, 1.0, 0.95, 1.5];
const DAY_MS = 86_400_000;
const PRODUCTS = [
  { sku: 'ANALYSIS-PUMP', line: 'Analysis pumps', priceMinor: 12_000n, costMinor: 7_000n },
  { sku: 'ANALYSIS-VALVE', line: 'Analysis valves', priceMinor: 4_500n, costMinor: 3_100n },
  { sku: 'ANALYSIS-MOTOR', line: 'Analysis motors', priceMinor: 31_000n, costMinor: 22_000n },
];
const REGIONS = ['CN-EAST', 'CN-NORTH', 'CN-SOUTH', 'CN-WEST'];

export interface SyntheticFact {
  day: string;
  sku: string;
  productLine: string;
  regionCode: string;
  quantity: number;
  revenueMinor: bigint;
  costMinor: bigint;
}

/** The 48 complete months before the current one (UTC): first day and last day. */
export function historyWindow(now = new Date()): { from: string; to: string; fromMs: number; days: number } {
  const fromMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 48, 1);
  const endMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: iso(fromMs), to: iso(endMs), fromMs, days: Math.round((endMs - fromMs) / DAY_MS) + 1 };
}

/**
 * `count` order-line facts spread evenly over the 48 complete months before now: quantity =
 * seasonal factor × linear trend (+60 % over the window) × noise (±30 %), seeded.
 */
export function syntheticFacts(count: number, now = new Date()): SyntheticFact[] {
  const rnd = prng(20_261_128);
  const w = historyWindow(now);
  const out: SyntheticFact[] = [];
  for (let i = 0; i < count; i++) {
    const dayIndex = Math.floor((i * w.days) / count);
    const date = new Date(w.fromMs + dayIndex * DAY_MS);
    const level = 3 * SEASON[date.getUTCMonth()]! * (1 + (0.6 * dayIndex) / w.days) * (0.7 + 0.6 * rnd());
    const p = PRODUCTS[i % PRODUCTS.length]!;
    const quantity = Math.max(1, Math.round(level));
    out.push({
      day: date.toISOString().slice(0, 10),
      sku: p.sku,
      productLine: p.line,
      regionCode: REGIONS[i % REGIONS.length]!,
      quantity,
      revenueMinor: p.priceMinor * BigInt(quantity),
      costMinor: p.costMinor * BigInt(quantity),
    });
  }
  return out;
}

/**
 * What orders' `salesForecast` computes for REVENUE, MONTH, 24, AUTO (analytics.service.ts
 * forecastFacts): monthly sums, AUTO over the public methods (no HOLT), at most 24 backtest origins.
 */
export function forecastDailyFacts(facts: readonly { date: string; value: number }[], to: string): AutoResult {
  const series = aggregateFacts(facts, 'MONTH', { to });
  return autoForecast(series.values, {
    horizon: 24,
    seasonalPeriod: 12,
    futureLabels: futureLabels(series, 24),
    candidates: defaultCandidates().filter((c) => c.method !== 'HOLT'),
    maxBacktestOrigins: 24,
    errorLabel: 'AUTO',
  });
}

// ---------------------------------------------------------------------------------------------
// A1: the library alone, in a fresh process

interface LibTimings {
  facts: number;
  coldMs: number;
  coldCpuMs: number;
  warmMs: number[];
  warmCpuMs: number[];
  label: string;
  months: number;
  origins: number;
  mape: number | null;
}

function libChild(factCount: number, warmRuns: number): LibTimings {
  const w = historyWindow();
  const facts = syntheticFacts(factCount).map((x) => ({ date: x.day, value: Number(x.revenueMinor) / 100 }));
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const timed = () => {
    const t0 = performance.now();
    const c0 = cpu();
    const r = forecastDailyFacts(facts, w.to);
    return { r, ms: performance.now() - t0, cpuMs: cpu() - c0 };
  };
  const cold = timed();
  const warmMs: number[] = [];
  const warmCpuMs: number[] = [];
  for (let i = 0; i < warmRuns; i++) {
    const t = timed();
    warmMs.push(t.ms);
    warmCpuMs.push(t.cpuMs);
  }
  const r = cold.r;
  if (r.forecast.points.length !== 24 || r.forecast.points.some((p) => !Number.isFinite(p.value))) throw new Error(`A1: the forecast has ${r.forecast.points.length} points or a non-finite value`);
  return { facts: factCount, coldMs: cold.ms, coldCpuMs: cold.cpuMs, warmMs, warmCpuMs, label: r.label, months: r.forecast.fitted.length, origins: r.backtest.origins, mape: r.backtest.metrics.mape };
}

/** A1 in a child process, so the first call is really the first (nothing compiled yet). */
export async function analysisLib(options: { smoke: boolean }): Promise<{ rows: AnalysisRow[]; notes: string[] }> {
  const facts = 10_000;
  const warmRuns = options.smoke ? 5 : 30;
  const { spawnProc, baseEnv } = harness();
  const child = spawnProc('a1-forecast', [join(__dirname, 'analysis.js'), 'lib', String(facts), String(warmRuns)], { ...baseEnv(), NODE_ENV: 'production' });
  let result: LibTimings | undefined;
  child.onLine((l) => {
    if (l.startsWith('{"facts"')) result = JSON.parse(l) as LibTimings;
  });
  const code = await child.exited;
  if (code !== 0 || !result) throw new Error(`A1 child failed (exit ${code}):\n${child.output.slice(-20).join('\n')}`);
  const r = result;
  const what = `24-month AUTO forecast, ${r.facts.toLocaleString('en-US')} daily facts`;
  const rows: AnalysisRow[] = [
    { scenario: 'A1', metric: `${what}: warm ms`, value: f(median(r.warmMs), 2), range: rng(r.warmMs, 2), ratio: `${r.warmMs.length} runs; CPU-ms ${f(median(r.warmCpuMs), 2)}`, goal: `< ${GOAL_MS} ms`, status: underGoal(median(r.warmMs)) },
    { scenario: 'A1', metric: `${what}: first call ms`, value: f(r.coldMs, 1), ratio: `CPU-ms ${f(r.coldCpuMs, 1)} (fresh process: includes compiling)`, goal: `< ${GOAL_MS} ms`, status: underGoal(r.coldMs) },
    { scenario: 'A1', metric: 'chosen method / history / backtest', value: r.label, ratio: `${r.months} months, ${r.origins} origins, MAPE ${r.mape === null ? 'n/a' : f(r.mape, 2)} %`, status: 'info' },
  ];
  return { rows, notes: [] };
}

// ---------------------------------------------------------------------------------------------
// A2 / A3: through the gateway

export interface GatewayContext {
  gatewayUrl: string;
  headers: Record<string, string>;
  /** Gateway and subgraph processes, for CPU-ms/request per process. */
  pids: { name: string; pid: number }[];
  /** Connection string of the orders subgraph's PostgreSQL database. */
  ordersDatabaseUrl: string;
  smoke: boolean;
  /** run.ts's interleaved rounds (reference answer, warm-up, every response compared with it). */
  rounds(scenario: string, targets: Target[]): Promise<Map<string, LoadResult[]>>;
}

const FORECAST_QUERY = `query A2 { salesForecast(metric: REVENUE, horizon: 24, granularity: MONTH, method: AUTO) {
  method methodLabel reason historyPeriods historyFrom historyTo
  points { period value lower80 upper80 lower95 upper95 }
  backtest { mape smape rmse bias origins horizon } } }`;

const KPI_QUERY = `query A3($period: String!) { salesKpis(period: $period) {
  id period scopeKind scopeRef
  revenue { amount currency } revenueGrowthPercent grossMargin { amount currency } grossMarginPercent
  orderCount averageOrderValue { amount currency } collectionRate overdueReceivables { amount currency }
  conversionRatePercent weightedPipeline { amount currency } retentionRatePercent churnRatePercent averageCsat nps newCustomers
  targetRevenue { amount currency } targetAttainmentPercent remainingTarget { amount currency } pipelineCoverage
  inventoryTurnover } }`;

let seeded: Promise<{ facts: number; from: string; to: string }> | undefined;

/**
 * The history A2/A3 read. Orders write sales facts when they are approved, on the day of the
 * approval: the API has no back-dating, so orders seeded through the gateway cannot make the
 * four years of history a 24-month forecast needs. The facts go straight into the orders read
 * model instead (rows exactly as approvals write them; their order ids have no orders behind
 * them, so receivables are empty). Once per run.
 */
function seedHistory(ctx: GatewayContext): Promise<{ facts: number; from: string; to: string }> {
  seeded ??= (async () => {
    const count = ctx.smoke ? 1_000 : 10_000;
    const facts = syntheticFacts(count);
    const { Client } = await import('pg');
    const client = new Client({ connectionString: ctx.ordersDatabaseUrl });
    await client.connect();
    try {
      const columns = ['id', 'order_id', 'day', 'kind', 'customer_id', 'rep_id', 'region_code', 'product_line', 'sku', 'quantity', 'revenue_minor', 'cost_minor', 'margin_minor'];
      const customers = Array.from({ length: 50 }, () => randomUUID());
      const reps = Array.from({ length: 8 }, () => randomUUID());
      for (let i = 0; i < facts.length; i += 1_000) {
        const batch = facts.slice(i, i + 1_000);
        const params: unknown[] = [];
        const tuples = batch.map((x, k) => {
          const n = i + k;
          params.push(randomUUID(), randomUUID(), x.day, 'APPROVED', customers[n % customers.length], reps[n % reps.length], x.regionCode, x.productLine, x.sku, x.quantity, String(x.revenueMinor), String(x.costMinor), String(x.revenueMinor - x.costMinor));
          return `(${columns.map((_, c) => `$${k * columns.length + c + 1}`).join(', ')})`;
        });
        await client.query(`insert into sales_fact (${columns.join(', ')}) values ${tuples.join(', ')}`, params);
      }
    } finally {
      await client.end();
    }
    const w = historyWindow();
    return { facts: count, from: w.from, to: w.to };
  })();
  return seeded;
}

function latencyRows(scenario: string, label: string, res: LoadResult[], goal?: boolean): AnalysisRow[] {
  const p50 = median(res.map((r) => r.p50));
  const p95 = median(res.map((r) => r.p95));
  const names = Object.keys(res[0]?.cpuMsPerReq ?? {});
  const perProcess = names
    .map((n) => ({ n, v: median(res.map((r) => r.cpuMsPerReq[n]!)) }))
    .filter((x) => x.v >= 0.005)
    .map((x) => `${x.n} ${f(x.v, 2)}`)
    .join(', ');
  return [
    {
      scenario,
      metric: `${label}: p50 / p95 ms (1 connection)`,
      value: `${f(p50, 0)} / ${f(p95, 0)}`,
      range: res.length > 1 ? `p50 ${rng(res.map((r) => r.p50), 0)}` : '',
      ratio: `${res.reduce((a, r) => a + r.requests, 0)} requests`,
      goal: goal ? `< ${GOAL_MS} ms` : undefined,
      status: goal ? underGoal(p50) : 'info',
    },
    { scenario, metric: `${label}: CPU-ms/req`, value: f(median(res.map((r) => r.cpuMsPerReqTotal)), 2), range: rng(res.map((r) => r.cpuMsPerReqTotal), 2), ratio: perProcess, status: 'info' },
  ];
}

async function answer(ctx: GatewayContext, query: string, variables: Record<string, unknown>): Promise<{ data: Record<string, unknown> }> {
  const res = await fetch(ctx.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...ctx.headers }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
  if (res.status !== 200 || body.errors?.length || !body.data) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
  return { data: body.data };
}

/** A2: salesForecast, 24 months AUTO over the seeded history, through the gateway. */
export async function analysisForecast(ctx: GatewayContext): Promise<{ rows: AnalysisRow[]; notes: string[] }> {
  const history = await seedHistory(ctx);
  const first = (await answer(ctx, FORECAST_QUERY, {})).data.salesForecast as { methodLabel: string; historyPeriods: number; points: unknown[]; backtest: { mape: string | null; origins: number } };
  if (first.points.length !== 24) throw new Error(`A2: ${first.points.length} forecast points, expected 24`);
  const target: Target = { label: 'salesForecast', url: ctx.gatewayUrl, headers: ctx.headers, body: JSON.stringify({ query: FORECAST_QUERY }), pids: ctx.pids };
  const res = (await ctx.rounds('A2', [target])).get('salesForecast')!;
  return {
    rows: [
      ...latencyRows('A2', 'salesForecast 24 months AUTO via gateway', res, true),
      { scenario: 'A2', metric: 'chosen method / history / backtest', value: first.methodLabel, ratio: `${first.historyPeriods} months, ${first.backtest.origins} origins, MAPE ${first.backtest.mape ?? 'n/a'} %`, status: 'info' },
    ],
    notes: [`A2/A3: ${history.facts.toLocaleString('en-US')} daily sales facts (${history.from} … ${history.to}) written straight into the orders read model (no back-dated approvals in the API).`],
  };
}

/** A3: the KPI overview of the last complete year (every KPI field of the four subgraphs). */
export async function analysisKpis(ctx: GatewayContext): Promise<{ rows: AnalysisRow[]; notes: string[] }> {
  await seedHistory(ctx);
  const period = String(new Date().getUTCFullYear() - 1);
  const first = (await answer(ctx, KPI_QUERY, { period })).data.salesKpis as Record<string, unknown>;
  const fields = Object.keys(first).filter((k) => !['id', 'period', 'scopeKind', 'scopeRef'].includes(k));
  const answered = fields.filter((k) => first[k] !== null).length;
  const target: Target = { label: 'salesKpis', url: ctx.gatewayUrl, headers: ctx.headers, body: JSON.stringify({ query: KPI_QUERY, variables: { period } }), pids: ctx.pids };
  const res = (await ctx.rounds('A3', [target])).get('salesKpis')!;
  return {
    rows: [
      ...latencyRows('A3', `salesKpis(${period}) overview via gateway`, res),
      { scenario: 'A3', metric: 'KPI fields with a value', value: `${answered} / ${fields.length}`, ratio: `revenue ${(first.revenue as { amount?: string } | null)?.amount ?? 'null'}, orders ${String(first.orderCount)}`, status: 'info' },
    ],
    notes: [],
  };
}

if (require.main === module && process.argv[2] === 'lib') {
  const timings = libChild(Number(process.argv[3] ?? 10_000), Number(process.argv[4] ?? 30));
  process.stdout.write(`${JSON.stringify(timings)}\n`);
}

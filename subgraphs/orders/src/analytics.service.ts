// Sales analysis use cases: the sales facts read model (written with approvals and
// cancellations, rebuildable from the orders' own history), trends, forecasts and KPIs.
import { raw, sql, type EntityManager } from '@salesgraph/db';
import {
  aggregateFacts,
  autoForecast,
  defaultCandidates,
  ForecastError,
  forecastSeries,
  futureLabels,
  InsufficientHistory,
  seasonalPeriodOf,
  type AccuracyMetrics,
  type ForecastPoint,
} from '@salesgraph/forecast';
import { isUuid, uuidv7, ValidationError, type Clock } from '@salesgraph/kernel';
import { utcDate } from './domain/dates';
import { computeOrderKpis, type KpiFact, type OrderKpis } from './domain/kpis';
import { RECEIVABLE_STATUSES } from './domain/order-status';
import { dayNumber, dayString, parseKpiPeriod, periodIndex, periodStart, type KpiScopeKind, type TrendGranularity } from './domain/periods';
import { salesFactsFromHistory, salesFactsOf, type SalesFactKind } from './domain/sales-facts';
import { trendLookbackDay, trendPoints, type SalesMetric, type TrendFact, type TrendPoint } from './domain/trend';
import { parseIsoDate } from './domain/dates';
import { CustomerAccount, Order, RepTeam } from './infra/order.entity';
import { Product } from './infra/product.entity';
import { SalesFact } from './infra/sales-fact.entity';

// ---------------------------------------------------------------- the read model

function factInput(o: Order) {
  return {
    id: o.id,
    customerId: o.customerId,
    repId: o.repId,
    regionCode: o.regionCode,
    lines: o.lines.map((l) => ({ sku: l.sku, productLine: l.productLine, quantity: l.quantity, unitPriceMinor: BigInt(l.unitPriceMinor), unitCostMinor: BigInt(l.unitCostMinor) })),
    history: o.history,
  };
}

/** Adds the facts of an approval or of a cancellation of an approved order to the caller's transaction. */
export function recordSalesFacts(tx: EntityManager, order: Order, kind: SalesFactKind, at: Date): void {
  for (const f of salesFactsOf(factInput(order), kind, at)) tx.create(SalesFact, { id: uuidv7(), ...f });
}

/** Replaces the read model with the facts implied by every order's history; returns the number of facts. */
export async function rebuildSalesFacts(em: EntityManager, batchSize = 500): Promise<number> {
  return em.transactional(async (tx) => {
    await tx.nativeDelete(SalesFact, {});
    let after = '';
    let count = 0;
    for (;;) {
      const orders = await tx.find(Order, { id: { $gt: after } }, { orderBy: { id: 'asc' }, limit: batchSize });
      if (!orders.length) break;
      for (const o of orders) {
        for (const f of salesFactsFromHistory(factInput(o))) {
          tx.create(SalesFact, { id: uuidv7(), ...f });
          count += 1;
        }
      }
      await tx.flush();
      after = orders[orders.length - 1]!.id;
    }
    return count;
  });
}

/** Keeps a rep's current team (from people's rep events) at the newest announced state. */
export async function applyRepTeam(em: EntityManager, data: { repId: string; teamId: string | null }, sequence: number): Promise<void> {
  const repId = data.repId.toLowerCase();
  const existing = await em.findOne(RepTeam, { repId });
  if (existing && existing.sequence >= sequence) return;
  const values = { teamId: data.teamId ? data.teamId.toLowerCase() : null, sequence, updatedAt: new Date() };
  if (existing) em.assign(existing, values);
  else em.create(RepTeam, { repId, ...values });
}

// ---------------------------------------------------------------- scope

export interface SalesScopeFilter {
  regionCode?: string | null;
  repId?: string | null;
  productLine?: string | null;
  sku?: string | null;
  customerId?: string | null;
}

interface Scope {
  regionCode?: string;
  repId?: string | { $in: string[] };
  productLine?: string;
  sku?: string;
  customerId?: string;
}

const blank = (v: string | null | undefined) => v == null || v.trim() === '';

/** Validates the scope ids against what this subgraph knows: BAD_USER_INPUT naming the field otherwise. */
export async function resolveScope(em: EntityManager, f: SalesScopeFilter | null | undefined, prefix = 'filter'): Promise<Scope> {
  const s: Scope = {};
  if (!f) return s;
  for (const k of ['repId', 'customerId'] as const) {
    const v = f[k];
    if (blank(v)) continue;
    if (!isUuid(v!.trim())) throw new ValidationError(`${prefix}.${k}`, `${prefix}.${k} must be an id`);
    s[k] = v!.trim().toLowerCase();
  }
  if (!blank(f.regionCode)) s.regionCode = f.regionCode!.trim();
  if (!blank(f.productLine)) s.productLine = f.productLine!.trim();
  if (!blank(f.sku)) s.sku = f.sku!.trim().toUpperCase();
  if (s.customerId && !(await em.count(CustomerAccount, { customerId: s.customerId })) && !(await em.count(SalesFact, { customerId: s.customerId }))) {
    throw new ValidationError(`${prefix}.customerId`, `unknown customer ${s.customerId}`);
  }
  if (s.sku && !(await em.count(Product, { sku: s.sku }))) throw new ValidationError(`${prefix}.sku`, `unknown sku ${s.sku}`);
  if (s.productLine && !(await em.count(Product, { productLine: s.productLine })) && !(await em.count(SalesFact, { productLine: s.productLine }))) {
    throw new ValidationError(`${prefix}.productLine`, `unknown product line ${s.productLine}`);
  }
  if (s.regionCode && !(await em.count(CustomerAccount, { regionCode: s.regionCode })) && !(await em.count(SalesFact, { regionCode: s.regionCode }))) {
    throw new ValidationError(`${prefix}.regionCode`, `unknown region ${s.regionCode}`);
  }
  // Reps live in the people subgraph: an id never seen on an order here is unknown to sales.
  if (s.repId && !(await em.count(Order, { repId: s.repId })) && !(await em.count(SalesFact, { repId: s.repId }))) {
    throw new ValidationError(`${prefix}.repId`, `no sales recorded for rep ${s.repId}`);
  }
  return s;
}

/** A SUM or COUNT as the driver returns it (PostgreSQL: numeric/bigint as text; SQLite: a number) → bigint. */
function bigOf(v: unknown): bigint {
  if (v == null) return 0n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  const s = String(v);
  const dot = s.indexOf('.');
  return BigInt(dot >= 0 ? s.slice(0, dot) : s);
}

// ---------------------------------------------------------------- trend

export const TREND_GRANULARITIES: readonly TrendGranularity[] = ['DAY', 'WEEK', 'MONTH', 'QUARTER'];
export const SALES_METRICS: readonly SalesMetric[] = ['REVENUE', 'QUANTITY', 'GROSS_MARGIN', 'ORDERS'];

export interface SalesTrendFilter extends SalesScopeFilter {
  from: string;
  to: string;
  granularity: TrendGranularity;
}

/** At most this many points per trend (e.g. ten years of weeks). */
const MAX_TREND_POINTS = 3_700;

export async function salesTrend(em: EntityManager, filter: SalesTrendFilter, metric: SalesMetric): Promise<TrendPoint[]> {
  const from = parseIsoDate(filter.from, 'filter.from');
  const to = parseIsoDate(filter.to, 'filter.to');
  if (to < from) throw new ValidationError('filter.to', 'filter.to must not be before filter.from');
  if (!TREND_GRANULARITIES.includes(filter.granularity)) throw new ValidationError('filter.granularity', `granularity must be one of ${TREND_GRANULARITIES.join(', ')}`);
  if (!SALES_METRICS.includes(metric)) throw new ValidationError('metric', `metric must be one of ${SALES_METRICS.join(', ')}`);
  const g = filter.granularity;
  if (periodIndex(dayNumber(to), g) - periodIndex(dayNumber(from), g) >= MAX_TREND_POINTS) throw new ValidationError('filter.to', `at most ${MAX_TREND_POINTS} periods per trend`);
  const scope = await resolveScope(em, filter);
  const facts = await trendFacts(em, scope, metric, dayString(trendLookbackDay(from, g)), to);
  return trendPoints(facts, metric, g, from, to);
}

/**
 * The trend's facts summed in SQL: per day for the amounts and quantities (rows ≤ days), per day,
 * order and kind for ORDERS (the only metric that needs the order, counted once per day and kind
 * by sumByPeriod) — the same sums as one row per order line, without an entity each.
 */
async function trendFacts(em: EntityManager, scope: Scope, metric: SalesMetric, from: string, to: string): Promise<TrendFact[]> {
  const perOrder = metric === 'ORDERS';
  const keys = perOrder ? ['f.day', 'f.order_id', 'f.kind'] : ['f.day'];
  const rows = (await sql(em)
    .createQueryBuilder(SalesFact, 'f')
    .select([
      raw('f.day as d'),
      raw(perOrder ? 'f.order_id as o' : "'' as o"),
      raw(perOrder ? 'f.kind as k' : "'APPROVED' as k"),
      raw('sum(f.quantity) as q'),
      raw('sum(f.revenue_minor) as r'),
      raw('sum(f.margin_minor) as m'),
    ])
    .where({ ...scope, day: { $gte: from, $lte: to } })
    .groupBy(keys.map((k) => raw(k)) as never)
    .execute('all', false)) as { d: string; o: string; k: TrendFact['kind']; q: unknown; r: unknown; m: unknown }[];
  return rows.map((r) => ({ day: r.d, orderId: r.o, kind: r.k, quantity: Number(bigOf(r.q)), revenueMinor: bigOf(r.r), marginMinor: bigOf(r.m) }));
}

// ---------------------------------------------------------------- forecast

export type SalesForecastMethod = 'AUTO' | 'MOVING_AVERAGE' | 'EXPONENTIAL_SMOOTHING' | 'HOLT_WINTERS' | 'LINEAR_REGRESSION';
export const SALES_FORECAST_METHODS: readonly SalesForecastMethod[] = ['AUTO', 'MOVING_AVERAGE', 'EXPONENTIAL_SMOOTHING', 'HOLT_WINTERS', 'LINEAR_REGRESSION'];
export type SalesForecastGranularity = 'MONTH' | 'WEEK';

export interface SalesForecastArgs {
  filter?: (SalesScopeFilter & { from?: string | null; to?: string | null }) | null;
  metric: SalesMetric;
  horizon: number;
  granularity: SalesForecastGranularity;
  method: SalesForecastMethod;
}

export interface SalesForecastOutput {
  method: Exclude<SalesForecastMethod, 'AUTO'>;
  methodLabel: string;
  reason: string;
  /** Periods of history the forecast was fitted on. */
  historyPeriods: number;
  historyFrom: string | null;
  historyTo: string | null;
  points: (ForecastPoint & { period: string })[];
  backtest: { metrics: AccuracyMetrics; origins: number; horizon: number };
}

/** AUTO's candidates: every public method's variants (HOLT is not a public method, so it is not one). */
export function autoCandidates() {
  return defaultCandidates().filter((c) => c.method !== 'HOLT');
}

/** Fits and backtests a forecast of a fact series (pure: the benchmark times this). */
export function forecastFacts(
  facts: readonly { date: string; value: number }[],
  options: { granularity: SalesForecastGranularity; horizon: number; method: SalesForecastMethod; from?: string; to: string },
): SalesForecastOutput {
  const series = aggregateFacts(facts, options.granularity, { from: options.from, to: options.to });
  const m = seasonalPeriodOf(options.granularity);
  const labels = futureLabels(series, options.horizon);
  const common = { horizon: options.horizon, seasonalPeriod: m, futureLabels: labels, maxBacktestOrigins: 24 };
  try {
    const r =
      options.method === 'AUTO'
        ? (() => {
            const a = autoForecast(series.values, { ...common, candidates: autoCandidates(), errorLabel: 'AUTO' });
            return { method: a.chosen.method, label: a.label, forecast: a.forecast, backtest: a.backtest, reason: a.reason };
          })()
        : forecastSeries(series.values, { ...common, method: options.method });
    return {
      method: r.method as SalesForecastOutput['method'],
      methodLabel: r.label,
      reason: r.reason,
      historyPeriods: series.values.length,
      historyFrom: series.labels[0] ?? null,
      historyTo: series.labels[series.labels.length - 1] ?? null,
      points: r.forecast.points.map((p, i) => ({ ...p, period: p.label ?? labels[i]! })),
      backtest: { metrics: r.backtest.metrics, origins: r.backtest.origins, horizon: r.backtest.horizon },
    };
  } catch (e) {
    if (e instanceof InsufficientHistory) {
      throw new ValidationError('filter.from', `${e.method} needs at least ${e.needed} ${options.granularity === 'MONTH' ? 'months' : 'weeks'} of history, got ${e.got}`, {
        reason: e.code,
        method: e.method,
        needed: e.needed,
        got: e.got,
      });
    }
    if (e instanceof ForecastError) throw new ValidationError(e.field === 'history' ? 'filter' : e.field, e.message, { reason: e.code, ...e.details });
    throw e;
  }
}

const METRIC_SQL: Record<SalesMetric, string> = {
  REVENUE: 'sum(f.revenue_minor)',
  GROSS_MARGIN: 'sum(f.margin_minor)',
  QUANTITY: 'sum(f.quantity)',
  // An order is approved once (from RECEIVED) and cancelled at most once, each on one day with all
  // its lines: distinct orders per group equal the orders counted once each over the whole history.
  ORDERS: "count(distinct case when f.kind = 'APPROVED' then f.order_id end) - count(distinct case when f.kind = 'CANCELLED' then f.order_id end)",
};

/**
 * The metric's history summed in SQL — one row per month (MONTH) or per day (WEEK: ISO weeks have
 * no portable SQL form, and days are at most 7 rows a week) — instead of one entity per order
 * line. Each row carries its first day in range, so aggregateFacts places it in its period and
 * keeps the [from, to] rule. Money in major units, as the forecast is an estimate.
 */
async function metricSeries(em: EntityManager, scope: Scope, metric: SalesMetric, granularity: SalesForecastGranularity, from?: string, to?: string): Promise<{ date: string; value: number }[]> {
  const day: Record<string, string> = {};
  if (from) day.$gte = from;
  if (to) day.$lte = to;
  const key = granularity === 'MONTH' ? 'substr(f.day, 1, 7)' : 'f.day';
  const rows = (await sql(em)
    .createQueryBuilder(SalesFact, 'f')
    .select([raw('min(f.day) as d'), raw(`${METRIC_SQL[metric]} as v`)])
    .where({ ...scope, ...(from || to ? { day } : {}) })
    .groupBy(raw(key) as never)
    .execute('all', false)) as { d: string; v: unknown }[];
  const money = metric === 'REVENUE' || metric === 'GROSS_MARGIN';
  return rows.map((r) => ({ date: r.d, value: money ? Number(bigOf(r.v)) / 100 : Number(bigOf(r.v)) }));
}

export async function salesForecast(em: EntityManager, clock: Clock, args: SalesForecastArgs): Promise<SalesForecastOutput> {
  if (!Number.isInteger(args.horizon) || args.horizon < 1 || args.horizon > 24) throw new ValidationError('horizon', `horizon must be a whole number from 1 to 24, got ${args.horizon}`);
  if (args.granularity !== 'MONTH' && args.granularity !== 'WEEK') throw new ValidationError('granularity', 'granularity must be MONTH or WEEK');
  if (!SALES_METRICS.includes(args.metric)) throw new ValidationError('metric', `metric must be one of ${SALES_METRICS.join(', ')}`);
  if (!SALES_FORECAST_METHODS.includes(args.method)) throw new ValidationError('method', `method must be one of ${SALES_FORECAST_METHODS.join(', ')}`);
  const f = args.filter ?? {};
  const from = blank(f.from) ? undefined : parseIsoDate(f.from!, 'filter.from');
  // Default end: the last complete period before today (a partial period would look like a drop).
  const today = dayNumber(utcDate(clock.now()));
  const to = blank(f.to) ? dayString(periodStart(periodIndex(today, args.granularity), args.granularity) - 1) : parseIsoDate(f.to!, 'filter.to');
  if (from && to < from) throw new ValidationError('filter.to', 'filter.to must not be before filter.from');
  const scope = await resolveScope(em, f);
  const series = await metricSeries(em, scope, args.metric, args.granularity, from, to);
  if (!series.length) throw new ValidationError('filter.from', `no sales in the scope up to ${to}: a forecast needs history`, { reason: 'INSUFFICIENT_HISTORY', got: 0 });
  return forecastFacts(series, { granularity: args.granularity, horizon: args.horizon, method: args.method, from, to });
}

// ---------------------------------------------------------------- KPIs

export interface KpiScopeInput {
  kind: KpiScopeKind;
  ref?: string | null;
}

export interface SalesKpisKey {
  period: string;
  kind: KpiScopeKind;
  ref: string | null;
}

/** Validates period and scope (BAD_USER_INPUT naming `period` / `scope.ref`). */
export async function resolveKpiKey(em: EntityManager, period: string, scope: KpiScopeInput | null | undefined): Promise<SalesKpisKey> {
  const p = parseKpiPeriod(period, 'period');
  const kind = scope?.kind ?? 'COMPANY';
  const ref = blank(scope?.ref) ? null : scope!.ref!.trim();
  if (kind === 'COMPANY') {
    if (ref !== null) throw new ValidationError('scope.ref', 'a COMPANY scope has no ref');
    return { period: p.period, kind, ref };
  }
  if (ref === null) throw new ValidationError('scope.ref', `a ${kind} scope needs a ref`);
  const check = kind === 'REGION' ? { regionCode: ref } : kind === 'REP' ? { repId: ref } : kind === 'PRODUCT_LINE' ? { productLine: ref } : null;
  if (check) {
    try {
      await resolveScope(em, check, 'scope');
    } catch (e) {
      if (e instanceof ValidationError) throw new ValidationError('scope.ref', e.message);
      throw e;
    }
  }
  if (kind === 'TEAM') {
    if (!isUuid(ref)) throw new ValidationError('scope.ref', 'a TEAM ref must be a team id');
    if (!(await em.count(RepTeam, { teamId: ref.toLowerCase() }))) throw new ValidationError('scope.ref', `unknown team ${ref} (no rep of it announced by people)`);
  }
  return { period: p.period, kind, ref: kind === 'REP' || kind === 'TEAM' ? ref.toLowerCase() : ref };
}

/**
 * The orders KPIs of a period and scope. TEAM: the sales of the reps currently in the team (as
 * people last announced them), whenever they were made.
 */
export async function orderKpis(em: EntityManager, clock: Clock, key: SalesKpisKey): Promise<OrderKpis | null> {
  const p = parseKpiPeriod(key.period);
  const prev = parseKpiPeriod(p.previous);
  const team = key.kind === 'TEAM' ? (await em.find(RepTeam, { teamId: key.ref! })).map((r) => r.repId) : [];
  const scope: Scope =
    key.kind === 'REGION'
      ? { regionCode: key.ref! }
      : key.kind === 'REP'
        ? { repId: key.ref! }
        : key.kind === 'TEAM'
          ? { repId: { $in: team } }
          : key.kind === 'PRODUCT_LINE'
            ? { productLine: key.ref! }
            : {};
  const facts = await kpiFacts(em, scope, p.from, p.to);
  const previousFacts = await kpiFacts(em, scope, prev.from, prev.to);
  // Receivables belong to whole orders: a product line cannot split them.
  let billed = null;
  let receivables = null;
  if (key.kind !== 'PRODUCT_LINE') {
    const orderScope = key.kind === 'REGION' || key.kind === 'REP' || key.kind === 'TEAM' ? scope : {};
    // Paid and total of the orders approved in the period (in scope) and not cancelled, summed in
    // one statement: the approved ids stay in the database as a subquery.
    const approved = sql(em)
      .createQueryBuilder(SalesFact, 'a')
      .select(raw('distinct a.order_id'))
      .where({ ...scope, kind: 'APPROVED', day: { $gte: p.from, $lte: p.to } });
    const [sums] = (await sql(em)
      .createQueryBuilder(Order, 'o')
      .select([raw('coalesce(sum(o.total_minor), 0) as total'), raw('coalesce(sum(o.paid_minor), 0) as paid')])
      .where({ status: { $ne: 'CANCELLED' }, id: { $in: approved.getKnexQuery() as never } })
      .execute('all', false)) as { total: unknown; paid: unknown }[];
    billed = [{ totalMinor: bigOf(sums?.total), paidMinor: bigOf(sums?.paid) }];
    const open = await em.find(
      Order,
      { ...orderScope, status: { $in: [...RECEIVABLE_STATUSES] }, amountDueMinor: { $gt: 0 }, dueDate: { $gte: p.from, $lte: p.to } },
      { fields: ['amountDueMinor', 'dueDate'] },
    );
    receivables = open.map((o) => ({ amountDueMinor: BigInt(o.amountDueMinor), dueDate: o.dueDate ?? null }));
  }
  return computeOrderKpis({ facts, previousFacts, billed, receivables, period: { from: p.from, to: p.to }, today: utcDate(clock.now()) });
}

/**
 * A period's facts per order and kind, amounts summed over the order's lines in SQL: the same
 * sums and distinct orders computeOrderKpis derives from one row per line, without an entity each.
 */
async function kpiFacts(em: EntityManager, scope: Scope, from: string, to: string): Promise<KpiFact[]> {
  const rows = (await sql(em)
    .createQueryBuilder(SalesFact, 'f')
    .select([raw('f.order_id as o'), raw('f.kind as k'), raw('sum(f.revenue_minor) as r'), raw('sum(f.margin_minor) as m')])
    .where({ ...scope, day: { $gte: from, $lte: to } })
    .groupBy([raw('f.order_id'), raw('f.kind')] as never)
    .execute('all', false)) as { o: string; k: KpiFact['kind']; r: unknown; m: unknown }[];
  return rows.map((r) => ({ orderId: r.o, kind: r.k, revenueMinor: bigOf(r.r), marginMinor: bigOf(r.m) }));
}

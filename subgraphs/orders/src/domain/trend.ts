// Sales trend: facts summed per period (exact, bigint), with period-over-period and
// year-over-year change as percentages with two places (null when the base is zero or missing).
import { divideHalfEven, formatDecimal } from '@salesgraph/kernel';
import { dayNumber, periodIndex, periodLabel, periodStart as periodStartDay, yearAgoIndex, type TrendGranularity } from './periods';
import type { SalesFactKind } from './sales-facts';

export type SalesMetric = 'REVENUE' | 'QUANTITY' | 'GROSS_MARGIN' | 'ORDERS';

export interface TrendFact {
  day: string;
  orderId: string;
  kind: SalesFactKind;
  quantity: number;
  revenueMinor: bigint;
  marginMinor: bigint;
}

/** Whether the metric is money (values in minor units) or a count. */
export const isMoneyMetric = (m: SalesMetric) => m === 'REVENUE' || m === 'GROSS_MARGIN';

/**
 * Sums the metric per period index. ORDERS counts each order once per approval (+1) and once per
 * cancellation of an approved order (−1) within the facts given (so a filter by sku counts the
 * orders with that sku).
 */
export function sumByPeriod(facts: readonly TrendFact[], metric: SalesMetric, g: TrendGranularity): Map<number, bigint> {
  const sums = new Map<number, bigint>();
  const seen = new Set<string>();
  for (const f of facts) {
    const p = periodIndex(dayNumber(f.day), g);
    let v: bigint;
    if (metric === 'ORDERS') {
      const key = `${f.orderId}|${f.kind}|${f.day}`;
      if (seen.has(key)) continue;
      seen.add(key);
      v = f.kind === 'APPROVED' ? 1n : -1n;
    } else v = metric === 'REVENUE' ? f.revenueMinor : metric === 'GROSS_MARGIN' ? f.marginMinor : BigInt(f.quantity);
    sums.set(p, (sums.get(p) ?? 0n) + v);
  }
  return sums;
}

/** (current − base) / |base| in percent with two places, half-even; null when the base is zero. */
export function percentChange(current: bigint, base: bigint | null | undefined): string | null {
  if (base == null || base === 0n) return null;
  return formatDecimal(divideHalfEven((current - base) * 10_000n, base < 0n ? -base : base), 2);
}

export interface TrendPoint {
  period: string;
  /** Minor units for money metrics, a count otherwise. */
  value: bigint;
  periodOverPeriodPercent: string | null;
  yearOverYearPercent: string | null;
}

/** The earliest day whose facts the trend of [from, to] needs: the period a year before the first, and the one before that. */
export function trendLookbackDay(from: string, g: TrendGranularity): number {
  const first = periodIndex(dayNumber(from), g);
  const yearAgo = yearAgoIndex(first, g) ?? first;
  return Math.min(dayNumber(from), ...[first - 1, yearAgo - 1].map((i) => periodStartDay(i, g)));
}

/**
 * One point per period from the one containing `from` to the one containing `to` (empty periods
 * are 0): facts from the lookback (see trendLookbackDay) feed the comparisons.
 */
export function trendPoints(facts: readonly TrendFact[], metric: SalesMetric, g: TrendGranularity, from: string, to: string): TrendPoint[] {
  const sums = sumByPeriod(facts, metric, g);
  const first = periodIndex(dayNumber(from), g);
  const last = periodIndex(dayNumber(to), g);
  const at = (i: number | null) => (i === null ? null : (sums.get(i) ?? 0n));
  const points: TrendPoint[] = [];
  for (let i = first; i <= last; i++) {
    const value = sums.get(i) ?? 0n;
    points.push({ period: periodLabel(i, g), value, periodOverPeriodPercent: percentChange(value, at(i - 1)), yearOverYearPercent: percentChange(value, at(yearAgoIndex(i, g))) });
  }
  return points;
}

export function formatMetric(metric: SalesMetric, value: bigint): string {
  return isMoneyMetric(metric) ? formatDecimal(value, 2) : value.toString();
}

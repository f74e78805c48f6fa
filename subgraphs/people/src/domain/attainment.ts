// Attainment against a target and the run-rate projection to the period's end.
import { divideHalfEven, formatDecimal } from '@salesgraph/kernel';
import type { Period } from './period';

/** numerator / denominator as a percentage with two places (half-even); null when the denominator is 0. */
export function percentOf(numerator: bigint, denominator: bigint): string | null {
  if (denominator === 0n) return null;
  return formatDecimal(divideHalfEven(numerator * 10_000n, denominator), 2);
}

/** Percentage in hundredths (bp of a percent): 12345n = 123.45%. */
export function percentHundredths(numerator: bigint, denominator: bigint): bigint | null {
  if (denominator === 0n) return null;
  return divideHalfEven(numerator * 10_000n, denominator);
}

export interface Attainment {
  actual: bigint;
  target: bigint;
  /** actual − target (negative when short). */
  variance: bigint;
  percent: string | null;
  /** Run-rate projection: actual ÷ elapsed time × period length; the actual once the period is over. */
  projected: bigint;
  projectedPercent: string | null;
}

export function attainment(target: bigint, actual: bigint, period: Period, now: Date): Attainment {
  const start = period.start.getTime();
  const end = period.end.getTime();
  const t = now.getTime();
  let projected: bigint;
  if (t >= end) projected = actual;
  else if (t <= start) projected = actual;
  else projected = divideHalfEven(actual * BigInt(end - start), BigInt(t - start));
  return { actual, target, variance: actual - target, percent: percentOf(actual, target), projected, projectedPercent: percentOf(projected, target) };
}

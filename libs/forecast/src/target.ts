// Probability of reaching a target from actual-so-far plus a forecast of the remainder.

import { InvalidParameter } from './errors';
import { normalCdf, Z80, Z95 } from './stats';
import type { ForecastPoint } from './types';

/** A forecast total with (any of) its 80% / 95% interval bounds. */
export interface ForecastSummary {
  value: number;
  lower80?: number;
  upper80?: number;
  lower95?: number;
  upper95?: number;
}

/**
 * σ implied by a normal interval: σ = (upper − lower) / (2·z), z = 1.2816 (80%) or 1.9600 (95%).
 * When both intervals are given, the mean of the two implied σ is used. Throws when neither is given.
 */
export function sigmaFromInterval(s: ForecastSummary): number {
  const sigmas: number[] = [];
  if (s.lower80 !== undefined && s.upper80 !== undefined) sigmas.push((s.upper80 - s.lower80) / (2 * Z80));
  if (s.lower95 !== undefined && s.upper95 !== undefined) sigmas.push((s.upper95 - s.lower95) / (2 * Z95));
  if (sigmas.length === 0) throw new InvalidParameter('forecast', 'an 80% or 95% interval (lower and upper) is required');
  for (const v of sigmas) if (!(v >= 0) || !Number.isFinite(v)) throw new InvalidParameter('forecast', 'interval upper bound must not be below its lower bound');
  return sigmas.reduce((a, b) => a + b, 0) / sigmas.length;
}

export type Dependence = 'COMONOTONIC' | 'INDEPENDENT';

/**
 * Sum of the first `count` forecast points (default all) with an interval.
 * Forecast errors of successive periods are positively correlated, so the σ of the sum lies
 * between √(Σσ_h²) (INDEPENDENT, too narrow) and Σσ_h (COMONOTONIC, perfectly correlated —
 * the conservative default). Bounds are value ± z·σ_sum.
 */
export function sumForecast(points: readonly ForecastPoint[], options: { count?: number; dependence?: Dependence } = {}): ForecastSummary & { standardError: number } {
  const count = options.count ?? points.length;
  if (!Number.isInteger(count) || count < 0 || count > points.length) throw new InvalidParameter('count', `count must be between 0 and ${points.length}`);
  const used = points.slice(0, count);
  const value = used.reduce((a, p) => a + p.value, 0);
  const se = (options.dependence ?? 'COMONOTONIC') === 'COMONOTONIC' ? used.reduce((a, p) => a + p.standardError, 0) : Math.sqrt(used.reduce((a, p) => a + p.standardError ** 2, 0));
  return { value, standardError: se, lower80: value - Z80 * se, upper80: value + Z80 * se, lower95: value - Z95 * se, upper95: value + Z95 * se };
}

export interface TargetProbabilityInput {
  /** Actual value achieved so far in the period. */
  actualSoFar: number;
  /** Forecast for the rest of the period with its 80% and/or 95% interval. */
  remaining: ForecastSummary;
  target: number;
}

export interface TargetProbability {
  /** P(actualSoFar + remaining ≥ target) under the normal approximation. */
  probability: number;
  /** actualSoFar + remaining.value. */
  expectedTotal: number;
  /** σ of the remainder implied by the interval. */
  standardError: number;
  /** target − expectedTotal (negative when the forecast exceeds the target). */
  gap: number;
}

/**
 * Normal approximation: the remainder R ~ N(μ, σ²) with μ = remaining.value and σ from the
 * interval half-width (sigmaFromInterval). Then
 *   P(total ≥ target) = P(R ≥ target − actual) = 1 − Φ((target − actual − μ) / σ).
 * With σ = 0 the probability is 1 if actual + μ ≥ target, else 0.
 */
export function probabilityOfReachingTarget(input: TargetProbabilityInput): TargetProbability {
  const { actualSoFar, remaining, target } = input;
  if (!Number.isFinite(actualSoFar)) throw new InvalidParameter('actualSoFar', 'actualSoFar must be a finite number');
  if (!Number.isFinite(target)) throw new InvalidParameter('target', 'target must be a finite number');
  if (!Number.isFinite(remaining.value)) throw new InvalidParameter('forecast', 'forecast value must be a finite number');
  const sigma = sigmaFromInterval(remaining);
  const expectedTotal = actualSoFar + remaining.value;
  const gap = target - expectedTotal;
  const probability = sigma === 0 ? (gap <= 0 ? 1 : 0) : 1 - normalCdf(gap / sigma);
  return { probability, expectedTotal, standardError: sigma, gap };
}

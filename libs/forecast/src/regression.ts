// LINEAR_REGRESSION: least-squares trend, optionally with seasonal dummies.

import { InsufficientHistory, InvalidSeries } from './errors';
import { buildPoints } from './intervals';
import { assertFiniteSeries, assertInteger } from './series';
import { studentTQuantile } from './stats';
import type { ForecastResult } from './types';

export interface LinearRegressionOptions {
  /** Add m−1 seasonal dummies (period position relative to the first observation). Default false. */
  seasonal?: boolean;
  /** Seasonal period m; required when seasonal is true. */
  seasonalPeriod?: number;
  horizon: number;
  futureLabels?: readonly string[];
  /** Compute prediction intervals (default true). The backtest passes false: bounds and standard errors are then NaN. */
  intervals?: boolean;
}

/** History needed: p coefficients + 2 residual degrees of freedom (p = 2, or m+1 with dummies). */
export function linearRegressionMinHistory(seasonal: boolean, seasonalPeriod = 1): number {
  return (seasonal ? seasonalPeriod + 1 : 2) + 2;
}

/**
 * Model y_t = β₀ + β₁·t + Σ_{j=1}^{m−1} δ_j·[t mod m = j] + ε_t, t = 0 … n−1 (position 0 is the
 * baseline season), fitted by ordinary least squares. Forecast ŷ_{n−1+h} = x₀ᵀβ̂ with x₀ the
 * design row of t = n−1+h. Fitted values are the in-sample regression fit (not one-step-ahead
 * forecasts).
 *
 * Computation (closed form, O(n) — same column space as the dummy design): with one intercept
 * a_s per season s and a common slope b ("analysis of covariance"),
 *   b̂ = Σ_t (t − t̄_{s(t)})(y_t − ȳ_{s(t)}) / W,   W = Σ_t (t − t̄_{s(t)})²,   â_s = ȳ_s − b̂·t̄_s,
 * where t̄_s, ȳ_s are the means over the n_s periods of season s; β₀ = â₀, β₁ = b̂,
 * δ_j = â_j − â₀. Without seasonality m = 1 (simple linear regression).
 *
 * Intervals (OLS_PREDICTION, the classical prediction interval for a new observation):
 *   ŷ ± t_{ν, q}·s·√(1 + x₀ᵀ(XᵀX)⁻¹x₀),  s² = SSE/ν,  ν = n − p  (p = 2 or m+1),
 * where here x₀ᵀ(XᵀX)⁻¹x₀ = 1/n_s + (t₀ − t̄_s)²/W for the season s of t₀ (â_s and b̂ are
 * uncorrelated), with Student-t quantiles q = 0.90 (80%) and 0.975 (95%).
 */
export function linearRegression(values: readonly number[], options: LinearRegressionOptions): ForecastResult {
  assertFiniteSeries(values);
  assertInteger('horizon', options.horizon, 1, 100_000);
  const seasonal = options.seasonal ?? false;
  const m = seasonal ? (options.seasonalPeriod ?? 0) : 1;
  if (seasonal) assertInteger('seasonalPeriod', m, 2, 366);
  const n = values.length;
  const needed = linearRegressionMinHistory(seasonal, m);
  if (n < needed) throw new InsufficientHistory('LINEAR_REGRESSION', needed, n);
  const count = new Array<number>(m).fill(0);
  const tMean = new Array<number>(m).fill(0);
  const yMean = new Array<number>(m).fill(0);
  for (let t = 0; t < n; t++) {
    const s = t % m;
    count[s]!++;
    tMean[s]! += t;
    yMean[s]! += values[t]!;
  }
  for (let s = 0; s < m; s++) {
    tMean[s]! /= count[s]!;
    yMean[s]! /= count[s]!;
  }
  let sxy = 0;
  let w = 0;
  for (let t = 0; t < n; t++) {
    const s = t % m;
    const dt = t - tMean[s]!;
    sxy += dt * (values[t]! - yMean[s]!);
    w += dt * dt;
  }
  if (!(w > 0)) throw new InvalidSeries('regression design is singular for this series', {});
  const slope = sxy / w;
  const a = yMean.map((ym, s) => ym - slope * tMean[s]!);
  const fitted: number[] = [];
  let sse = 0;
  for (let t = 0; t < n; t++) {
    const f = a[t % m]! + slope * t;
    fitted.push(f);
    sse += (values[t]! - f) ** 2;
  }
  const p = seasonal ? m + 1 : 2;
  const df = n - p;
  const sd = Math.sqrt(sse / df);
  const h = options.horizon;
  const withIntervals = options.intervals !== false;
  const q80 = withIntervals ? studentTQuantile(0.9, df) : NaN;
  const q95 = withIntervals ? studentTQuantile(0.975, df) : NaN;
  const pointValues: number[] = [];
  const ses: number[] = [];
  for (let i = 1; i <= h; i++) {
    const t0 = n - 1 + i;
    const s = t0 % m;
    pointValues.push(a[s]! + slope * t0);
    ses.push(sd * Math.sqrt(1 + 1 / count[s]! + (t0 - tMean[s]!) ** 2 / w));
  }
  const params: Record<string, number | string | boolean> = { intercept: a[0]!, slope, seasonal, degreesOfFreedom: df };
  if (seasonal) {
    params.seasonalPeriod = m;
    for (let j = 1; j < m; j++) params[`season${j}`] = a[j]! - a[0]!;
  }
  return {
    method: 'LINEAR_REGRESSION',
    variant: seasonal ? 'TREND_SEASONAL' : 'TREND',
    params,
    horizon: h,
    points: buildPoints(pointValues, ses, options.futureLabels, q80, q95),
    fitted,
    residuals: fitted.map((f, i) => values[i]! - f),
    sse,
    sigma: sd,
    intervalMethod: 'OLS_PREDICTION',
  };
}

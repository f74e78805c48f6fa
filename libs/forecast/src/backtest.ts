// Rolling-origin backtest and accuracy metrics.

import { InsufficientHistory, InvalidParameter } from './errors';
import { holtWintersRollingForecasts } from './holtWinters';
import { describeMethod, minHistory, runMethod, type MethodSpec } from './methods';
import { assertFiniteSeries, assertInteger } from './series';

export interface AccuracyMetrics {
  /** Number of (actual, forecast) pairs. */
  count: number;
  /**
   * Mean absolute percentage error, in percent:
   *   MAPE = (100 / |S|) Σ_{i∈S} |y_i − ŷ_i| / |y_i|,  S = { i : y_i ≠ 0 }.
   * Pairs with a zero actual are EXCLUDED (the ratio is undefined) and counted in
   * `zeroActuals`; null when every actual is zero.
   */
  mape: number | null;
  /** Pairs excluded from MAPE because the actual was 0. */
  zeroActuals: number;
  /**
   * Symmetric MAPE, in percent (0 … 200):
   *   sMAPE = (100 / N) Σ 2|y_i − ŷ_i| / (|y_i| + |ŷ_i|),
   * a term with y_i = ŷ_i = 0 counts as 0 (a perfect forecast).
   */
  smape: number;
  /** Root mean squared error √((1/N) Σ (y_i − ŷ_i)²). */
  rmse: number;
  /** Mean absolute error (1/N) Σ |y_i − ŷ_i|. */
  mae: number;
  /**
   * Bias = mean error (1/N) Σ (y_i − ŷ_i) (actual minus forecast, as FPP's "ME"):
   * positive → the method under-forecasts, negative → it over-forecasts.
   */
  bias: number;
}

/** Accuracy of forecasts against actuals (same length). */
export function accuracyMetrics(actuals: readonly number[], forecasts: readonly number[]): AccuracyMetrics {
  const n = actuals.length;
  let sq = 0;
  let abs = 0;
  let err = 0;
  let ape = 0;
  let apeCount = 0;
  let sape = 0;
  for (let i = 0; i < n; i++) {
    const y = actuals[i]!;
    const f = forecasts[i]!;
    const e = y - f;
    sq += e * e;
    abs += Math.abs(e);
    err += e;
    if (y !== 0) {
      ape += Math.abs(e) / Math.abs(y);
      apeCount++;
    }
    const denom = Math.abs(y) + Math.abs(f);
    if (denom > 0) sape += (2 * Math.abs(e)) / denom;
  }
  return {
    count: n,
    mape: apeCount > 0 ? (100 * ape) / apeCount : null,
    zeroActuals: n - apeCount,
    smape: n > 0 ? (100 * sape) / n : 0,
    rmse: n > 0 ? Math.sqrt(sq / n) : 0,
    mae: n > 0 ? abs / n : 0,
    bias: n > 0 ? err / n : 0,
  };
}

export interface BacktestOptions {
  /** Steps ahead forecast from each origin (default 1). */
  horizon?: number;
  /** Smallest training prefix (first origin). Default: the method's minimum history. */
  minTrain?: number;
  /** Last origin to use (default n − horizon). */
  maxOrigin?: number;
  seasonalPeriod?: number;
  /**
   * Warm-start the optimiser of HOLT / HOLT_WINTERS at each origin from the previous origin's
   * optimum instead of the grid (default true; much faster, parameters move little between
   * adjacent origins).
   */
  warmStart?: boolean;
}

export interface BacktestForecast {
  /** Training prefix length: the model was fitted on values[0 … origin−1]. */
  origin: number;
  /** Steps ahead (1 … horizon). */
  step: number;
  actual: number;
  forecast: number;
}

export interface BacktestResult {
  method: MethodSpec['method'];
  /** describeMethod(spec), e.g. "HOLT_WINTERS(MULTIPLICATIVE)". */
  label: string;
  horizon: number;
  /** Origins used: firstOrigin … lastOrigin (training prefix lengths). */
  firstOrigin: number;
  lastOrigin: number;
  origins: number;
  /** Metrics over every (origin, step) pair. */
  metrics: AccuracyMetrics;
  /** Metrics per step ahead (index 0 = 1 step ahead). */
  byHorizon: AccuracyMetrics[];
  forecasts: BacktestForecast[];
}

/**
 * Rolling-origin ("time series cross-validation") backtest: for every origin o = minTrain …
 * n − horizon, fit the method on the prefix values[0 … o−1] (re-estimating its parameters)
 * and forecast values[o … o+horizon−1]. Every origin contributes all `horizon` steps, so each
 * step is weighted equally. Throws InsufficientHistory (needed = minTrain + horizon) when
 * not even one origin exists.
 */
export function backtest(values: readonly number[], spec: MethodSpec, options: BacktestOptions = {}): BacktestResult {
  assertFiniteSeries(values);
  const h = options.horizon ?? 1;
  assertInteger('backtestHorizon', h, 1, 100_000);
  const minTrain = options.minTrain ?? minHistory(spec, options.seasonalPeriod);
  assertInteger('minTrain', minTrain, 1);
  const n = values.length;
  const lastOrigin = Math.min(n - h, options.maxOrigin ?? Infinity);
  if (lastOrigin < minTrain) throw new InsufficientHistory(describeMethod(spec), minTrain + h, n);
  const warm = options.warmStart ?? true;
  const forecasts: BacktestForecast[] = [];
  const actualsByStep: number[][] = Array.from({ length: h }, () => []);
  const forecastsByStep: number[][] = Array.from({ length: h }, () => []);
  const record = (o: number, point: (j: number) => number): void => {
    for (let j = 1; j <= h; j++) {
      const actual = values[o + j - 1]!;
      const forecast = point(j);
      forecasts.push({ origin: o, step: j, actual, forecast });
      actualsByStep[j - 1]!.push(actual);
      forecastsByStep[j - 1]!.push(forecast);
    }
  };
  if (spec.method === 'HOLT_WINTERS') {
    // Same forecasts as refitting holtWinters on every prefix, without per-origin copies, fitted
    // values or intervals, and with the initial state (first two seasons) computed once.
    const seasonalPeriod = options.seasonalPeriod;
    if (seasonalPeriod === undefined) throw new InvalidParameter('seasonalPeriod', 'a seasonal method needs the seasonal period (granularity)');
    const rolling = holtWintersRollingForecasts(values, { seasonalPeriod, seasonality: spec.seasonality, alpha: spec.alpha, beta: spec.beta, gamma: spec.gamma, horizon: h, firstOrigin: minTrain, lastOrigin, warmStart: warm });
    for (const r of rolling) record(r.origin, (j) => r.points[j - 1]!);
  } else {
    let start: Record<string, number | string | boolean> | undefined;
    for (let o = minTrain; o <= lastOrigin; o++) {
      const r = runMethod(values.slice(0, o), spec, { horizon: h, seasonalPeriod: options.seasonalPeriod, start: warm ? start : undefined, intervals: false });
      if (warm && r.optimised) start = r.params;
      record(o, (j) => r.points[j - 1]!.value);
    }
  }
  return {
    method: spec.method,
    label: describeMethod(spec),
    horizon: h,
    firstOrigin: minTrain,
    lastOrigin,
    origins: lastOrigin - minTrain + 1,
    metrics: accuracyMetrics(
      forecasts.map((f) => f.actual),
      forecasts.map((f) => f.forecast),
    ),
    byHorizon: actualsByStep.map((a, i) => accuracyMetrics(a, forecastsByStep[i]!)),
    forecasts,
  };
}

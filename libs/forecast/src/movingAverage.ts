// MOVING_AVERAGE: the forecast for every future period is the mean of the last k observations.

import { InsufficientHistory } from './errors';
import { buildPoints, empiricalStandardErrors } from './intervals';
import { assertFiniteSeries, assertInteger } from './series';
import type { ForecastResult } from './types';

export interface MovingAverageOptions {
  /** Window k (number of most recent periods averaged). Default 3. */
  window?: number;
  horizon: number;
  /** Labels of the future periods (optional). */
  futureLabels?: readonly string[];
  /** Compute prediction intervals (default true). The backtest passes false: bounds and standard errors are then NaN. */
  intervals?: boolean;
}

/** History needed: k observations for the forecast plus one to have an in-sample residual. */
export function movingAverageMinHistory(window = 3): number {
  return window + 1;
}

/**
 * ŷ_{t} = (1/k) Σ_{j=1..k} y_{t−j} for t ≥ k (one-step-ahead in-sample fits); the forecast
 * for every h is ŷ_{n+h} = (1/k) Σ_{j=0..k−1} y_{n−1−j} (0-based, flat).
 *
 * Intervals: EMPIRICAL_BY_HORIZON (see intervals.ts) — the h-step error from origin o is
 * y_{o+h−1} − mean(y_{o−k..o−1}).
 */
export function movingAverage(values: readonly number[], options: MovingAverageOptions): ForecastResult {
  const k = options.window ?? 3;
  assertFiniteSeries(values);
  assertInteger('window', k, 1, 10_000);
  assertInteger('horizon', options.horizon, 1, 100_000);
  const n = values.length;
  const needed = movingAverageMinHistory(k);
  if (n < needed) throw new InsufficientHistory('MOVING_AVERAGE', needed, n);
  const h = options.horizon;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + values[i]!;
  const meanBefore = (o: number): number => (prefix[o]! - prefix[o - k]!) / k; // mean of y[o-k..o-1]
  const fitted: (number | null)[] = new Array(n).fill(null);
  const residuals: (number | null)[] = new Array(n).fill(null);
  let sse = 0;
  for (let t = k; t < n; t++) {
    const f = meanBefore(t);
    fitted[t] = f;
    residuals[t] = values[t]! - f;
    sse += (values[t]! - f) ** 2;
  }
  const nRes = n - k;
  const sums = new Array<number>(h).fill(0);
  const counts = new Array<number>(h).fill(0);
  for (let o = k; o < n && options.intervals !== false; o++) {
    const f = meanBefore(o);
    for (let j = 1; j <= h && o + j - 1 < n; j++) {
      sums[j - 1]! += (values[o + j - 1]! - f) ** 2;
      counts[j - 1]!++;
    }
  }
  const forecast = meanBefore(n);
  const ses = options.intervals === false ? new Array<number>(h).fill(NaN) : empiricalStandardErrors(sums, counts, h);
  return {
    method: 'MOVING_AVERAGE',
    params: { window: k },
    horizon: h,
    points: buildPoints(new Array<number>(h).fill(forecast), ses, options.futureLabels),
    fitted,
    residuals,
    sse,
    sigma: Math.sqrt(sse / nRes),
    intervalMethod: 'EMPIRICAL_BY_HORIZON',
  };
}

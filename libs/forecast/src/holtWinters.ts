// HOLT_WINTERS: level + additive trend + additive or multiplicative seasonality.

import { InsufficientHistory, InvalidParameter, InvalidSeries } from './errors';
import { buildPoints, empiricalStandardErrors } from './intervals';
import { assertFiniteSeries, assertInRange, assertInteger } from './series';
import { nelderMead } from './stats';
import type { ForecastResult, Seasonality } from './types';

export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
}

export interface HoltWintersOptions {
  /** Seasonal period m ≥ 2 (12 monthly, 52 weekly, 4 quarterly). */
  seasonalPeriod: number;
  /** Default ADDITIVE. MULTIPLICATIVE requires every value > 0. */
  seasonality?: Seasonality;
  alpha?: number;
  beta?: number;
  gamma?: number;
  horizon: number;
  futureLabels?: readonly string[];
  /** Compute prediction intervals (default true). The backtest passes false: bounds and standard errors are then NaN. */
  intervals?: boolean;
  /** Starting point for the optimiser (e.g. the optimum at the previous backtest origin); skips the grid. */
  start?: HoltWintersParams;
}

/** History needed: two full seasons to initialise from, plus two one-step residuals. */
export function holtWintersMinHistory(seasonalPeriod: number): number {
  return 2 * seasonalPeriod + 2;
}

export interface HoltWintersInitialState {
  /** Level ℓ_{m−1} at the end of the first season. */
  level: number;
  /** Trend b_{m−1}. */
  trend: number;
  /** Seasonal components s_0 … s_{m−1} of the first season (sum 0 additive, mean 1 multiplicative). */
  seasonals: number[];
}

/**
 * Initial state by classical decomposition of the first two seasons (2m values) — the scheme
 * of R's stats::HoltWinters (start.periods = 2), stated here in full:
 *
 * 1. Trend T_t: centred moving average of order m (a 2×m MA when m is even:
 *    T_t = (½y_{t−m/2} + y_{t−m/2+1} + … + y_{t+m/2−1} + ½y_{t+m/2}) / m; a plain m-MA when m is
 *    odd), defined for t = ⌊m/2⌋ … 2m−1−⌊m/2⌋.
 * 2. Detrended values d_t = y_t − T_t (additive) or y_t / T_t (multiplicative).
 * 3. Seasonal figure S_j = mean of d_t over t ≡ j (mod m), normalised to sum 0 (additive) or
 *    mean 1 (multiplicative); s_j = S_j for j = 0 … m−1.
 * 4. Least-squares line T_t ≈ a + b·t over the defined trend values; trend b_{m−1} = b and level
 *    ℓ_{m−1} = a + b·(m−1), the line's value at the last period of the first season. (R uses
 *    the same regression but anchors the starting level at the line's intercept, so fitted
 *    values differ slightly from R's; the recursions run from t = m in both.)
 */
export function holtWintersInitialState(values: readonly number[], m: number, seasonality: Seasonality): HoltWintersInitialState {
  const mult = seasonality === 'MULTIPLICATIVE';
  const cma = centredMovingAverage(values.slice(0, 2 * m), m);
  const ts: number[] = [];
  const trendValues: number[] = [];
  cma.forEach((v, t) => {
    if (v !== null) {
      ts.push(t);
      trendValues.push(v);
    }
  });
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    const tr = trendValues[i]!;
    if (mult && !(tr > 0)) throw new InvalidSeries('multiplicative seasonality needs a positive trend in the first two seasons', { index: t });
    sums[t % m]! += mult ? values[t]! / tr : values[t]! - tr;
    counts[t % m]!++;
  }
  const figure = sums.map((s, j) => s / counts[j]!);
  const mean = figure.reduce((a, b) => a + b, 0) / m;
  const seasonals = figure.map((f) => (mult ? f / mean : f - mean));
  const k = ts.length;
  const tBar = ts.reduce((a, b) => a + b, 0) / k;
  const yBar = trendValues.reduce((a, b) => a + b, 0) / k;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < k; i++) {
    sxy += (ts[i]! - tBar) * (trendValues[i]! - yBar);
    sxx += (ts[i]! - tBar) ** 2;
  }
  const b = sxx > 0 ? sxy / sxx : 0;
  const a = yBar - b * tBar;
  return { level: a + b * (m - 1), trend: b, seasonals };
}

/**
 * Centred moving average of order m, as in classical decomposition: for even m the 2×m MA
 * T_t = (½y_{t−m/2} + y_{t−m/2+1} + … + y_{t+m/2−1} + ½y_{t+m/2}) / m, for odd m the m-MA
 * T_t = (y_{t−⌊m/2⌋} + … + y_{t+⌊m/2⌋}) / m; null where the window does not fit.
 */
export function centredMovingAverage(values: readonly number[], m: number): (number | null)[] {
  const half = Math.floor(m / 2);
  return values.map((_, t) => {
    if (t - half < 0 || t + half >= values.length) return null;
    let s = 0;
    if (m % 2 === 0) {
      s = 0.5 * values[t - half]! + 0.5 * values[t + half]!;
      for (let j = t - half + 1; j <= t + half - 1; j++) s += values[j]!;
    } else for (let j = t - half; j <= t + half; j++) s += values[j]!;
    return s / m;
  });
}

interface HwTrace {
  fitted: Float64Array;
  level: Float64Array;
  trend: Float64Array;
  season: Float64Array;
}

/** Final state of a run: ℓ_{n−1}, b_{n−1}; the ring holds the latest seasonal component of each position t mod m. */
interface HwEnd {
  level: number;
  trend: number;
}

/**
 * The recursions over values[0 … n−1], for t = m … n−1 (0-based), additive:
 *   ŷ_t = ℓ_{t−1} + b_{t−1} + s_{t−m}
 *   ℓ_t = α(y_t − s_{t−m}) + (1−α)(ℓ_{t−1} + b_{t−1})
 *   b_t = β(ℓ_t − ℓ_{t−1}) + (1−β)b_{t−1}
 *   s_t = γ(y_t − ℓ_t) + (1−γ)s_{t−m}
 * multiplicative: ŷ_t = (ℓ_{t−1} + b_{t−1})·s_{t−m}, ℓ_t = α·y_t/s_{t−m} + (1−α)(ℓ_{t−1} + b_{t−1}),
 *   s_t = γ·y_t/ℓ_t + (1−γ)s_{t−m}.
 * Returns SSE = Σ_{t=m}^{n−1}(y_t − ŷ_t)² (Infinity if the recursion breaks down) and, via the
 * optional trace / end, the states. `n` lets the backtest run on a prefix without copying it.
 */
function run(
  values: readonly number[],
  n: number,
  m: number,
  mult: boolean,
  alpha: number,
  beta: number,
  gamma: number,
  init: HoltWintersInitialState,
  ring: Float64Array,
  trace?: HwTrace,
  end?: HwEnd,
): number {
  for (let j = 0; j < m; j++) ring[j] = init.seasonals[j]!;
  let level = init.level;
  let trend = init.trend;
  if (trace) {
    trace.level[m - 1] = level;
    trace.trend[m - 1] = trend;
    for (let j = 0; j < m; j++) trace.season[j] = ring[j]!;
  }
  let sse = 0;
  let pos = 0; // t mod m, t starting at m
  for (let t = m; t < n; t++, pos = pos + 1 === m ? 0 : pos + 1) {
    const y = values[t]!;
    const s = ring[pos]!;
    const base = level + trend;
    let f: number;
    let newLevel: number;
    if (mult) {
      f = base * s;
      newLevel = (alpha * y) / s + (1 - alpha) * base;
      ring[pos] = (gamma * y) / newLevel + (1 - gamma) * s;
    } else {
      f = base + s;
      newLevel = alpha * (y - s) + (1 - alpha) * base;
      ring[pos] = gamma * (y - newLevel) + (1 - gamma) * s;
    }
    trend = beta * (newLevel - level) + (1 - beta) * trend;
    level = newLevel;
    const e = y - f;
    sse += e * e;
    if (trace) {
      trace.fitted[t] = f;
      trace.level[t] = level;
      trace.trend[t] = trend;
      trace.season[t] = ring[pos]!;
    }
  }
  if (end) {
    end.level = level;
    end.trend = trend;
  }
  return Number.isFinite(sse) ? sse : Infinity;
}

const LOWER = [1e-4, 0, 0];
const UPPER = [1, 1, 1];
const GRID = [
  [0.1, 0.3, 0.5, 0.8],
  [0.01, 0.1, 0.3],
  [0.05, 0.3, 0.6, 0.9],
];

/**
 * Parameters minimising SSE over [1e-4,1]×[0,1]×[0,1]: the free parameters are searched on a
 * coarse grid (α ∈ {.1,.3,.5,.8}, β ∈ {.01,.1,.3}, γ ∈ {.05,.3,.6,.9}), then refined by
 * Nelder–Mead (≤ 400 SSE evaluations; stops when the simplex is within 1e-4 in every
 * parameter or its SSEs agree to 1e-9 relative). Given parameters stay fixed.
 */
function optimise(values: readonly number[], n: number, m: number, mult: boolean, init: HoltWintersInitialState, fixed: Partial<HoltWintersParams>, ring: Float64Array, start?: HoltWintersParams): HoltWintersParams {
  const names = ['alpha', 'beta', 'gamma'] as const;
  const free = names.map((nm, i) => (fixed[nm] === undefined ? i : -1)).filter((i) => i >= 0);
  // The full parameter vector, free entries overwritten per evaluation (no allocation per SSE).
  const p = [fixed.alpha ?? 0, fixed.beta ?? 0, fixed.gamma ?? 0];
  const f = (x: readonly number[]): number => {
    for (let k = 0; k < free.length; k++) p[free[k]!] = x[k]!;
    return run(values, n, m, mult, p[0]!, p[1]!, p[2]!, init, ring);
  };
  let x0: number[];
  if (start) x0 = free.map((i) => start[names[i]!]);
  else {
    let best = Infinity;
    x0 = free.map((i) => GRID[i]![0]!);
    const cur = new Array<number>(free.length).fill(0);
    const rec = (k: number): void => {
      if (k === free.length) {
        const s = f(cur);
        if (s < best) {
          best = s;
          x0 = [...cur];
        }
        return;
      }
      for (const v of GRID[free[k]!]!) {
        cur[k] = v;
        rec(k + 1);
      }
    };
    rec(0);
  }
  const r = nelderMead(f, x0, { lower: free.map((i) => LOWER[i]!), upper: free.map((i) => UPPER[i]!), step: start ? 0.05 : 0.1, maxEvaluations: 400, tolerance: 1e-9, xTolerance: 1e-4 });
  const v = [fixed.alpha ?? 0, fixed.beta ?? 0, fixed.gamma ?? 0];
  free.forEach((idx, k) => (v[idx] = r.x[k]!));
  return { alpha: v[0]!, beta: v[1]!, gamma: v[2]! };
}

function checkOptions(options: { seasonalPeriod: number; alpha?: number; beta?: number; gamma?: number; seasonality?: Seasonality; horizon: number }): { m: number; seasonality: Seasonality; mult: boolean } {
  const m = options.seasonalPeriod;
  assertInteger('seasonalPeriod', m, 2, 366);
  assertInteger('horizon', options.horizon, 1, 100_000);
  if (options.alpha !== undefined) assertInRange('alpha', options.alpha, 1e-4, 1);
  if (options.beta !== undefined) assertInRange('beta', options.beta, 0, 1);
  if (options.gamma !== undefined) assertInRange('gamma', options.gamma, 0, 1);
  const seasonality = options.seasonality ?? 'ADDITIVE';
  if (seasonality !== 'ADDITIVE' && seasonality !== 'MULTIPLICATIVE') throw new InvalidParameter('seasonality', `unknown seasonality ${String(seasonality)}`);
  return { m, seasonality, mult: seasonality === 'MULTIPLICATIVE' };
}

function checkPositive(values: readonly number[], n: number): void {
  for (let i = 0; i < n; i++) {
    if (!(values[i]! > 0)) throw new InvalidSeries(`multiplicative seasonality needs positive values; value at index ${i} is ${values[i]}`, { index: i });
  }
}

/**
 * Point forecasts of Holt-Winters fitted on every prefix values[0 … o−1], o = firstOrigin …
 * lastOrigin, as the rolling-origin backtest needs them: exactly holtWinters(values.slice(0, o),
 * { ...options, intervals: false }).points (values) and .params at each origin, without what the
 * backtest does not use (fitted values, intervals, copies of the prefix). The initial state
 * depends only on the first two seasons, so it is computed once for all origins. `warmStart`:
 * each origin's optimiser starts from the previous origin's optimum (as the backtest's warm start).
 */
export function holtWintersRollingForecasts(
  values: readonly number[],
  options: Omit<HoltWintersOptions, 'futureLabels' | 'intervals' | 'start'> & { firstOrigin: number; lastOrigin: number; warmStart: boolean; start?: HoltWintersParams },
): { origin: number; points: number[]; params: HoltWintersParams }[] {
  assertFiniteSeries(values);
  const { m, seasonality, mult } = checkOptions(options);
  const needed = holtWintersMinHistory(m);
  const { firstOrigin, lastOrigin } = options;
  if (firstOrigin < needed) throw new InsufficientHistory('HOLT_WINTERS', needed, firstOrigin);
  if (lastOrigin > values.length) throw new InvalidParameter('lastOrigin', `lastOrigin ${lastOrigin} is past the series (${values.length})`);
  if (mult) checkPositive(values, lastOrigin);
  const init = holtWintersInitialState(values, m, seasonality);
  const fixed = { alpha: options.alpha, beta: options.beta, gamma: options.gamma };
  const optimised = fixed.alpha === undefined || fixed.beta === undefined || fixed.gamma === undefined;
  const ring = new Float64Array(m);
  const end: HwEnd = { level: 0, trend: 0 };
  const h = options.horizon;
  const out: { origin: number; points: number[]; params: HoltWintersParams }[] = [];
  let start = options.start;
  for (let o = firstOrigin; o <= lastOrigin; o++) {
    const params = optimised ? optimise(values, o, m, mult, init, fixed, ring, start) : (fixed as HoltWintersParams);
    const sse = run(values, o, m, mult, params.alpha, params.beta, params.gamma, init, ring, undefined, end);
    if (!Number.isFinite(sse)) throw new InvalidSeries('Holt-Winters recursion diverged for this series', { seasonality });
    const points: number[] = [];
    for (let j = 1; j <= h; j++) {
      // The latest seasonal component of position (o−1+j) mod m, as s_{o−1+j−m⌈j/m⌉}.
      const s = ring[(o - 1 + j) % m]!;
      const base = end.level + j * end.trend;
      points.push(mult ? base * s : base + s);
    }
    out.push({ origin: o, points, params });
    if (options.warmStart && optimised) start = params;
  }
  return out;
}

/**
 * Holt-Winters forecasting. Forecasts from the final state (ℓ_n, b_n and the last m seasonal
 * components): ŷ_{n+h} = ℓ_n + h·b_n + s_{n+h−m·⌈h/m⌉} (additive) or (ℓ_n + h·b_n)·s_{…}
 * (multiplicative).
 *
 * Intervals:
 * - ADDITIVE → ANALYTIC. Additive Holt-Winters equals ETS(A,A,A) with β* = αβ and
 *   γ* = γ(1−α), whose h-step variance is σ_h² = σ²(1 + Σ_{j=1}^{h−1} c_j²) with
 *   c_j = α(1 + jβ) + γ(1−α)·[j mod m = 0] (Hyndman, Koehler, Ord & Snyder 2008, ch. 6;
 *   FPP2 ch. 7, Table 7.8). σ² = SSE / (n−m).
 * - MULTIPLICATIVE → EMPIRICAL_BY_HORIZON (intervals.ts): RMS of the fitted model's in-sample
 *   h-step-ahead errors from every origin t ≥ m−1, normal quantiles. (No closed form exists
 *   for this class; this is an approximation that tracks the observed error growth.)
 */
export function holtWinters(values: readonly number[], options: HoltWintersOptions): ForecastResult {
  assertFiniteSeries(values);
  const { m, seasonality, mult } = checkOptions(options);
  const n = values.length;
  const needed = holtWintersMinHistory(m);
  if (n < needed) throw new InsufficientHistory('HOLT_WINTERS', needed, n);
  if (mult) checkPositive(values, n);
  const init = holtWintersInitialState(values, m, seasonality);
  const fixed = { alpha: options.alpha, beta: options.beta, gamma: options.gamma };
  const optimised = fixed.alpha === undefined || fixed.beta === undefined || fixed.gamma === undefined;
  const ring = new Float64Array(m);
  const params: HoltWintersParams = optimised ? optimise(values, n, m, mult, init, fixed, ring, options.start) : (fixed as HoltWintersParams);
  const trace: HwTrace = { fitted: new Float64Array(n), level: new Float64Array(n), trend: new Float64Array(n), season: new Float64Array(n) };
  const sse = run(values, n, m, mult, params.alpha, params.beta, params.gamma, init, ring, trace);
  if (!Number.isFinite(sse)) throw new InvalidSeries('Holt-Winters recursion diverged for this series', { seasonality });
  const fitted: (number | null)[] = [];
  const residuals: (number | null)[] = [];
  for (let t = 0; t < n; t++) {
    fitted.push(t < m ? null : trace.fitted[t]!);
    residuals.push(t < m ? null : values[t]! - trace.fitted[t]!);
  }
  const level = trace.level[n - 1]!;
  const trend = trace.trend[n - 1]!;
  const h = options.horizon;
  const forecastFrom = (o: number, j: number): number => {
    // state after time o (o ≥ m−1), j steps ahead
    const s = trace.season[o + j - m * Math.ceil(j / m)]!;
    const base = trace.level[o]! + j * trace.trend[o]!;
    return mult ? base * s : base + s;
  };
  const pointValues = Array.from({ length: h }, (_, i) => forecastFrom(n - 1, i + 1));
  const sigma = Math.sqrt(sse / (n - m));
  let ses: number[];
  if (options.intervals === false) ses = new Array<number>(h).fill(NaN);
  else if (!mult) {
    ses = [];
    let acc = 1;
    for (let j = 1; j <= h; j++) {
      ses.push(sigma * Math.sqrt(acc));
      const c = params.alpha * (1 + j * params.beta) + (j % m === 0 ? params.gamma * (1 - params.alpha) : 0);
      acc += c * c;
    }
  } else {
    const sums = new Array<number>(h).fill(0);
    const counts = new Array<number>(h).fill(0);
    for (let o = m - 1; o < n - 1; o++) {
      for (let j = 1; j <= h && o + j < n; j++) {
        sums[j - 1]! += (values[o + j]! - forecastFrom(o, j)) ** 2;
        counts[j - 1]!++;
      }
    }
    ses = empiricalStandardErrors(sums, counts, h);
  }
  return {
    method: 'HOLT_WINTERS',
    variant: seasonality,
    params: { alpha: params.alpha, beta: params.beta, gamma: params.gamma, seasonalPeriod: m, seasonality, level, trend },
    optimised,
    horizon: h,
    points: buildPoints(pointValues, ses, options.futureLabels),
    fitted,
    residuals,
    sse,
    sigma,
    intervalMethod: mult ? 'EMPIRICAL_BY_HORIZON' : 'ANALYTIC',
  };
}

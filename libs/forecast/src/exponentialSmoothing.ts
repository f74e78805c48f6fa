// EXPONENTIAL_SMOOTHING (simple) and HOLT (additive trend).

import { InsufficientHistory } from './errors';
import { buildPoints } from './intervals';
import { assertFiniteSeries, assertInRange, assertInteger } from './series';
import { goldenSection, nelderMead } from './stats';
import type { ForecastResult } from './types';

// ---------------------------------------------------------------- simple exponential smoothing

export interface SesOptions {
  /** Smoothing constant α in (0, 1]; optimised by SSE when omitted. */
  alpha?: number;
  horizon: number;
  futureLabels?: readonly string[];
}

/** History needed by SES: two one-step residuals to optimise α on. */
export const SES_MIN_HISTORY = 3;

const ALPHA_MIN = 1e-4;

/**
 * Level recursion with the NIST/SEMATECH e-Handbook §6.4.3.1 initialisation (S₂ = y₁, i.e. the
 * level after the first observation is the observation itself; same as R's HoltWinters with
 * beta = FALSE, gamma = FALSE):
 *
 *   ℓ₀ = y₀,   ŷ_t = ℓ_{t−1},   ℓ_t = α·y_t + (1−α)·ℓ_{t−1}   (t = 1..n−1, 0-based)
 *
 * SSE = Σ_{t=1}^{n−1} (y_t − ŷ_t)². Returns the final level (the flat forecast).
 */
export function sesSse(values: readonly number[], alpha: number): { sse: number; level: number } {
  let level = values[0]!;
  let sse = 0;
  for (let t = 1; t < values.length; t++) {
    const e = values[t]! - level;
    sse += e * e;
    level += alpha * e;
  }
  return { sse, level };
}

/**
 * α minimising SSE on [1e-4, 1]: evaluate a grid (0.01, 0.05, 0.10, …, 1.00), then refine by
 * golden-section search on the bracket [best − 0.05, best + 0.05] (tolerance 1e-7).
 */
export function optimiseSesAlpha(values: readonly number[]): number {
  const grid = [0.01, ...Array.from({ length: 20 }, (_, i) => (i + 1) * 0.05)];
  let best = grid[0]!;
  let bestSse = Infinity;
  for (const a of grid) {
    const s = sesSse(values, a).sse;
    if (s < bestSse) {
      bestSse = s;
      best = a;
    }
  }
  const r = goldenSection((a) => sesSse(values, a).sse, Math.max(ALPHA_MIN, best - 0.05), Math.min(1, best + 0.05), 1e-7);
  return r.value <= bestSse ? r.x : best;
}

/**
 * Simple exponential smoothing. Forecast ŷ_{n+h} = ℓ_n for all h.
 *
 * Intervals (ANALYTIC, Hyndman & Athanasopoulos, Forecasting: Principles and Practice, 2nd ed., ch. 7 "Forecasting with ETS models", Table 7.8, ETS(A,N,N)):
 *   σ_h² = σ²·(1 + (h−1)·α²),   σ² = SSE / (n−1) (mean squared one-step residual).
 */
export function simpleExponentialSmoothing(values: readonly number[], options: SesOptions): ForecastResult {
  assertFiniteSeries(values);
  assertInteger('horizon', options.horizon, 1, 100_000);
  if (options.alpha !== undefined) assertInRange('alpha', options.alpha, ALPHA_MIN, 1);
  const n = values.length;
  if (n < SES_MIN_HISTORY) throw new InsufficientHistory('EXPONENTIAL_SMOOTHING', SES_MIN_HISTORY, n);
  const alpha = options.alpha ?? optimiseSesAlpha(values);
  const fitted: (number | null)[] = [null];
  const residuals: (number | null)[] = [null];
  let level = values[0]!;
  let sse = 0;
  for (let t = 1; t < n; t++) {
    fitted.push(level);
    const e = values[t]! - level;
    residuals.push(e);
    sse += e * e;
    level += alpha * e;
  }
  const sigma = Math.sqrt(sse / (n - 1));
  const h = options.horizon;
  const ses = Array.from({ length: h }, (_, i) => sigma * Math.sqrt(1 + i * alpha * alpha));
  return {
    method: 'EXPONENTIAL_SMOOTHING',
    params: { alpha, level },
    optimised: options.alpha === undefined,
    horizon: h,
    points: buildPoints(new Array<number>(h).fill(level), ses, options.futureLabels),
    fitted,
    residuals,
    sse,
    sigma,
    intervalMethod: 'ANALYTIC',
  };
}

// ---------------------------------------------------------------- Holt (additive trend)

export interface HoltOptions {
  alpha?: number;
  beta?: number;
  horizon: number;
  futureLabels?: readonly string[];
  /** Starting point for the optimiser (e.g. the optimum of a previous backtest origin); skips the grid. */
  start?: { alpha: number; beta: number };
}

/** History needed by Holt: two observations to initialise, two residuals to fit on. */
export const HOLT_MIN_HISTORY = 4;

/**
 * Holt's linear trend with R HoltWinters(gamma = FALSE) initialisation:
 *   ℓ₁ = y₁, b₁ = y₁ − y₀ (0-based); for t = 2..n−1:
 *   ŷ_t = ℓ_{t−1} + b_{t−1};  ℓ_t = α·y_t + (1−α)(ℓ_{t−1} + b_{t−1});  b_t = β(ℓ_t − ℓ_{t−1}) + (1−β)·b_{t−1}.
 */
export function holtSse(values: readonly number[], alpha: number, beta: number): { sse: number; level: number; trend: number } {
  let level = values[1]!;
  let trend = values[1]! - values[0]!;
  let sse = 0;
  for (let t = 2; t < values.length; t++) {
    const f = level + trend;
    const e = values[t]! - f;
    sse += e * e;
    const newLevel = f + alpha * e;
    trend = beta * (newLevel - level) + (1 - beta) * trend;
    level = newLevel;
  }
  return { sse, level, trend };
}

function optimiseHolt(values: readonly number[], start?: { alpha: number; beta: number }): { alpha: number; beta: number } {
  const f = (p: number[]): number => holtSse(values, p[0]!, p[1]!).sse;
  let x0 = start ? [start.alpha, start.beta] : [0.5, 0.1];
  if (!start) {
    let best = Infinity;
    for (const a of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      for (const b of [0.01, 0.1, 0.3, 0.6]) {
        const s = f([a, b]);
        if (s < best) {
          best = s;
          x0 = [a, b];
        }
      }
    }
  }
  const r = nelderMead(f, x0, { lower: [ALPHA_MIN, 0], upper: [1, 1], step: start ? 0.05 : 0.1, maxEvaluations: 300, tolerance: 1e-9, xTolerance: 1e-4 });
  return { alpha: r.x[0]!, beta: r.x[1]! };
}

/**
 * Holt's additive-trend method. Forecast ŷ_{n+h} = ℓ_n + h·b_n. Parameters (α, β) ∈ [1e-4,1]×[0,1]
 * minimise SSE: a 5×4 grid, then Nelder–Mead.
 *
 * Intervals (ANALYTIC): the method equals ETS(A,A,N) with β* = α·β, whose h-step variance is
 *   σ_h² = σ²·(1 + Σ_{j=1}^{h−1} c_j²),  c_j = α(1 + j·β)
 * (Hyndman, Koehler, Ord & Snyder 2008, ch. 6, class-1 models), σ² = SSE / (n−2).
 */
export function holt(values: readonly number[], options: HoltOptions): ForecastResult {
  assertFiniteSeries(values);
  assertInteger('horizon', options.horizon, 1, 100_000);
  if (options.alpha !== undefined) assertInRange('alpha', options.alpha, ALPHA_MIN, 1);
  if (options.beta !== undefined) assertInRange('beta', options.beta, 0, 1);
  const n = values.length;
  if (n < HOLT_MIN_HISTORY) throw new InsufficientHistory('HOLT', HOLT_MIN_HISTORY, n);
  let { alpha, beta } = options as { alpha?: number; beta?: number };
  const optimised = alpha === undefined || beta === undefined;
  if (optimised) {
    if (alpha !== undefined || beta !== undefined) {
      // One given, one free: optimise the free one by golden section.
      if (alpha !== undefined) {
        const a = alpha;
        beta = goldenSection((b) => holtSse(values, a, b).sse, 0, 1, 1e-7).x;
      } else {
        const b = beta!;
        alpha = goldenSection((a) => holtSse(values, a, b).sse, ALPHA_MIN, 1, 1e-7).x;
      }
    } else ({ alpha, beta } = optimiseHolt(values, options.start));
  }
  const a = alpha!;
  const b = beta!;
  const fitted: (number | null)[] = [null, null];
  const residuals: (number | null)[] = [null, null];
  let level = values[1]!;
  let trend = values[1]! - values[0]!;
  let sse = 0;
  for (let t = 2; t < n; t++) {
    const f = level + trend;
    const e = values[t]! - f;
    fitted.push(f);
    residuals.push(e);
    sse += e * e;
    const newLevel = f + a * e;
    trend = b * (newLevel - level) + (1 - b) * trend;
    level = newLevel;
  }
  const sigma = Math.sqrt(sse / (n - 2));
  const h = options.horizon;
  const ses: number[] = [];
  let acc = 1;
  for (let i = 1; i <= h; i++) {
    ses.push(sigma * Math.sqrt(acc));
    const c = a * (1 + i * b);
    acc += c * c;
  }
  return {
    method: 'HOLT',
    params: { alpha: a, beta: b, level, trend },
    optimised,
    horizon: h,
    points: buildPoints(Array.from({ length: h }, (_, i) => level + (i + 1) * trend), ses, options.futureLabels),
    fitted,
    residuals,
    sse,
    sigma,
    intervalMethod: 'ANALYTIC',
  };
}

// One entry point over all methods: a method specification, its history requirement, and fitting.

import { InvalidParameter } from './errors';
import { holt, HOLT_MIN_HISTORY, simpleExponentialSmoothing, SES_MIN_HISTORY } from './exponentialSmoothing';
import { holtWinters, holtWintersMinHistory } from './holtWinters';
import { movingAverage, movingAverageMinHistory } from './movingAverage';
import { linearRegression, linearRegressionMinHistory } from './regression';
import type { ForecastResult, Seasonality } from './types';

export type MethodSpec =
  | { method: 'MOVING_AVERAGE'; window?: number }
  | { method: 'EXPONENTIAL_SMOOTHING'; alpha?: number }
  | { method: 'HOLT'; alpha?: number; beta?: number }
  | { method: 'HOLT_WINTERS'; seasonality?: Seasonality; alpha?: number; beta?: number; gamma?: number }
  | { method: 'LINEAR_REGRESSION'; seasonal?: boolean };

export interface RunOptions {
  horizon: number;
  /** Seasonal period m; required for HOLT_WINTERS and seasonal LINEAR_REGRESSION. */
  seasonalPeriod?: number;
  futureLabels?: readonly string[];
  /** Compute prediction intervals (default true; the backtest turns them off). */
  intervals?: boolean;
  /** Optimiser warm start for HOLT / HOLT_WINTERS (used by the backtest). */
  start?: Record<string, number | string | boolean>;
}

/** Short human-readable name, e.g. "HOLT_WINTERS(MULTIPLICATIVE)", "MOVING_AVERAGE(k=3)". */
export function describeMethod(spec: MethodSpec): string {
  switch (spec.method) {
    case 'MOVING_AVERAGE':
      return `MOVING_AVERAGE(k=${spec.window ?? 3})`;
    case 'HOLT_WINTERS':
      return `HOLT_WINTERS(${spec.seasonality ?? 'ADDITIVE'})`;
    case 'LINEAR_REGRESSION':
      return spec.seasonal ? 'LINEAR_REGRESSION(TREND_SEASONAL)' : 'LINEAR_REGRESSION(TREND)';
    default:
      return spec.method;
  }
}

function requirePeriod(seasonalPeriod: number | undefined): number {
  if (seasonalPeriod === undefined) throw new InvalidParameter('seasonalPeriod', 'a seasonal method needs the seasonal period (granularity)');
  return seasonalPeriod;
}

/** Number of observations the method needs to fit (the `needed` of InsufficientHistory). */
export function minHistory(spec: MethodSpec, seasonalPeriod?: number): number {
  switch (spec.method) {
    case 'MOVING_AVERAGE':
      return movingAverageMinHistory(spec.window ?? 3);
    case 'EXPONENTIAL_SMOOTHING':
      return SES_MIN_HISTORY;
    case 'HOLT':
      return HOLT_MIN_HISTORY;
    case 'HOLT_WINTERS':
      return holtWintersMinHistory(requirePeriod(seasonalPeriod));
    case 'LINEAR_REGRESSION':
      return spec.seasonal ? linearRegressionMinHistory(true, requirePeriod(seasonalPeriod)) : linearRegressionMinHistory(false);
  }
}

const num = (v: number | string | boolean | undefined): number | undefined => (typeof v === 'number' ? v : undefined);

/** Fits the method on `values` and forecasts `horizon` periods ahead. */
export function runMethod(values: readonly number[], spec: MethodSpec, options: RunOptions): ForecastResult {
  const { horizon, futureLabels, intervals } = options;
  switch (spec.method) {
    case 'MOVING_AVERAGE':
      return movingAverage(values, { window: spec.window, horizon, futureLabels, intervals });
    case 'EXPONENTIAL_SMOOTHING':
      return simpleExponentialSmoothing(values, { alpha: spec.alpha, horizon, futureLabels });
    case 'HOLT': {
      const s = options.start;
      const start = s && num(s.alpha) !== undefined && num(s.beta) !== undefined ? { alpha: num(s.alpha)!, beta: num(s.beta)! } : undefined;
      return holt(values, { alpha: spec.alpha, beta: spec.beta, horizon, futureLabels, start });
    }
    case 'HOLT_WINTERS': {
      const s = options.start;
      const start = s && num(s.alpha) !== undefined && num(s.beta) !== undefined && num(s.gamma) !== undefined ? { alpha: num(s.alpha)!, beta: num(s.beta)!, gamma: num(s.gamma)! } : undefined;
      return holtWinters(values, { seasonalPeriod: requirePeriod(options.seasonalPeriod), seasonality: spec.seasonality, alpha: spec.alpha, beta: spec.beta, gamma: spec.gamma, horizon, futureLabels, start, intervals });
    }
    case 'LINEAR_REGRESSION':
      return linearRegression(values, { seasonal: spec.seasonal, seasonalPeriod: spec.seasonal ? requirePeriod(options.seasonalPeriod) : undefined, horizon, futureLabels, intervals });
  }
}

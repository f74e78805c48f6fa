// One call for the API layer: a method name (or AUTO) → forecast + backtest.

import { autoForecast, type AutoResult, type SelectionMetric } from './auto';
import type { BacktestResult } from './backtest';
import { InvalidParameter } from './errors';
import type { MethodSpec } from './methods';
import type { ForecastMethod, ForecastResult } from './types';

export type MethodChoice = 'AUTO' | ForecastMethod;

export interface ForecastSeriesOptions {
  /** AUTO, a method name, or a full specification (e.g. { method: 'MOVING_AVERAGE', window: 6 }). */
  method: MethodChoice | MethodSpec;
  horizon: number;
  /** Seasonal period m (seasonalPeriodOf(granularity)); needed by the seasonal methods. */
  seasonalPeriod?: number;
  futureLabels?: readonly string[];
  backtestHorizon?: number;
  metric?: SelectionMetric;
  minBacktestOrigins?: number;
  maxBacktestOrigins?: number;
}

export interface ForecastSeriesResult {
  /** The method used (never AUTO). */
  method: ForecastMethod;
  /** Method with its variant, e.g. "HOLT_WINTERS(MULTIPLICATIVE)". */
  label: string;
  forecast: ForecastResult;
  /** Rolling-origin backtest of the method used. */
  backtest: BacktestResult;
  /** Why this method/variant: the scores of all candidates considered. */
  reason: string;
  selection: AutoResult;
}

/** Candidates behind a method name: the name's variants (the better one by backtest is used). */
export function candidatesFor(method: MethodChoice | MethodSpec, seasonalPeriod?: number): MethodSpec[] | undefined {
  if (typeof method === 'object') return [method];
  switch (method) {
    case 'AUTO':
      return undefined;
    case 'MOVING_AVERAGE':
      return [{ method: 'MOVING_AVERAGE', window: 3 }];
    case 'EXPONENTIAL_SMOOTHING':
      return [{ method: 'EXPONENTIAL_SMOOTHING' }];
    case 'HOLT':
      return [{ method: 'HOLT' }];
    case 'HOLT_WINTERS':
      return [
        { method: 'HOLT_WINTERS', seasonality: 'ADDITIVE' },
        { method: 'HOLT_WINTERS', seasonality: 'MULTIPLICATIVE' },
      ];
    case 'LINEAR_REGRESSION':
      return seasonalPeriod === undefined
        ? [{ method: 'LINEAR_REGRESSION', seasonal: false }]
        : [
            { method: 'LINEAR_REGRESSION', seasonal: false },
            { method: 'LINEAR_REGRESSION', seasonal: true },
          ];
    default:
      throw new InvalidParameter('method', `unknown forecasting method ${String(method)}`);
  }
}

/**
 * Forecast with a measured error. AUTO runs autoForecast over all default candidates; a method
 * name runs the same selection restricted to that method's variants (HOLT_WINTERS: additive vs
 * multiplicative; LINEAR_REGRESSION: trend vs trend + seasonal dummies when a seasonal period
 * is given), so every answer carries its rolling-origin backtest. A method therefore needs its
 * minimum history plus `minBacktestOrigins` (default 3) + backtestHorizon − 1 periods;
 * InsufficientHistory reports that number.
 */
export function forecastSeries(values: readonly number[], options: ForecastSeriesOptions): ForecastSeriesResult {
  const candidates = candidatesFor(options.method, options.seasonalPeriod);
  const errorLabel = typeof options.method === 'object' ? options.method.method : options.method;
  if ((options.method === 'HOLT_WINTERS' || (typeof options.method === 'object' && options.method.method === 'HOLT_WINTERS')) && options.seasonalPeriod === undefined) {
    throw new InvalidParameter('granularity', 'HOLT_WINTERS needs a seasonal period (granularity MONTH or WEEK)');
  }
  const selection = autoForecast(values, {
    horizon: options.horizon,
    seasonalPeriod: options.seasonalPeriod,
    futureLabels: options.futureLabels,
    backtestHorizon: options.backtestHorizon,
    metric: options.metric,
    candidates,
    minBacktestOrigins: options.minBacktestOrigins,
    maxBacktestOrigins: options.maxBacktestOrigins,
    errorLabel,
  });
  return { method: selection.chosen.method, label: selection.label, forecast: selection.forecast, backtest: selection.backtest, reason: selection.reason, selection };
}

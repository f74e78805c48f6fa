// AUTO: choose the method with the best rolling-origin backtest.

import { backtest, type AccuracyMetrics, type BacktestResult } from './backtest';
import { ForecastError, InsufficientHistory } from './errors';
import { describeMethod, minHistory, runMethod, type MethodSpec } from './methods';
import { assertFiniteSeries, assertInteger } from './series';
import type { ForecastResult } from './types';

export type SelectionMetric = 'RMSE' | 'SMAPE' | 'MAPE';

export interface AutoOptions {
  horizon: number;
  /** Seasonal period m; without it the seasonal candidates are skipped. */
  seasonalPeriod?: number;
  futureLabels?: readonly string[];
  /** Steps ahead scored in the backtest (default 1). */
  backtestHorizon?: number;
  /** Selection metric (default RMSE). */
  metric?: SelectionMetric;
  /** Candidates (default defaultCandidates()). */
  candidates?: readonly MethodSpec[];
  /** A candidate is eligible only if it can be backtested on at least this many origins (default 3). */
  minBacktestOrigins?: number;
  /**
   * Use at most this many (the most recent) origins of the common window — caps the cost on long
   * series (e.g. weekly). Default: all.
   */
  maxBacktestOrigins?: number;
  /** Name used in InsufficientHistory errors (default "AUTO"). */
  errorLabel?: string;
}

export interface AutoCandidate {
  spec: MethodSpec;
  label: string;
  /** History the method needs to be fitted once. */
  needed: number;
  eligible: boolean;
  /** Why a candidate was not scored (too little history, domain error, …). */
  reason?: string;
  metrics?: AccuracyMetrics;
  /** Value of the selection metric (lower is better). */
  score?: number;
}

export interface AutoResult {
  chosen: MethodSpec;
  label: string;
  metric: SelectionMetric;
  /** The chosen method fitted on the whole series. */
  forecast: ForecastResult;
  /** The chosen method's backtest over the common evaluation window. */
  backtest: BacktestResult;
  /** Every candidate with its score or the reason it was skipped, in candidate order. */
  candidates: AutoCandidate[];
  /** One-sentence explanation of the choice. */
  reason: string;
}

/** Default candidates, simplest first (ties go to the earlier one). */
export function defaultCandidates(): MethodSpec[] {
  return [
    { method: 'MOVING_AVERAGE', window: 3 },
    { method: 'EXPONENTIAL_SMOOTHING' },
    { method: 'HOLT' },
    { method: 'LINEAR_REGRESSION', seasonal: false },
    { method: 'LINEAR_REGRESSION', seasonal: true },
    { method: 'HOLT_WINTERS', seasonality: 'ADDITIVE' },
    { method: 'HOLT_WINTERS', seasonality: 'MULTIPLICATIVE' },
  ];
}

const isSeasonal = (s: MethodSpec): boolean => s.method === 'HOLT_WINTERS' || (s.method === 'LINEAR_REGRESSION' && s.seasonal === true);

function scoreOf(m: AccuracyMetrics, metric: SelectionMetric): number {
  if (metric === 'RMSE') return m.rmse;
  if (metric === 'SMAPE') return m.smape;
  return m.mape ?? Infinity;
}

/**
 * AUTO selection:
 * 1. A candidate is eligible when the series allows at least `minBacktestOrigins` backtest
 *    origins for it (n ≥ needed + backtestHorizon − 1 + minBacktestOrigins), it is not seasonal
 *    without a seasonal period, and (multiplicative Holt-Winters) every value is positive.
 * 2. All eligible candidates are backtested over the SAME origins — from the largest `needed`
 *    among them (or later, when maxBacktestOrigins caps the window) to n − backtestHorizon — so
 *    the scores are comparable.
 * 3. The lowest score on the selection metric wins (default RMSE: it is on the series' own
 *    scale, is not distorted by zero or near-zero actuals like MAPE, and matches the SSE the
 *    methods are fitted by); ties go to the earlier (simpler) candidate.
 * 4. The winner is refitted on the whole series and forecasts `horizon` periods.
 * Throws InsufficientHistory (needed = the least any candidate needs) when nothing is eligible.
 */
export function autoForecast(values: readonly number[], options: AutoOptions): AutoResult {
  assertFiniteSeries(values);
  assertInteger('horizon', options.horizon, 1, 100_000);
  const bh = options.backtestHorizon ?? 1;
  assertInteger('backtestHorizon', bh, 1, 100_000);
  const minOrigins = options.minBacktestOrigins ?? 3;
  assertInteger('minBacktestOrigins', minOrigins, 1);
  const metric = options.metric ?? 'RMSE';
  const m = options.seasonalPeriod;
  const n = values.length;
  const candidates: AutoCandidate[] = (options.candidates ?? defaultCandidates()).map((spec) => {
    const label = describeMethod(spec);
    if (isSeasonal(spec) && m === undefined) return { spec, label, needed: NaN, eligible: false, reason: 'no seasonal period given' };
    const needed = minHistory(spec, m);
    const required = needed + bh - 1 + minOrigins;
    if (n < required) return { spec, label, needed, eligible: false, reason: `needs ${required} periods for ${minOrigins} backtest origins, got ${n}` };
    if (spec.method === 'HOLT_WINTERS' && spec.seasonality === 'MULTIPLICATIVE' && values.some((v) => !(v > 0))) {
      return { spec, label, needed, eligible: false, reason: 'multiplicative seasonality needs every value > 0' };
    }
    return { spec, label, needed, eligible: true };
  });
  const eligible = candidates.filter((c) => c.eligible);
  if (eligible.length === 0) {
    const least = Math.min(...candidates.filter((c) => Number.isFinite(c.needed)).map((c) => c.needed + bh - 1 + minOrigins));
    throw new InsufficientHistory(options.errorLabel ?? 'AUTO', Number.isFinite(least) ? least : 0, n);
  }
  let firstOrigin = Math.max(...eligible.map((c) => c.needed));
  if (options.maxBacktestOrigins !== undefined) {
    assertInteger('maxBacktestOrigins', options.maxBacktestOrigins, minOrigins);
    firstOrigin = Math.max(firstOrigin, n - bh + 1 - options.maxBacktestOrigins);
  }
  const backtests = new Map<AutoCandidate, BacktestResult>();
  for (const c of eligible) {
    try {
      const bt = backtest(values, c.spec, { horizon: bh, minTrain: firstOrigin, seasonalPeriod: m });
      backtests.set(c, bt);
      c.metrics = bt.metrics;
      c.score = scoreOf(bt.metrics, metric);
    } catch (e) {
      if (!(e instanceof ForecastError)) throw e;
      c.eligible = false;
      c.reason = `failed during backtest: ${e.message}`;
    }
  }
  let best: AutoCandidate | undefined;
  for (const c of candidates) if (c.eligible && c.score !== undefined && Number.isFinite(c.score) && (!best || c.score < best.score!)) best = c;
  if (!best) best = candidates.find((c) => c.eligible && backtests.has(c));
  if (!best) throw new InsufficientHistory(options.errorLabel ?? 'AUTO', firstOrigin + bh, n);
  const bt = backtests.get(best)!;
  const forecast = runMethod(values, best.spec, { horizon: options.horizon, seasonalPeriod: m, futureLabels: options.futureLabels });
  const fmt = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? 'n/a' : String(Number(x.toPrecision(4))));
  const others = candidates
    .filter((c) => c !== best)
    .map((c) => (c.score !== undefined ? `${c.label} ${fmt(c.score)}` : `${c.label} skipped (${c.reason})`))
    .join('; ');
  const reason =
    `${best.label} has the lowest backtest ${metric} (${fmt(best.score)}) over ${bt.origins} rolling origins ` +
    `(training prefixes ${bt.firstOrigin}–${bt.lastOrigin}, ${bh}-step-ahead); others: ${others || 'none'}`;
  return { chosen: best.spec, label: best.label, metric, forecast, backtest: bt, candidates, reason };
}

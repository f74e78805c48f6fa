// Forecast attainment of a target: the actual so far plus a forecast of the rest of the period,
// from the scope's own monthly actuals. Pure: monthly actuals, period, now and target in → figures out.
//
// Rules (documented in the README):
// - History = every complete month before the current month (UTC), from the first month with a
//   non-zero actual, missing months counted as 0.
// - The current month is incomplete: its actual so far counts in actualToDate, and the part of
//   the month still to come is forecast as the month's forecast × the fraction of the month left
//   (value and standard error both scaled).
// - The horizon runs from the current month to the period's last month; months before the period
//   (a future period) are forecast but not counted.
// - Method: AUTO over MOVING_AVERAGE(3), EXPONENTIAL_SMOOTHING, LINEAR_REGRESSION (trend and
//   trend + seasonal) and HOLT_WINTERS (additive and multiplicative) — the methods;
//   HOLT is left out. Monthly seasonal period 12; lowest one-step backtest RMSE wins.
// - Interval of the remainder: sum of the monthly forecasts with σ_sum = Σσ_h (errors of
//   successive months treated as perfectly correlated — the conservative choice), 80%/95%
//   bounds = value ± z·σ_sum; the projected total's bounds are actualToDate + those bounds.
// - Probability of making target: P(actualToDate + remainder ≥ target) under the normal
//   approximation with σ from the interval, a number in [0, 1].
// - Too little history (or a series no candidate can fit): the forecast figures are null and
//   `reason` says how many months are needed. Once the period is over nothing is forecast: the
//   projected total is the actual and the probability is 1 or 0.
import { autoForecast, defaultCandidates, ForecastError, InsufficientHistory, probabilityOfReachingTarget, sumForecast, type ForecastPoint } from '@salesgraph/forecast';
import { monthOf, monthsOf, type Period } from './period';

/** The candidates of AUTO: the methods (HOLT is not one of them). */
export const FORECAST_CANDIDATES = defaultCandidates().filter((c) => c.method !== 'HOLT');
export const SEASONAL_PERIOD = 12;

export interface ForecastAttainmentInput {
  /** Actual per "YYYY-MM" (minor units, or a count); months not present are 0. Months after the current one are ignored. */
  monthly: ReadonlyMap<string, bigint>;
  period: Period;
  now: Date;
  /** Target amount (minor units or a count). */
  target: bigint;
}

export interface ForecastAttainment {
  actualToDate: bigint;
  /** null when no forecast could be made (see reason). */
  forecastRemaining: bigint | null;
  projectedTotal: bigint | null;
  lower80: bigint | null;
  upper80: bigint | null;
  lower95: bigint | null;
  upper95: bigint | null;
  /** P(total ≥ target), 0..1. */
  probability: number | null;
  /** The method used, e.g. "HOLT_WINTERS(ADDITIVE)"; null when nothing was forecast. */
  method: string | null;
  /** Months of history the forecast was fitted on. */
  historyMonths: number;
  /** Months forecast (from the current month to the period's end). */
  horizon: number;
  /** Why the method was chosen, why nothing was forecast, or that the period is over. */
  reason: string | null;
}

export function addMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const year = y + Math.floor(m / 12);
  return `${year}-${String((((m % 12) + 12) % 12) + 1).padStart(2, '0')}`;
}

/** Whole months from `a` to `b` ("YYYY-MM"), b − a. */
export function monthsBetween(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
}

const toBig = (x: number): bigint => BigInt(Math.round(x));

export function forecastAttainment(input: ForecastAttainmentInput): ForecastAttainment {
  const { monthly, period, now, target } = input;
  const current = monthOf(now);
  const periodMonths = monthsOf(period);
  const first = periodMonths[0]!;
  const last = periodMonths[periodMonths.length - 1]!;
  const actualToDate = periodMonths.filter((m) => m <= current).reduce((a, m) => a + (monthly.get(m) ?? 0n), 0n);

  // History: complete months before the current one, from the first with a non-zero actual.
  const past = [...monthly.entries()].filter(([m, v]) => m < current && v !== 0n).map(([m]) => m).sort();
  const history: number[] = [];
  if (past.length) for (let m = past[0]!; m < current; m = addMonths(m, 1)) history.push(Number(monthly.get(m) ?? 0n));

  const done = { actualToDate, historyMonths: history.length };
  if (now.getTime() >= period.end.getTime()) {
    return {
      ...done,
      forecastRemaining: 0n,
      projectedTotal: actualToDate,
      lower80: actualToDate,
      upper80: actualToDate,
      lower95: actualToDate,
      upper95: actualToDate,
      probability: actualToDate >= target ? 1 : 0,
      method: null,
      horizon: 0,
      reason: 'the period is over: the projected total is the actual',
    };
  }
  const horizon = monthsBetween(current, last) + 1;
  let chosen: ReturnType<typeof autoForecast>;
  try {
    chosen = autoForecast(history, { horizon, seasonalPeriod: SEASONAL_PERIOD, candidates: FORECAST_CANDIDATES });
  } catch (e) {
    if (!(e instanceof ForecastError)) throw e;
    const reason =
      e instanceof InsufficientHistory
        ? `too little history: a forecast needs at least ${e.needed} complete months of actuals for this scope and metric, there are ${e.got}`
        : `no forecast: ${e.message}`;
    return { ...done, forecastRemaining: null, projectedTotal: null, lower80: null, upper80: null, lower95: null, upper95: null, probability: null, method: null, horizon, reason };
  }
  // Points that fall in the period; the current month scaled by the part of it still to come.
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const monthEnd = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  const leftOfCurrent = (monthEnd - now.getTime()) / (monthEnd - monthStart);
  const inPeriod: ForecastPoint[] = [];
  chosen.forecast.points.forEach((p, i) => {
    const month = addMonths(current, i);
    if (month < first || month > last) return;
    const f = i === 0 ? leftOfCurrent : 1;
    inPeriod.push({ ...p, value: p.value * f, standardError: p.standardError * f, lower80: p.lower80 * f, upper80: p.upper80 * f, lower95: p.lower95 * f, upper95: p.upper95 * f });
  });
  const rest = sumForecast(inPeriod);
  const actual = Number(actualToDate);
  const { probability } = probabilityOfReachingTarget({ actualSoFar: actual, remaining: rest, target: Number(target) });
  const remaining = toBig(rest.value);
  return {
    ...done,
    forecastRemaining: remaining,
    projectedTotal: actualToDate + remaining,
    lower80: actualToDate + toBig(rest.lower80!),
    upper80: actualToDate + toBig(rest.upper80!),
    lower95: actualToDate + toBig(rest.lower95!),
    upper95: actualToDate + toBig(rest.upper95!),
    probability,
    method: chosen.label,
    horizon,
    reason: chosen.reason,
  };
}

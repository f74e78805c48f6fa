import { describe, expect, it } from 'vitest';
import { addMonths, FORECAST_CANDIDATES, forecastAttainment, monthsBetween } from './forecast-attainment';
import { parsePeriod } from './period';

/** Monthly actuals from `from` for `count` months, value(t) for t = 0, 1, … */
function series(from: string, count: number, value: (t: number) => number): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (let t = 0; t < count; t++) out.set(addMonths(from, t), BigInt(Math.round(value(t))));
  return out;
}
const linear = (t: number) => 100_000 + 1_000 * t;
const sumT = (from: number, to: number, f: (t: number) => number) => {
  let s = 0;
  for (let t = from; t <= to; t++) s += f(t);
  return s;
};
const year = parsePeriod('2027');

describe('month arithmetic', () => {
  it('adds months across years and counts months between', () => {
    expect(addMonths('2027-11', 3)).toBe('2028-02');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(monthsBetween('2025-01', '2027-09')).toBe(32);
  });
});

describe('forecastAttainment', () => {
  it('uses the issue methods only: AUTO never considers HOLT', () => {
    const methods = FORECAST_CANDIDATES.map((c) => c.method);
    expect(methods).not.toContain('HOLT');
    expect(new Set(methods)).toEqual(new Set(['MOVING_AVERAGE', 'EXPONENTIAL_SMOOTHING', 'LINEAR_REGRESSION', 'HOLT_WINTERS']));
  });

  it('on an exact linear trend: actual so far + the trend for the remaining months', () => {
    // 2025-01 … 2027-08 (t = 0 … 31) complete; now is the first instant of 2027-09 (t = 32).
    const monthly = series('2025-01', 32, linear);
    const target = 1_554_000n;
    const f = forecastAttainment({ monthly, period: year, now: new Date('2027-09-01T00:00:00Z'), target });
    const actual = sumT(24, 31, linear); // 2027-01 … 2027-08
    const rest = sumT(32, 35, linear); // 2027-09 … 2027-12
    expect(f.actualToDate).toBe(BigInt(actual));
    expect(f.historyMonths).toBe(32);
    expect(f.horizon).toBe(4);
    expect(f.method).toBe('LINEAR_REGRESSION(TREND)');
    expect(Number(f.forecastRemaining)).toBeCloseTo(rest, -1);
    expect(f.projectedTotal).toBe(f.actualToDate + f.forecastRemaining!);
    expect(Number(f.upper95! - f.lower95!)).toBeLessThan(10); // a perfect fit leaves (almost) no uncertainty
    expect(f.reason).toMatch(/lowest backtest RMSE/);
  });

  it('pro-rates the current month and counts its actual so far', () => {
    const monthly = series('2025-01', 32, linear);
    monthly.set('2027-09', 60_000n); // half of September sold so far
    // September has 30 days: on the 16th at 00:00, 15 days (half the month) are left.
    const f = forecastAttainment({ monthly, period: year, now: new Date('2027-09-16T00:00:00Z'), target: 1n });
    expect(f.actualToDate).toBe(BigInt(sumT(24, 31, linear) + 60_000));
    expect(Number(f.forecastRemaining)).toBeCloseTo(linear(32) / 2 + sumT(33, 35, linear), -1);
    expect(f.historyMonths).toBe(32); // the partial month is not history
  });

  it('forecasts the months before a future period but counts only the period', () => {
    const monthly = series('2025-01', 32, linear);
    const f = forecastAttainment({ monthly, period: parsePeriod('2028-Q1'), now: new Date('2027-09-01T00:00:00Z'), target: 1n });
    expect(f.actualToDate).toBe(0n);
    expect(f.horizon).toBe(7); // 2027-09 … 2028-03
    expect(Number(f.forecastRemaining)).toBeCloseTo(sumT(36, 38, linear), -1);
  });

  it('gives ordered intervals and a probability that falls as the target rises', () => {
    // Seasonal with trend and deterministic noise: 36 months 2024-09 … 2027-08.
    const noisy = (t: number) => 200_000 + 2_000 * t + 40_000 * Math.sin((2 * Math.PI * (t + 8)) / 12) + 9_000 * Math.sin(t * 1.7);
    const monthly = series('2024-09', 36, noisy);
    const at = (target: bigint) => forecastAttainment({ monthly, period: year, now: new Date('2027-09-01T00:00:00Z'), target });
    const base = at(3_000_000n);
    expect(base.method).not.toBeNull();
    expect(base.method).not.toMatch(/^HOLT\b(?!_)/);
    expect(base.projectedTotal).toBe(base.actualToDate + base.forecastRemaining!);
    expect(base.lower95!).toBeLessThanOrEqual(base.lower80!);
    expect(base.lower80!).toBeLessThan(base.projectedTotal!);
    expect(base.projectedTotal!).toBeLessThan(base.upper80!);
    expect(base.upper80!).toBeLessThanOrEqual(base.upper95!);
    const projected = base.projectedTotal!;
    const probs = [projected - 200_000n, projected - 20_000n, projected, projected + 20_000n, projected + 200_000n].map((t) => at(t).probability!);
    for (const p of probs) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
    for (let i = 1; i < probs.length; i++) expect(probs[i]!).toBeLessThan(probs[i - 1]!);
    expect(probs[2]!).toBeCloseTo(0.5, 2); // a target equal to the projection: even odds
  });

  it('returns no forecast with the history needed when there is too little', () => {
    const monthly = series('2027-03', 5, linear); // 2027-03 … 2027-07 complete before 2027-08
    const f = forecastAttainment({ monthly, period: year, now: new Date('2027-08-10T00:00:00Z'), target: 1_000_000n });
    expect(f.actualToDate).toBe(BigInt(sumT(0, 4, linear)));
    expect(f.forecastRemaining).toBeNull();
    expect(f.projectedTotal).toBeNull();
    expect(f.probability).toBeNull();
    expect(f.method).toBeNull();
    expect(f.historyMonths).toBe(5);
    // EXPONENTIAL_SMOOTHING, the least demanding candidate, needs 3 months + 3 backtest origins = 6.
    expect(f.reason).toMatch(/at least 6 complete months.*there are 5/);
    // One more month and there is a forecast.
    const six = forecastAttainment({ monthly: series('2027-02', 6, linear), period: year, now: new Date('2027-08-10T00:00:00Z'), target: 1_000_000n });
    expect(six.historyMonths).toBe(6);
    expect(six.method).not.toBeNull();
    expect(six.projectedTotal).toBe(six.actualToDate + six.forecastRemaining!);
    // Without any actual at all.
    expect(forecastAttainment({ monthly: new Map(), period: year, now: new Date('2027-08-10T00:00:00Z'), target: 1n }).reason).toMatch(/there are 0/);
  });

  it('once the period is over the projection is the actual and the probability is 1 or 0', () => {
    const monthly = series('2025-01', 40, linear);
    const actual = BigInt(sumT(24, 35, linear));
    const now = new Date('2028-04-01T00:00:00Z');
    const made = forecastAttainment({ monthly, period: year, now, target: actual });
    expect(made.projectedTotal).toBe(actual);
    expect(made.probability).toBe(1);
    expect(made.horizon).toBe(0);
    expect(forecastAttainment({ monthly, period: year, now, target: actual + 1n }).probability).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { InsufficientHistory, InvalidParameter } from './errors';
import { linearRegression } from './regression';

describe('LINEAR_REGRESSION', () => {
  // Hand-computed least squares, y = [2, 4, 5, 4, 5] at t = 0..4:
  //   t̄ = 2, ȳ = 4, Sxx = Σ(t−2)² = 10, Sxy = Σ(t−2)(y−4) = 4 + 0 + 0 + 0 + 2 = 6
  //   slope = 0.6, intercept = 4 − 0.6·2 = 2.8; fitted 2.8, 3.4, 4.0, 4.6, 5.2
  //   residuals −0.8, 0.6, 1.0, −0.6, −0.2 → SSE = 2.4, ν = 3, s² = 0.8
  //   t₀ = 5: ŷ = 5.8, se = s·√(1 + 1/5 + (5−2)²/10) = √(0.8·2.1) = √1.68
  //   95%: ± t(0.975; 3)·√1.68 with t(0.975; 3) = 3.182 (t table); 80%: t(0.90; 3) = 1.638
  const y = [2, 4, 5, 4, 5];

  it('matches the hand-computed fit and prediction interval', () => {
    const r = linearRegression(y, { horizon: 2 });
    expect(r.params.slope).toBeCloseTo(0.6, 12);
    expect(r.params.intercept).toBeCloseTo(2.8, 12);
    expect(r.params.degreesOfFreedom).toBe(3);
    (r.fitted as number[]).forEach((f, i) => expect(f).toBeCloseTo([2.8, 3.4, 4.0, 4.6, 5.2][i]!, 12));
    (r.residuals as number[]).forEach((e, i) => expect(e).toBeCloseTo([-0.8, 0.6, 1, -0.6, -0.2][i]!, 12));
    expect(r.sse).toBeCloseTo(2.4, 12);
    expect(r.sigma).toBeCloseTo(Math.sqrt(0.8), 12);
    const p = r.points[0]!;
    expect(p.value).toBeCloseTo(5.8, 12);
    expect(p.standardError).toBeCloseTo(Math.sqrt(1.68), 12);
    expect(Math.abs((p.upper95 - p.value) / Math.sqrt(1.68) - 3.182)).toBeLessThan(5e-4);
    expect(Math.abs((p.upper80 - p.value) / Math.sqrt(1.68) - 1.638)).toBeLessThan(5e-4);
    // t₀ = 6: se = √(0.8·(1 + 1/5 + 16/10)) = √2.24
    expect(r.points[1]!.value).toBeCloseTo(6.4, 12);
    expect(r.points[1]!.standardError).toBeCloseTo(Math.sqrt(2.24), 12);
    expect(r.intervalMethod).toBe('OLS_PREDICTION');
    expect(r.variant).toBe('TREND');
  });

  it('with seasonal dummies recovers y_t = 1 + t + 3·[t odd] exactly (m = 2)', () => {
    const ys = [1, 5, 3, 7, 5, 9];
    const r = linearRegression(ys, { seasonal: true, seasonalPeriod: 2, horizon: 2 });
    expect(r.params.intercept).toBeCloseTo(1, 10);
    expect(r.params.slope).toBeCloseTo(1, 10);
    expect(r.params.season1).toBeCloseTo(3, 10);
    expect(r.sse).toBeCloseTo(0, 10);
    expect(r.points[0]!.value).toBeCloseTo(7, 10);
    expect(r.points[1]!.value).toBeCloseTo(11, 10);
    expect(r.variant).toBe('TREND_SEASONAL');
  });

  it('monthly seasonal dummies: forecast of a noiseless seasonal trend continues it', () => {
    const pattern = [5, -3, 2, 0, 7, -4, 1, 3, -6, 2, -1, -6];
    const ys = Array.from({ length: 36 }, (_, t) => 100 + 1.5 * t + pattern[t % 12]!);
    const r = linearRegression(ys, { seasonal: true, seasonalPeriod: 12, horizon: 12 });
    r.points.forEach((p, i) => expect(p.value).toBeCloseTo(100 + 1.5 * (36 + i) + pattern[(36 + i) % 12]!, 8));
  });

  it('guards its inputs', () => {
    expect(() => linearRegression([1, 2, 3], { horizon: 1 })).toThrow(InsufficientHistory);
    try {
      linearRegression(Array.from({ length: 14 }, (_, i) => i), { seasonal: true, seasonalPeriod: 12, horizon: 1 });
    } catch (e) {
      expect(e).toMatchObject({ needed: 15, got: 14 });
    }
    expect(() => linearRegression(y, { seasonal: true, horizon: 1 })).toThrow(InvalidParameter);
  });
});

describe('LINEAR_REGRESSION without intervals (backtest mode)', () => {
  it('gives the same points and NaN bounds', () => {
    const a = linearRegression([2, 4, 5, 4, 5], { horizon: 2 });
    const b = linearRegression([2, 4, 5, 4, 5], { horizon: 2, intervals: false });
    expect(b.points.map((p) => p.value)).toEqual(a.points.map((p) => p.value));
    expect(Number.isNaN(b.points[0]!.upper95)).toBe(true);
  });
});

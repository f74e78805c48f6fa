import { describe, expect, it } from 'vitest';
import { accuracyMetrics } from './backtest';
import { InsufficientHistory, InvalidParameter } from './errors';
import { holt, holtSse, optimiseSesAlpha, sesSse, simpleExponentialSmoothing } from './exponentialSmoothing';
import { Z80, Z95 } from './stats';

describe('EXPONENTIAL_SMOOTHING — reference: NIST/SEMATECH e-Handbook of Statistical Methods §6.4.3.1–6.4.3.2', () => {
  // https://www.itl.nist.gov/div898/handbook/pmc/section4/pmc431.htm: 12 observations
  // (71 70 69 68 64 65 72 78 75 75 75 70), S₂ = y₁, S_t = α·y_{t−1} + (1−α)·S_{t−1}, examples with
  // α = 0.1 and 0.5. §6.4.3.2 (pmc432.htm) continues the α = 0.1 example: "the last data point …
  // was 70 and its forecast (smoothed value S) was 71.7". The next forecast follows from the
  // handbook's formula: S₁₃ = 0.1·70 + 0.9·71.7 = 71.53. Tolerance 0.05 (published values have
  // one decimal).
  const nist = [71, 70, 69, 68, 64, 65, 72, 78, 75, 75, 75, 70];

  it('reproduces the level recursion exactly for α = 0.1 and 0.5', () => {
    for (const alpha of [0.1, 0.5]) {
      const r = simpleExponentialSmoothing(nist, { alpha, horizon: 1 });
      // Derivation inside the test: S₂ = 71, S₃ = α·70 + (1−α)·71, ...
      const expected: (number | null)[] = [null, 71];
      for (let t = 2; t < nist.length; t++) expected.push(alpha * nist[t - 1]! + (1 - alpha) * (expected[t - 1] as number));
      r.fitted.forEach((f, i) => (i === 0 ? expect(f).toBeNull() : expect(f).toBeCloseTo(expected[i] as number, 12)));
      expect(r.optimised).toBe(false);
    }
    const a01 = simpleExponentialSmoothing(nist, { alpha: 0.1, horizon: 1 });
    expect(a01.fitted[2]).toBeCloseTo(70.9, 12); // 0.1·70 + 0.9·71
    expect(a01.fitted[3]).toBeCloseTo(70.71, 12); // 0.1·69 + 0.9·70.9
    expect(Math.abs(a01.fitted[11]! - 71.7)).toBeLessThan(0.05); // published S₁₂ = 71.7
    expect(Math.abs(a01.points[0]!.value - 71.53)).toBeLessThan(0.05); // S₁₃ from the published S₁₂
  });

  it('optimises α by SSE (grid + golden section) to the brute-force optimum', () => {
    const alpha = optimiseSesAlpha(nist);
    let best = Infinity;
    let bestA = 0;
    for (let a = 0.0001; a <= 1; a += 0.0001) {
      const s = sesSse(nist, a).sse;
      if (s < best) {
        best = s;
        bestA = a;
      }
    }
    expect(Math.abs(alpha - bestA)).toBeLessThan(2e-4);
    expect(sesSse(nist, alpha).sse).toBeLessThanOrEqual(best + 1e-9);
    const r = simpleExponentialSmoothing(nist, { horizon: 2 });
    expect(r.optimised).toBe(true);
    expect(r.params.alpha).toBeCloseTo(alpha, 12);
  });

  it('uses the analytic interval σ_h = σ·√(1 + (h−1)α²)', () => {
    const alpha = 0.5;
    const r = simpleExponentialSmoothing(nist, { alpha, horizon: 4 });
    expect(r.sigma).toBeCloseTo(Math.sqrt(r.sse / (nist.length - 1)), 12);
    r.points.forEach((p, i) => {
      const se = r.sigma * Math.sqrt(1 + i * alpha * alpha);
      expect(p.value).toBeCloseTo(r.points[0]!.value, 12);
      expect(p.standardError).toBeCloseTo(se, 12);
      expect(p.lower80).toBeCloseTo(p.value - Z80 * se, 12);
      expect(p.upper80).toBeCloseTo(p.value + Z80 * se, 12);
      expect(p.lower95).toBeCloseTo(p.value - Z95 * se, 12);
      expect(p.upper95).toBeCloseTo(p.value + Z95 * se, 12);
    });
    expect(r.intervalMethod).toBe('ANALYTIC');
  });

  it('guards its inputs', () => {
    expect(() => simpleExponentialSmoothing([1, 2], { horizon: 1 })).toThrow(InsufficientHistory);
    expect(() => simpleExponentialSmoothing(nist, { alpha: 0, horizon: 1 })).toThrow(InvalidParameter);
    expect(() => simpleExponentialSmoothing(nist, { alpha: 1.5, horizon: 1 })).toThrow(/alpha must be between/);
    expect(() => simpleExponentialSmoothing([1, NaN, 3], { horizon: 1 })).toThrow(/not a finite number/);
  });
});

describe('EXPONENTIAL_SMOOTHING — reference: S. Wong, "Time Series Forecasting Exercise — Simple Exponential Smoothing" worked example', () => {
  // http://www.wongsteve.com/Exponential_Smoothing.htm: sales 99, 88, 50, 58, 62, 60, 55, 62, 71, 65;
  // α = 0.3; forecast for period 2 = actual period 1. Published (rounded) forecasts 99.0, 95.7,
  // 82.0, 74.8, 71.0, 67.7, 63.9, 63.3, 65.6; forecast for period 11 = 65.42 (computed there from
  // the rounded 65.6); BIAS (mean of actual − forecast) −12.43, MAD 14.14, MAPE 24.66%, MSE 365.80.
  const sales = [99, 88, 50, 58, 62, 60, 55, 62, 71, 65];
  const published = [99.0, 95.7, 82.0, 74.8, 71.0, 67.7, 63.9, 63.3, 65.6];

  it('matches the published forecasts (±0.05) and error measures (±0.005)', () => {
    const r = simpleExponentialSmoothing(sales, { alpha: 0.3, horizon: 1 });
    published.forEach((v, i) => expect(Math.abs(r.fitted[i + 1]! - v)).toBeLessThan(0.05));
    expect(Math.abs(r.points[0]!.value - 65.42)).toBeLessThan(0.02);
    const m = accuracyMetrics(sales.slice(1), r.fitted.slice(1) as number[]);
    expect(Math.abs(m.bias - -12.43)).toBeLessThan(0.005);
    expect(Math.abs(m.mae - 14.14)).toBeLessThan(0.005);
    expect(Math.abs(m.mape! - 24.66)).toBeLessThan(0.005);
    expect(Math.abs(m.rmse ** 2 - 365.8)).toBeLessThan(0.005);
    expect(Math.abs(r.sse / 9 - 365.8)).toBeLessThan(0.005);
  });
});

describe('HOLT', () => {
  // Hand computation, y = [10, 12, 15, 16, 20], α = β = 0.5, ℓ₁ = 12, b₁ = 12 − 10 = 2:
  //   t=2: ŷ = 14, e = 1,     ℓ = 14.5,     b = 0.5·2.5 + 0.5·2 = 2.25
  //   t=3: ŷ = 16.75, e = −0.75, ℓ = 16.375, b = 0.5·1.875 + 0.5·2.25 = 2.0625
  //   t=4: ŷ = 18.4375, e = 1.5625, ℓ = 19.21875, b = 0.5·2.84375 + 0.5·2.0625 = 2.453125
  //   forecasts 19.21875 + h·2.453125 → 21.671875, 24.125; SSE = 1 + 0.5625 + 2.44140625
  //   σ² = SSE/3; σ₂² = σ²(1 + (α(1+β))²) = σ²·1.5625
  it('matches the hand computation', () => {
    const r = holt([10, 12, 15, 16, 20], { alpha: 0.5, beta: 0.5, horizon: 2 });
    expect(r.fitted).toEqual([null, null, 14, 16.75, 18.4375]);
    expect(r.points[0]!.value).toBeCloseTo(21.671875, 12);
    expect(r.points[1]!.value).toBeCloseTo(24.125, 12);
    expect(r.sse).toBeCloseTo(4.00390625, 12);
    const sigma = Math.sqrt(4.00390625 / 3);
    expect(r.points[0]!.standardError).toBeCloseTo(sigma, 12);
    expect(r.points[1]!.standardError).toBeCloseTo(sigma * Math.sqrt(1.5625), 12);
    expect(holtSse([10, 12, 15, 16, 20], 0.5, 0.5).sse).toBeCloseTo(4.00390625, 12);
  });

  it('continues an exact line and optimises to a no-worse SSE than the grid', () => {
    const line = Array.from({ length: 12 }, (_, t) => 5 + 3 * t);
    const r = holt(line, { horizon: 3 });
    expect(r.sse).toBeCloseTo(0, 8);
    expect(r.points.map((p) => p.value)).toEqual([41, 44, 47].map((v) => expect.closeTo(v, 8)));
    const noisy = [12, 15, 14, 18, 21, 19, 24, 26, 25, 30, 31, 33, 36, 35];
    const opt = holt(noisy, { horizon: 1 });
    for (const a of [0.1, 0.3, 0.5, 0.7, 0.9]) for (const b of [0.01, 0.1, 0.3, 0.6]) expect(opt.sse).toBeLessThanOrEqual(holtSse(noisy, a, b).sse + 1e-9);
    // one parameter given, the other optimised
    const half = holt(noisy, { alpha: 0.4, horizon: 1 });
    expect(half.params.alpha).toBe(0.4);
    for (const b of [0, 0.2, 0.5, 1]) expect(half.sse).toBeLessThanOrEqual(holtSse(noisy, 0.4, b).sse + 1e-9);
    expect(() => holt([1, 2, 3], { horizon: 1 })).toThrow(InsufficientHistory);
  });
});

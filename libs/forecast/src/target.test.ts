import { describe, expect, it } from 'vitest';
import { InvalidParameter } from './errors';
import { buildPoints } from './intervals';
import { Z80, Z95 } from './stats';
import { probabilityOfReachingTarget, sigmaFromInterval, sumForecast } from './target';

describe('probability of reaching a target', () => {
  // Remainder forecast 600 with σ = 50, given as its 80% and 95% intervals (600 ± z·50).
  const remaining = { value: 600, lower80: 600 - Z80 * 50, upper80: 600 + Z80 * 50, lower95: 600 - Z95 * 50, upper95: 600 + Z95 * 50 };

  it('recovers σ from either interval', () => {
    expect(sigmaFromInterval(remaining)).toBeCloseTo(50, 10);
    expect(sigmaFromInterval({ value: 0, lower95: -Z95 * 7, upper95: Z95 * 7 })).toBeCloseTo(7, 10);
    expect(() => sigmaFromInterval({ value: 1 })).toThrow(InvalidParameter);
    expect(() => sigmaFromInterval({ value: 1, lower80: 5, upper80: 1 })).toThrow(/upper bound/);
  });

  it('is P(total ≥ target) = 1 − Φ((target − actual − μ)/σ) at derivable points', () => {
    const actualSoFar = 400;
    // target equal to the expected total → ½
    expect(probabilityOfReachingTarget({ actualSoFar, remaining, target: 1000 }).probability).toBeCloseTo(0.5, 10);
    // target at actual + upper 95% bound → 2.5%; at actual + lower 80% bound → 90%
    expect(probabilityOfReachingTarget({ actualSoFar, remaining, target: actualSoFar + remaining.upper95 }).probability).toBeCloseTo(0.025, 9);
    expect(probabilityOfReachingTarget({ actualSoFar, remaining, target: actualSoFar + remaining.lower80 }).probability).toBeCloseTo(0.9, 9);
    // one σ above the expected total → 1 − Φ(1) = 0.158655254 (normal table)
    const r = probabilityOfReachingTarget({ actualSoFar, remaining, target: 1050 });
    expect(r.probability).toBeCloseTo(0.158655254, 8);
    expect(r).toMatchObject({ expectedTotal: 1000, gap: 50 });
    expect(r.standardError).toBeCloseTo(50, 10);
  });

  it('handles an already-made target and a zero-width interval', () => {
    expect(probabilityOfReachingTarget({ actualSoFar: 2000, remaining, target: 1000 }).probability).toBeGreaterThan(0.999999);
    const exact = { value: 10, lower80: 10, upper80: 10 };
    expect(probabilityOfReachingTarget({ actualSoFar: 0, remaining: exact, target: 10 }).probability).toBe(1);
    expect(probabilityOfReachingTarget({ actualSoFar: 0, remaining: exact, target: 10.01 }).probability).toBe(0);
    expect(() => probabilityOfReachingTarget({ actualSoFar: NaN, remaining, target: 1 })).toThrow(/actualSoFar/);
    expect(() => probabilityOfReachingTarget({ actualSoFar: 1, remaining, target: Infinity })).toThrow(/target/);
  });

  it('sums forecast points: comonotonic σ = Σσ_h (default), independent σ = √Σσ_h²', () => {
    const points = buildPoints([100, 110, 120], [3, 4, 12]);
    const co = sumForecast(points);
    expect(co.value).toBe(330);
    expect(co.standardError).toBeCloseTo(19, 12);
    expect(co.upper95! - co.value).toBeCloseTo(Z95 * 19, 10);
    const ind = sumForecast(points, { dependence: 'INDEPENDENT', count: 2 });
    expect(ind.value).toBe(210);
    expect(ind.standardError).toBeCloseTo(5, 12);
    expect(sigmaFromInterval(ind)).toBeCloseTo(5, 10);
    expect(() => sumForecast(points, { count: 4 })).toThrow(InvalidParameter);
  });
});

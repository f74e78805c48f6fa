import { describe, expect, it } from 'vitest';
import { InsufficientHistory, InvalidParameter } from './errors';
import { movingAverage } from './movingAverage';
import { Z80, Z95 } from './stats';

describe('MOVING_AVERAGE', () => {
  // Hand computation, y = [10, 12, 14, 13, 15, 18], k = 3:
  //   fitted ŷ3 = (10+12+14)/3 = 12, ŷ4 = (12+14+13)/3 = 13, ŷ5 = (14+13+15)/3 = 14
  //   residuals 1, 2, 4 → SSE = 21, σ = √(21/3) = √7
  //   forecast = (13+15+18)/3 = 46/3 for every step
  //   in-sample 2-step errors: y4 − mean(y0..2) = 3, y5 − mean(y1..3) = 5 → σ₂ = √((9+25)/2) = √17
  //   3-step: only one error (y5 − 12 = 6) < 2 → σ₃ = σ₂·√(3/2)
  const y = [10, 12, 14, 13, 15, 18];

  it('matches the hand computation', () => {
    const r = movingAverage(y, { window: 3, horizon: 3, futureLabels: ['a', 'b', 'c'] });
    expect(r.fitted).toEqual([null, null, null, 12, 13, 14]);
    expect(r.residuals).toEqual([null, null, null, 1, 2, 4]);
    expect(r.sse).toBeCloseTo(21, 12);
    expect(r.sigma).toBeCloseTo(Math.sqrt(7), 12);
    expect(r.params).toEqual({ window: 3 });
    expect(r.points.map((p) => p.value)).toEqual([46 / 3, 46 / 3, 46 / 3]);
    expect(r.points.map((p) => p.label)).toEqual(['a', 'b', 'c']);
    expect(r.points[0]!.standardError).toBeCloseTo(Math.sqrt(7), 12);
    expect(r.points[1]!.standardError).toBeCloseTo(Math.sqrt(17), 12);
    expect(r.points[2]!.standardError).toBeCloseTo(Math.sqrt(17) * Math.sqrt(1.5), 12);
    const p = r.points[1]!;
    expect(p.lower80).toBeCloseTo(46 / 3 - Z80 * Math.sqrt(17), 12);
    expect(p.upper95).toBeCloseTo(46 / 3 + Z95 * Math.sqrt(17), 12);
    expect(r.intervalMethod).toBe('EMPIRICAL_BY_HORIZON');
  });

  it('says how much history it needs', () => {
    expect(() => movingAverage([1, 2, 3], { window: 3, horizon: 1 })).toThrow(InsufficientHistory);
    try {
      movingAverage([1, 2, 3], { window: 3, horizon: 1 });
    } catch (e) {
      expect(e).toMatchObject({ needed: 4, got: 3, field: 'history' });
    }
    expect(() => movingAverage(y, { window: 0, horizon: 1 })).toThrow(InvalidParameter);
    expect(() => movingAverage(y, { window: 3, horizon: 0 })).toThrow(/horizon/);
  });
});

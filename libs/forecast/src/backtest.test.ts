import { describe, expect, it } from 'vitest';
import { accuracyMetrics, backtest } from './backtest';
import { InsufficientHistory, InvalidSeries } from './errors';
import { holtWinters } from './holtWinters';

describe('accuracy metrics', () => {
  it('computes MAPE, sMAPE, RMSE, MAE and bias by their formulas', () => {
    // actual [100, 50, 80], forecast [110, 40, 80]; errors y − ŷ = −10, 10, 0
    //   MAPE = 100/3 · (10/100 + 10/50 + 0) = 10
    //   sMAPE = 100/3 · (20/210 + 20/90 + 0)
    //   RMSE = √(200/3), MAE = 20/3, bias = 0
    const m = accuracyMetrics([100, 50, 80], [110, 40, 80]);
    expect(m.count).toBe(3);
    expect(m.mape).toBeCloseTo(10, 12);
    expect(m.smape).toBeCloseTo((100 / 3) * (20 / 210 + 20 / 90), 12);
    expect(m.rmse).toBeCloseTo(Math.sqrt(200 / 3), 12);
    expect(m.mae).toBeCloseTo(20 / 3, 12);
    expect(m.bias).toBeCloseTo(0, 12);
    expect(m.zeroActuals).toBe(0);
  });

  it('bias is mean(actual − forecast): negative when over-forecasting', () => {
    expect(accuracyMetrics([10, 10], [12, 14]).bias).toBeCloseTo(-3, 12);
  });

  it('excludes zero actuals from MAPE, counts them, and scores 0/0 as a perfect sMAPE term', () => {
    // actual [0, 100, 0], forecast [5, 90, 0]
    //   MAPE over {100}: 10%; zeroActuals = 2
    //   sMAPE = 100/3 · (2·5/5 + 2·10/190 + 0) = 100/3 · (2 + 20/190)
    const m = accuracyMetrics([0, 100, 0], [5, 90, 0]);
    expect(m.mape).toBeCloseTo(10, 12);
    expect(m.zeroActuals).toBe(2);
    expect(m.smape).toBeCloseTo((100 / 3) * (2 + 20 / 190), 12);
    expect(accuracyMetrics([0, 0], [1, 2]).mape).toBeNull();
  });
});

describe('rolling-origin backtest', () => {
  // MA(k=2) on y = [1, 3, 5, 4, 6, 8]: origins o = 3 (minimum history k+1) … 5, one step ahead:
  //   o=3: mean(3,5) = 4 vs y3 = 4 → 0;  o=4: mean(5,4) = 4.5 vs 6 → 1.5;  o=5: mean(4,6) = 5 vs 8 → 3
  const y = [1, 3, 5, 4, 6, 8];

  it('refits on each prefix and scores the one-step forecasts', () => {
    const bt = backtest(y, { method: 'MOVING_AVERAGE', window: 2 });
    expect(bt.firstOrigin).toBe(3);
    expect(bt.lastOrigin).toBe(5);
    expect(bt.origins).toBe(3);
    expect(bt.forecasts).toEqual([
      { origin: 3, step: 1, actual: 4, forecast: 4 },
      { origin: 4, step: 1, actual: 6, forecast: 4.5 },
      { origin: 5, step: 1, actual: 8, forecast: 5 },
    ]);
    expect(bt.metrics.rmse).toBeCloseTo(Math.sqrt((0 + 2.25 + 9) / 3), 12);
    expect(bt.metrics.bias).toBeCloseTo(1.5, 12);
    expect(bt.label).toBe('MOVING_AVERAGE(k=2)');
  });

  it('multi-step: origins minTrain … n − h, every step scored', () => {
    // h = 2, minTrain 3: o=3 → forecasts 4 for y3=4, y4=6; o=4 → 4.5 for y4=6, y5=8
    const bt = backtest(y, { method: 'MOVING_AVERAGE', window: 2 }, { horizon: 2 });
    expect(bt.origins).toBe(2);
    expect(bt.forecasts.map((f) => [f.origin, f.step, f.forecast])).toEqual([
      [3, 1, 4],
      [3, 2, 4],
      [4, 1, 4.5],
      [4, 2, 4.5],
    ]);
    expect(bt.byHorizon[0]!.rmse).toBeCloseTo(Math.sqrt((0 + 2.25) / 2), 12);
    expect(bt.byHorizon[1]!.rmse).toBeCloseTo(Math.sqrt((4 + 12.25) / 2), 12);
  });

  it('says how much history a backtest needs', () => {
    try {
      backtest([1, 2, 3], { method: 'MOVING_AVERAGE', window: 3 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InsufficientHistory);
      expect(e).toMatchObject({ needed: 5, got: 3 });
    }
  });

  it('warm-started and cold backtests agree closely for smoothing methods', () => {
    const series = Array.from({ length: 40 }, (_, t) => 50 + 2 * t + 8 * Math.sin((2 * Math.PI * t) / 12) + ((t * 7) % 5));
    const warm = backtest(series, { method: 'HOLT' });
    const cold = backtest(series, { method: 'HOLT' }, { warmStart: false });
    expect(Math.abs(warm.metrics.rmse - cold.metrics.rmse) / cold.metrics.rmse).toBeLessThan(0.05);
  });
  it('Holt-Winters forecasts at every origin are exactly those of refitting holtWinters on the prefix', () => {
    // The backtest fits Holt-Winters without copying prefixes and with the initial state computed
    // once; the forecasts must not differ from the plain per-origin refit by a single bit.
    const series = Array.from({ length: 44 }, (_, t) => (120 + 3 * t) * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12)) + ((t * 13) % 7));
    for (const seasonality of ['ADDITIVE', 'MULTIPLICATIVE'] as const) {
      for (const warmStart of [true, false]) {
        const bt = backtest(series, { method: 'HOLT_WINTERS', seasonality }, { horizon: 3, seasonalPeriod: 12, warmStart });
        expect(bt.origins).toBe(44 - 3 - 26 + 1);
        let start: { alpha: number; beta: number; gamma: number } | undefined;
        for (let o = bt.firstOrigin; o <= bt.lastOrigin; o++) {
          const r = holtWinters(series.slice(0, o), { seasonalPeriod: 12, seasonality, horizon: 3, intervals: false, start });
          if (warmStart) start = { alpha: r.params.alpha as number, beta: r.params.beta as number, gamma: r.params.gamma as number };
          expect(bt.forecasts.filter((f) => f.origin === o).map((f) => f.forecast)).toEqual(r.points.map((p) => p.value));
        }
      }
    }
    // Given parameters are used as they are.
    const fixed = backtest(series, { method: 'HOLT_WINTERS', alpha: 0.3, beta: 0.1, gamma: 0.2 }, { seasonalPeriod: 12 });
    expect(fixed.forecasts.at(-1)!.forecast).toBe(holtWinters(series.slice(0, 43), { seasonalPeriod: 12, alpha: 0.3, beta: 0.1, gamma: 0.2, horizon: 1 }).points[0]!.value);
  });

  it('Holt-Winters backtests keep the refit errors: too short, and multiplicative on non-positive values', () => {
    const series = Array.from({ length: 30 }, (_, t) => 10 + (t % 12));
    expect(() => backtest(series, { method: 'HOLT_WINTERS' }, { seasonalPeriod: 12, minTrain: 20 })).toThrow(InsufficientHistory);
    const withZero = [...series.slice(0, 27), 0, 5, 6];
    expect(() => backtest(withZero, { method: 'HOLT_WINTERS', seasonality: 'MULTIPLICATIVE' }, { seasonalPeriod: 12 })).toThrow(InvalidSeries);
  });
});

import { describe, expect, it } from 'vitest';
import { accuracyMetrics, backtest } from './backtest';
import { InsufficientHistory } from './errors';

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
});

import { describe, expect, it } from 'vitest';
import { AIR_PASSENGERS } from '../fixtures/airPassengers';
import { InsufficientHistory, InvalidParameter } from './errors';
import { forecastSeries } from './forecast';

describe('forecastSeries (API entry point)', () => {
  it('AUTO and named methods both return a forecast with its backtest', () => {
    const auto = forecastSeries(AIR_PASSENGERS, { method: 'AUTO', horizon: 12, seasonalPeriod: 12 });
    expect(auto.method).toBe('HOLT_WINTERS');
    expect(auto.backtest.metrics.mape).not.toBeNull();
    const hw = forecastSeries(AIR_PASSENGERS, { method: 'HOLT_WINTERS', horizon: 12, seasonalPeriod: 12 });
    expect(hw.label).toBe('HOLT_WINTERS(MULTIPLICATIVE)');
    expect(hw.selection.candidates).toHaveLength(2);
    const ses = forecastSeries(AIR_PASSENGERS.slice(0, 30), { method: 'EXPONENTIAL_SMOOTHING', horizon: 3 });
    expect(ses.method).toBe('EXPONENTIAL_SMOOTHING');
    expect(ses.backtest.firstOrigin).toBe(3);
    expect(ses.forecast.points).toHaveLength(3);
    const ma = forecastSeries(AIR_PASSENGERS.slice(0, 30), { method: { method: 'MOVING_AVERAGE', window: 6 }, horizon: 2 });
    expect(ma.label).toBe('MOVING_AVERAGE(k=6)');
  });

  it('names the field and the history needed on bad input', () => {
    try {
      forecastSeries(AIR_PASSENGERS.slice(0, 20), { method: 'HOLT_WINTERS', horizon: 3, seasonalPeriod: 12 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InsufficientHistory);
      // 2·12 + 2 to fit, + 3 backtest origins
      expect(e).toMatchObject({ field: 'history', needed: 29, got: 20, method: 'HOLT_WINTERS' });
    }
    expect(() => forecastSeries(AIR_PASSENGERS, { method: 'HOLT_WINTERS', horizon: 3 })).toThrow(InvalidParameter);
    expect(() => forecastSeries(AIR_PASSENGERS, { method: 'ARIMA' as never, horizon: 3 })).toThrow(/unknown forecasting method/);
    expect(() => forecastSeries(AIR_PASSENGERS, { method: 'AUTO', horizon: 0 })).toThrow(expect.objectContaining({ field: 'horizon' }));
  });
});

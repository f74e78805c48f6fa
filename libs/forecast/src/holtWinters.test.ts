import { describe, expect, it } from 'vitest';
import { AIR_PASSENGERS } from '../fixtures/airPassengers';
import { accuracyMetrics, backtest } from './backtest';
import { InsufficientHistory, InvalidParameter, InvalidSeries } from './errors';
import { centredMovingAverage, holtWinters, holtWintersInitialState } from './holtWinters';
import { Z80, Z95 } from './stats';

/**
 * Independent, deliberately naive re-implementation of the documented algorithm (full state
 * arrays, decomposition written out from the definitions) used to verify the library's
 * recursions on the Box–Jenkins series with FIXED parameters.
 */
function naiveHoltWinters(y: readonly number[], m: number, mult: boolean, alpha: number, beta: number, gamma: number, h: number) {
  // classical decomposition of the first 2m values
  const trendT: number[] = [];
  const trendV: number[] = [];
  for (let t = m / 2; t < 2 * m - m / 2; t++) {
    let s = y[t - m / 2]! / 2 + y[t + m / 2]! / 2;
    for (let j = t - m / 2 + 1; j < t + m / 2; j++) s += y[j]!;
    trendT.push(t);
    trendV.push(s / m);
  }
  const fig: number[] = [];
  for (let j = 0; j < m; j++) {
    const ds: number[] = [];
    trendT.forEach((t, i) => {
      if (t % m === j) ds.push(mult ? y[t]! / trendV[i]! : y[t]! - trendV[i]!);
    });
    fig.push(ds.reduce((a, b) => a + b, 0) / ds.length);
  }
  const figMean = fig.reduce((a, b) => a + b, 0) / m;
  const S: number[] = fig.map((f) => (mult ? f / figMean : f - figMean));
  const k = trendT.length;
  const mt = trendT.reduce((a, b) => a + b, 0) / k;
  const mv = trendV.reduce((a, b) => a + b, 0) / k;
  let num = 0;
  let den = 0;
  for (let i = 0; i < k; i++) {
    num += (trendT[i]! - mt) * (trendV[i]! - mv);
    den += (trendT[i]! - mt) ** 2;
  }
  const slope = num / den;
  const L: number[] = [];
  const B: number[] = [];
  L[m - 1] = mv - slope * mt + slope * (m - 1);
  B[m - 1] = slope;
  const fitted: (number | null)[] = new Array(m).fill(null);
  for (let t = m; t < y.length; t++) {
    fitted.push(mult ? (L[t - 1]! + B[t - 1]!) * S[t - m]! : L[t - 1]! + B[t - 1]! + S[t - m]!);
    L[t] = mult ? (alpha * y[t]!) / S[t - m]! + (1 - alpha) * (L[t - 1]! + B[t - 1]!) : alpha * (y[t]! - S[t - m]!) + (1 - alpha) * (L[t - 1]! + B[t - 1]!);
    B[t] = beta * (L[t]! - L[t - 1]!) + (1 - beta) * B[t - 1]!;
    S[t] = mult ? (gamma * y[t]!) / L[t]! + (1 - gamma) * S[t - m]! : gamma * (y[t]! - L[t]!) + (1 - gamma) * S[t - m]!;
  }
  const n = y.length;
  const forecasts: number[] = [];
  for (let i = 1; i <= h; i++) {
    const s = S[n - 1 - m + 1 + ((i - 1) % m)]!;
    forecasts.push(mult ? (L[n - 1]! + i * B[n - 1]!) * s : L[n - 1]! + i * B[n - 1]! + s);
  }
  return { fitted, forecasts };
}

describe('HOLT_WINTERS — reference data: Box & Jenkins (1976) Series G, R datasets::AirPassengers', () => {
  const ap = AIR_PASSENGERS;

  it('has the published series (144 monthly values, mean 280.2986 as printed by R summary/mean)', () => {
    expect(ap).toHaveLength(144);
    expect(ap.reduce((a, b) => a + b, 0) / 144).toBeCloseTo(280.2986, 4);
  });

  it('initialises by classical decomposition: trend matches R decompose(AirPassengers)$trend', () => {
    // R: decompose(AirPassengers)$trend, Jul–Dec 1949 = 126.7917 127.2500 127.9583 128.5833 129.0000 129.7500
    // (printed to 4 decimals → tolerance 5e-5). Derivation of the first: (½·112 + (118+…+118) + ½·115)/12
    // = (56 + 1408 + 57.5)/12 = 126.791666…
    const cma = centredMovingAverage(ap, 12);
    expect(cma.slice(0, 6)).toEqual([null, null, null, null, null, null]);
    [126.7917, 127.25, 127.9583, 128.5833, 129.0, 129.75].forEach((v, i) => expect(Math.abs(cma[6 + i]! - v)).toBeLessThan(5e-5));
    expect(cma[6]).toBeCloseTo(1521.5 / 12, 12);
    const add = holtWintersInitialState(ap, 12, 'ADDITIVE');
    expect(add.seasonals.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 9);
    const mult = holtWintersInitialState(ap, 12, 'MULTIPLICATIVE');
    expect(mult.seasonals.reduce((a, b) => a + b, 0) / 12).toBeCloseTo(1, 12);
    // July and August are the peak months in the first two years, November the trough.
    expect(Math.max(...mult.seasonals)).toBe(Math.max(mult.seasonals[6]!, mult.seasonals[7]!));
    expect(Math.min(...mult.seasonals)).toBe(mult.seasonals[10]);
  });

  it('recovers an exact additive trend + season (hand-derivable: any α, β, γ gives SSE 0)', () => {
    // y_t = 10 + 2t + s_{t mod 4}, s = (3, −1, −4, 2): the 2×4 centred MA of a line plus a
    // zero-sum season is the line, so ℓ₃ = 16, b = 2, s = (3, −1, −4, 2) and every one-step
    // forecast is exact; y_{n−1+h} continues the formula.
    const s = [3, -1, -4, 2];
    const y = Array.from({ length: 20 }, (_, t) => 10 + 2 * t + s[t % 4]!);
    const init = holtWintersInitialState(y, 4, 'ADDITIVE');
    expect(init.level).toBeCloseTo(16, 12);
    expect(init.trend).toBeCloseTo(2, 12);
    init.seasonals.forEach((v, i) => expect(v).toBeCloseTo(s[i]!, 12));
    const r = holtWinters(y, { seasonalPeriod: 4, alpha: 0.4, beta: 0.2, gamma: 0.3, horizon: 5 });
    expect(r.sse).toBeCloseTo(0, 9);
    r.points.forEach((p, i) => expect(p.value).toBeCloseTo(10 + 2 * (19 + i + 1) + s[(19 + i + 1) % 4]!, 9));
  });

  it('fixed parameters: fitted values and forecasts equal an independent re-implementation (1e-9)', () => {
    for (const [seasonality, alpha, beta, gamma] of [
      ['ADDITIVE', 0.3, 0.05, 0.2],
      ['MULTIPLICATIVE', 0.3, 0.05, 0.2],
      ['MULTIPLICATIVE', 0.8, 0.5, 0.9],
    ] as const) {
      const mult = seasonality === 'MULTIPLICATIVE';
      const r = holtWinters(ap, { seasonalPeriod: 12, seasonality, alpha, beta, gamma, horizon: 24 });
      const ref = naiveHoltWinters(ap, 12, mult, alpha, beta, gamma, 24);
      expect(r.optimised).toBe(false);
      r.fitted.forEach((f, i) => (ref.fitted[i] === null ? expect(f).toBeNull() : expect(f).toBeCloseTo(ref.fitted[i]!, 9)));
      r.points.forEach((p, i) => expect(p.value).toBeCloseTo(ref.forecasts[i]!, 9));
      const sse = ref.fitted.reduce<number>((acc, f, i) => acc + (f === null ? 0 : (ap[i]! - f) ** 2), 0);
      expect(r.sse).toBeCloseTo(sse, 6);
    }
  });

  it('additive intervals follow σ_h² = σ²(1 + Σ c_j²), c_j = α(1+jβ) + γ(1−α)[j mod m = 0]', () => {
    const alpha = 0.3;
    const beta = 0.05;
    const gamma = 0.2;
    const r = holtWinters(ap, { seasonalPeriod: 12, alpha, beta, gamma, horizon: 14 });
    expect(r.intervalMethod).toBe('ANALYTIC');
    const sigma = Math.sqrt(r.sse / (144 - 12));
    let acc = 1;
    r.points.forEach((p, i) => {
      const h = i + 1;
      expect(p.standardError).toBeCloseTo(sigma * Math.sqrt(acc), 9);
      expect(p.lower80).toBeCloseTo(p.value - Z80 * p.standardError, 9);
      expect(p.upper95).toBeCloseTo(p.value + Z95 * p.standardError, 9);
      const c = alpha * (1 + h * beta) + (h % 12 === 0 ? gamma * (1 - alpha) : 0);
      acc += c * c;
    });
  });

  it('optimised: multiplicative beats additive on AirPassengers (in-sample SSE and backtest), as the literature reports', () => {
    const add = holtWinters(ap, { seasonalPeriod: 12, seasonality: 'ADDITIVE', horizon: 12 });
    const mult = holtWinters(ap, { seasonalPeriod: 12, seasonality: 'MULTIPLICATIVE', horizon: 12 });
    expect(mult.sse).toBeLessThan(add.sse);
    for (const r of [add, mult]) {
      expect(r.optimised).toBe(true);
      for (const k of ['alpha', 'beta', 'gamma']) {
        expect(r.params[k]).toBeGreaterThanOrEqual(0);
        expect(r.params[k]).toBeLessThanOrEqual(1);
      }
    }
    const btAdd = backtest(ap, { method: 'HOLT_WINTERS', seasonality: 'ADDITIVE' }, { seasonalPeriod: 12, minTrain: 96 });
    const btMult = backtest(ap, { method: 'HOLT_WINTERS', seasonality: 'MULTIPLICATIVE' }, { seasonalPeriod: 12, minTrain: 96 });
    expect(btMult.metrics.rmse).toBeLessThan(btAdd.metrics.rmse);
  });

  it('optimised SSE is no worse than any point of an 11×11×11 parameter grid', () => {
    const mult = holtWinters(ap, { seasonalPeriod: 12, seasonality: 'MULTIPLICATIVE', horizon: 1 });
    let gridBest = Infinity;
    for (let a = 1; a <= 10; a++)
      for (let b = 0; b <= 10; b++)
        for (let g = 0; g <= 10; g++) gridBest = Math.min(gridBest, holtWinters(ap, { seasonalPeriod: 12, seasonality: 'MULTIPLICATIVE', alpha: a / 10, beta: b / 10, gamma: g / 10, horizon: 1 }).sse);
    expect(mult.sse).toBeLessThanOrEqual(gridBest + 1e-6);
  });

  it('1961 forecasts (12 steps) have the series\' shape, growth and widening intervals', () => {
    const r = holtWinters(ap, { seasonalPeriod: 12, seasonality: 'MULTIPLICATIVE', horizon: 12, futureLabels: ['1961-01'] });
    const v = r.points.map((p) => p.value);
    expect(r.points[0]!.label).toBe('1961-01');
    // peak in July or August, trough in November or February — as in every year 1949–1960
    expect([6, 7]).toContain(v.indexOf(Math.max(...v)));
    expect([1, 10]).toContain(v.indexOf(Math.min(...v)));
    // growth: every month above the same month of 1960 (the series grows each year 1949–1960)
    v.forEach((x, i) => expect(x).toBeGreaterThan(ap[132 + i]!));
    // and within 20% of it (1960 grew 1.9–13% over 1959 month by month)
    v.forEach((x, i) => expect(x / ap[132 + i]!).toBeLessThan(1.2));
    r.points.forEach((p, i) => {
      expect(p.lower95).toBeLessThan(p.lower80);
      expect(p.lower80).toBeLessThan(p.value);
      expect(p.upper80).toBeLessThan(p.upper95);
      if (i > 0) expect(p.standardError).toBeGreaterThanOrEqual(r.points[i - 1]!.standardError);
    });
    expect(r.intervalMethod).toBe('EMPIRICAL_BY_HORIZON');
  });

  it('hold-out 1960: fitted on 1949–1959 the multiplicative model forecasts 1960 with MAPE < 10% (sanity bound) and the 95% intervals cover ≥ 10 of 12 months', () => {
    const r = holtWinters(ap.slice(0, 132), { seasonalPeriod: 12, seasonality: 'MULTIPLICATIVE', horizon: 12 });
    const actual = ap.slice(132);
    const m = accuracyMetrics(
      actual,
      r.points.map((p) => p.value),
    );
    console.log(`AirPassengers 1960 hold-out, multiplicative HW: MAPE ${m.mape!.toFixed(2)}%, RMSE ${m.rmse.toFixed(2)}, params ${JSON.stringify(r.params)}`);
    expect(m.mape!).toBeLessThan(10);
    expect(r.points.filter((p, i) => actual[i]! >= p.lower95 && actual[i]! <= p.upper95).length).toBeGreaterThanOrEqual(10);
  });

  it('guards its inputs', () => {
    expect(() => holtWinters(ap.slice(0, 25), { seasonalPeriod: 12, horizon: 1 })).toThrow(InsufficientHistory);
    try {
      holtWinters(ap.slice(0, 25), { seasonalPeriod: 12, horizon: 1 });
    } catch (e) {
      expect(e).toMatchObject({ needed: 26, got: 25 });
    }
    const withZero = [...ap];
    withZero[40] = 0;
    expect(() => holtWinters(withZero, { seasonalPeriod: 12, seasonality: 'MULTIPLICATIVE', horizon: 1 })).toThrow(InvalidSeries);
    expect(() => holtWinters(ap, { seasonalPeriod: 1, horizon: 1 })).toThrow(InvalidParameter);
    expect(() => holtWinters(ap, { seasonalPeriod: 12, gamma: 2, horizon: 1 })).toThrow(/gamma/);
  });
});

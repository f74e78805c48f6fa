import { describe, expect, it } from 'vitest';
import { AIR_PASSENGERS } from '../fixtures/airPassengers';
import { autoForecast, defaultCandidates } from './auto';
import { backtest } from './backtest';
import { InsufficientHistory } from './errors';
import { aggregateFacts, futureLabels, type DatedFact } from './series';

/** Deterministic PRNG (mulberry32) so the synthetic facts are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` daily sales facts over `days` days from `start`: trend × yearly season × noise. */
function dailyFacts(count: number, start: string, days: number, seed = 42): DatedFact[] {
  const rand = rng(seed);
  const t0 = Date.parse(`${start}T00:00:00Z`);
  const facts: DatedFact[] = [];
  for (let i = 0; i < count; i++) {
    const d = Math.floor((i / count) * days);
    const date = new Date(t0 + d * 86_400_000);
    const season = 1 + 0.35 * Math.sin((2 * Math.PI * (date.getUTCMonth() + 0.5)) / 12);
    const trend = 1 + (0.5 * d) / days;
    facts.push({ date: date.toISOString().slice(0, 10), value: Math.round(1000 * trend * season * (0.6 + 0.8 * rand())) });
  }
  return facts;
}

/** Wall-clock and CPU (process.cpuUsage: user + system) milliseconds: first (cold) run, then min/median of the warm runs. */
function timeIt(fn: () => void, runs = 5): string {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    fn();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  const stats = (xs: number[]): string => {
    const warm = xs.slice(1).sort((a, b) => a - b);
    return `cold ${xs[0]!.toFixed(1)}, warm min ${warm[0]!.toFixed(1)} / median ${warm[Math.floor(warm.length / 2)]!.toFixed(1)}`;
  };
  return `wall ms [${stats(wall)}], cpu ms [${stats(cpu)}]`;
}

describe('AUTO', () => {
  it('picks a seasonal method on four years of seasonal, trending monthly sales and explains why', () => {
    const series = aggregateFacts(dailyFacts(10_000, '2021-01-01', 1461), 'MONTH');
    expect(series.values).toHaveLength(48);
    const r = autoForecast(series.values, { seasonalPeriod: 12, horizon: 24, futureLabels: futureLabels(series, 24) });
    expect(['HOLT_WINTERS', 'LINEAR_REGRESSION']).toContain(r.chosen.method);
    if (r.chosen.method === 'LINEAR_REGRESSION') expect(r.chosen.seasonal).toBe(true);
    expect(r.forecast.points).toHaveLength(24);
    expect(r.forecast.points[0]!.label).toBe('2025-01');
    expect(r.forecast.points[23]!.label).toBe('2026-12');
    // every candidate scored over the same window (training prefixes 26..47 — HOLT_WINTERS needs 2·12+2)
    expect(r.backtest.firstOrigin).toBe(26);
    expect(r.backtest.origins).toBe(22);
    expect(r.candidates).toHaveLength(defaultCandidates().length);
    for (const c of r.candidates) {
      expect(c.eligible).toBe(true);
      expect(c.metrics!.count).toBe(22);
      expect(c.score).toBeGreaterThanOrEqual(r.candidates.find((x) => x.label === r.label)!.score!);
    }
    expect(r.backtest.metrics.mape).not.toBeNull();
    expect(r.reason).toContain(r.label);
    expect(r.reason).toContain('RMSE');
    // the winner's score is its own backtest recomputed independently
    const again = backtest(series.values, r.chosen, { seasonalPeriod: 12, minTrain: 26 });
    expect(again.metrics.rmse).toBeCloseTo(r.backtest.metrics.rmse, 9);
    console.log(`AUTO (48 monthly): ${r.reason}; backtest MAPE ${r.backtest.metrics.mape!.toFixed(2)}%`);
  });

  it('chooses multiplicative Holt-Winters on AirPassengers', () => {
    const r = autoForecast(AIR_PASSENGERS, { seasonalPeriod: 12, horizon: 12 });
    expect(r.label).toBe('HOLT_WINTERS(MULTIPLICATIVE)');
  });

  it('skips what the history cannot support and says why; fails with the least history needed', () => {
    const short = Array.from({ length: 20 }, (_, t) => 100 + t + (t % 3));
    const r = autoForecast(short, { seasonalPeriod: 12, horizon: 3 });
    const hw = r.candidates.find((c) => c.label === 'HOLT_WINTERS(ADDITIVE)')!;
    expect(hw.eligible).toBe(false);
    expect(hw.reason).toBe('needs 29 periods for 3 backtest origins, got 20');
    expect(r.chosen.method).not.toBe('HOLT_WINTERS');
    expect(r.candidates.find((c) => c.label === 'LINEAR_REGRESSION(TREND_SEASONAL)')!.eligible).toBe(true); // needs 12+3+3 = 18
    const withZero = [...short];
    withZero[5] = 0;
    const z = autoForecast(withZero, { seasonalPeriod: 4, horizon: 1 });
    expect(z.candidates.find((c) => c.label === 'HOLT_WINTERS(MULTIPLICATIVE)')!.reason).toMatch(/> 0/);
    const noPeriod = autoForecast(short, { horizon: 1 });
    expect(noPeriod.candidates.find((c) => c.label === 'HOLT_WINTERS(ADDITIVE)')!.reason).toBe('no seasonal period given');
    try {
      autoForecast([1, 2, 3, 4, 5], { seasonalPeriod: 12, horizon: 1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InsufficientHistory);
      // least demanding candidate: SES needs 3 + 3 backtest origins
      expect(e).toMatchObject({ needed: 6, got: 5, field: 'history' });
    }
  });

  it('can select by sMAPE or MAPE and restrict candidates', () => {
    const r = autoForecast(AIR_PASSENGERS.slice(0, 60), { seasonalPeriod: 12, horizon: 6, metric: 'SMAPE', candidates: [{ method: 'EXPONENTIAL_SMOOTHING' }, { method: 'HOLT' }] });
    expect(r.metric).toBe('SMAPE');
    expect(r.candidates).toHaveLength(2);
    const best = Math.min(...r.candidates.map((c) => c.metrics!.smape));
    expect(r.backtest.metrics.smape).toBe(best);
    // without HOLT_WINTERS the common window starts at HOLT's 4
    expect(r.backtest.firstOrigin).toBe(4);
  });

  it('caps the backtest window with maxBacktestOrigins', () => {
    const r = autoForecast(AIR_PASSENGERS, { seasonalPeriod: 12, horizon: 1, maxBacktestOrigins: 24 });
    expect(r.backtest.origins).toBe(24);
    expect(r.backtest.firstOrigin).toBe(120);
    expect(r.candidates.every((c) => c.metrics?.count === 24)).toBe(true);
  });

  it('copes with constant and all-zero series (finite forecasts, MAPE null when every actual is 0)', () => {
    const flat = autoForecast(new Array<number>(30).fill(7), { seasonalPeriod: 12, horizon: 3 });
    flat.forecast.points.forEach((p) => expect(p.value).toBeCloseTo(7, 6));
    const zeros = autoForecast(new Array<number>(30).fill(0), { seasonalPeriod: 12, horizon: 3 });
    expect(zeros.backtest.metrics.mape).toBeNull();
    expect(zeros.backtest.metrics.zeroActuals).toBe(zeros.backtest.metrics.count);
    zeros.forecast.points.forEach((p) => expect(Number.isFinite(p.value)).toBe(true));
    expect(zeros.candidates.find((c) => c.label === 'HOLT_WINTERS(MULTIPLICATIVE)')!.eligible).toBe(false);
  });

  it('performance: 24-month forecast over 10,000 daily facts; weekly ~330 points (timing printed, not asserted)', () => {
    const facts = dailyFacts(10_000, '2021-01-01', 1461);
    const monthly = timeIt(() => {
      const s = aggregateFacts(facts, 'MONTH');
      autoForecast(s.values, { seasonalPeriod: 12, horizon: 24, futureLabels: futureLabels(s, 24) });
    });
    const weeklyFacts = dailyFacts(10_000, '2019-01-07', 330 * 7, 7);
    const weeklySeries = aggregateFacts(weeklyFacts, 'WEEK');
    const weekly = timeIt(() => {
      const s = aggregateFacts(weeklyFacts, 'WEEK');
      autoForecast(s.values, { seasonalPeriod: 52, horizon: 24, futureLabels: futureLabels(s, 24) });
    }, 3);
    const weeklyCapped = timeIt(() => {
      const s = aggregateFacts(weeklyFacts, 'WEEK');
      autoForecast(s.values, { seasonalPeriod: 52, horizon: 24, futureLabels: futureLabels(s, 24), maxBacktestOrigins: 52 });
    }, 3);
    console.log(
      `[forecast perf] AUTO incl. aggregation, 10,000 daily facts → 48 monthly points, 7 candidates, 22 origins, h=24 (target < 50 ms): ${monthly}\n` +
        `[forecast perf] AUTO incl. aggregation, 10,000 daily facts → ${weeklySeries.values.length} weekly points (m=52), 224 origins, h=24: ${weekly}\n` +
        `[forecast perf] same weekly, maxBacktestOrigins 52: ${weeklyCapped}`,
    );
    expect(weeklySeries.values.length).toBeGreaterThanOrEqual(329);
  });
});

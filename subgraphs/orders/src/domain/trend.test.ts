import { describe, expect, it } from 'vitest';
import { percentChange, trendPoints, type TrendFact } from './trend';

const fact = (day: string, revenue: number, orderId = day, kind: 'APPROVED' | 'CANCELLED' = 'APPROVED'): TrendFact => ({
  day,
  orderId,
  kind,
  quantity: kind === 'APPROVED' ? 1 : -1,
  revenueMinor: BigInt(revenue),
  marginMinor: BigInt(Math.trunc(revenue / 4)),
});

describe('trend', () => {
  it('percent change is exact with two places, null on a zero base', () => {
    expect(percentChange(150n, 100n)).toBe('50.00');
    expect(percentChange(2n, 3n)).toBe('-33.33');
    expect(percentChange(-50n, -100n)).toBe('50.00');
    expect(percentChange(5n, 0n)).toBeNull();
    expect(percentChange(5n, null)).toBeNull();
  });

  it('sums per quarter with period-over-period and year-over-year change', () => {
    const facts = [fact('2025-01-10', 100), fact('2025-02-10', 100), fact('2025-12-31', 300), fact('2026-01-01', 200), fact('2026-03-31', 100), fact('2026-04-01', 999)];
    const points = trendPoints(facts, 'REVENUE', 'QUARTER', '2026-01-01', '2026-03-31');
    expect(points).toEqual([{ period: '2026-Q1', value: 300n, periodOverPeriodPercent: '0.00', yearOverYearPercent: '50.00' }]);
  });

  it('fills empty ISO weeks with zero and counts orders net of cancellations', () => {
    const facts = [fact('2026-01-05', 10, 'a'), fact('2026-01-05', 15, 'a'), fact('2026-01-07', 10, 'b'), fact('2026-01-20', -10, 'a', 'CANCELLED')];
    const points = trendPoints(facts, 'ORDERS', 'WEEK', '2026-01-05', '2026-01-25');
    expect(points.map((p) => [p.period, p.value, p.periodOverPeriodPercent])).toEqual([
      ['2026-W02', 2n, null], // order a has two lines: counted once
      ['2026-W03', 0n, '-100.00'],
      ['2026-W04', -1n, null],
    ]);
  });

  it('year over year for days maps 29 February to 28 February', () => {
    const points = trendPoints([fact('2023-02-28', 100), fact('2024-02-29', 120)], 'REVENUE', 'DAY', '2024-02-29', '2024-02-29');
    expect(points[0]!.yearOverYearPercent).toBe('20.00');
  });
});

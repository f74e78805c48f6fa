import { describe, expect, it } from 'vitest';
import { attainment, percentOf } from './attainment';
import { parsePeriod } from './period';

describe('attainment', () => {
  const q1 = parsePeriod('2027-Q1'); // 90 days
  it('computes percent, variance and a run-rate projection mid-period', () => {
    // 30 of 90 days elapsed, 400.00 sold of 1000.00: projected 1200.00, 120.00%
    const a = attainment(100_000n, 40_000n, q1, new Date('2027-01-31T00:00:00Z'));
    expect(a.percent).toBe('40.00');
    expect(a.variance).toBe(-60_000n);
    expect(a.projected).toBe(120_000n);
    expect(a.projectedPercent).toBe('120.00');
  });
  it('projects the actual once the period is over and before it starts', () => {
    expect(attainment(100_000n, 40_000n, q1, new Date('2027-05-01T00:00:00Z')).projected).toBe(40_000n);
    expect(attainment(100_000n, 0n, q1, new Date('2026-12-01T00:00:00Z')).projected).toBe(0n);
  });
  it('rounds percentages half-even to two places and has no percent without a target', () => {
    expect(percentOf(1n, 3n)).toBe('33.33');
    expect(percentOf(2n, 3n)).toBe('66.67');
    expect(percentOf(1n, 8n)).toBe('12.50');
    // 0.125% → 0.12 (half-even), 0.375% → 0.38
    expect(percentOf(1n, 800n)).toBe('0.12');
    expect(percentOf(3n, 800n)).toBe('0.38');
    expect(percentOf(5n, 0n)).toBeNull();
    expect(attainment(0n, 5n, q1, new Date('2027-02-01T00:00:00Z')).percent).toBeNull();
  });
  it('handles reversals bringing the actual negative', () => {
    const a = attainment(100_000n, -10_000n, q1, new Date('2027-04-01T00:00:00Z'));
    expect(a.percent).toBe('-10.00');
    expect(a.variance).toBe(-110_000n);
  });
});

import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { formatPercent, orderTotals, parsePercent, percentOf } from './calc';

describe('orderTotals', () => {
  it('sums amounts and cost exactly and gives the margin with its share', () => {
    const t = orderTotals([
      { quantity: 3, unitPriceMinor: 19_99n, unitCostMinor: 12_50n },
      { quantity: 10, unitPriceMinor: 1_000_00n, unitCostMinor: 700_00n },
    ]);
    expect(t).toEqual({ totalMinor: 10_059_97n, totalCostMinor: 7_037_50n, grossMarginMinor: 3_022_47n, grossMarginBp: 3004n });
  });

  it('handles amounts beyond 2^53 without losing a cent', () => {
    const t = orderTotals([{ quantity: 1_000_000, unitPriceMinor: 9_007_199_254_740_993n, unitCostMinor: 0n }]);
    expect(t.totalMinor).toBe(9_007_199_254_740_993_000_000n);
  });

  it('reports a loss as a negative margin and 0 % on an empty total', () => {
    expect(orderTotals([{ quantity: 1, unitPriceMinor: 100n, unitCostMinor: 150n }])).toMatchObject({ grossMarginMinor: -50n, grossMarginBp: -5000n });
    expect(orderTotals([]).grossMarginBp).toBe(0n);
  });

  it('rounds the margin share half-even', () => {
    // 1/8 = 12.5 bp of a basis point ... 0.125 % → 12.5 bp → 12 (even); 0.375 % → 37.5 bp → 38
    expect(orderTotals([{ quantity: 1, unitPriceMinor: 8000n, unitCostMinor: 7990n }]).grossMarginBp).toBe(12n);
    expect(orderTotals([{ quantity: 1, unitPriceMinor: 8000n, unitCostMinor: 7970n }]).grossMarginBp).toBe(38n);
  });
});

describe('percentages', () => {
  it('takes a share half-even', () => {
    expect(percentOf(250n, 5000n)).toBe(125n);
    expect(percentOf(1n, 5000n)).toBe(0n); // 0.5 → 0
    expect(percentOf(3n, 5000n)).toBe(2n); // 1.5 → 2
  });

  it('parses two places and refuses more, negatives and above 100 %', () => {
    expect(parsePercent('0.5', 'p')).toBe(50n);
    expect(formatPercent(parsePercent('12.25', 'p'))).toBe('12.25');
    for (const bad of ['0.125', '-1', '100.01', 'ten']) expect(() => parsePercent(bad, 'p')).toThrow(ValidationError);
    expect(() => parsePercent('0', 'p', { allowZero: false })).toThrow(/greater than zero/);
  });
});

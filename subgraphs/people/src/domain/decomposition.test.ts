import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { bottomUpMismatches, decomposeEven, decomposeWeighted, parseWeights, seasonalWeights, splitLargestRemainder } from './decomposition';

const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

describe('splitLargestRemainder', () => {
  it('splits 1,000,000.01 three ways exactly', () => {
    const parts = splitLargestRemainder(100_000_001n, [1n, 1n, 1n]);
    expect(parts).toEqual([33_333_334n, 33_333_334n, 33_333_333n]);
    expect(sum(parts)).toBe(100_000_001n);
  });
  it('splits 1,000,000.01 seven ways exactly', () => {
    const parts = splitLargestRemainder(100_000_001n, Array(7).fill(1n));
    // 100000001 / 7 = 14285714 rem 3: the first three get one more.
    expect(parts).toEqual([14_285_715n, 14_285_715n, 14_285_715n, 14_285_714n, 14_285_714n, 14_285_714n, 14_285_714n]);
    expect(sum(parts)).toBe(100_000_001n);
  });
  it('gives leftover units to the largest remainders, not the first positions', () => {
    // 100 by 1:1:1:7 → 10, 10, 10, 70 exactly; 101 by 2:3:5 → 20.2, 30.3, 50.5 → 20, 30, 51
    expect(splitLargestRemainder(101n, [2n, 3n, 5n])).toEqual([20n, 30n, 51n]);
    expect(splitLargestRemainder(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
  });
  it('keeps zero-weight parts at zero and refuses empty or zero weights', () => {
    expect(splitLargestRemainder(5n, [0n, 1n])).toEqual([0n, 5n]);
    expect(() => splitLargestRemainder(5n, [])).toThrow(RangeError);
    expect(() => splitLargestRemainder(5n, [0n, 0n])).toThrow(RangeError);
  });
  it('sums exactly for many awkward amounts and weights', () => {
    const weights = [3n, 7n, 11n, 13n, 17n, 19n, 23n];
    for (let t = 0n; t < 500n; t += 7n) {
      const total = 100_000_000n + t * 13n + 1n;
      expect(sum(splitLargestRemainder(total, weights))).toBe(total);
    }
  });
});

describe('decomposition methods', () => {
  it('EVEN over quarters then months keeps every level exact (multi-level)', () => {
    const year = 100_000_001n;
    const quarters = decomposeEven(year, ['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4']);
    expect(sum(quarters.map((q) => q.amount))).toBe(year);
    const months = quarters.flatMap((q, i) => decomposeEven(q.amount, [1, 2, 3].map((m) => `2027-${String(i * 3 + m).padStart(2, '0')}`)));
    expect(months).toHaveLength(12);
    expect(sum(months.map((m) => m.amount))).toBe(year);
    // year → quarter → month → 7 reps: still exact at the bottom
    const reps = months.flatMap((m) => decomposeEven(m.amount, ['a', 'b', 'c', 'd', 'e', 'f', 'g']));
    expect(sum(reps.map((r) => r.amount))).toBe(year);
    expect(quarters[0]!.amount).toBe(25_000_001n);
  });
  it('WEIGHTED needs weights that sum to 100', () => {
    const w = parseWeights([{ ref: 'CN-EAST', weight: '33.3333' }, { ref: 'CN-WEST', weight: '33.3333' }, { ref: 'CN-NORTH', weight: '33.3334' }]);
    const shares = decomposeWeighted(100_000_001n, w);
    expect(sum(shares.map((s) => s.amount))).toBe(100_000_001n);
    expect(shares.map((s) => s.ref)).toEqual(['CN-EAST', 'CN-WEST', 'CN-NORTH']);
    const bad = (() => {
      try {
        parseWeights([{ ref: 'A', weight: '50' }, { ref: 'B', weight: '49.99' }]);
      } catch (e) {
        return e as ValidationError;
      }
      return null;
    })();
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad!.field).toBe('weights');
    expect(() => parseWeights([])).toThrow(ValidationError);
    expect(() => parseWeights([{ ref: 'A', weight: '50' }, { ref: 'a', weight: '50' }])).toThrow(/twice/);
    expect(() => parseWeights([{ ref: 'A', weight: '150' }, { ref: 'B', weight: '-50' }])).toThrow(/negative/);
  });
  it('HISTORICAL splits by last year actual shares and refuses when there is none', () => {
    const shares = decomposeWeighted(1_000_000n, [
      { ref: 'r1', weight: 300_00n },
      { ref: 'r2', weight: 100_00n },
      { ref: 'r3', weight: 0n },
    ]);
    expect(shares.map((s) => s.amount)).toEqual([750_000n, 250_000n, 0n]);
    expect(() => decomposeWeighted(1n, [{ ref: 'r1', weight: 0n }])).toThrow(ValidationError);
  });
  it('SEASONAL applies the monthly profile to quarters', () => {
    const profile = new Map<number, bigint>([
      [1, 100n],
      [2, 100n],
      [3, 200n],
      [11, 300n],
      [12, 300n],
    ]);
    const weights = seasonalWeights(
      [1, 2, 3, 4].map((q) => ({ ref: `2027-Q${q}`, monthNumbers: [1, 2, 3].map((m) => (q - 1) * 3 + m) })),
      profile,
    );
    expect(weights.map((w) => w.weight)).toEqual([400n, 0n, 0n, 600n]);
    const shares = decomposeWeighted(100_000_001n, weights);
    expect(shares.map((s) => s.amount)).toEqual([40_000_000n, 0n, 0n, 60_000_001n]);
  });
});

describe('bottomUpMismatches', () => {
  it('reports nodes whose children do not sum', () => {
    const tree = {
      id: 'y',
      amount: 100n,
      children: [
        { id: 'q1', amount: 60n, children: [{ id: 'm1', amount: 30n, children: [] }, { id: 'm2', amount: 20n, children: [] }] },
        { id: 'q2', amount: 40n, children: [] },
      ],
    };
    expect(bottomUpMismatches(tree)).toEqual([{ targetId: 'q1', amount: 60n, childrenSum: 50n }]);
    tree.children[1]!.amount = 39n;
    expect(bottomUpMismatches(tree).map((m) => m.targetId)).toEqual(['y', 'q1']);
  });
});

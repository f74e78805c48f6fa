import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { tieredCommission, validateCommissionPlan } from './commission';

const plan = validateCommissionPlan({
  name: 'Standard',
  basis: 'BOOKED',
  baseRatePercent: '5',
  tiers: [
    { fromAttainmentPercent: '100', ratePercent: '8' },
    { fromAttainmentPercent: '120', ratePercent: '10' },
  ],
});

describe('tieredCommission', () => {
  it('pays the base rate below target', () => {
    const r = tieredCommission(plan, 1_000_000n, 0n, 400_000n); // 4000.00 of a 10000.00 target
    expect(r.commission).toBe(20_000n); // 5% = 200.00
    expect(r.bands).toEqual([{ fromAttainment: 0n, rate: 500n, basis: 400_000n }]);
  });
  it('splits one order that crosses a tier at each band rate', () => {
    // 9000.00 already; this 4000.00 order covers 1000 at 5%, 2000 at 8% (100-120%), 1000 at 10%
    const r = tieredCommission(plan, 1_000_000n, 900_000n, 400_000n);
    expect(r.bands.map((b) => [b.rate, b.basis])).toEqual([
      [500n, 100_000n],
      [800n, 200_000n],
      [1000n, 100_000n],
    ]);
    expect(r.commission).toBe(5_000n + 16_000n + 10_000n);
  });
  it('uses only the base rate without a target and rounds half-even once', () => {
    const r = tieredCommission(plan, null, 5_000_000n, 333n); // 5% of 3.33 = 0.1665 → 0.17
    expect(r.commission).toBe(17n);
    expect(tieredCommission({ baseRate: 250n, tiers: [] }, null, 0n, 50n).commission).toBe(1n); // 1.25 minor → 1 (half-even)
    expect(tieredCommission({ baseRate: 300n, tiers: [] }, null, 0n, 50n).commission).toBe(2n); // 1.5 → 2
    expect(tieredCommission(plan, 1_000_000n, 0n, 0n).commission).toBe(0n);
  });
  it('starts above the last tier when the rep is already there', () => {
    expect(tieredCommission(plan, 1_000_000n, 2_000_000n, 100_000n).commission).toBe(10_000n);
  });
});

describe('validateCommissionPlan', () => {
  it('refuses bad rates and unordered tiers naming the field', () => {
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as ValidationError).field;
      }
      return null;
    };
    expect(field(() => validateCommissionPlan({ name: 'x', basis: 'NET', baseRatePercent: '5' }))).toBe('basis');
    expect(field(() => validateCommissionPlan({ name: 'x', basis: 'BOOKED', baseRatePercent: '105' }))).toBe('baseRatePercent');
    expect(
      field(() =>
        validateCommissionPlan({ name: 'x', basis: 'BOOKED', baseRatePercent: '5', tiers: [{ fromAttainmentPercent: '120', ratePercent: '8' }, { fromAttainmentPercent: '100', ratePercent: '9' }] }),
      ),
    ).toBe('tiers[1].fromAttainmentPercent');
  });
});

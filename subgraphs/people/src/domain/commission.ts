// Commission maths: a base rate up to the first accelerator, tier rates above it; an order that
// crosses a threshold is paid at each band's rate for the part inside that band.
import { divideHalfEven, parseDecimal, ValidationError } from '@salesgraph/kernel';

export const COMMISSION_BASES = ['BOOKED', 'COLLECTED'] as const;
export type CommissionBasis = (typeof COMMISSION_BASES)[number];

export interface CommissionTier {
  /** Attainment threshold in hundredths of a percent (100% = 10000). */
  fromAttainment: bigint;
  /** Rate in hundredths of a percent (5% = 500). */
  rate: bigint;
}

export interface CommissionPlanTerms {
  baseRate: bigint;
  tiers: CommissionTier[];
}

export interface CommissionPlanInput {
  name: string;
  basis: string;
  baseRatePercent: string;
  tiers?: { fromAttainmentPercent: string; ratePercent: string }[] | null;
}

export function validateCommissionPlan(input: CommissionPlanInput): { name: string; basis: CommissionBasis } & CommissionPlanTerms {
  const name = input.name.trim();
  if (!name || name.length > 120) throw new ValidationError('name', 'name must be 1-120 characters');
  if (!COMMISSION_BASES.includes(input.basis as CommissionBasis)) throw new ValidationError('basis', `basis must be one of ${COMMISSION_BASES.join(', ')}`);
  const rate = (v: string, field: string) => {
    const r = parseDecimal(String(v), 2, field);
    if (r < 0n || r > 10_000n) throw new ValidationError(field, `${field} must be between 0 and 100`);
    return r;
  };
  const baseRate = rate(input.baseRatePercent, 'baseRatePercent');
  const tiers = (input.tiers ?? []).map((t, i) => {
    const fromAttainment = parseDecimal(String(t.fromAttainmentPercent), 2, `tiers[${i}].fromAttainmentPercent`);
    if (fromAttainment <= 0n) throw new ValidationError(`tiers[${i}].fromAttainmentPercent`, 'fromAttainmentPercent must be greater than 0');
    return { fromAttainment, rate: rate(t.ratePercent, `tiers[${i}].ratePercent`) };
  });
  for (let i = 1; i < tiers.length; i++) {
    if (tiers[i]!.fromAttainment <= tiers[i - 1]!.fromAttainment) throw new ValidationError(`tiers[${i}].fromAttainmentPercent`, 'tiers must be in increasing order of fromAttainmentPercent');
  }
  return { name, basis: input.basis as CommissionBasis, baseRate, tiers };
}

export interface CommissionBand {
  /** Attainment where the band starts, hundredths of a percent (0 for the base band). */
  fromAttainment: bigint;
  rate: bigint;
  /** The part of the amount credited inside this band (minor units). */
  basis: bigint;
}

export interface CommissionResult {
  commission: bigint;
  bands: CommissionBand[];
}

/**
 * Commission on `amount` when the rep had already credited `before` against `target` in the
 * plan period. Without a target (or a zero one) everything is paid at the base rate. The sum
 * of band amount × rate is rounded once, half-even, to minor units.
 */
export function tieredCommission(terms: CommissionPlanTerms, target: bigint | null, before: bigint, amount: bigint): CommissionResult {
  if (amount <= 0n) return { commission: 0n, bands: [] };
  const edges: { from: bigint; rate: bigint; fromAttainment: bigint }[] = [{ from: -(1n << 62n), rate: terms.baseRate, fromAttainment: 0n }];
  if (target != null && target > 0n) {
    for (const t of terms.tiers) edges.push({ from: divideHalfEven(target * t.fromAttainment, 10_000n), rate: t.rate, fromAttainment: t.fromAttainment });
  }
  const lo = before;
  const hi = before + amount;
  const bands: CommissionBand[] = [];
  let numerator = 0n;
  for (let i = 0; i < edges.length; i++) {
    const bandFrom = edges[i]!.from;
    const bandTo = i + 1 < edges.length ? edges[i + 1]!.from : 1n << 62n;
    const a = lo > bandFrom ? lo : bandFrom;
    const b = hi < bandTo ? hi : bandTo;
    if (b > a) {
      bands.push({ fromAttainment: edges[i]!.fromAttainment, rate: edges[i]!.rate, basis: b - a });
      numerator += (b - a) * edges[i]!.rate;
    }
  }
  return { commission: divideHalfEven(numerator, 10_000n), bands };
}

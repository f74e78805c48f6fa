// Late-delivery penalty from the contract's penalty terms.
import { percentOf } from './calc';
import { daysBetween, utcDate } from './dates';

export interface PenaltyTerms {
  /** Basis points of the order total per whole day late. */
  lateDeliveryBpPerDay: bigint;
  /** The penalty never exceeds this share of the order total (basis points). */
  capBp: bigint;
}

/**
 * Whole days late: a delivery on the promised date (UTC) or before is on time, one on the next
 * calendar day is one day late, whatever the hour.
 */
export function daysLate(promisedBy: string | null, deliveredAt: Date): number {
  if (!promisedBy) return 0;
  return Math.max(0, daysBetween(promisedBy, utcDate(deliveredAt)));
}

/** days × daily rate × total, capped at cap × total; rounded half-even to minor units. */
export function latePenalty(totalMinor: bigint, days: number, terms: PenaltyTerms | null): bigint {
  if (!terms || days <= 0 || totalMinor <= 0n) return 0n;
  const rate = BigInt(days) * terms.lateDeliveryBpPerDay;
  return percentOf(totalMinor, rate < terms.capBp ? rate : terms.capBp);
}

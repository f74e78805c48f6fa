// Supplier scorecard over a rolling window of delivery records, in exact integer arithmetic.
import { divideHalfEven } from '@salesgraph/kernel';
import { ratioBp } from './common';

export interface DeliveryRecord {
  promisedAt: Date;
  deliveredAt: Date;
  /** When known; otherwise the lead time is the quoted one plus the days late (or early). */
  orderedAt?: Date | null;
  quotedLeadTimeDays: number;
  quantity: number;
  defectQuantity: number;
}

export type SupplierGrade = 'A' | 'B' | 'C' | 'D';

export interface Scorecard {
  deliveries: number;
  /** Basis points (9500 = 95.00 %). */
  onTimeBp: number | null;
  defectBp: number | null;
  /** Hundredths of a day. */
  averageLeadTimeCentiDays: number | null;
  score: number | null;
  grade: SupplierGrade | null;
}

export const DEFAULT_SCORECARD_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

/** Weighting: 60 % on-time delivery, 40 % quality; quality falls 5 points per 1 % defects. */
export function supplierScore(onTimeBp: number, defectBp: number): number {
  const qualityBp = Math.max(0, 10000 - 5 * defectBp);
  return Number(divideHalfEven(BigInt(6 * onTimeBp + 4 * qualityBp), 1000n));
}

export function gradeOf(score: number): SupplierGrade {
  if (score >= 90) return 'A';
  if (score >= 75) return 'B';
  if (score >= 60) return 'C';
  return 'D';
}

/** Deliveries made in (now - windowDays, now]. */
export function computeScorecard(records: DeliveryRecord[], now: Date, windowDays = DEFAULT_SCORECARD_WINDOW_DAYS): Scorecard {
  const from = now.getTime() - windowDays * DAY_MS;
  const inWindow = records.filter((r) => r.deliveredAt.getTime() > from && r.deliveredAt.getTime() <= now.getTime());
  if (inWindow.length === 0) return { deliveries: 0, onTimeBp: null, defectBp: null, averageLeadTimeCentiDays: null, score: null, grade: null };
  const onTime = inWindow.filter((r) => r.deliveredAt.getTime() <= r.promisedAt.getTime()).length;
  const quantity = inWindow.reduce((s, r) => s + r.quantity, 0);
  const defects = inWindow.reduce((s, r) => s + r.defectQuantity, 0);
  const leadMs = inWindow.reduce((s, r) => {
    const lead = r.orderedAt ? r.deliveredAt.getTime() - r.orderedAt.getTime() : r.quotedLeadTimeDays * DAY_MS + (r.deliveredAt.getTime() - r.promisedAt.getTime());
    return s + BigInt(Math.max(0, lead));
  }, 0n);
  const onTimeBp = ratioBp(onTime, inWindow.length);
  const defectBp = ratioBp(defects, quantity);
  const score = supplierScore(onTimeBp, defectBp);
  return {
    deliveries: inWindow.length,
    onTimeBp,
    defectBp,
    averageLeadTimeCentiDays: Number(divideHalfEven(leadMs * 100n, BigInt(DAY_MS) * BigInt(inWindow.length))),
    score,
    grade: gradeOf(score),
  };
}

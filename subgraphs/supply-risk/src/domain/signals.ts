// Rules that turn other domains' signals into risk-register entries (pure; no I/O).
//
// CUSTOMER risk from churn (sales.customers.customer.churn_risk_changed.v1), one per customer:
//   HIGH  → registers a CUSTOMER risk (once; again only after the previous one was closed), or
//           re-scores the open one. likelihood = ⌈score / 20⌉ (1..5), impact 3 (a customer's revenue);
//   MEDIUM → re-scores an open one the same way, registers nothing;
//   LOW   → lowers an open one to likelihood 1 (score 3, LOW); it stays open for its owner to close.
// LOGISTICS risk from late deliveries (sales.orders.delivery.late.v1), one per region:
//   at least LATE_CLUSTER.minCount late deliveries of the region's orders reported within the last
//   LATE_CLUSTER.windowDays days register a LOGISTICS risk for the region, or re-score the open one.
//   likelihood = number of late deliveries (3..5, capped); impact from their average days late:
//   ≤ 3 → 2, ≤ 7 → 3, ≤ 14 → 4, more → 5. A cluster that thins out changes nothing: the risk is
//   closed by a person.

export interface Rating {
  likelihood: number;
  impact: number;
}

export type RegisterAction = { kind: 'REGISTER'; rating: Rating } | { kind: 'ASSESS'; rating: Rating } | { kind: 'NONE' };

export interface ExistingRisk {
  open: boolean;
  likelihood: number;
  impact: number;
}

export const CHURN_IMPACT = 3;

export function churnRating(score: number): Rating {
  return { likelihood: Math.min(5, Math.max(1, Math.ceil(score / 20))), impact: CHURN_IMPACT };
}

function assessIfChanged(existing: ExistingRisk, rating: Rating): RegisterAction {
  return existing.likelihood === rating.likelihood && existing.impact === rating.impact ? { kind: 'NONE' } : { kind: 'ASSESS', rating };
}

export function churnRiskAction(level: 'LOW' | 'MEDIUM' | 'HIGH', score: number, existing: ExistingRisk | null): RegisterAction {
  const open = existing?.open ? existing : null;
  if (level === 'HIGH') return open ? assessIfChanged(open, churnRating(score)) : { kind: 'REGISTER', rating: churnRating(score) };
  if (!open) return { kind: 'NONE' };
  if (level === 'MEDIUM') return assessIfChanged(open, churnRating(score));
  return assessIfChanged(open, { likelihood: 1, impact: CHURN_IMPACT });
}

export const LATE_CLUSTER = { windowDays: 30, minCount: 3 };

/** The LOGISTICS rating of a region's late deliveries in the window; null below the cluster size. */
export function lateDeliveryRating(daysLate: number[]): Rating | null {
  if (daysLate.length < LATE_CLUSTER.minCount) return null;
  const average = daysLate.reduce((s, d) => s + d, 0) / daysLate.length;
  const impact = average <= 3 ? 2 : average <= 7 ? 3 : average <= 14 ? 4 : 5;
  return { likelihood: Math.min(5, daysLate.length), impact };
}

export function logisticsRiskAction(daysLate: number[], existing: ExistingRisk | null): RegisterAction {
  const rating = lateDeliveryRating(daysLate);
  if (!rating) return { kind: 'NONE' };
  return existing?.open ? assessIfChanged(existing, rating) : { kind: 'REGISTER', rating };
}

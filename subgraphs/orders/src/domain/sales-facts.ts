// The sales facts read model: one row per order line per approval or cancellation, on the day it
// happened. A cancellation of an approved order adds the negated facts on its own day; nothing
// is ever edited, so any period's figures stay as reported.

export type SalesFactKind = 'APPROVED' | 'CANCELLED';

export interface SalesFactValues {
  orderId: string;
  /** UTC day of the approval or cancellation, "YYYY-MM-DD". */
  day: string;
  kind: SalesFactKind;
  customerId: string;
  repId: string;
  regionCode: string;
  productLine: string;
  sku: string;
  /** Negative for a cancellation. */
  quantity: number;
  revenueMinor: bigint;
  costMinor: bigint;
  marginMinor: bigint;
}

export interface OrderForFacts {
  id: string;
  customerId: string;
  repId: string;
  regionCode: string;
  lines: readonly { sku: string; productLine: string; quantity: number; unitPriceMinor: bigint; unitCostMinor: bigint }[];
  history: readonly { action: string; from: string | null; at: string }[];
}

/** Statuses from which a cancellation takes back approved sales. */
const APPROVED_STATUSES = new Set(['APPROVED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED', 'CLOSED']);

/** The facts of one approval (sign 1) or cancellation of an approved order (sign −1) at `at`. */
export function salesFactsOf(order: OrderForFacts, kind: SalesFactKind, at: Date | string): SalesFactValues[] {
  const day = (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);
  const sign = kind === 'APPROVED' ? 1n : -1n;
  return order.lines.map((l) => {
    const revenue = l.unitPriceMinor * BigInt(l.quantity) * sign;
    const cost = l.unitCostMinor * BigInt(l.quantity) * sign;
    return {
      orderId: order.id,
      day,
      kind,
      customerId: order.customerId,
      repId: order.repId,
      regionCode: order.regionCode,
      productLine: l.productLine,
      sku: l.sku,
      quantity: Number(sign) * l.quantity,
      revenueMinor: revenue,
      costMinor: cost,
      marginMinor: revenue - cost,
    };
  });
}

/** Every fact an order's own history implies: the rebuild of the read model. */
export function salesFactsFromHistory(order: OrderForFacts): SalesFactValues[] {
  const out: SalesFactValues[] = [];
  for (const t of order.history) {
    if (t.action === 'approve') out.push(...salesFactsOf(order, 'APPROVED', t.at));
    else if (t.action === 'cancel' && t.from !== null && APPROVED_STATUSES.has(t.from)) out.push(...salesFactsOf(order, 'CANCELLED', t.at));
  }
  return out;
}

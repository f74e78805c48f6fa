// Which columns a list needs: the fields the query selects on a connection's nodes, mapped to
// the entity properties their resolvers read. An unmapped field reads every column.
import type { Order } from '../infra/order.entity';

/** The Order properties each Order field's resolver reads (id is always read). */
export const ORDER_FIELD_PROPS: Record<string, readonly (keyof Order & string)[]> = {
  __typename: [],
  id: [],
  number: ['number'],
  customer: ['customerId'],
  rep: ['repId'],
  contract: ['contractId'],
  status: ['status'],
  lines: ['lines'],
  total: ['totalMinor'],
  totalCost: ['totalCostMinor'],
  grossMargin: ['lines'],
  grossMarginPercent: ['lines'],
  requestedDeliveryDate: ['requestedDeliveryDate'],
  promisedBy: ['promisedBy'],
  paymentTerms: ['paymentTerms'],
  placedAt: ['placedAt'],
  placedBy: ['placedBy'],
  approvedAt: ['approvedAt'],
  approvedBy: ['approvedBy'],
  reviews: [],
  history: ['history'],
  shipments: ['shipments'],
  deliveredAt: ['deliveredAt'],
  closedAt: ['closedAt'],
  reason: ['reason'],
  payments: [],
  amountPaid: ['paidMinor'],
  amountDue: ['amountDueMinor'],
  dueDate: ['dueDate'],
  overdue: ['status', 'dueDate', 'amountDueMinor'],
  latePenalty: ['daysLate', 'penaltyTerms', 'promisedBy', 'penaltyMinor'],
  daysLate: ['daysLate'],
  backorder: ['backorder'],
};

/** Order properties for the selected node fields; null (every column) when a field is not mapped. */
export function orderPropsFor(fields: Set<string>): (keyof Order & string)[] | null {
  const props = new Set<keyof Order & string>();
  for (const f of fields) {
    const p = ORDER_FIELD_PROPS[f];
    if (!p) return null;
    for (const x of p) props.add(x);
  }
  return [...props].sort();
}

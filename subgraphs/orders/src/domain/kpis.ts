// The orders subgraph's KPIs of the overview, computed exactly from sales facts and receivables.
// Percentages are basis points formatted with two places; a KPI without a base is null, never 0.
import { divideHalfEven, formatDecimal } from '@salesgraph/kernel';
import { percentChange } from './trend';

export interface KpiFact {
  orderId: string;
  kind: 'APPROVED' | 'CANCELLED';
  revenueMinor: bigint;
  marginMinor: bigint;
}

export interface BilledOrder {
  totalMinor: bigint;
  paidMinor: bigint;
}

export interface OpenReceivable {
  /** Amount still due today. */
  amountDueMinor: bigint;
  dueDate: string | null;
}

export interface OrderKpis {
  revenueMinor: bigint;
  revenueGrowthPercent: string | null;
  grossMarginMinor: bigint;
  grossMarginPercent: string | null;
  orderCount: number;
  averageOrderValueMinor: bigint | null;
  collectionRate: string | null;
  overdueReceivablesMinor: bigint | null;
}

/** Orders approved (+1) less approved orders cancelled (−1) among the facts. */
export function netOrderCount(facts: readonly KpiFact[]): number {
  const seen = new Set<string>();
  let n = 0;
  for (const f of facts) {
    const key = `${f.orderId}|${f.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    n += f.kind === 'APPROVED' ? 1 : -1;
  }
  return n;
}

const sum = <T>(rows: readonly T[], f: (r: T) => bigint) => rows.reduce((s, r) => s + f(r), 0n);
const ratio = (num: bigint, den: bigint) => (den === 0n ? null : formatDecimal(divideHalfEven(num * 10_000n, den), 2));

/**
 * revenue / gross margin: net facts of the period; growth vs the previous equal-length period;
 * average order value = revenue / net orders; collection rate = paid ÷ billed over the orders
 * approved in the period and not cancelled (`billed`); overdue receivables = amount still due on
 * open orders whose due date lies in the period and has passed (`today`). `billed`/`receivables`
 * null → that KPI is null (the scope cannot split an order, e.g. a product line).
 */
export function computeOrderKpis(input: {
  facts: readonly KpiFact[];
  previousFacts: readonly KpiFact[];
  billed: readonly BilledOrder[] | null;
  /** Open receivables (approved, unsettled orders) of the scope. */
  receivables: readonly OpenReceivable[] | null;
  period: { from: string; to: string };
  today: string;
}): OrderKpis {
  const revenue = sum(input.facts, (f) => f.revenueMinor);
  const margin = sum(input.facts, (f) => f.marginMinor);
  const previous = sum(input.previousFacts, (f) => f.revenueMinor);
  const orders = netOrderCount(input.facts);
  let collectionRate: string | null = null;
  let overdue: bigint | null = null;
  if (input.billed) collectionRate = ratio(sum(input.billed, (o) => o.paidMinor), sum(input.billed, (o) => o.totalMinor));
  if (input.receivables) {
    overdue = sum(
      input.receivables.filter((o) => o.amountDueMinor > 0n && o.dueDate !== null && o.dueDate >= input.period.from && o.dueDate <= input.period.to && o.dueDate < input.today),
      (o) => o.amountDueMinor,
    );
  }
  return {
    revenueMinor: revenue,
    revenueGrowthPercent: percentChange(revenue, previous),
    grossMarginMinor: margin,
    grossMarginPercent: ratio(margin, revenue),
    orderCount: orders,
    averageOrderValueMinor: orders > 0 ? divideHalfEven(revenue, BigInt(orders)) : null,
    collectionRate,
    overdueReceivablesMinor: overdue,
  };
}

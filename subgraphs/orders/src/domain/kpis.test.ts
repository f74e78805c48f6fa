import { describe, expect, it } from 'vitest';
import { computeOrderKpis, netOrderCount, type KpiFact } from './kpis';

const f = (orderId: string, revenue: bigint, margin: bigint, kind: 'APPROVED' | 'CANCELLED' = 'APPROVED'): KpiFact => ({ orderId, kind, revenueMinor: revenue, marginMinor: margin });

describe('order KPIs', () => {
  it('computes revenue, growth, margin, net orders and average order value exactly', () => {
    const facts = [f('a', 10_000n, 4_000n), f('a', 5_000n, 1_000n), f('b', 20_000n, 5_000n), f('c', 1_000n, 100n), f('c', -1_000n, -100n, 'CANCELLED')];
    const k = computeOrderKpis({ facts, previousFacts: [f('x', 30_000n, 0n)], billed: null, receivables: null, period: { from: '2026-01-01', to: '2026-03-31' }, today: '2026-05-01' });
    expect(k.revenueMinor).toBe(35_000n);
    expect(k.revenueGrowthPercent).toBe('16.67');
    expect(k.grossMarginMinor).toBe(10_000n);
    expect(k.grossMarginPercent).toBe('28.57');
    expect(k.orderCount).toBe(2);
    expect(k.averageOrderValueMinor).toBe(17_500n);
    expect(k.collectionRate).toBeNull();
    expect(k.overdueReceivablesMinor).toBeNull();
  });

  it('is null where there is no base', () => {
    const k = computeOrderKpis({ facts: [], previousFacts: [], billed: [], receivables: [], period: { from: '2026-01-01', to: '2026-03-31' }, today: '2026-05-01' });
    expect([k.revenueGrowthPercent, k.grossMarginPercent, k.averageOrderValueMinor, k.collectionRate]).toEqual([null, null, null, null]);
    expect(k.overdueReceivablesMinor).toBe(0n);
  });

  it('collection rate over billed orders; overdue = due in the period and past', () => {
    const k = computeOrderKpis({
      facts: [],
      previousFacts: [],
      billed: [{ totalMinor: 10_000n, paidMinor: 10_000n }, { totalMinor: 30_000n, paidMinor: 5_000n }],
      receivables: [
        { amountDueMinor: 25_000n, dueDate: '2026-02-10' },
        { amountDueMinor: 7_000n, dueDate: '2026-04-30' }, // outside the period
        { amountDueMinor: 3_000n, dueDate: '2026-03-31' },
        { amountDueMinor: 1_000n, dueDate: null },
      ],
      period: { from: '2026-01-01', to: '2026-03-31' },
      today: '2026-03-31', // due today is not yet overdue
    });
    expect(k.collectionRate).toBe('37.50');
    expect(k.overdueReceivablesMinor).toBe(25_000n);
    expect(netOrderCount([f('a', 1n, 0n), f('a', 1n, 0n), f('a', -2n, 0n, 'CANCELLED')])).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { salesFactsFromHistory, salesFactsOf, type OrderForFacts } from './sales-facts';

const order = (history: OrderForFacts['history']): OrderForFacts => ({
  id: 'o1',
  customerId: 'c1',
  repId: 'r1',
  regionCode: 'CN-EAST',
  lines: [
    { sku: 'A', productLine: 'PUMPS', quantity: 3, unitPriceMinor: 1_000n, unitCostMinor: 600n },
    { sku: 'B', productLine: 'VALVES', quantity: 2, unitPriceMinor: 250n, unitCostMinor: 0n },
  ],
  history,
});

describe('sales facts', () => {
  it('writes one fact per line on the approval day with revenue, cost and margin', () => {
    const facts = salesFactsOf(order([]), 'APPROVED', new Date('2026-03-02T23:59:00Z'));
    expect(facts).toEqual([
      { orderId: 'o1', day: '2026-03-02', kind: 'APPROVED', customerId: 'c1', repId: 'r1', regionCode: 'CN-EAST', productLine: 'PUMPS', sku: 'A', quantity: 3, revenueMinor: 3_000n, costMinor: 1_800n, marginMinor: 1_200n },
      { orderId: 'o1', day: '2026-03-02', kind: 'APPROVED', customerId: 'c1', repId: 'r1', regionCode: 'CN-EAST', productLine: 'VALVES', sku: 'B', quantity: 2, revenueMinor: 500n, costMinor: 0n, marginMinor: 500n },
    ]);
  });

  it('a cancellation negates the approval on its own day', () => {
    const facts = salesFactsOf(order([]), 'CANCELLED', '2026-04-01T08:00:00.000Z');
    expect(facts.map((f) => [f.day, f.kind, f.quantity, f.revenueMinor, f.costMinor, f.marginMinor])).toEqual([
      ['2026-04-01', 'CANCELLED', -3, -3_000n, -1_800n, -1_200n],
      ['2026-04-01', 'CANCELLED', -2, -500n, 0n, -500n],
    ]);
  });

  it('rebuilds approvals and cancellations of approved orders from the history, in order', () => {
    const facts = salesFactsFromHistory(
      order([
        { action: 'place', from: null, at: '2026-03-01T10:00:00.000Z' },
        { action: 'approve', from: 'RECEIVED', at: '2026-03-02T10:00:00.000Z' },
        { action: 'cancel', from: 'APPROVED', at: '2026-03-05T10:00:00.000Z' },
      ]),
    );
    expect(facts.map((f) => `${f.day} ${f.kind} ${f.sku} ${f.revenueMinor}`)).toEqual([
      '2026-03-02 APPROVED A 3000',
      '2026-03-02 APPROVED B 500',
      '2026-03-05 CANCELLED A -3000',
      '2026-03-05 CANCELLED B -500',
    ]);
    expect(facts.reduce((s, f) => s + f.revenueMinor, 0n)).toBe(0n);
  });

  it('an order cancelled or rejected before approval has no facts', () => {
    expect(salesFactsFromHistory(order([{ action: 'place', from: null, at: '2026-03-01T10:00:00Z' }, { action: 'cancel', from: 'RECEIVED', at: '2026-03-02T10:00:00Z' }]))).toEqual([]);
    expect(salesFactsFromHistory(order([{ action: 'reject', from: 'RECEIVED', at: '2026-03-02T10:00:00Z' }]))).toEqual([]);
  });
});

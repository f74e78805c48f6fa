import { describe, expect, it } from 'vitest';
import { IllegalOrderTransition } from './errors';
import { nextOrderStatus, ORDER_ACTIONS, ORDER_STATUSES, type OrderAction, type OrderStatus } from './order-status';

// The expected machine, written out independently of the implementation's table.
const LEGAL: [OrderStatus, OrderAction, OrderStatus][] = [
  ['RECEIVED', 'approve', 'APPROVED'],
  ['RECEIVED', 'reject', 'REJECTED'],
  ['RECEIVED', 'cancel', 'CANCELLED'],
  ['APPROVED', 'ship part of', 'PARTIALLY_SHIPPED'],
  ['APPROVED', 'ship the rest of', 'SHIPPED'],
  ['APPROVED', 'record a payment on', 'APPROVED'],
  ['APPROVED', 'cancel', 'CANCELLED'],
  ['PARTIALLY_SHIPPED', 'ship part of', 'PARTIALLY_SHIPPED'],
  ['PARTIALLY_SHIPPED', 'ship the rest of', 'SHIPPED'],
  ['PARTIALLY_SHIPPED', 'record a payment on', 'PARTIALLY_SHIPPED'],
  ['SHIPPED', 'deliver', 'DELIVERED'],
  ['SHIPPED', 'record a payment on', 'SHIPPED'],
  ['DELIVERED', 'record a payment on', 'DELIVERED'],
  ['DELIVERED', 'close', 'CLOSED'],
];

describe('order state machine', () => {
  it.each(LEGAL)('%s --%s--> %s', (from, action, to) => {
    expect(nextOrderStatus(from, action)).toBe(to);
  });

  const illegal = ORDER_STATUSES.flatMap((from) => ORDER_ACTIONS.filter((a) => !LEGAL.some(([f, la]) => f === from && la === a)).map((a) => [from, a] as const));

  it('has 64 status × action pairs, 14 legal and 50 illegal', () => {
    expect(ORDER_STATUSES.length * ORDER_ACTIONS.length).toBe(64);
    expect(illegal.length).toBe(50);
  });

  it.each(illegal)('refuses to %s → %s with CONFLICT naming the current state', (from, action) => {
    try {
      nextOrderStatus(from, action);
      expect.fail('should refuse');
    } catch (e) {
      expect(e).toBeInstanceOf(IllegalOrderTransition);
      const err = e as IllegalOrderTransition;
      expect(err.category).toBe('CONFLICT');
      expect(err.code).toBe('ORDER_ILLEGAL_TRANSITION');
      expect(err.message).toContain(from);
      expect(err.details).toEqual({ currentStatus: from, action });
    }
  });

  it('names the state when shipping before approval and cancelling after shipping', () => {
    expect(() => nextOrderStatus('RECEIVED', 'ship part of')).toThrow('cannot ship part of an order that is RECEIVED');
    expect(() => nextOrderStatus('PARTIALLY_SHIPPED', 'cancel')).toThrow('cannot cancel an order that is PARTIALLY_SHIPPED');
  });
});

// The order state machine: RECEIVED → APPROVED → PARTIALLY_SHIPPED → SHIPPED → DELIVERED → CLOSED,
// or REJECTED / CANCELLED. Review first, ship later, then deliver and collect.
import { IllegalOrderTransition } from './errors';

export const ORDER_STATUSES = ['RECEIVED', 'APPROVED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED', 'CLOSED', 'REJECTED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_ACTIONS = ['approve', 'reject', 'ship part of', 'ship the rest of', 'deliver', 'record a payment on', 'close', 'cancel'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

const TRANSITIONS: Record<OrderStatus, Partial<Record<OrderAction, OrderStatus>>> = {
  RECEIVED: { approve: 'APPROVED', reject: 'REJECTED', cancel: 'CANCELLED' },
  APPROVED: { 'ship part of': 'PARTIALLY_SHIPPED', 'ship the rest of': 'SHIPPED', 'record a payment on': 'APPROVED', cancel: 'CANCELLED' },
  PARTIALLY_SHIPPED: { 'ship part of': 'PARTIALLY_SHIPPED', 'ship the rest of': 'SHIPPED', 'record a payment on': 'PARTIALLY_SHIPPED' },
  SHIPPED: { deliver: 'DELIVERED', 'record a payment on': 'SHIPPED' },
  DELIVERED: { 'record a payment on': 'DELIVERED', close: 'CLOSED' },
  CLOSED: {},
  REJECTED: {},
  CANCELLED: {},
};

/** The status after `action`, or IllegalOrderTransition (CONFLICT) naming the current status. */
export function nextOrderStatus(current: OrderStatus, action: OrderAction): OrderStatus {
  const next = TRANSITIONS[current][action];
  if (!next) throw new IllegalOrderTransition(current, action);
  return next;
}

export function canOrder(current: OrderStatus, action: OrderAction): boolean {
  return TRANSITIONS[current][action] !== undefined;
}

/** Approved and not yet settled or stopped: the amount still due is an open receivable. */
export const RECEIVABLE_STATUSES: readonly OrderStatus[] = ['APPROVED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED'];

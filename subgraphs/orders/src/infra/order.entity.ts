import { BigIntType, EntitySchema } from '@salesgraph/db';
import type { OrderStatus } from '../domain/order-status';
import type { StoredBackorder, StoredOrderLine, StoredPaymentTerms, StoredPenaltyTerms, StoredReviewFailure, StoredShipment, TransitionRecord } from './records';

export class Order {
  id!: string;
  number!: string;
  customerId!: string;
  repId!: string;
  regionCode!: string;
  contractId?: string | null;
  status!: OrderStatus;
  lines!: StoredOrderLine[];
  totalMinor!: bigint;
  totalCostMinor!: bigint;
  requestedDeliveryDate?: string | null;
  /** The contract's deliverBy, else the requested date: what lateness is measured against. */
  promisedBy?: string | null;
  paymentTerms!: StoredPaymentTerms;
  penaltyTerms?: StoredPenaltyTerms | null;
  placedAt!: Date;
  placedBy!: string;
  approvedAt?: Date | null;
  approvedBy?: string | null;
  deliveredAt?: Date | null;
  closedAt?: Date | null;
  reason?: string | null;
  shipments!: StoredShipment[];
  history!: TransitionRecord[];
  daysLate!: number;
  penaltyMinor!: bigint;
  paidMinor!: bigint;
  /** total − penalty credit − paid; kept on the row so receivables and credit checks are one query. */
  amountDueMinor!: bigint;
  /** Due date of the next unpaid part of the payment schedule; null when unknown or settled. */
  dueDate?: string | null;
  backorder?: StoredBackorder | null;
  revision!: number;
}

export const OrderSchema = new EntitySchema<Order>({
  class: Order,
  tableName: 'sales_order',
  indexes: [
    { properties: ['customerId', 'id'], name: 'sales_order_customer_idx' },
    { properties: ['repId', 'id'], name: 'sales_order_rep_idx' },
    { properties: ['status', 'id'], name: 'sales_order_status_idx' },
    { properties: ['contractId'], name: 'sales_order_contract_idx' },
  ],
  properties: {
    id: { type: 'string', length: 36, primary: true },
    number: { type: 'string', length: 20, unique: 'sales_order_number_uq' },
    customerId: { type: 'string', length: 36 },
    repId: { type: 'string', length: 36 },
    regionCode: { type: 'string', length: 20 },
    contractId: { type: 'string', length: 36, nullable: true },
    status: { type: 'string', length: 20 },
    lines: { type: 'json' },
    totalMinor: { type: new BigIntType('bigint') },
    totalCostMinor: { type: new BigIntType('bigint') },
    requestedDeliveryDate: { type: 'string', length: 10, nullable: true },
    promisedBy: { type: 'string', length: 10, nullable: true },
    paymentTerms: { type: 'json' },
    penaltyTerms: { type: 'json', nullable: true },
    placedAt: { type: 'datetime' },
    placedBy: { type: 'string', length: 200 },
    approvedAt: { type: 'datetime', nullable: true },
    approvedBy: { type: 'string', length: 200, nullable: true },
    deliveredAt: { type: 'datetime', nullable: true },
    closedAt: { type: 'datetime', nullable: true },
    reason: { type: 'text', nullable: true },
    shipments: { type: 'json' },
    history: { type: 'json' },
    daysLate: { type: 'integer', default: 0 },
    penaltyMinor: { type: new BigIntType('bigint') },
    paidMinor: { type: new BigIntType('bigint') },
    amountDueMinor: { type: new BigIntType('bigint') },
    dueDate: { type: 'string', length: 10, nullable: true },
    backorder: { type: 'json', nullable: true },
    revision: { type: 'integer' },
  },
});

export class Payment {
  id!: string;
  orderId!: string;
  customerId!: string;
  amountMinor!: bigint;
  paidAt!: Date;
  method!: string;
  reference?: string | null;
  recordedBy!: string;
  recordedAt!: Date;
}

export const PaymentSchema = new EntitySchema<Payment>({
  class: Payment,
  tableName: 'payment',
  indexes: [{ properties: ['orderId', 'id'], name: 'payment_order_idx' }],
  properties: {
    id: { type: 'string', length: 36, primary: true },
    orderId: { type: 'string', length: 36 },
    customerId: { type: 'string', length: 36 },
    amountMinor: { type: new BigIntType('bigint') },
    paidAt: { type: 'datetime' },
    method: { type: 'string', length: 20 },
    reference: { type: 'string', length: 100, nullable: true },
    recordedBy: { type: 'string', length: 200 },
    recordedAt: { type: 'datetime' },
  },
});

/** The result of each approval attempt: kept even when the approval fails and nothing else is written. */
export class OrderReview {
  id!: string;
  orderId!: string;
  reviewer!: string;
  at!: Date;
  passed!: boolean;
  failures!: StoredReviewFailure[];
}

export const OrderReviewSchema = new EntitySchema<OrderReview>({
  class: OrderReview,
  tableName: 'order_review',
  indexes: [{ properties: ['orderId', 'id'], name: 'order_review_order_idx' }],
  properties: {
    id: { type: 'string', length: 36, primary: true },
    orderId: { type: 'string', length: 36 },
    reviewer: { type: 'string', length: 200 },
    at: { type: 'datetime' },
    passed: { type: 'boolean' },
    failures: { type: 'json' },
  },
});

/** Customers as the customers subgraph announces them: credit limit and region for orders. */
export class CustomerAccount {
  customerId!: string;
  name!: string;
  regionCode!: string;
  ownerRepId!: string;
  creditLimitMinor?: bigint | null;
  /** The last applied event's sequence: older or reordered events are ignored. */
  sequence!: number;
  updatedAt!: Date;
}

export const CustomerAccountSchema = new EntitySchema<CustomerAccount>({
  class: CustomerAccount,
  tableName: 'customer_account',
  properties: {
    customerId: { type: 'string', length: 36, primary: true },
    name: { type: 'string', length: 200 },
    regionCode: { type: 'string', length: 20 },
    ownerRepId: { type: 'string', length: 36 },
    creditLimitMinor: { type: new BigIntType('bigint'), nullable: true },
    sequence: { type: 'integer' },
    updatedAt: { type: 'datetime' },
  },
});

/** Per-year counters behind the human-readable numbers SO-2026-000123 and CT-2026-000007. */
export class DocumentCounter {
  name!: string;
  value!: number;
}

export const DocumentCounterSchema = new EntitySchema<DocumentCounter>({
  class: DocumentCounter,
  tableName: 'document_counter',
  properties: {
    name: { type: 'string', length: 20, primary: true },
    value: { type: 'integer' },
  },
});

/** Reps' current teams as the people subgraph announces them: the TEAM scope of the KPI overview. */
export class RepTeam {
  repId!: string;
  teamId?: string | null;
  /** The last applied event's sequence: older or reordered events are ignored. */
  sequence!: number;
  updatedAt!: Date;
}

export const RepTeamSchema = new EntitySchema<RepTeam>({
  class: RepTeam,
  tableName: 'rep_team',
  indexes: [{ properties: ['teamId'], name: 'rep_team_team_idx' }],
  properties: {
    repId: { type: 'string', length: 36, primary: true },
    teamId: { type: 'string', length: 36, nullable: true },
    sequence: { type: 'integer' },
    updatedAt: { type: 'datetime' },
  },
});

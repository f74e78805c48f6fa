// Local read model fed by other domains' events: the customer's orders (from orders events)
// and open supply alerts (from supply-risk events). Each row keeps the last applied
// `sequence` of its aggregate so stale or reordered events are ignored.
import { OptionalProps } from '@mikro-orm/core';
import { BigIntType, EntitySchema } from '@salesgraph/db';

export type OrderFactStatus = 'UNKNOWN' | 'APPROVED' | 'CANCELLED';

export class OrderFact {
  [OptionalProps]?: 'totalMinor' | 'skus' | 'fullyPaid' | 'daysLate' | 'sequence';
  orderId!: string;
  customerId!: string;
  /** UNKNOWN: only a payment or delivery has been heard of so far. */
  status!: OrderFactStatus;
  totalMinor: bigint = 0n;
  approvedAt?: Date | null;
  skus: string[] = [];
  /** Outstanding amount after the latest payment; null until a payment is heard of. */
  outstandingAfterPaymentMinor?: bigint | null;
  fullyPaid = false;
  deliveredAt?: Date | null;
  daysLate = 0;
  lateAt?: Date | null;
  /** Last applied sequence of the order aggregate (order.* events). */
  sequence = 0;
  updatedAt!: Date;
}

export const OrderFactSchema = new EntitySchema<OrderFact>({
  class: OrderFact,
  tableName: 'order_fact',
  indexes: [{ properties: ['customerId'], name: 'order_fact_customer_idx' }],
  properties: {
    orderId: { type: 'uuid', primary: true },
    customerId: { type: 'uuid' },
    status: { type: 'string', length: 16 },
    totalMinor: { type: new BigIntType('bigint') },
    approvedAt: { type: 'datetime', nullable: true },
    skus: { type: 'json' },
    outstandingAfterPaymentMinor: { type: new BigIntType('bigint'), nullable: true },
    fullyPaid: { type: 'boolean' },
    deliveredAt: { type: 'datetime', nullable: true },
    daysLate: { type: 'integer' },
    lateAt: { type: 'datetime', nullable: true },
    sequence: { type: 'integer' },
    updatedAt: { type: 'datetime' },
  },
});

/** Which products (skus) a customer buys: the join key for supply alerts. */
export class CustomerProduct {
  customerId!: string;
  sku!: string;
}

export const CustomerProductSchema = new EntitySchema<CustomerProduct>({
  class: CustomerProduct,
  tableName: 'customer_product',
  indexes: [{ properties: ['sku'], name: 'customer_product_sku_idx' }],
  properties: {
    customerId: { type: 'uuid', primary: true },
    sku: { type: 'string', length: 64, primary: true },
  },
});

export class SupplyAlert {
  [OptionalProps]?: 'skus' | 'customerIds';
  alertId!: string;
  open!: boolean;
  severity!: string;
  rule!: string;
  skus: string[] = [];
  customerIds: string[] = [];
  message!: string;
  sequence!: number;
  updatedAt!: Date;
}

export const SupplyAlertSchema = new EntitySchema<SupplyAlert>({
  class: SupplyAlert,
  tableName: 'supply_alert',
  indexes: [{ properties: ['open'], name: 'supply_alert_open_idx' }],
  properties: {
    alertId: { type: 'uuid', primary: true },
    open: { type: 'boolean' },
    severity: { type: 'string', length: 16 },
    rule: { type: 'string', length: 32 },
    skus: { type: 'json' },
    customerIds: { type: 'json' },
    message: { type: 'string', length: 2000 },
    sequence: { type: 'integer' },
    updatedAt: { type: 'datetime' },
  },
});

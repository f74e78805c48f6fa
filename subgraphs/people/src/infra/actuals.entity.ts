// Read models fed by other domains' events: sales facts per order line, order credit state,
// payments and satisfaction surveys.
import { BigIntType, EntitySchema } from '@salesgraph/db';

/** One credited (or reversed) order line. Reversals are new rows with negated amounts, never edits. */
export class SalesFact {
  id!: string;
  orderId!: string;
  lineNo!: number;
  kind!: 'APPROVED' | 'REVERSED';
  repId!: string;
  teamId?: string | null;
  regionCode!: string;
  productLine!: string;
  /** "YYYY-MM" of the approval (a reversal keeps the approval's month). */
  month!: string;
  revenue!: bigint;
  margin!: bigint;
  at!: Date;
}

export const SalesFactSchema = new EntitySchema<SalesFact>({
  class: SalesFact,
  tableName: 'sales_fact',
  uniques: [{ properties: ['orderId', 'lineNo', 'kind'], name: 'sales_fact_line_uq' }],
  indexes: [
    { properties: ['month', 'repId'], name: 'sales_fact_month_rep_idx' },
    { properties: ['month', 'regionCode'], name: 'sales_fact_month_region_idx' },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    orderId: { type: 'uuid' },
    lineNo: { type: 'integer' },
    kind: { type: 'string', length: 10 },
    repId: { type: 'uuid' },
    teamId: { type: 'uuid', nullable: true },
    regionCode: { type: 'string', length: 20 },
    productLine: { type: 'string', length: 60 },
    month: { type: 'string', length: 7 },
    revenue: { type: new BigIntType('bigint') },
    margin: { type: new BigIntType('bigint') },
    at: { type: 'datetime' },
  },
});

/** Where each order stands for crediting; `sequence` tells a stale or reordered event. */
export class OrderCredit {
  orderId!: string;
  status!: 'APPROVED' | 'CANCELLED';
  sequence!: number;
  repId!: string;
  updatedAt!: Date;
}

export const OrderCreditSchema = new EntitySchema<OrderCredit>({
  class: OrderCredit,
  tableName: 'order_credit',
  properties: {
    orderId: { type: 'uuid', primary: true },
    status: { type: 'string', length: 10 },
    sequence: { type: 'integer' },
    repId: { type: 'uuid' },
    updatedAt: { type: 'datetime' },
  },
});

export class PaymentFact {
  paymentId!: string;
  orderId!: string;
  repId!: string;
  regionCode!: string;
  amount!: bigint;
  month!: string;
  paidAt!: Date;
}

export const PaymentFactSchema = new EntitySchema<PaymentFact>({
  class: PaymentFact,
  tableName: 'payment_fact',
  indexes: [{ properties: ['month', 'repId'], name: 'payment_fact_month_rep_idx' }],
  properties: {
    paymentId: { type: 'uuid', primary: true },
    orderId: { type: 'uuid' },
    repId: { type: 'uuid' },
    regionCode: { type: 'string', length: 20 },
    amount: { type: new BigIntType('bigint') },
    month: { type: 'string', length: 7 },
    paidAt: { type: 'datetime' },
  },
});

export class SatisfactionFact {
  surveyId!: string;
  customerId!: string;
  repId!: string;
  csat?: number | null;
  nps?: number | null;
  month!: string;
  at!: Date;
}

export const SatisfactionFactSchema = new EntitySchema<SatisfactionFact>({
  class: SatisfactionFact,
  tableName: 'satisfaction_fact',
  indexes: [{ properties: ['month', 'repId'], name: 'satisfaction_fact_month_rep_idx' }],
  properties: {
    surveyId: { type: 'uuid', primary: true },
    customerId: { type: 'uuid' },
    repId: { type: 'uuid' },
    csat: { type: 'integer', nullable: true },
    nps: { type: 'integer', nullable: true },
    month: { type: 'string', length: 7 },
    at: { type: 'datetime' },
  },
});

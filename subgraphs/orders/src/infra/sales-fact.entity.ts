import { BigIntType, EntitySchema } from '@salesgraph/db';
import type { SalesFactKind } from '../domain/sales-facts';

/** One order line's approval (or the negation of it on cancellation) on its day: the sales facts read model. */
export class SalesFact {
  id!: string;
  orderId!: string;
  day!: string;
  kind!: SalesFactKind;
  customerId!: string;
  repId!: string;
  regionCode!: string;
  productLine!: string;
  sku!: string;
  quantity!: number;
  revenueMinor!: bigint;
  costMinor!: bigint;
  marginMinor!: bigint;
}

export const SalesFactSchema = new EntitySchema<SalesFact>({
  class: SalesFact,
  tableName: 'sales_fact',
  indexes: [
    { properties: ['day'], name: 'sales_fact_day_idx' },
    { properties: ['regionCode', 'day'], name: 'sales_fact_region_idx' },
    { properties: ['repId', 'day'], name: 'sales_fact_rep_idx' },
    { properties: ['productLine', 'day'], name: 'sales_fact_line_idx' },
    { properties: ['orderId'], name: 'sales_fact_order_idx' },
  ],
  properties: {
    id: { type: 'string', length: 36, primary: true },
    orderId: { type: 'string', length: 36 },
    day: { type: 'string', length: 10 },
    kind: { type: 'string', length: 10 },
    customerId: { type: 'string', length: 36 },
    repId: { type: 'string', length: 36 },
    regionCode: { type: 'string', length: 20 },
    productLine: { type: 'string', length: 100 },
    sku: { type: 'string', length: 64 },
    quantity: { type: 'integer' },
    revenueMinor: { type: new BigIntType('bigint') },
    costMinor: { type: new BigIntType('bigint') },
    marginMinor: { type: new BigIntType('bigint') },
  },
});

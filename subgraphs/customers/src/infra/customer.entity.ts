import { BigIntType, EntitySchema } from '@salesgraph/db';
import type { CustomerKind } from '../domain/customer';

export class Customer {
  id!: string;
  code!: string;
  name!: string;
  kind!: CustomerKind;
  regionCode!: string;
  ownerRepId!: string;
  creditLimitMinor?: bigint | null;
  createdAt!: Date;
  updatedAt!: Date;
  /** Aggregate version; the `sequence` of its events. */
  version!: number;
}

export const CustomerSchema = new EntitySchema<Customer>({
  class: Customer,
  tableName: 'customer',
  indexes: [
    { properties: ['ownerRepId'], name: 'customer_owner_idx' },
    { properties: ['regionCode'], name: 'customer_region_idx' },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    code: { type: 'string', length: 20, unique: true },
    name: { type: 'string', length: 200 },
    kind: { type: 'string', length: 16 },
    regionCode: { type: 'string', length: 20 },
    ownerRepId: { type: 'uuid' },
    creditLimitMinor: { type: new BigIntType('bigint'), nullable: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
    version: { type: 'integer' },
  },
});

import { EntitySchema } from '@salesgraph/db';
import type { RepLevel } from '../domain/sales-rep';

export class SalesRep {
  id!: string;
  name!: string;
  email!: string;
  regionCode!: string;
  level!: RepLevel;
  hiredAt!: Date;
  version!: number;
}

export const SalesRepSchema = new EntitySchema<SalesRep>({
  class: SalesRep,
  tableName: 'sales_rep',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 120 },
    email: { type: 'string', length: 254, unique: true },
    regionCode: { type: 'string', length: 20 },
    level: { type: 'string', length: 16 },
    hiredAt: { type: 'datetime' },
    version: { type: 'integer' },
  },
});

/**
 * Read model of customer ownership, fed by the customers subgraph's events. Keyed by
 * customer, so a replayed or reassigned event updates a row instead of double counting.
 */
export class CustomerOwnership {
  customerId!: string;
  repId!: string;
  /** The customer aggregate's sequence last applied; older events are ignored. */
  sequence!: number;
  updatedAt!: Date;
}

export const CustomerOwnershipSchema = new EntitySchema<CustomerOwnership>({
  class: CustomerOwnership,
  tableName: 'customer_ownership',
  indexes: [{ properties: ['repId'], name: 'customer_ownership_rep_idx' }],
  properties: {
    customerId: { type: 'uuid', primary: true },
    repId: { type: 'uuid' },
    sequence: { type: 'integer' },
    updatedAt: { type: 'datetime' },
  },
});

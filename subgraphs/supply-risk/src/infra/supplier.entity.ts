import { EntitySchema } from '@salesgraph/db';

export class Supplier {
  id!: string;
  name!: string;
  country!: string;
  createdAt!: Date;
}

export const SupplierSchema = new EntitySchema<Supplier>({
  class: Supplier,
  tableName: 'supplier',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 200 },
    country: { type: 'string', length: 2 },
    createdAt: { type: 'datetime' },
  },
});

import { EntitySchema } from '@salesgraph/db';

export class Supplier {
  id!: string;
  name!: string;
  country!: string;
  categories?: string[] | null;
  createdAt!: Date;
  updatedAt?: Date | null;
}

export const SupplierSchema = new EntitySchema<Supplier>({
  class: Supplier,
  tableName: 'supplier',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 200 },
    country: { type: 'string', length: 2 },
    categories: { type: 'json', nullable: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime', nullable: true },
  },
});

/** A supplier's share of one product's supply. */
export class SupplierSupply {
  supplierId!: string;
  sku!: string;
  /** Basis points: 6000 = 60.00 %. */
  shareBp!: number;
  leadTimeDays!: number;
}

export const SupplierSupplySchema = new EntitySchema<SupplierSupply>({
  class: SupplierSupply,
  tableName: 'supplier_supply',
  indexes: [{ properties: ['sku'], name: 'supplier_supply_sku_idx' }],
  properties: {
    supplierId: { type: 'uuid', primary: true },
    sku: { type: 'string', length: 40, primary: true },
    shareBp: { type: 'integer' },
    leadTimeDays: { type: 'integer' },
  },
});

export class SupplierDelivery {
  id!: string;
  supplierId!: string;
  sku!: string;
  orderedAt?: Date | null;
  promisedAt!: Date;
  deliveredAt!: Date;
  quantity!: number;
  defectQuantity!: number;
  recordedAt!: Date;
}

export const SupplierDeliverySchema = new EntitySchema<SupplierDelivery>({
  class: SupplierDelivery,
  tableName: 'supplier_delivery',
  indexes: [{ properties: ['supplierId', 'deliveredAt'], name: 'supplier_delivery_supplier_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    supplierId: { type: 'uuid' },
    sku: { type: 'string', length: 40 },
    orderedAt: { type: 'datetime', nullable: true },
    promisedAt: { type: 'datetime' },
    deliveredAt: { type: 'datetime' },
    quantity: { type: 'integer' },
    defectQuantity: { type: 'integer' },
    recordedAt: { type: 'datetime' },
  },
});

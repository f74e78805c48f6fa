import { BigIntType, EntitySchema } from '@salesgraph/db';

export class Product {
  sku!: string;
  name!: string;
  productLine!: string;
  unitPriceMinor!: bigint;
  /** Unknown until the cost is entered; orders then count the cost as zero. */
  unitCostMinor?: bigint | null;
  active!: boolean;
  createdAt!: Date;
  updatedAt?: Date | null;
}

export const ProductSchema = new EntitySchema<Product>({
  class: Product,
  tableName: 'product',
  properties: {
    sku: { type: 'string', length: 40, primary: true },
    name: { type: 'string', length: 200 },
    productLine: { type: 'string', length: 60, index: 'product_line_idx' },
    unitPriceMinor: { type: new BigIntType('bigint') },
    unitCostMinor: { type: new BigIntType('bigint'), nullable: true },
    active: { type: 'boolean', default: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime', nullable: true },
  },
});

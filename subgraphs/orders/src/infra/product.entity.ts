import { BigIntType, EntitySchema } from '@salesgraph/db';

export class Product {
  sku!: string;
  name!: string;
  productLine!: string;
  unitPriceMinor!: bigint;
  active!: boolean;
  createdAt!: Date;
}

export const ProductSchema = new EntitySchema<Product>({
  class: Product,
  tableName: 'product',
  properties: {
    sku: { type: 'string', length: 40, primary: true },
    name: { type: 'string', length: 200 },
    productLine: { type: 'string', length: 60, index: 'product_line_idx' },
    unitPriceMinor: { type: new BigIntType('bigint') },
    active: { type: 'boolean', default: true },
    createdAt: { type: 'datetime' },
  },
});

// Use cases of the orders subgraph (catalog for now; contracts and orders follow).
import type { EntityManager } from '@salesgraph/db';
import { ConflictError, type Clock } from '@salesgraph/kernel';
import { validateCreateProduct, type CreateProductInput } from './domain/product';
import { Product } from './infra/product.entity';

export class SkuTaken extends ConflictError {
  override readonly code = 'SKU_TAKEN';
  constructor(sku: string) {
    super(`product ${sku} already exists`, { field: 'sku' });
  }
}

export async function createProduct(em: EntityManager, deps: { currency: string; clock: Clock }, input: CreateProductInput): Promise<Product> {
  const cmd = validateCreateProduct(input, deps.currency);
  return em.transactional(async (tx) => {
    if (await tx.count(Product, { sku: cmd.sku })) throw new SkuTaken(cmd.sku);
    return tx.create(Product, { ...cmd, active: true, createdAt: deps.clock.now() });
  });
}

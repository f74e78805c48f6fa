import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type DataLoader from 'dataloader';
import { pageRequest, toConnection } from '@salesgraph/graphql';
import { money } from '@salesgraph/kernel';
import { entityLoader, type RequestContext, type ServiceDeps } from '@salesgraph/service';
import type { CreateProductInput } from '../domain/product';
import { Product } from '../infra/product.entity';
import { createProduct } from '../orders.service';

export interface OrdersContext extends RequestContext {
  productBySku: DataLoader<string, Product | null>;
}

export function extendContext(base: RequestContext): OrdersContext {
  return { ...base, productBySku: entityLoader<Product>(base.em, Product, 'sku') };
}

export function ordersResolvers(deps: ServiceDeps): GraphQLResolverMap<OrdersContext> {
  return {
    Query: {
      product: (_: unknown, args: { sku: string }, ctx: OrdersContext) => ctx.productBySku.load(args.sku.trim().toUpperCase()),
      products: async (_: unknown, args: { first?: number | null; after?: string | null }, ctx: OrdersContext) => {
        const page = pageRequest(args);
        const rows = await ctx.em.find(Product, page.afterId ? { sku: { $gt: page.afterId } } : {}, { orderBy: { sku: 'asc' }, limit: page.limit + 1 });
        return toConnection(rows, page, () => ctx.em.count(Product), (p) => p.sku);
      },
    },
    Mutation: {
      createProduct: (_: unknown, args: { input: CreateProductInput }, ctx: OrdersContext) => createProduct(ctx.em, { currency: ctx.currency, clock: ctx.clock }, args.input),
    },
    Product: {
      __resolveReference: (ref: { sku: string }, ctx: OrdersContext) => ctx.productBySku.load(ref.sku),
      unitPrice: (p: Product) => money(BigInt(p.unitPriceMinor), deps.currency),
    },
  } as GraphQLResolverMap<OrdersContext>;
}

import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type DataLoader from 'dataloader';
import { pageRequest, toConnection } from '@salesgraph/graphql';
import { isUuid, uuidv7 } from '@salesgraph/kernel';
import { entityLoader, type RequestContext } from '@salesgraph/service';
import { validateRegisterSupplier, type RegisterSupplierInput } from '../domain/supplier';
import { Supplier } from '../infra/supplier.entity';

export interface RiskContext extends RequestContext {
  supplierById: DataLoader<string, Supplier | null>;
}

export function extendContext(base: RequestContext): RiskContext {
  return { ...base, supplierById: entityLoader<Supplier>(base.em, Supplier, 'id') };
}

export function supplyRiskResolvers(): GraphQLResolverMap<RiskContext> {
  return {
    Query: {
      supplier: (_: unknown, args: { id: string }, ctx: RiskContext) => (isUuid(args.id) ? ctx.supplierById.load(args.id.toLowerCase()) : null),
      suppliers: async (_: unknown, args: { first?: number | null; after?: string | null }, ctx: RiskContext) => {
        const page = pageRequest(args);
        const rows = await ctx.em.find(Supplier, page.afterId ? { id: { $gt: page.afterId } } : {}, { orderBy: { id: 'asc' }, limit: page.limit + 1 });
        return toConnection(rows, page, () => ctx.em.count(Supplier));
      },
    },
    Mutation: {
      registerSupplier: async (_: unknown, args: { input: RegisterSupplierInput }, ctx: RiskContext) => {
        const cmd = validateRegisterSupplier(args.input);
        return ctx.em.transactional(async (tx) => tx.create(Supplier, { id: uuidv7(), ...cmd, createdAt: ctx.clock.now() }));
      },
    },
    Supplier: {
      __resolveReference: (ref: { id: string }, ctx: RiskContext) => (isUuid(ref.id) ? ctx.supplierById.load(ref.id.toLowerCase()) : null),
    },
  } as GraphQLResolverMap<RiskContext>;
}

import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type DataLoader from 'dataloader';
import { pageRequest, toConnection } from '@salesgraph/graphql';
import { isUuid } from '@salesgraph/kernel';
import { entityLoader, type RequestContext, type ServiceDeps } from '@salesgraph/service';
import type { HireSalesRepInput } from '../domain/sales-rep';
import { SalesRep } from '../infra/sales-rep.entity';
import { customerCountLoader, hireSalesRep } from '../people.service';

export interface PeopleContext extends RequestContext {
  repById: DataLoader<string, SalesRep | null>;
  customerCount: DataLoader<string, number>;
}

export function extendContext(base: RequestContext): PeopleContext {
  return { ...base, repById: entityLoader<SalesRep>(base.em, SalesRep, 'id'), customerCount: customerCountLoader(base.em) };
}

export function peopleResolvers(deps: ServiceDeps): GraphQLResolverMap<PeopleContext> {
  return {
    Query: {
      salesRep: (_: unknown, args: { id: string }, ctx: PeopleContext) => (isUuid(args.id) ? ctx.repById.load(args.id.toLowerCase()) : null),
      salesReps: async (_: unknown, args: { first?: number | null; after?: string | null }, ctx: PeopleContext) => {
        const page = pageRequest(args);
        const rows = await ctx.em.find(SalesRep, page.afterId ? { id: { $gt: page.afterId } } : {}, { orderBy: { id: 'asc' }, limit: page.limit + 1 });
        return toConnection(rows, page, () => ctx.em.count(SalesRep));
      },
    },
    Mutation: {
      hireSalesRep: (_: unknown, args: { input: HireSalesRepInput }, ctx: PeopleContext) => hireSalesRep(ctx.em, { clock: ctx.clock, source: deps.source }, args.input),
    },
    SalesRep: {
      __resolveReference: (ref: { id: string }, ctx: PeopleContext) => (isUuid(ref.id) ? ctx.repById.load(ref.id.toLowerCase()) : null),
      customerCount: (rep: SalesRep, _: unknown, ctx: PeopleContext) => ctx.customerCount.load(rep.id),
    },
  } as GraphQLResolverMap<PeopleContext>;
}

import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { pageRequest, toConnection } from '@salesgraph/graphql';
import { isUuid, money } from '@salesgraph/kernel';
import { entityLoader, type RequestContext, type ServiceDeps } from '@salesgraph/service';
import { createCustomer } from '../customers.service';
import type { CreateCustomerInput } from '../domain/customer';
import { Customer } from '../infra/customer.entity';

export interface CustomersContext extends RequestContext {
  customerById: ReturnType<typeof entityLoader<Customer>>;
}

export function extendContext(base: RequestContext): CustomersContext {
  return { ...base, customerById: entityLoader<Customer>(base.em, Customer, 'id') };
}

export function customersResolvers(deps: ServiceDeps): GraphQLResolverMap<CustomersContext> {
  return {
    Query: {
      customer: (_: unknown, args: { id: string }, ctx: CustomersContext) => (isUuid(args.id) ? ctx.customerById.load(args.id.toLowerCase()) : null),
      customers: async (_: unknown, args: { first?: number | null; after?: string | null }, ctx: CustomersContext) => {
        const page = pageRequest(args);
        const rows = await ctx.em.find(Customer, page.afterId ? { id: { $gt: page.afterId } } : {}, { orderBy: { id: 'asc' }, limit: page.limit + 1 });
        return toConnection(rows, page, () => ctx.em.count(Customer));
      },
    },
    Mutation: {
      createCustomer: (_: unknown, args: { input: CreateCustomerInput }, ctx: CustomersContext) =>
        createCustomer(ctx.em, { currency: ctx.currency, clock: ctx.clock, source: deps.source }, args.input),
    },
    Customer: {
      __resolveReference: (ref: { id: string }, ctx: CustomersContext) => (isUuid(ref.id) ? ctx.customerById.load(ref.id.toLowerCase()) : null),
      owner: (c: Customer) => ({ __typename: 'SalesRep', id: c.ownerRepId }),
      creditLimit: (c: Customer) => (c.creditLimitMinor == null ? null : money(BigInt(c.creditLimitMinor), deps.currency)),
    },
  } as GraphQLResolverMap<CustomersContext>;
}

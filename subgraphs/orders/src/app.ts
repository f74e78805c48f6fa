// Builds the orders subgraph from a config object; tests call this with overrides.
import { join } from 'node:path';
import { startSubgraph, type RunningSubgraph, type ServiceConfig, type SubgraphDefinition, type SubgraphOverrides } from '@salesgraph/service';
import { ProductSchema } from './infra/product.entity';
import { ordersMigrations } from './infra/migrations';
import { extendContext, ordersResolvers, type OrdersContext } from './resolvers';

export const ordersSubgraph: SubgraphDefinition<OrdersContext> = {
  name: 'orders',
  schemaPath: join(__dirname, '..', 'schema.graphql'),
  entities: [ProductSchema],
  migrations: ordersMigrations,
  domains: ['orders'],
  resolvers: ordersResolvers,
  extendContext,
};

export function build(config: ServiceConfig, overrides?: SubgraphOverrides): Promise<RunningSubgraph> {
  return startSubgraph(ordersSubgraph, config, overrides);
}

// Builds the customers subgraph from a config object; tests call this with overrides.
import { join } from 'node:path';
import { startSubgraph, type RunningSubgraph, type ServiceConfig, type SubgraphDefinition, type SubgraphOverrides } from '@salesgraph/service';
import { CustomerSchema } from './infra/customer.entity';
import { customersMigrations } from './infra/migrations';
import { customersResolvers, extendContext, type CustomersContext } from './resolvers';

export const customersSubgraph: SubgraphDefinition<CustomersContext> = {
  name: 'customers',
  schemaPath: join(__dirname, '..', 'schema.graphql'),
  entities: [CustomerSchema],
  migrations: customersMigrations,
  domains: ['customers'],
  resolvers: customersResolvers,
  extendContext,
};

export function build(config: ServiceConfig, overrides?: SubgraphOverrides): Promise<RunningSubgraph> {
  return startSubgraph(customersSubgraph, config, overrides);
}

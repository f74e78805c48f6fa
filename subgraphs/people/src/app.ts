// Builds the people subgraph from a config object; tests call this with overrides.
import { join } from 'node:path';
import { CustomerCreatedV1, inboxConsumer } from '@salesgraph/events';
import { startSubgraph, type RunningSubgraph, type ServiceConfig, type SubgraphDefinition, type SubgraphOverrides } from '@salesgraph/service';
import { CustomerOwnershipSchema, SalesRepSchema } from './infra/sales-rep.entity';
import { peopleMigrations } from './infra/migrations';
import { applyCustomerCreated } from './people.service';
import { extendContext, peopleResolvers, type PeopleContext } from './resolvers';

export const peopleSubgraph: SubgraphDefinition<PeopleContext> = {
  name: 'people',
  schemaPath: join(__dirname, '..', 'schema.graphql'),
  entities: [SalesRepSchema, CustomerOwnershipSchema],
  migrations: peopleMigrations,
  domains: ['people', 'customers'],
  resolvers: peopleResolvers,
  extendContext,
  consumers: (deps) => [
    inboxConsumer({
      orm: deps.orm,
      namespace: deps.namespace,
      name: 'people.customer-created',
      contract: CustomerCreatedV1,
      handle: (em, data, envelope) => applyCustomerCreated(em, data, envelope.sequence),
    }),
  ],
};

export function build(config: ServiceConfig, overrides?: SubgraphOverrides): Promise<RunningSubgraph> {
  return startSubgraph(peopleSubgraph, config, overrides);
}

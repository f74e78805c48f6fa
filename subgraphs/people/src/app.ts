// Builds the people subgraph from a config object; tests call this with overrides.
import { join } from 'node:path';
import { CustomerCreatedV1, CustomerReassignedV1, inboxConsumer, OrderApprovedV1, OrderCancelledV1, PaymentReceivedV1, SatisfactionRecordedV1 } from '@salesgraph/events';
import { startSubgraph, type RunningSubgraph, type ServiceConfig, type SubgraphDefinition, type SubgraphOverrides } from '@salesgraph/service';
import { applyCustomerCreated, applyCustomerReassigned, applyOrderApproved, applyOrderCancelled, applyPaymentReceived, applySatisfactionRecorded } from './consumers';
import { peopleEntities } from './infra/entities';
import { peopleMigrations } from './infra/migrations';
import { extendContext, peopleResolvers, type PeopleContext } from './resolvers';

export const peopleSubgraph: SubgraphDefinition<PeopleContext> = {
  name: 'people',
  schemaPath: join(__dirname, '..', 'schema.graphql'),
  entities: peopleEntities,
  migrations: peopleMigrations,
  domains: ['people', 'customers', 'orders'],
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
    inboxConsumer({
      orm: deps.orm,
      namespace: deps.namespace,
      name: 'people.customer-reassigned',
      contract: CustomerReassignedV1,
      handle: (em, data, envelope) => applyCustomerReassigned(em, data, envelope.sequence),
    }),
    // One consumer per order event keeps credits and commissions of an order in one transaction.
    inboxConsumer({
      orm: deps.orm,
      namespace: deps.namespace,
      name: 'people.order-approved',
      contract: OrderApprovedV1,
      handle: (em, data, envelope) => applyOrderApproved(em, deps.clock, data, envelope.sequence),
    }),
    inboxConsumer({
      orm: deps.orm,
      namespace: deps.namespace,
      name: 'people.order-cancelled',
      contract: OrderCancelledV1,
      handle: (em, data, envelope) => applyOrderCancelled(em, deps.clock, data, envelope.sequence),
    }),
    inboxConsumer({
      orm: deps.orm,
      namespace: deps.namespace,
      name: 'people.payment-received',
      contract: PaymentReceivedV1,
      handle: (em, data) => applyPaymentReceived(em, deps.clock, data),
    }),
    inboxConsumer({
      orm: deps.orm,
      namespace: deps.namespace,
      name: 'people.satisfaction-recorded',
      contract: SatisfactionRecordedV1,
      handle: (em, data) => applySatisfactionRecorded(em, data),
    }),
  ],
};

export function build(config: ServiceConfig, overrides?: SubgraphOverrides): Promise<RunningSubgraph> {
  return startSubgraph(peopleSubgraph, config, overrides);
}

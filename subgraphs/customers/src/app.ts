// Builds the customers subgraph from a config object; tests call this with overrides.
import { join } from 'node:path';
import {
  AlertRaisedV1,
  AlertResolvedV1,
  DeliveryLateV1,
  inboxConsumer,
  OrderApprovedV1,
  OrderCancelledV1,
  OrderDeliveredV1,
  PaymentReceivedV1,
  type ConsumerSpec,
} from '@salesgraph/events';
import { repDirectoryConsumers, RepDirectoryEntrySchema, startSubgraph, type BackgroundJob, type RunningSubgraph, type ServiceConfig, type ServiceDeps, type SubgraphDefinition, type SubgraphOverrides } from '@salesgraph/service';
import {
  applyDeliveryLate,
  applyOrderApproved,
  applyOrderCancelled,
  applyOrderDelivered,
  applyPaymentReceived,
  applySupplyAlert,
  runCustomerSweep,
  type CustomersDeps,
} from './customers.service';
import { piiCipherFromEnv } from './config';
import { settingsFromEnv, type CustomersSettings } from './domain/settings';
import { ContactEmailIndexSchema } from './infra/contact-index.entity';
import type { PiiCipher } from './infra/pii';
import { CustomerSchema } from './infra/customer.entity';
import { ComplaintSchema, InteractionSchema, LifecycleChangeSchema, OpportunitySchema, SatisfactionSurveySchema } from './infra/crm.entities';
import { customersMigrations } from './infra/migrations';
import { CustomerProductSchema, OrderFactSchema, SupplyAlertSchema } from './infra/read-model.entities';
import { customersResolversWith, extendContext, type CustomersContext } from './resolvers';

export { runCustomerSweep, type CustomersDeps, type SweepResult } from './customers.service';
export { DEFAULT_SETTINGS, settingsFromEnv, type CustomersSettings } from './domain/settings';

export function customersDeps(deps: ServiceDeps, settings: CustomersSettings): CustomersDeps {
  return { currency: deps.currency, clock: deps.clock, source: deps.source, settings };
}

function consumers(deps: ServiceDeps, settings: CustomersSettings): ConsumerSpec[] {
  const d = customersDeps(deps, settings);
  const base = { orm: deps.orm, namespace: deps.namespace };
  return [
    inboxConsumer({ ...base, name: 'customers.order-approved', contract: OrderApprovedV1, handle: (em, data, env) => applyOrderApproved(em, d, data, env.sequence) }),
    inboxConsumer({ ...base, name: 'customers.order-cancelled', contract: OrderCancelledV1, handle: (em, data, env) => applyOrderCancelled(em, d, data, env.sequence) }),
    inboxConsumer({ ...base, name: 'customers.order-delivered', contract: OrderDeliveredV1, handle: (em, data) => applyOrderDelivered(em, d, data) }),
    inboxConsumer({ ...base, name: 'customers.delivery-late', contract: DeliveryLateV1, handle: (em, data) => applyDeliveryLate(em, d, data) }),
    inboxConsumer({ ...base, name: 'customers.payment-received', contract: PaymentReceivedV1, handle: (em, data) => applyPaymentReceived(em, d, data) }),
    inboxConsumer({ ...base, name: 'customers.alert-raised', contract: AlertRaisedV1, handle: (em, data, env) => applySupplyAlert(em, d, data, env.sequence, true) }),
    inboxConsumer({ ...base, name: 'customers.alert-resolved', contract: AlertResolvedV1, handle: (em, data, env) => applySupplyAlert(em, d, data, env.sequence, false) }),
    ...repDirectoryConsumers(deps, 'customers'),
  ];
}

/** The periodic sweep of time-based rules (complaints overdue, AT_RISK/CHURNED by idle time). */
function sweepJob(deps: ServiceDeps, settings: CustomersSettings): BackgroundJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = runCustomerSweep(deps.orm.em.fork(), customersDeps(deps, settings))
      .then((r) => {
        if (r.complaintsMarkedOverdue || r.lifecycleMoves || r.churnLevelChanges) deps.logger.info(r, 'customer sweep');
      })
      .catch((err) => deps.logger.error({ err }, 'customer sweep failed'))
      .finally(() => (running = undefined));
  };
  return {
    name: 'customers.sweep',
    start() {
      timer = setInterval(tick, settings.sweepIntervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}

/** `pii`: the cipher for contacts; by default from SALESGRAPH_PII_KEY (see config.ts), read when the service starts. */
export function createCustomersSubgraph(settings: CustomersSettings, pii?: PiiCipher): SubgraphDefinition<CustomersContext> {
  return {
    name: 'customers',
    schemaPath: join(__dirname, '..', 'schema.graphql'),
    entities: [CustomerSchema, LifecycleChangeSchema, InteractionSchema, OpportunitySchema, SatisfactionSurveySchema, ComplaintSchema, OrderFactSchema, CustomerProductSchema, SupplyAlertSchema, ContactEmailIndexSchema, RepDirectoryEntrySchema],
    migrations: customersMigrations,
    domains: ['customers', 'orders', 'risk', 'people'],
    resolvers: (deps) => customersResolversWith(settings, pii ?? piiCipherFromEnv(process.env, (m) => deps.logger.warn(m)))(deps),
    extendContext,
    consumers: (deps) => consumers(deps, settings),
    jobs: (deps) => [sweepJob(deps, settings)],
  };
}

export const customersSubgraph: SubgraphDefinition<CustomersContext> = createCustomersSubgraph(settingsFromEnv(process.env));

export function build(config: ServiceConfig, overrides?: SubgraphOverrides): Promise<RunningSubgraph> {
  return startSubgraph(customersSubgraph, config, overrides);
}

// Builds the orders subgraph from a config object; tests call this with overrides.
import { join } from 'node:path';
import { CustomerCreatedV1, CustomerUpdatedV1, inboxConsumer, InventoryReservationFailedV1, RepHiredV1, RepOffboardedV1, RepTransferredV1 } from '@salesgraph/events';
import { repDirectoryConsumers, RepDirectoryEntrySchema, startSubgraph, type BackgroundJob, type RunningSubgraph, type ServiceConfig, type ServiceDeps, type SubgraphDefinition, type SubgraphOverrides } from '@salesgraph/service';
import { ContractSchema } from './infra/contract.entity';
import { ordersMigrations } from './infra/migrations';
import { CustomerAccountSchema, DocumentCounterSchema, OrderReviewSchema, OrderSchema, PaymentSchema, RepTeamSchema } from './infra/order.entity';
import { ProductSchema } from './infra/product.entity';
import { SalesFactSchema } from './infra/sales-fact.entity';
import { applyRepTeam } from './analytics.service';
import { applyCustomer, applyReservationFailed, runContractSweep } from './orders.service';
import { extendContext, ordersResolvers, type OrdersContext } from './resolvers';

/** Milliseconds between contract sweeps (ORDERS_SWEEP_INTERVAL_MS, default one minute). */
export function sweepIntervalFromEnv(env: Record<string, string | undefined>): number {
  const raw = env.ORDERS_SWEEP_INTERVAL_MS;
  if (raw === undefined || raw === '') return 60_000;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1_000) throw new Error(`ORDERS_SWEEP_INTERVAL_MS must be a whole number of milliseconds >= 1000, got ${raw}`);
  return ms;
}

/** The periodic sweep of time-based contract rules (in force from validFrom, expired after validTo). */
function contractSweepJob(deps: ServiceDeps, intervalMs: number): BackgroundJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = runContractSweep(deps.orm.em.fork(), { clock: deps.clock })
      .then((r) => {
        if (r.activated || r.expired) deps.logger.info(r, 'contract sweep');
      })
      .catch((err) => deps.logger.error({ err }, 'contract sweep failed'))
      .finally(() => (running = undefined));
  };
  return {
    name: 'orders.contract-sweep',
    start() {
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}

export const ordersSubgraph: SubgraphDefinition<OrdersContext> = {
  name: 'orders',
  schemaPath: join(__dirname, '..', 'schema.graphql'),
  entities: [ProductSchema, ContractSchema, OrderSchema, PaymentSchema, OrderReviewSchema, CustomerAccountSchema, DocumentCounterSchema, SalesFactSchema, RepTeamSchema, RepDirectoryEntrySchema],
  migrations: ordersMigrations,
  domains: ['orders', 'customers', 'risk', 'people'],
  resolvers: ordersResolvers,
  extendContext,
  consumers: (deps) => [
    ...repDirectoryConsumers(deps, 'orders'),
    inboxConsumer({
      orm: deps.orm,
      namespace: deps.namespace,
      name: 'orders.customer-created',
      contract: CustomerCreatedV1,
      handle: (em, data, envelope) => applyCustomer(em, data, envelope.sequence, deps.currency),
    }),
    inboxConsumer({
      orm: deps.orm,
      namespace: deps.namespace,
      name: 'orders.customer-updated',
      contract: CustomerUpdatedV1,
      handle: (em, data, envelope) => applyCustomer(em, data, envelope.sequence, deps.currency),
    }),
    inboxConsumer({
      orm: deps.orm,
      namespace: deps.namespace,
      name: 'orders.reservation-failed',
      contract: InventoryReservationFailedV1,
      handle: (em, data) => applyReservationFailed(em, data),
    }),
    // The rep → team directory behind the TEAM scope of the KPI overview.
    ...(
      [
        ['orders.rep-hired', RepHiredV1],
        ['orders.rep-transferred', RepTransferredV1],
        ['orders.rep-offboarded', RepOffboardedV1],
      ] as const
    ).map(([name, contract]) =>
      inboxConsumer({ orm: deps.orm, namespace: deps.namespace, name, contract, handle: (em, data, envelope) => applyRepTeam(em, data, envelope.sequence) }),
    ),
  ],
  jobs: (deps) => [contractSweepJob(deps, sweepIntervalFromEnv(process.env))],
};

export function build(config: ServiceConfig, overrides?: SubgraphOverrides): Promise<RunningSubgraph> {
  return startSubgraph(ordersSubgraph, config, overrides);
}

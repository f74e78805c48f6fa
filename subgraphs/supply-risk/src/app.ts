// Builds the supply-risk subgraph from a config object; tests call this with overrides.
import { join } from 'node:path';
import { ComplaintFiledV1, CustomerChurnRiskChangedV1, DeliveryLateV1, inboxConsumer, OrderApprovedV1, OrderCancelledV1, OrderPlacedV1, OrderRejectedV1, OrderShippedV1 } from '@salesgraph/events';
import { startSubgraph, type BackgroundJob, type RunningSubgraph, type ServiceConfig, type ServiceDeps, type SubgraphDefinition, type SubgraphOverrides } from '@salesgraph/service';
import { runAlertSweep, type RiskDeps } from './alerts.service';
import { thresholdsFromEnv } from './domain/alerts';
import { supplyRiskEntities } from './infra/entities';
import { supplyRiskMigrations } from './infra/migrations';
import { applyOrderApproved, applyOrderCancelled, applyOrderPlaced, applyOrderRejected, applyOrderShipped } from './inventory.service';
import { applyChurnRiskChanged, applyComplaintFiled, applyDeliveryLate } from './signals.service';
import { extendContext, supplyRiskResolvers, type RiskContext } from './resolvers';

function riskDeps(deps: ServiceDeps): RiskDeps {
  return { clock: deps.clock, source: deps.source, thresholds: thresholdsFromEnv(process.env) };
}

/** Milliseconds between sweeps of time-based alert rules (RISK_SWEEP_INTERVAL_MS, default one minute). */
export function sweepIntervalFromEnv(env: Record<string, string | undefined>): number {
  const raw = env.RISK_SWEEP_INTERVAL_MS;
  const ms = raw == null || raw === '' ? 60_000 : Number(raw);
  if (!Number.isInteger(ms) || ms < 1000) throw new Error(`RISK_SWEEP_INTERVAL_MS must be a whole number of milliseconds ≥ 1000, got ${raw}`);
  return ms;
}

/** The periodic sweep of time-based alert rules (demand spikes pass, sales and delivery windows roll on). */
function sweepJob(deps: ServiceDeps): BackgroundJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const d = riskDeps(deps);
  const tick = () => {
    if (running) return;
    running = runAlertSweep(deps.orm.em.fork(), d)
      .then((r) => {
        if (r.resolved) deps.logger.info(r, 'alert sweep');
      })
      .catch((err) => deps.logger.error({ err }, 'alert sweep failed'))
      .finally(() => (running = undefined));
  };
  return {
    name: 'supply-risk.alert-sweep',
    start() {
      timer = setInterval(tick, sweepIntervalFromEnv(process.env));
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}

export const supplyRiskSubgraph: SubgraphDefinition<RiskContext> = {
  name: 'supply-risk',
  schemaPath: join(__dirname, '..', 'schema.graphql'),
  entities: supplyRiskEntities,
  migrations: supplyRiskMigrations,
  domains: ['risk', 'orders', 'customers'],
  resolvers: supplyRiskResolvers,
  extendContext,
  // Each order event is applied once per order version (inbox + the order's sequence), so a
  // duplicated or reordered event never reserves, releases or consumes stock twice.
  consumers: (deps) => {
    const d = riskDeps(deps);
    return [
      inboxConsumer({
        orm: deps.orm,
        namespace: deps.namespace,
        name: 'supply-risk.order-placed',
        contract: OrderPlacedV1,
        handle: (em, data, envelope) => applyOrderPlaced(em, d, data, envelope.sequence),
      }),
      inboxConsumer({
        orm: deps.orm,
        namespace: deps.namespace,
        name: 'supply-risk.order-approved',
        contract: OrderApprovedV1,
        handle: (em, data, envelope) => applyOrderApproved(em, d, data, envelope.sequence),
      }),
      inboxConsumer({
        orm: deps.orm,
        namespace: deps.namespace,
        name: 'supply-risk.order-rejected',
        contract: OrderRejectedV1,
        handle: (em, data, envelope) => applyOrderRejected(em, d, data, envelope.sequence),
      }),
      inboxConsumer({
        orm: deps.orm,
        namespace: deps.namespace,
        name: 'supply-risk.order-cancelled',
        contract: OrderCancelledV1,
        handle: (em, data, envelope) => applyOrderCancelled(em, d, data, envelope.sequence),
      }),
      inboxConsumer({
        orm: deps.orm,
        namespace: deps.namespace,
        name: 'supply-risk.order-shipped',
        contract: OrderShippedV1,
        handle: (em, data, envelope) => applyOrderShipped(em, d, data, envelope.sequence),
      }),
      // Signals from other domains (rules in src/domain/signals.ts and src/domain/alerts.ts).
      inboxConsumer({
        orm: deps.orm,
        namespace: deps.namespace,
        name: 'supply-risk.complaint-filed',
        contract: ComplaintFiledV1,
        handle: (em, data) => applyComplaintFiled(em, d, data),
      }),
      inboxConsumer({
        orm: deps.orm,
        namespace: deps.namespace,
        name: 'supply-risk.delivery-late',
        contract: DeliveryLateV1,
        handle: (em, data, envelope) => applyDeliveryLate(em, d, data, envelope.sequence),
      }),
      inboxConsumer({
        orm: deps.orm,
        namespace: deps.namespace,
        name: 'supply-risk.churn-risk-changed',
        contract: CustomerChurnRiskChangedV1,
        handle: (em, data, envelope) => applyChurnRiskChanged(em, d, data, envelope.sequence),
      }),
    ];
  },
  jobs: (deps) => [sweepJob(deps)],
};

export function build(config: ServiceConfig, overrides?: SubgraphOverrides): Promise<RunningSubgraph> {
  return startSubgraph(supplyRiskSubgraph, config, overrides);
}

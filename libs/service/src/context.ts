import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Principal } from '@salesgraph/auth';
import type { Clock } from '@salesgraph/kernel';
import type { Logger, ServiceMetrics } from '@salesgraph/telemetry';
import type { OutboxRelay } from '@salesgraph/events';

/** What every resolver receives: a request-scoped entity manager and the verified caller. */
export interface RequestContext {
  em: EntityManager;
  principal: Principal;
  currency: string;
  clock: Clock;
  logger: Logger;
}

/** Long-lived dependencies a service's resolvers and consumers are built from. */
export interface ServiceDeps {
  orm: MikroORM;
  namespace: string;
  currency: string;
  clock: Clock;
  logger: Logger;
  relay: OutboxRelay;
  /** The event `source` of this service, e.g. /salesgraph/customers. */
  source: string;
  metrics: ServiceMetrics;
}

// The four subgraphs, in one place, for composition, migrations and the embedded runner.
import { customersSubgraph, build as buildCustomers } from '@salesgraph/customers';
import { ordersSubgraph, build as buildOrders } from '@salesgraph/orders';
import { peopleSubgraph, build as buildPeople } from '@salesgraph/people';
import { supplyRiskSubgraph, build as buildSupplyRisk } from '@salesgraph/supply-risk';
import type { RunningSubgraph, ServiceConfig, SubgraphDefinition, SubgraphName, SubgraphOverrides, RequestContext } from '@salesgraph/service';

export interface SubgraphModule {
  definition: SubgraphDefinition<RequestContext>;
  build(config: ServiceConfig, overrides?: SubgraphOverrides): Promise<RunningSubgraph>;
}

export const SUBGRAPH_MODULES: Record<SubgraphName, SubgraphModule> = {
  customers: { definition: customersSubgraph as unknown as SubgraphDefinition<RequestContext>, build: buildCustomers },
  orders: { definition: ordersSubgraph as unknown as SubgraphDefinition<RequestContext>, build: buildOrders },
  people: { definition: peopleSubgraph as unknown as SubgraphDefinition<RequestContext>, build: buildPeople },
  'supply-risk': { definition: supplyRiskSubgraph as unknown as SubgraphDefinition<RequestContext>, build: buildSupplyRisk },
};

import { join } from 'node:path';
import type { EntitySchema } from '@mikro-orm/core';
import type { MigrationSets } from '@salesgraph/db';
import { accessEntities, accessMigrations } from '@salesgraph/gateway';
import { eventRecordSchemas } from '@salesgraph/events';

/** Every database the platform owns: one per subgraph, plus the gateway's access database. */
export interface DatabaseModule {
  name: SubgraphName | 'access';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: EntitySchema<any, any>[];
  migrations: MigrationSets;
  /** Source folder of its migrations (for the generator). */
  migrationsDir: string;
  exportName: string;
}

const ROOT = join(__dirname, '..', '..');

export const DATABASE_MODULES: DatabaseModule[] = [
  ...(Object.keys(SUBGRAPH_MODULES) as SubgraphName[]).map((name) => ({
    name,
    entities: [...SUBGRAPH_MODULES[name].definition.entities, ...eventRecordSchemas],
    migrations: SUBGRAPH_MODULES[name].definition.migrations,
    migrationsDir: join(ROOT, 'subgraphs', name, 'src', 'infra', 'migrations'),
    exportName: `${name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}Migrations`,
  })),
  { name: 'access', entities: accessEntities, migrations: accessMigrations, migrationsDir: join(ROOT, 'gateway', 'src', 'access', 'migrations'), exportName: 'accessMigrations' },
];

// Builds the supply-risk subgraph from a config object; tests call this with overrides.
import { join } from 'node:path';
import { startSubgraph, type RunningSubgraph, type ServiceConfig, type SubgraphDefinition, type SubgraphOverrides } from '@salesgraph/service';
import { SupplierSchema } from './infra/supplier.entity';
import { supplyRiskMigrations } from './infra/migrations';
import { extendContext, supplyRiskResolvers, type RiskContext } from './resolvers';

export const supplyRiskSubgraph: SubgraphDefinition<RiskContext> = {
  name: 'supply-risk',
  schemaPath: join(__dirname, '..', 'schema.graphql'),
  entities: [SupplierSchema],
  migrations: supplyRiskMigrations,
  domains: ['risk'],
  resolvers: supplyRiskResolvers,
  extendContext,
};

export function build(config: ServiceConfig, overrides?: SubgraphOverrides): Promise<RunningSubgraph> {
  return startSubgraph(supplyRiskSubgraph, config, overrides);
}

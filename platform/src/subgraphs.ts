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

// Entry point: telemetry first, then build and listen; nothing else.
import { holdYoungGenerationGrowth, startTelemetry } from '@salesgraph/telemetry';
holdYoungGenerationGrowth();
startTelemetry({ serviceName: 'orders', instrumentations: ['http', 'graphql', 'pg'] });

import { migrateSubgraph, runService } from '@salesgraph/service';
import { build, ordersSubgraph } from './app';
import { loadConfig } from './config';

void runService('orders', loadConfig, build, (config) => migrateSubgraph(ordersSubgraph, config));

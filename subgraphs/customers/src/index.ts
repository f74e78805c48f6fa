// Entry point: telemetry first, then build and listen; nothing else.
import { holdYoungGenerationGrowth, startTelemetry } from '@salesgraph/telemetry';
holdYoungGenerationGrowth();
startTelemetry({ serviceName: 'customers', instrumentations: ['http', 'graphql', 'pg'] });

import { migrateSubgraph, runService } from '@salesgraph/service';
import { build, customersSubgraph } from './app';
import { loadConfig } from './config';

void runService('customers', loadConfig, build, (config) => migrateSubgraph(customersSubgraph, config));

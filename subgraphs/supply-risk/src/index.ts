// Entry point: telemetry first, then build and listen; nothing else.
import { holdYoungGenerationGrowth, startTelemetry } from '@salesgraph/telemetry';
holdYoungGenerationGrowth();
startTelemetry({ serviceName: 'supply-risk', instrumentations: ['http', 'graphql', 'pg'] });

import { migrateSubgraph, runService } from '@salesgraph/service';
import { build, supplyRiskSubgraph } from './app';
import { loadConfig } from './config';

void runService('supply-risk', loadConfig, build, (config) => migrateSubgraph(supplyRiskSubgraph, config));

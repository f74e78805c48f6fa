// Entry point: telemetry first, then build and listen; nothing else.
import { holdYoungGenerationGrowth, startTelemetry } from '@salesgraph/telemetry';
holdYoungGenerationGrowth();
startTelemetry({ serviceName: 'people', instrumentations: ['http', 'graphql', 'pg'] });

import { migrateSubgraph, runService } from '@salesgraph/service';
import { build, peopleSubgraph } from './app';
import { loadConfig } from './config';

void runService('people', loadConfig, build, (config) => migrateSubgraph(peopleSubgraph, config));

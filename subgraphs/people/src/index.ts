// Entry point: telemetry first, then build and listen; nothing else.
import { startTelemetry } from '@salesgraph/telemetry';
startTelemetry({ serviceName: 'people' });

import { migrateSubgraph, runService } from '@salesgraph/service';
import { build, peopleSubgraph } from './app';
import { loadConfig } from './config';

void runService('people', loadConfig, build, (config) => migrateSubgraph(peopleSubgraph, config));

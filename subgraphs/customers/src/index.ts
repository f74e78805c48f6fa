// Entry point: telemetry first, then build and listen; nothing else.
import { startTelemetry } from '@salesgraph/telemetry';
startTelemetry({ serviceName: 'customers' });

import { migrateSubgraph, runService } from '@salesgraph/service';
import { build, customersSubgraph } from './app';
import { loadConfig } from './config';

void runService('customers', loadConfig, build, (config) => migrateSubgraph(customersSubgraph, config));

// Entry point: telemetry first, then build and listen; nothing else.
import { startTelemetry } from '@salesgraph/telemetry';
startTelemetry({ serviceName: 'orders' });

import { migrateSubgraph, runService } from '@salesgraph/service';
import { build, ordersSubgraph } from './app';
import { loadConfig } from './config';

void runService('orders', loadConfig, build, (config) => migrateSubgraph(ordersSubgraph, config));

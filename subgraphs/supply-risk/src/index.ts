// Entry point: telemetry first, then build and listen; nothing else.
import { startTelemetry } from '@salesgraph/telemetry';
startTelemetry({ serviceName: 'supply-risk' });

import { migrateSubgraph, runService } from '@salesgraph/service';
import { build, supplyRiskSubgraph } from './app';
import { loadConfig } from './config';

void runService('supply-risk', loadConfig, build, (config) => migrateSubgraph(supplyRiskSubgraph, config));

// Entry point: telemetry first, then build and listen; nothing else.
import { holdYoungGenerationGrowth, startTelemetry } from '@salesgraph/telemetry';
holdYoungGenerationGrowth();
startTelemetry({ serviceName: 'gateway' });

import { runService } from '@salesgraph/service/dist/run';
import { build, migrateAccess } from './app';
import { gatewayConfigFromEnv } from './config';

void runService('gateway', () => gatewayConfigFromEnv(), build, migrateAccess);

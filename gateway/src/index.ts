// Entry point: telemetry first, then build and listen; nothing else.
import { startTelemetry } from '@salesgraph/telemetry';
startTelemetry({ serviceName: 'gateway' });

import { runService } from '@salesgraph/service';
import { build, migrateAccess } from './app';
import { gatewayConfigFromEnv } from './config';

void runService('gateway', () => gatewayConfigFromEnv(), build, migrateAccess);

// Entry point: telemetry first, then build and listen; nothing else.
import { startTelemetry } from '@salesgraph/telemetry';
startTelemetry({ serviceName: 'supply-risk' });

import { runService } from '@salesgraph/service';
import { build } from './app';
import { loadConfig } from './config';

void runService('supply-risk', loadConfig, build);

// Process lifecycle shared by every service entry point: config or exit(1), start, and on
// SIGTERM/SIGINT fail readiness, drain, flush, close, exit within the grace period.
import { ConfigError } from '@salesgraph/config';
import { releaseYoungGenerationGrowth, shutdownTelemetry } from '@salesgraph/telemetry';

export interface Closable {
  close(): Promise<void>;
}

/**
 * `node <service>/dist/index.js` serves; `node <service>/dist/index.js migrate` applies the
 * service's migrations and exits (the Kubernetes migration Job runs that).
 */
export async function runService<C, S extends Closable>(
  name: string,
  loadConfig: () => C,
  build: (config: C) => Promise<S>,
  migrateOnly?: (config: C) => Promise<string[]>,
): Promise<void> {
  let config: C;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${name}: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  if (process.argv[2] === 'migrate') {
    if (!migrateOnly) {
      process.stderr.write(`${name}: has no migrations\n`);
      process.exit(1);
    }
    try {
      const applied = await migrateOnly(config);
      process.stdout.write(`${name}: ${applied.length ? `applied ${applied.join(', ')}` : 'database is up to date'}\n`);
      process.exit(0);
    } catch (e) {
      process.stderr.write(`${name}: migration failed: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    }
  }
  let service: S;
  try {
    service = await build(config);
  } catch (e) {
    process.stderr.write(`${name}: failed to start: ${(e as Error).stack ?? e}\n`);
    await shutdownTelemetry();
    process.exit(1);
  }
  // Start-up is over: from here the young generation grows with load as usual.
  releaseYoungGenerationGrowth();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${name}: ${signal} received, draining\n`);
    service
      .close()
      .then(() => shutdownTelemetry())
      .then(
        () => process.exit(0),
        (e) => {
          process.stderr.write(`${name}: error during shutdown: ${(e as Error).message}\n`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

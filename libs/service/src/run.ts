// Process lifecycle shared by every service entry point: config or exit(1), start, and on
// SIGTERM/SIGINT fail readiness, drain, flush, close, exit within the grace period.
import { ConfigError } from '@salesgraph/config';
import { shutdownTelemetry } from '@salesgraph/telemetry';

export interface Closable {
  close(): Promise<void>;
}

export async function runService<C, S extends Closable>(name: string, loadConfig: () => C, build: (config: C) => Promise<S>): Promise<void> {
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
  let service: S;
  try {
    service = await build(config);
  } catch (e) {
    process.stderr.write(`${name}: failed to start: ${(e as Error).stack ?? e}\n`);
    await shutdownTelemetry();
    process.exit(1);
  }
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

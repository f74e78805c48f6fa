// One way for tests to start the platform on an adapter setup and leave nothing behind:
// fresh namespace and data dir; on close, every database it created is dropped and the
// namespace's NATS streams deleted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { dropDatabase } from '@salesgraph/db';
import { NatsBus } from '@salesgraph/events';
import { accessDatabaseName } from '@salesgraph/gateway';
import { databaseNameFor, SUBGRAPHS } from '@salesgraph/service';
import { startPlatform, type PlatformOptions, type RunningPlatform } from './platform';

export interface TestPlatform {
  platform: RunningPlatform;
  url: string;
  namespace: string;
  dataDir: string;
  close(): Promise<void>;
}

export type TestPlatformOptions = Partial<Omit<PlatformOptions, 'dataDir' | 'namespace'>> & {
  internalSecret: string;
  jwtSecret: string;
  adminKey: string;
};

export async function startTestPlatform(options: TestPlatformOptions): Promise<TestPlatform> {
  const namespace = `t${randomBytes(5).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'salesgraph-test-'));
  const cleanup = async () => {
    for (const name of options.only ?? SUBGRAPHS) await dropDatabase({ databaseUrl: options.databaseUrl, databaseName: databaseNameFor(name, namespace), dataDir });
    await dropDatabase({ databaseUrl: options.databaseUrl, databaseName: accessDatabaseName(namespace), dataDir });
    if (options.natsUrl) {
      const bus = await NatsBus.connect({ url: options.natsUrl, namespace, name: 'test-cleanup' });
      await bus.deleteNamespace();
      await bus.close();
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  let platform: RunningPlatform;
  try {
    platform = await startPlatform({
      env: 'test',
      gatewayPort: 0,
      subgraphPorts: 'random',
      logLevel: 'silent',
      rateLimitPerMinute: 100_000,
      ...options,
      dataDir,
      namespace,
    });
  } catch (e) {
    await cleanup().catch(() => undefined);
    throw e;
  }
  return {
    platform,
    url: platform.gatewayUrl,
    namespace,
    dataDir,
    async close() {
      await platform.close();
      await cleanup();
    },
  };
}

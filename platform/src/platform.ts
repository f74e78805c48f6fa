// Runs the whole platform (four subgraphs + gateway) inside one Node process: `npm start`
// in embedded mode, and the end-to-end tests (with SQLite + in-process bus, or with
// PostgreSQL + NATS where each service has its own connections, as in production).
import { accessDatabaseName, build as buildGateway, DEFAULT_LIMITS, DEFAULT_SUPERGRAPH_PATH, type QueryLimits, type RunningGateway } from '@salesgraph/gateway';
import { InProcessBus, type EventBus } from '@salesgraph/events';
import { databaseNameFor, DEFAULT_PORTS, SUBGRAPHS, type RunningSubgraph, type ServiceConfig, type SubgraphName, type SubgraphOverrides } from '@salesgraph/service';
import type { NodeEnv } from '@salesgraph/config';
import { SUBGRAPH_MODULES } from './subgraphs';

export interface PlatformOptions {
  env?: NodeEnv;
  /** PostgreSQL server URL; absent → SQLite files in dataDir. */
  databaseUrl?: string;
  /** NATS URL; absent → one in-process bus shared by all services. */
  natsUrl?: string;
  dataDir: string;
  namespace: string;
  internalSecret: string;
  jwtSecret: string;
  adminKey?: string;
  currency?: string;
  logLevel?: string;
  host?: string;
  /** 0 picks free ports (tests). */
  gatewayPort?: number;
  subgraphPorts?: Partial<Record<SubgraphName, number>> | 'random';
  relayPollMs?: number;
  /** Subgraphs to start (all by default): tests start fewer to see partial results. */
  only?: SubgraphName[];
  overrides?: Partial<Record<SubgraphName, SubgraphOverrides>>;
  subgraphTimeoutMs?: number;
  migrateOnStart?: boolean;
  /** Shares the gateway's rate-limit buckets; per-process buckets without it. */
  redisUrl?: string;
  /** Per principal; tests that are not about rate limits leave it high. */
  rateLimitPerMinute?: number;
  limits?: Partial<QueryLimits>;
}

export interface RunningPlatform {
  gatewayUrl: string;
  gateway: RunningGateway;
  subgraphs: Partial<Record<SubgraphName, RunningSubgraph>>;
  /** The shared bus in embedded mode. */
  bus?: EventBus;
  close(): Promise<void>;
}

export function subgraphConfig(name: SubgraphName, options: PlatformOptions): ServiceConfig {
  const ports = options.subgraphPorts;
  return {
    service: name,
    env: options.env ?? 'development',
    host: options.host ?? '127.0.0.1',
    port: ports === 'random' ? 0 : (ports?.[name] ?? DEFAULT_PORTS[name]),
    databaseUrl: options.databaseUrl,
    databaseName: databaseNameFor(name, options.namespace),
    dataDir: options.dataDir,
    natsUrl: options.natsUrl,
    namespace: options.namespace,
    internalSecret: options.internalSecret,
    currency: options.currency ?? 'CNY',
    logLevel: options.logLevel ?? 'info',
    migrateOnStart: options.migrateOnStart ?? true,
    relayPollMs: options.relayPollMs ?? 1000,
    streamReplicas: 1,
    shutdownDelayMs: 0,
    shutdownGraceMs: 5_000,
  };
}

export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const names = options.only ?? [...SUBGRAPHS];
  const bus = options.natsUrl ? undefined : new InProcessBus(options.namespace);
  const subgraphs: Partial<Record<SubgraphName, RunningSubgraph>> = {};
  const closeAll = async () => {
    await Promise.allSettled(Object.values(subgraphs).map((s) => s!.close()));
    await bus?.close();
  };
  try {
    // Every consumer must be subscribed before any relay publishes: with the in-process
    // bus an event published before its consumer exists would be marked sent unseen.
    for (const name of names) {
      subgraphs[name] = await SUBGRAPH_MODULES[name].build(subgraphConfig(name, options), { ...options.overrides?.[name], bus, startRelay: false });
    }
    for (const name of names) if (options.overrides?.[name]?.startRelay !== false) subgraphs[name]!.relay.start();
    const subgraphUrls: Record<string, string> = {};
    for (const name of SUBGRAPHS) {
      // A subgraph that is not started points at a closed port: the gateway reports it unavailable.
      subgraphUrls[name] = subgraphs[name]?.url ?? 'http://127.0.0.1:9/graphql';
    }
    const gateway = await buildGateway({
      env: options.env ?? 'development',
      host: options.host ?? '127.0.0.1',
      port: options.gatewayPort ?? 4000,
      logLevel: options.logLevel ?? 'info',
      supergraphPath: DEFAULT_SUPERGRAPH_PATH,
      subgraphUrls,
      internalSecret: options.internalSecret,
      jwtSecret: options.jwtSecret,
      adminKey: options.adminKey,
      subgraphTimeoutMs: options.subgraphTimeoutMs ?? 10_000,
      bodyLimitBytes: 1024 * 1024,
      explorer: (options.env ?? 'development') === 'development',
      shutdownDelayMs: 0,
      shutdownGraceMs: 5_000,
      subgraphConnections: 64,
      namespace: options.namespace,
      redisUrl: options.redisUrl,
      rateLimitPerMinute: options.rateLimitPerMinute ?? 1200,
      introspection: (options.env ?? 'development') !== 'production',
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      databaseUrl: options.databaseUrl,
      databaseName: accessDatabaseName(options.namespace),
      dataDir: options.dataDir,
      migrateOnStart: options.migrateOnStart ?? true,
    });
    return {
      gatewayUrl: gateway.url,
      gateway,
      subgraphs,
      bus,
      close: async () => {
        await gateway.close();
        await closeAll();
      },
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}

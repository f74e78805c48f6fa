// The configuration every subgraph service is built from (tests build it directly).
import { commonEnv, parseConfig, port, z, type NodeEnv } from '@salesgraph/config';

export const SUBGRAPHS = ['customers', 'orders', 'people', 'supply-risk'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

export const DEFAULT_PORTS: Record<SubgraphName, number> = { customers: 4001, orders: 4002, people: 4003, 'supply-risk': 4004 };

export interface ServiceConfig {
  service: SubgraphName;
  env: NodeEnv;
  host: string;
  port: number;
  databaseUrl?: string;
  databaseName: string;
  dataDir: string;
  natsUrl?: string;
  namespace: string;
  internalSecret: string;
  currency: string;
  logLevel: string;
  migrateOnStart: boolean;
  relayPollMs: number;
  // The retention settings are optional for configurations built in code (tests, the embedded
  // platform); unset means the defaults of @salesgraph/events' EventRecordRetention.
  /** Published outbox rows are deleted this long after publication (OUTBOX_RETENTION_HOURS, default 7 days). */
  outboxRetentionMs?: number;
  /** Inbox rows are deleted this long after processing (INBOX_RETENTION_DAYS, default 31: longer than the streams keep messages). */
  inboxRetentionMs?: number;
  /** How often the retention sweep runs (RETENTION_SWEEP_MS, default 10 minutes). */
  retentionSweepMs?: number;
  /** Replicas of the streams this service creates (NATS_STREAM_REPLICAS). */
  streamReplicas: number;
  /** After SIGTERM, keep serving this long with readiness failing (Kubernetes endpoint removal). */
  shutdownDelayMs: number;
  /** Then the drain time before the process gives up on in-flight requests. */
  shutdownGraceMs: number;
}

export function databaseNameFor(service: SubgraphName, namespace: string): string {
  const stem = service.replace('-', '_');
  return namespace === 'sales' ? `salesgraph_${stem}` : `salesgraph_${namespace}_${stem}`;
}

/** Reads a subgraph's configuration from the environment. */
export function serviceConfigFromEnv(service: SubgraphName, env: Record<string, string | undefined> = process.env): ServiceConfig {
  const schema = commonEnv.extend({
    HOST: z.string().default('0.0.0.0'),
    PORT: port(DEFAULT_PORTS[service]),
    MIGRATE_ON_START: z.enum(['true', 'false']).optional(),
    OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(1000),
    OUTBOX_RETENTION_HOURS: z.coerce.number().int().min(1).default(168),
    // JetStream keeps messages 30 days: an inbox row must outlive any replay of its event.
    INBOX_RETENTION_DAYS: z.coerce.number().int().min(31).default(31),
    RETENTION_SWEEP_MS: z.coerce.number().int().min(1000).default(600_000),
    NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
    SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).default(0),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(20_000),
    DATABASE_NAME: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).optional(),
  });
  const c = parseConfig(schema, env);
  return {
    service,
    env: c.NODE_ENV,
    host: c.HOST,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    databaseName: c.DATABASE_NAME ?? databaseNameFor(service, c.SALESGRAPH_NAMESPACE),
    dataDir: c.SALESGRAPH_DATA_DIR,
    natsUrl: c.NATS_URL,
    namespace: c.SALESGRAPH_NAMESPACE,
    internalSecret: c.SALESGRAPH_INTERNAL_SECRET,
    currency: c.SALESGRAPH_CURRENCY,
    logLevel: c.LOG_LEVEL,
    // Embedded (SQLite) migrates on start; with PostgreSQL a Kubernetes Job runs migrations.
    migrateOnStart: c.MIGRATE_ON_START ? c.MIGRATE_ON_START === 'true' : !c.DATABASE_URL,
    relayPollMs: c.OUTBOX_POLL_MS,
    outboxRetentionMs: c.OUTBOX_RETENTION_HOURS * 3_600_000,
    inboxRetentionMs: c.INBOX_RETENTION_DAYS * 86_400_000,
    retentionSweepMs: c.RETENTION_SWEEP_MS,
    streamReplicas: c.NATS_STREAM_REPLICAS,
    shutdownDelayMs: c.SHUTDOWN_DELAY_MS,
    shutdownGraceMs: c.SHUTDOWN_GRACE_MS,
  };
}

// Gateway configuration from the environment (zod-validated; every problem reported at once).
import { commonEnv, parseConfig, port, z, optionalString, type NodeEnv } from '@salesgraph/config';
import { join } from 'node:path';
import { DEFAULT_LIMITS, type QueryLimits } from './limits';

export const SUBGRAPH_URL_ENV = {
  customers: 'CUSTOMERS_URL',
  orders: 'ORDERS_URL',
  people: 'PEOPLE_URL',
  'supply-risk': 'SUPPLY_RISK_URL',
} as const;

export interface GatewayConfig {
  env: NodeEnv;
  host: string;
  port: number;
  logLevel: string;
  /** Composed supergraph SDL file. */
  supergraphPath: string;
  /** Subgraph URL overrides by subgraph name; the supergraph's URLs are the fallback. */
  subgraphUrls: Record<string, string>;
  internalSecret: string;
  /** HS256 secret for user tokens (development); ignored when jwksUrl is set. */
  jwtSecret: string;
  jwtIssuer?: string;
  /** RS256 user tokens verified against this JWKS (production identity provider). */
  jwksUrl?: string;
  jwtAudience?: string;
  /** Bootstrap admin key (every scope); unset disables it. */
  adminKey?: string;
  subgraphTimeoutMs: number;
  bodyLimitBytes: number;
  explorer: boolean;
  /** After SIGTERM, keep serving this long with readiness failing (Kubernetes endpoint removal). */
  shutdownDelayMs: number;
  shutdownGraceMs: number;
  /** Keep-alive connections per subgraph origin. */
  subgraphConnections: number;
  /** Prefix of shared state (Redis keys). */
  namespace: string;
  /** Shares rate-limit buckets across gateway instances; per-process buckets without it. */
  redisUrl?: string;
  /** Requests per minute per principal (API keys may carry their own limit later). */
  rateLimitPerMinute: number;
  introspection: boolean;
  limits: QueryLimits;
  /** The access subgraph's database (API keys, audit log): PostgreSQL URL or SQLite in dataDir. */
  databaseUrl?: string;
  databaseName: string;
  dataDir: string;
  migrateOnStart: boolean;
  /**
   * Identical in-flight queries of one principal (same text, operation name, variables and
   * answer-changing headers) share one execution. Default on; GATEWAY_MERGE_INFLIGHT=false.
   */
  mergeInflight?: boolean;
  /** Identical in-flight subgraph query fetches of one principal share one answer. Default on. */
  dedupeSubgraphFetches?: boolean;
  /** Query plans kept (least recently used evicted). */
  planCacheSize?: number;
  /** JSON file of operations planned at start (see readKnownOperations). */
  warmOperationsPath?: string;
}

export function accessDatabaseName(namespace: string): string {
  return namespace === 'sales' ? 'salesgraph_access' : `salesgraph_${namespace}_access`;
}

export const DEFAULT_SUPERGRAPH_PATH = join(__dirname, '..', 'supergraph.graphql');

export function gatewayConfigFromEnv(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const schema = commonEnv
    .omit({ NATS_URL: true })
    .extend({
      HOST: z.string().default('0.0.0.0'),
      PORT: port(4000),
      SUPERGRAPH_PATH: z.string().default(DEFAULT_SUPERGRAPH_PATH),
      SALESGRAPH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
      SALESGRAPH_JWKS_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
      SALESGRAPH_JWT_AUDIENCE: optionalString,
      SALESGRAPH_JWT_ISSUER: optionalString,
      SALESGRAPH_ADMIN_KEY: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(24, 'must be at least 24 characters').optional()),
      SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
      BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
      EXPLORER: z.enum(['true', 'false']).optional(),
      SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).default(0),
      SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(20_000),
      SUBGRAPH_CONNECTIONS: z.coerce.number().int().min(1).default(64),
      REDIS_URL: optionalString,
      MIGRATE_ON_START: z.enum(['true', 'false']).optional(),
      RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
      INTROSPECTION: z.enum(['true', 'false']).optional(),
      QUERY_MAX_DEPTH: z.coerce.number().int().min(1).default(DEFAULT_LIMITS.maxDepth),
      QUERY_MAX_ALIASES: z.coerce.number().int().min(0).default(DEFAULT_LIMITS.maxAliases),
      QUERY_MAX_ROOT_FIELDS: z.coerce.number().int().min(1).default(DEFAULT_LIMITS.maxRootFields),
      QUERY_MAX_TOKENS: z.coerce.number().int().min(100).default(DEFAULT_LIMITS.maxTokens),
      QUERY_MAX_COST: z.coerce.number().int().min(1).default(DEFAULT_LIMITS.maxCost),
      GATEWAY_MERGE_INFLIGHT: z.enum(['true', 'false']).optional(),
      GATEWAY_DEDUPE_SUBGRAPH_FETCHES: z.enum(['true', 'false']).optional(),
      GATEWAY_PLAN_CACHE_SIZE: z.coerce.number().int().min(1).default(1_000),
      GATEWAY_WARM_OPERATIONS: optionalString,
      CUSTOMERS_URL: optionalString,
      ORDERS_URL: optionalString,
      PEOPLE_URL: optionalString,
      SUPPLY_RISK_URL: optionalString,
    });
  const c = parseConfig(
    schema.refine((v) => v.SALESGRAPH_JWT_SECRET || v.SALESGRAPH_JWKS_URL, {
      message: 'set SALESGRAPH_JWKS_URL (RS256 from an identity provider) or SALESGRAPH_JWT_SECRET (HS256, development)',
      path: ['SALESGRAPH_JWT_SECRET'],
    }),
    env,
  );
  const subgraphUrls: Record<string, string> = {};
  for (const [name, key] of Object.entries(SUBGRAPH_URL_ENV)) {
    const url = c[key];
    if (url) subgraphUrls[name] = url;
  }
  return {
    env: c.NODE_ENV,
    host: c.HOST,
    port: c.PORT,
    logLevel: c.LOG_LEVEL,
    supergraphPath: c.SUPERGRAPH_PATH,
    subgraphUrls,
    internalSecret: c.SALESGRAPH_INTERNAL_SECRET,
    jwtSecret: c.SALESGRAPH_JWT_SECRET ?? '',
    jwtIssuer: c.SALESGRAPH_JWT_ISSUER,
    jwksUrl: c.SALESGRAPH_JWKS_URL,
    jwtAudience: c.SALESGRAPH_JWT_AUDIENCE,
    adminKey: c.SALESGRAPH_ADMIN_KEY,
    subgraphTimeoutMs: c.SUBGRAPH_TIMEOUT_MS,
    bodyLimitBytes: c.BODY_LIMIT_BYTES,
    explorer: c.EXPLORER ? c.EXPLORER === 'true' : c.NODE_ENV === 'development',
    shutdownDelayMs: c.SHUTDOWN_DELAY_MS,
    shutdownGraceMs: c.SHUTDOWN_GRACE_MS,
    subgraphConnections: c.SUBGRAPH_CONNECTIONS,
    namespace: c.SALESGRAPH_NAMESPACE,
    redisUrl: c.REDIS_URL,
    rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
    introspection: c.INTROSPECTION ? c.INTROSPECTION === 'true' : c.NODE_ENV !== 'production',
    databaseUrl: c.DATABASE_URL,
    databaseName: accessDatabaseName(c.SALESGRAPH_NAMESPACE),
    dataDir: c.SALESGRAPH_DATA_DIR,
    migrateOnStart: c.MIGRATE_ON_START ? c.MIGRATE_ON_START === 'true' : !c.DATABASE_URL,
    mergeInflight: c.GATEWAY_MERGE_INFLIGHT !== 'false',
    dedupeSubgraphFetches: c.GATEWAY_DEDUPE_SUBGRAPH_FETCHES !== 'false',
    planCacheSize: c.GATEWAY_PLAN_CACHE_SIZE,
    warmOperationsPath: c.GATEWAY_WARM_OPERATIONS,
    limits: {
      ...DEFAULT_LIMITS,
      maxDepth: c.QUERY_MAX_DEPTH,
      maxAliases: c.QUERY_MAX_ALIASES,
      maxRootFields: c.QUERY_MAX_ROOT_FIELDS,
      maxTokens: c.QUERY_MAX_TOKENS,
      maxCost: c.QUERY_MAX_COST,
    },
  };
}

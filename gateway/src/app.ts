// Builds the gateway from a config object: @apollo/gateway over the checked-in supergraph,
// authentication at the edge, signed principals to subgraphs, errors masked outside dev.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
// Before @apollo/gateway loads, so every host of the gateway (its own process, the embedded
// platform, tests) keeps the modules it never calls out of memory.
import { deferModules, GATEWAY_DEFERRED_MODULES } from './defer-modules';
deferModules(GATEWAY_DEFERRED_MODULES, require.resolve('@apollo/gateway'));
import { ApolloGateway, LocalGraphQLDataSource, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { AuthenticationError, PrincipalSigner, type Principal } from '@salesgraph/auth';
import { createErrorFormatter, PUBLIC_CODES } from '@salesgraph/graphql';
import { createLogger, currentTraceId, ServiceMetrics, trace, type Logger } from '@salesgraph/telemetry';
import { Counter } from 'prom-client';
import { createOrm, isDatabaseReachable, migrate, poolState } from '@salesgraph/db';
import { systemClock, type Clock } from '@salesgraph/kernel';
import { accessEntities, accessMigrations, ApiKeyStore, AuditLog, buildAccessSchema, type AuditEntry } from './access';
import { QueryAnalyzer, QueryLimitError } from './limits';
import { MemoryRateLimiter, RedisRateLimiter, rateLimitHeaders, type RateLimiter } from './rate-limit';
import type { GatewayConfig } from './config';
import { createAuthenticator, type Caller } from './authenticate';
// Only the HTTP helpers: the package's index also loads the subgraph runtime (@apollo/subgraph,
// the event bus, NATS), ~6 MB of resident memory the gateway never uses.
import { createServiceServer, drainHttpServer, graphqlErrorBody, listen, PayloadTooLargeError, readBody, sendJson } from '@salesgraph/service/dist/http';
import { principalKey, SignedSubgraphDataSource, WriteEpoch, type GatewayContext, type OperationOutcome } from './data-source';
import { EXPLORER_BASE, explorerHtml, serveExplorerAsset, wantsHtml } from './explorer';
import { InflightMerger } from './inflight';
import { PlanCache, readKnownOperations, type KnownOperation } from './plan-cache';
import { SubgraphHttpClient } from './subgraph-client';

PUBLIC_CODES.add('SUBGRAPH_UNAVAILABLE');

export interface RunningGateway {
  url: string;
  port: number;
  httpServer: Server;
  metrics: ServiceMetrics;
  /** The access subgraph's database (API keys, audit log). */
  orm: Awaited<ReturnType<typeof createOrm>>;
  audit: AuditLog;
  logger: Logger;
  /** The query plan store (sized by planCacheSize, warmed from warmOperationsPath). */
  plans: PlanCache;
  /** Plans the operations (and caches their parsed, validated documents) without calling any subgraph. */
  warm(operations: KnownOperation[]): Promise<number>;
  close(): Promise<void>;
}

const errorBody = graphqlErrorBody;

/** Metrics for every operation; an audit record for every mutation and every refusal. */
function recordOperation(metrics: ServiceMetrics, audit: AuditLog, context: GatewayContext, outcome: OperationOutcome, variables: unknown, seconds: number): void {
  metrics.operations.observe({ operation: outcome.operation, type: outcome.type, outcome: outcome.codes.length ? 'error' : 'ok', client: context.clientName ?? 'unknown' }, seconds);
  const denied = outcome.codes.some((c) => c === 'FORBIDDEN' || c === 'UNAUTHENTICATED');
  if (outcome.type === 'mutation' || denied) {
    audit.record({
      ...auditIdentity(context.caller),
      operation: outcome.operation,
      operationType: outcome.type,
      variables,
      outcome: denied ? 'DENIED' : outcome.codes.length ? 'ERROR' : 'SUCCESS',
      errorCodes: outcome.codes,
      traceId: currentTraceId(),
      clientName: context.clientName,
    });
  }
}

function observabilityPlugin(metrics: ServiceMetrics, audit: AuditLog): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      if (contextValue.warming) return {};
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, operationName, errors, response }) {
          const resultErrors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const codes = [...(errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')), ...resultErrors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'))];
          // Kept on the context: callers that shared this execution record the same outcome.
          const outcome: OperationOutcome = { operation: operationName ?? request.operationName ?? 'anonymous', type: operation?.operation ?? 'unknown', codes };
          if (contextValue.observed) contextValue.observed.outcome = outcome;
          recordOperation(metrics, audit, contextValue, outcome, request.variables, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}

/** While warming, no data source calls anything: the plan and the parsed document are the point. */
class WarmableDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(private readonly inner: GraphQLDataSource<GatewayContext>) {}
  process(options: Parameters<GraphQLDataSource<GatewayContext>['process']>[0]) {
    if ((options.context as Partial<GatewayContext> | undefined)?.warming) return Promise.resolve({ data: null });
    return this.inner.process(options);
  }
}

/** Request headers that can change the answer (content negotiation, CSRF checks, query plan display) or what subgraphs see. */
const ANSWER_HEADERS = ['content-type', 'accept', 'apollo-require-preflight', 'x-apollo-operation-name', 'apollographql-client-name', 'apollographql-client-version', 'apollo-query-plan-experimental', 'apollo-query-plan-experimental-format'] as const;

/** A finished answer, as shared with every caller that merged into its execution. */
interface SharedAnswer {
  status: number;
  headers: [string, string][];
  body: string;
  outcome?: OperationOutcome;
}

type HTTPResult = Awaited<ReturnType<ApolloServer<GatewayContext>['executeHTTPGraphQLRequest']>>;

async function writeResult(res: ServerResponse, result: HTTPResult): Promise<void> {
  for (const [k, v] of result.headers) res.setHeader(k, v);
  res.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') res.end(result.body.string);
  else {
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

const WARM_PRINCIPAL: Principal = { subject: 'gateway-warm-up', kind: 'service', roles: [], scopes: [] };

function auditIdentity(caller: Caller | undefined): Pick<AuditEntry, 'principalKind' | 'principal' | 'keyPrefix'> {
  if (!caller) return { principalKind: 'anonymous', principal: 'anonymous' };
  return { principalKind: caller.principal.kind, principal: caller.principal.subject, keyPrefix: caller.keyPrefix };
}

export async function build(config: GatewayConfig, overrides: { logger?: Logger; clock?: Clock } = {}): Promise<RunningGateway> {
  const logger = overrides.logger ?? createLogger('gateway', config.logLevel);
  const metrics = new ServiceMetrics('gateway');
  const signer = new PrincipalSigner(config.internalSecret);
  // The access subgraph (API keys, audit log) lives in this process, on its own database.
  const orm = await createOrm({ databaseUrl: config.databaseUrl, databaseName: config.databaseName, dataDir: config.dataDir, entities: accessEntities, migrations: accessMigrations });
  if (config.migrateOnStart) await migrate(orm);
  metrics.observeDbPool(() => poolState(orm));
  const keys = new ApiKeyStore(orm, overrides.clock ?? systemClock);
  const audit = new AuditLog(orm, logger);
  const accessSchema = buildAccessSchema({ orm, store: keys });
  const authenticator = createAuthenticator({
    adminKey: config.adminKey,
    jwtSecret: config.jwtSecret,
    jwtIssuer: config.jwtIssuer,
    jwksUrl: config.jwksUrl,
    jwtAudience: config.jwtAudience,
    keys,
  });
  // @apollo/gateway otherwise sends usage data to Apollo's servers; this platform does not
  // phone home (and its networks may not reach out). The env var is its only switch.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const client = new SubgraphHttpClient({ timeoutMs: config.subgraphTimeoutMs, connections: config.subgraphConnections });
  const epoch = new WriteEpoch();
  const merged = new Counter({
    name: 'gateway_merged_requests_total',
    help: 'Requests answered by an identical execution already in flight (operation: client requests; subgraph_fetch: fetches to a subgraph)',
    labelNames: ['kind', 'subgraph'],
    registers: [metrics.registry],
  });
  const supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
  const limiter: RateLimiter = config.redisUrl ? new RedisRateLimiter(config.redisUrl, config.namespace, logger) : new MemoryRateLimiter();
  const plans = new PlanCache(config.planCacheSize ?? 1_000);
  const gateway = new ApolloGateway({
    supergraphSdl,
    queryPlannerConfig: { cache: plans },
    buildService: ({ name, url }) =>
      new WarmableDataSource(
        name === 'access'
          ? new LocalGraphQLDataSource(accessSchema)
          : new SignedSubgraphDataSource({
              subgraphName: name,
              url: config.subgraphUrls[name] ?? url!,
              signer,
              client,
              epoch,
              dedupeInflight: config.dedupeSubgraphFetches !== false,
              onUnavailable: (subgraph, err) => logger.warn({ err, subgraph }, 'subgraph fetch failed'),
              onShared: (subgraph) => merged.inc({ kind: 'subgraph_fetch', subgraph }),
            }),
      ),
    logger: { debug: () => undefined, info: (m) => logger.info(String(m)), warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
  // Query limits are checked against the gateway's own API schema (no second copy of the supergraph).
  let analyzer: QueryAnalyzer | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    analyzer = new QueryAnalyzer(apiSchema, config.limits);
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    // Our entry points own SIGINT/SIGTERM: fail readiness, drain, flush, then stop Apollo.
    stopOnTerminationSignals: false,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // No "did you mean" field suggestions outside development: they leak the schema.
    hideSchemaDetailsFromClientErrors: config.env !== 'development',
    formatError: createErrorFormatter({ logger, exposeInternal: config.env === 'development' }),
    plugins: [ApolloServerPluginLandingPageDisabled(), observabilityPlugin(metrics, audit)],
  });
  await apollo.start();
  if (!analyzer) throw new Error('the gateway loaded no schema');
  const limits = analyzer as QueryAnalyzer;

  const warm = async (operations: KnownOperation[]): Promise<number> => {
    let planned = 0;
    for (const op of operations) {
      try {
        limits.check(op.query, op.operationName, {});
      } catch (e) {
        if (!(e instanceof QueryLimitError)) throw e;
        logger.warn({ operation: op.operationName, limit: e.limit }, 'warm-up: operation refused by the query limits; not planned');
        continue;
      }
      const before = plans.size;
      const headers = new HeaderMap([['content-type', 'application/json']]);
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers, search: '', body: op.operationName ? { query: op.query, operationName: op.operationName } : { query: op.query } },
        context: async () => ({ principal: WARM_PRINCIPAL, warming: true }),
      });
      if (plans.size > before) planned += 1;
      else if ((result.status ?? 200) >= 400) logger.warn({ operation: op.operationName, status: result.status }, 'warm-up: operation is not valid against the supergraph; not planned');
    }
    return planned;
  };
  if (config.warmOperationsPath) {
    const operations = readKnownOperations(config.warmOperationsPath);
    const planned = await warm(operations);
    logger.info({ operations: operations.length, planned }, 'query plans warmed');
  }

  const operations = new InflightMerger<SharedAnswer | undefined>();
  const mergeInflight = config.mergeInflight !== false;
  const writeAnswer = (res: ServerResponse, answer: SharedAnswer) => {
    for (const [k, v] of answer.headers) res.setHeader(k, v);
    res.statusCode = answer.status;
    res.end(answer.body);
  };

  // Readiness fails as soon as shutdown starts; requests are still served until the drain ends.
  let ready = true;
  const handleGraphQL = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = process.hrtime.bigint();
    const clientName = typeof req.headers['apollographql-client-name'] === 'string' ? req.headers['apollographql-client-name'] : undefined;
    let caller: Caller;
    try {
      caller = await authenticator.authenticate(req.headers.authorization);
    } catch (e) {
      if (!(e instanceof AuthenticationError)) throw e;
      audit.record({ principalKind: 'anonymous', principal: 'anonymous', outcome: 'DENIED', errorCodes: ['UNAUTHENTICATED'], clientName, traceId: currentTraceId() });
      sendJson(res, 401, errorBody(e.message, 'UNAUTHENTICATED'), { 'www-authenticate': 'Bearer' });
      return;
    }
    const { principal } = caller;
    const rate = await limiter.take(`${principal.kind}:${principal.subject}`, caller.rateLimitPerMinute ?? config.rateLimitPerMinute);
    const rateHeaders = rateLimitHeaders(rate);
    for (const [k, v] of Object.entries(rateHeaders)) res.setHeader(k, v);
    if (!rate.allowed) {
      audit.record({ ...auditIdentity(caller), outcome: 'DENIED', errorCodes: ['RATE_LIMITED'], clientName, traceId: currentTraceId() });
      sendJson(res, 429, errorBody(`rate limit of ${rate.limit} requests per minute exceeded; retry after ${rate.retryAfterSeconds} s`, 'RATE_LIMITED'));
      return;
    }
    let body: unknown;
    let text = '';
    if (req.method === 'POST') {
      try {
        text = await readBody(req, config.bodyLimitBytes);
      } catch (e) {
        if (!(e instanceof PayloadTooLargeError)) throw e;
        sendJson(res, 413, errorBody(e.message, 'BAD_REQUEST'), { connection: 'close' });
        return;
      }
      // No text field stores NUL (PostgreSQL cannot); refuse it once, at the edge.
      if (text.includes('\\u0000')) {
        sendJson(res, 400, errorBody('strings must not contain NUL (\\u0000) characters', 'BAD_USER_INPUT'));
        return;
      }
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        sendJson(res, 400, errorBody('request body is not valid JSON', 'BAD_REQUEST'));
        return;
      }
      if (Array.isArray(body)) {
        sendJson(res, 400, errorBody('batched requests are not supported: send one operation per request', 'BAD_REQUEST'));
        return;
      }
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const search = q >= 0 ? url.slice(q) : '';
    const request = (req.method === 'POST' ? body : Object.fromEntries(new URLSearchParams(search))) as { query?: unknown; operationName?: unknown; variables?: unknown } | undefined;
    let variables: unknown;
    let operationType: string | undefined;
    if (request && typeof request.query === 'string') {
      variables = request.variables;
      if (typeof variables === 'string') {
        try {
          variables = JSON.parse(variables);
        } catch {
          variables = undefined;
        }
      }
      const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
      try {
        limits.check(request.query, operationName, (variables ?? {}) as Record<string, unknown>);
      } catch (e) {
        if (!(e instanceof QueryLimitError)) throw e;
        audit.record({ ...auditIdentity(caller), operation: operationName, outcome: 'DENIED', errorCodes: ['QUERY_LIMIT_EXCEEDED'], clientName, traceId: currentTraceId() });
        metrics.operations.observe({ operation: 'refused', type: 'unknown', outcome: 'limit', client: String(req.headers['apollographql-client-name'] ?? 'unknown') }, 0);
        sendJson(res, 400, { errors: [{ message: e.message, extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: e.limit } }] });
        return;
      }
      operationType = limits.operationType(request.query, operationName);
    }
    const id = principalKey(principal);
    const context: GatewayContext = {
      principal,
      principalKey: id,
      caller,
      clientName: typeof req.headers['apollographql-client-name'] === 'string' ? req.headers['apollographql-client-name'] : undefined,
      clientVersion: typeof req.headers['apollographql-client-version'] === 'string' ? req.headers['apollographql-client-version'] : undefined,
      observed: {},
    };

    // Identical queries of the same principal in flight share one execution. The key holds
    // everything the answer depends on, and the write epoch: a query never joins an execution
    // that started before a mutation that finished before this query arrived.
    let key: string | undefined;
    if (mergeInflight && operationType === 'query') {
      key = `${JSON.stringify([id, epoch.value, req.method, ...ANSWER_HEADERS.map((h) => req.headers[h] ?? null)])}\n${req.method === 'POST' ? text : search}`;
      const running = operations.get(key);
      if (running) {
        merged.inc({ kind: 'operation', subgraph: '' });
        trace.getActiveSpan()?.setAttribute('salesgraph.merged', true);
        const answer = await running;
        if (answer) {
          if (answer.outcome) recordOperation(metrics, audit, context, answer.outcome, variables, Number(process.hrtime.bigint() - started) / 1e9);
          writeAnswer(res, answer);
          return;
        }
        // The answer was streamed to its first caller (incremental delivery): run our own.
        key = undefined;
      }
    }

    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const execute = () => apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: { method: req.method ?? 'POST', headers, search, body }, context: async () => context });
    if (key) {
      let streamed: Awaited<ReturnType<typeof execute>> | undefined;
      const answer = await operations.start(key, async () => {
        const result = await execute();
        if (result.body.kind !== 'complete') {
          streamed = result;
          return undefined;
        }
        return { status: result.status ?? 200, headers: [...result.headers], body: result.body.string, outcome: context.observed?.outcome };
      });
      if (answer) writeAnswer(res, answer);
      else if (streamed) await writeResult(res, streamed);
      return;
    }
    try {
      await writeResult(res, await execute());
    } finally {
      // A write (or anything not known to be a query) has finished: later queries start afresh.
      if (operationType !== 'query') epoch.bump();
    }
  };

  const httpServer = createServiceServer({
    metrics,
    logger,
    draining: () => !ready,
    handleGraphQL,
    readiness: async () => {
      const database = await isDatabaseReachable(orm);
      return { ok: ready && database, database, shuttingDown: !ready };
    },
    extraRoutes: (req, res, path) => {
      if (config.explorer && path.startsWith(EXPLORER_BASE)) {
        serveExplorerAsset(path, res);
        return true;
      }
      if (config.explorer && (path === '/graphql' || path === '/') && wantsHtml(req)) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(explorerHtml());
        return true;
      }
      if (path === '/') {
        sendJson(res, 404, { error: 'the graph is at /graphql' });
        return true;
      }
      return false;
    },
  });
  const { port, url } = await listen(httpServer, config.port, config.host);
  logger.info({ port }, 'gateway listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    httpServer,
    metrics,
    orm,
    audit,
    logger,
    plans,
    warm,
    close: () =>
      (closing ??= (async () => {
        ready = false;
        await drainHttpServer(httpServer, { shutdownDelayMs: config.shutdownDelayMs, graceMs: config.shutdownGraceMs });
        await apollo.stop();
        await client.close();
        await limiter.close();
        await audit.flush();
        await orm.close(true);
      })()),
  };
}

export { accessDatabaseName, gatewayConfigFromEnv, DEFAULT_SUPERGRAPH_PATH, type GatewayConfig } from './config';
export { DEFAULT_LIMITS, type QueryLimits } from './limits';
export { ACCESS_SCHEMA_PATH, accessEntities, accessMigrations, ApiKeyRecord, AuditRecord } from './access';

/** Applies the access database's migrations and closes it (`node gateway/dist/index.js migrate`). */
export async function migrateAccess(config: Pick<GatewayConfig, 'databaseUrl' | 'databaseName' | 'dataDir'>): Promise<string[]> {
  const orm = await createOrm({ databaseUrl: config.databaseUrl, databaseName: config.databaseName, dataDir: config.dataDir, entities: accessEntities, migrations: accessMigrations });
  try {
    return await migrate(orm);
  } finally {
    await orm.close(true);
  }
}

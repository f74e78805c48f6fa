// Builds the gateway from a config object: @apollo/gateway over the checked-in supergraph,
// authentication at the edge, signed principals to subgraphs, errors masked outside dev.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ApolloGateway, LocalGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { AuthenticationError, PrincipalSigner } from '@salesgraph/auth';
import { createErrorFormatter, PUBLIC_CODES } from '@salesgraph/graphql';
import { createLogger, currentTraceId, ServiceMetrics, type Logger } from '@salesgraph/telemetry';
import { createOrm, isDatabaseReachable, migrate, poolState } from '@salesgraph/db';
import { systemClock, type Clock } from '@salesgraph/kernel';
import { accessEntities, accessMigrations, ApiKeyStore, AuditLog, buildAccessSchema, type AuditEntry } from './access';
import { Supergraph } from '@apollo/federation-internals';
import { QueryAnalyzer, QueryLimitError } from './limits';
import { MemoryRateLimiter, RedisRateLimiter, rateLimitHeaders, type RateLimiter } from './rate-limit';
import type { GatewayConfig } from './config';
import { createAuthenticator, type Caller } from './authenticate';
import { createServiceServer, drainHttpServer, graphqlErrorBody, listen, PayloadTooLargeError, readBody, sendJson } from '@salesgraph/service';
import { createSubgraphFetcher, SignedSubgraphDataSource, type GatewayContext } from './data-source';
import { EXPLORER_BASE, explorerHtml, serveExplorerAsset, wantsHtml } from './explorer';

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
  close(): Promise<void>;
}

const errorBody = graphqlErrorBody;

/** Metrics for every operation; an audit record for every mutation and every refusal. */
function observabilityPlugin(metrics: ServiceMetrics, audit: AuditLog): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, operationName, errors, response }) {
          const resultErrors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const codes = [...(errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')), ...resultErrors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'))];
          const name = operationName ?? request.operationName ?? 'anonymous';
          const type = operation?.operation ?? 'unknown';
          metrics.operations.observe({ operation: name, type, outcome: codes.length ? 'error' : 'ok', client: contextValue.clientName ?? 'unknown' }, Number(process.hrtime.bigint() - started) / 1e9);
          const denied = codes.some((c) => c === 'FORBIDDEN' || c === 'UNAUTHENTICATED');
          if (type === 'mutation' || denied) {
            audit.record({
              ...auditIdentity(contextValue.caller),
              operation: name,
              operationType: type,
              variables: request.variables,
              outcome: denied ? 'DENIED' : codes.length ? 'ERROR' : 'SUCCESS',
              errorCodes: codes,
              traceId: currentTraceId(),
              clientName: contextValue.clientName,
            });
          }
        },
      };
    },
  };
}

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
  const pool = createSubgraphFetcher({ timeoutMs: config.subgraphTimeoutMs, connections: config.subgraphConnections });
  const supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
  const analyzer = new QueryAnalyzer(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema(), config.limits);
  const limiter: RateLimiter = config.redisUrl ? new RedisRateLimiter(config.redisUrl, config.namespace, logger) : new MemoryRateLimiter();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      name === 'access'
        ? new LocalGraphQLDataSource(accessSchema)
        : new SignedSubgraphDataSource(name, config.subgraphUrls[name] ?? url!, signer, pool.fetcher, (subgraph, err) =>
        logger.warn({ err, subgraph }, 'subgraph fetch failed'),
      ),
    logger: { debug: () => undefined, info: (m) => logger.info(String(m)), warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
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

  // Readiness fails as soon as shutdown starts; requests are still served until the drain ends.
  let ready = true;
  const handleGraphQL = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
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
    if (req.method === 'POST') {
      let text: string;
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
    const search = new URL(req.url ?? '/', 'http://local').searchParams;
    const request = (req.method === 'POST' ? body : Object.fromEntries(search)) as { query?: unknown; operationName?: unknown; variables?: unknown } | undefined;
    if (request && typeof request.query === 'string') {
      let variables = request.variables;
      if (typeof variables === 'string') {
        try {
          variables = JSON.parse(variables);
        } catch {
          variables = undefined;
        }
      }
      try {
        analyzer.check(request.query, typeof request.operationName === 'string' ? request.operationName : undefined, (variables ?? {}) as Record<string, unknown>);
      } catch (e) {
        if (!(e instanceof QueryLimitError)) throw e;
        audit.record({ ...auditIdentity(caller), operation: typeof request.operationName === 'string' ? request.operationName : undefined, outcome: 'DENIED', errorCodes: ['QUERY_LIMIT_EXCEEDED'], clientName, traceId: currentTraceId() });
        metrics.operations.observe({ operation: 'refused', type: 'unknown', outcome: 'limit', client: String(req.headers['apollographql-client-name'] ?? 'unknown') }, 0);
        sendJson(res, 400, { errors: [{ message: e.message, extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: e.limit } }] });
        return;
      }
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const context: GatewayContext = {
      principal,
      caller,
      clientName: headers.get('apollographql-client-name') ?? undefined,
      clientVersion: headers.get('apollographql-client-version') ?? undefined,
    };
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'POST', headers, search: new URL(req.url ?? '/', 'http://local').search, body },
      context: async () => context,
    });
    for (const [k, v] of result.headers) res.setHeader(k, v);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') res.end(result.body.string);
    else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
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
    close: () =>
      (closing ??= (async () => {
        ready = false;
        await drainHttpServer(httpServer, { shutdownDelayMs: config.shutdownDelayMs, graceMs: config.shutdownGraceMs });
        await apollo.stop();
        await pool.close();
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

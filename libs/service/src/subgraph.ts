// The subgraph template: database, bus, outbox relay, consumers, and an HTTP server with
// /graphql (gateway-signed callers only), /healthz, /readyz and /metrics.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { ChangeSetType, type EntitySchema } from '@mikro-orm/core';
import { applyScopes, AuthenticationError, PRINCIPAL_HEADER, PrincipalVerifier } from '@salesgraph/auth';
import { createOrm, isDatabaseReachable, migrate, poolState, type MigrationSets, type Orm } from '@salesgraph/db';
import { attachConsumerMetrics, createBus, EventRecordRetention, eventRecordSchemas, eventsRecordedIn, OutboxRecord, OutboxRelay, type ConsumerSpec, type Domain, type EventBus, type EventEnvelope } from '@salesgraph/events';
import { commonResolvers, createErrorFormatter, loadSubgraphTypeDefs } from '@salesgraph/graphql';
import { systemClock, type Clock } from '@salesgraph/kernel';
import { createLogger, ServiceMetrics, type Logger } from '@salesgraph/telemetry';
import type { ServiceConfig, SubgraphName } from './config';
import type { RequestContext, ServiceDeps } from './context';
import { createServiceServer, drainHttpServer, graphqlErrorBody, listen, PayloadTooLargeError, readBody, sendJson } from './http';

const BODY_LIMIT = 4 * 1024 * 1024;

export interface SubgraphDefinition<Ctx extends RequestContext = RequestContext> {
  name: SubgraphName;
  /** Absolute path of the subgraph's schema.graphql. */
  schemaPath: string;
  // EntitySchema is generic over each entity; the ORM takes a heterogeneous list.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: EntitySchema<any, any>[];
  migrations: MigrationSets;
  /** Event domains this service publishes to or consumes from (streams ensured at start). */
  domains: Domain[];
  resolvers(deps: ServiceDeps): GraphQLResolverMap<Ctx>;
  consumers?(deps: ServiceDeps): ConsumerSpec[];
  /** Background jobs (e.g. periodic sweeps of time-based rules): started after the consumers, stopped first on close. */
  jobs?(deps: ServiceDeps): BackgroundJob[];
  /** Adds per-request state (DataLoaders) to the base context. */
  extendContext?(base: RequestContext, deps: ServiceDeps): Ctx;
}

export interface BackgroundJob {
  name: string;
  start(): void;
  /** Stops scheduling and waits for a run in progress. */
  stop(): Promise<void>;
}

export interface SubgraphOverrides {
  /** A shared bus (embedded mode); the service then does not close it. */
  bus?: EventBus;
  clock?: Clock;
  /** false leaves the relay stopped (tests of crash recovery). */
  startRelay?: boolean;
  afterPublish?: (envelopes: EventEnvelope[]) => void | Promise<void>;
  logger?: Logger;
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  port: number;
  orm: Orm;
  bus: EventBus;
  relay: OutboxRelay;
  metrics: ServiceMetrics;
  logger: Logger;
  httpServer: Server;
  /** Stops accepting, drains, flushes the outbox, closes bus (if owned) and database. */
  close(): Promise<void>;
}

function metricsPlugin(metrics: ServiceMetrics): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      const client = request.http?.headers.get('apollographql-client-name') ?? 'unknown';
      return {
        async willSendResponse({ operation, operationName, errors, response }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const hasErrors = Boolean(errors?.length) || (response.body.kind === 'single' && Boolean(response.body.singleResult.errors?.length));
          metrics.operations.observe(
            { operation: operationName ?? request.operationName ?? 'anonymous', type: operation?.operation ?? 'unknown', outcome: hasErrors ? 'error' : 'ok', client },
            seconds,
          );
        },
      };
    },
  };
}

/** URL.search of a request target's query part ('?' alone gives '', as URL does). */
function searchOf(query: string): string {
  return query.length > 1 ? new URL(query, 'http://local').search : '';
}

export async function startSubgraph<Ctx extends RequestContext>(
  def: SubgraphDefinition<Ctx>,
  config: ServiceConfig,
  overrides: SubgraphOverrides = {},
): Promise<RunningSubgraph> {
  const logger = overrides.logger ?? createLogger(def.name, config.logLevel);
  const metrics = new ServiceMetrics(def.name);
  const clock = overrides.clock ?? systemClock;
  const orm = await createOrm({
    databaseUrl: config.databaseUrl,
    databaseName: config.databaseName,
    dataDir: config.dataDir,
    entities: [...def.entities, ...eventRecordSchemas],
    migrations: def.migrations,
  });
  const closers: (() => Promise<void>)[] = [() => orm.close(true)];
  metrics.observeDbPool(() => poolState(orm));
  attachConsumerMetrics(orm, metrics);
  try {
    if (config.migrateOnStart) {
      const applied = await migrate(orm);
      if (applied.length) logger.info({ applied }, 'migrations applied');
    }
    const ownsBus = !overrides.bus;
    const bus =
      overrides.bus ??
      (await createBus({
        natsUrl: config.natsUrl,
        namespace: config.namespace,
        name: def.name,
        domains: def.domains,
        replicas: config.streamReplicas,
        onError: (err, where) => logger.error({ err }, `event bus error in ${where}`),
      }));
    if (ownsBus) closers.unshift(() => bus.close());
    const relay = new OutboxRelay({ orm, bus, logger, metrics, pollIntervalMs: config.relayPollMs, afterPublish: overrides.afterPublish });
    // A commit that wrote outbox rows kicks the relay at once; the poll is only a safety net.
    // Only such commits kick: the relay's own transactions must not wake it again. recordEvent
    // marks the transaction it wrote in; a row persisted outside any transaction is seen in the
    // flush that wrote it.
    orm.em.getEventManager().registerSubscriber({
      afterFlush: ({ em, uow }) => {
        if (em.getTransactionContext()) return;
        if (uow.getChangeSets().some((cs) => cs.type === ChangeSetType.CREATE && cs.entity instanceof OutboxRecord)) setImmediate(() => relay.kick());
      },
      afterTransactionCommit: ({ transaction }) => {
        if (eventsRecordedIn(transaction)) relay.kick();
      },
    });
    closers.unshift(() => relay.stop());
    // Deletes published outbox rows and old inbox rows; runs as one of the jobs (below).
    const retention = new EventRecordRetention({
      orm,
      logger,
      metrics,
      outboxRetentionMs: config.outboxRetentionMs,
      inboxRetentionMs: config.inboxRetentionMs,
      intervalMs: config.retentionSweepMs,
    });

    const deps: ServiceDeps = { orm, namespace: config.namespace, currency: config.currency, clock, logger, relay, source: `/salesgraph/${def.name}`, metrics };
    for (const spec of def.consumers?.(deps) ?? []) await bus.consume(spec);
    const jobs: BackgroundJob[] = [...(def.jobs?.(deps) ?? []), retention];
    for (const job of jobs) {
      job.start();
      closers.unshift(() => job.stop());
    }
    if (overrides.startRelay !== false) relay.start();

    const schema = applyScopes(
      buildSubgraphSchema([{ typeDefs: loadSubgraphTypeDefs(def.schemaPath), resolvers: { ...commonResolvers, ...def.resolvers(deps) } as GraphQLResolverMap<unknown> }]),
    );
    const apollo = new ApolloServer<Ctx>({
      schema,
      csrfPrevention: true,
      // Our entry points own SIGINT/SIGTERM: fail readiness, drain, flush, then stop Apollo.
      stopOnTerminationSignals: false,
      introspection: config.env !== 'production',
      includeStacktraceInErrorResponses: false,
      formatError: createErrorFormatter({ logger, exposeInternal: config.env === 'development' }),
      // No schema uses @cacheControl and no answer carries a cache policy; the default cache-control
      // plugin would still hook every resolved field of every row to compute one.
      plugins: [
        ApolloServerPluginLandingPageDisabled(),
        ApolloServerPluginInlineTraceDisabled(),
        ApolloServerPluginCacheControlDisabled(),
        metricsPlugin(metrics) as unknown as ApolloServerPlugin<Ctx>,
      ],
    });
    await apollo.start();
    closers.unshift(() => apollo.stop());

    // Readiness fails as soon as shutdown starts; requests are still served until the drain ends.
    let ready = true;
    const principals = new PrincipalVerifier(config.internalSecret, def.name);
    const handleGraphQL = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      const token = req.headers[PRINCIPAL_HEADER];
      if (typeof token !== 'string' || token.length === 0) {
        sendJson(res, 401, graphqlErrorBody('requests must come through the gateway', 'UNAUTHENTICATED'));
        return;
      }
      let principal;
      try {
        principal = await principals.verify(token);
      } catch (e) {
        sendJson(res, 401, graphqlErrorBody(e instanceof AuthenticationError ? e.message : 'unauthenticated', 'UNAUTHENTICATED'));
        return;
      }
      let body: unknown;
      if (req.method === 'POST') {
        try {
          const text = await readBody(req, BODY_LIMIT);
          body = text ? JSON.parse(text) : undefined;
        } catch (e) {
          if (e instanceof PayloadTooLargeError) sendJson(res, 413, graphqlErrorBody(e.message, 'BAD_REQUEST'));
          else sendJson(res, 400, graphqlErrorBody('request body is not valid JSON', 'BAD_REQUEST'));
          return;
        }
      }
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      const base: RequestContext = { em: orm.em.fork(), principal, currency: config.currency, clock, logger };
      const url = req.url ?? '/';
      const query = url.indexOf('?');
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'POST', headers, search: query < 0 ? '' : searchOf(url.slice(query)), body },
        context: async () => (def.extendContext ? def.extendContext(base, deps) : (base as Ctx)),
      });
      for (const [k, v] of result.headers) res.setHeader(k, v);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        res.end(result.body.string);
      } else {
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
        const [database, events] = await Promise.all([isDatabaseReachable(orm), bus.isHealthy()]);
        return { ok: ready && database && events, database, bus: events, shuttingDown: !ready };
      },
    });
    const { port, url } = await listen(httpServer, config.port, config.host);
    logger.info({ port, database: config.databaseUrl ? 'postgresql' : 'sqlite', bus: bus.kind }, `${def.name} subgraph listening`);

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        ready = false;
        await drainHttpServer(httpServer, { shutdownDelayMs: config.shutdownDelayMs, graceMs: config.shutdownGraceMs });
        // Jobs stop before the flush so that events they record still go out.
        await Promise.all(jobs.map((j) => j.stop().catch((err) => logger.warn({ err, job: j.name }, 'error while stopping a job'))));
        await relay.flush().catch((err) => logger.warn({ err }, 'outbox flush on shutdown failed'));
        for (const c of closers) await c().catch((err) => logger.warn({ err }, 'error while closing'));
      })());

    return { name: def.name, url, port, orm, bus, relay, metrics, logger, httpServer, close };
  } catch (e) {
    for (const c of closers) await c().catch(() => undefined);
    throw e;
  }
}

/** Applies a subgraph's committed migrations to its database and closes it. */
export async function migrateSubgraph(def: Pick<SubgraphDefinition, 'entities' | 'migrations'>, config: ServiceConfig): Promise<string[]> {
  const orm = await createOrm({
    databaseUrl: config.databaseUrl,
    databaseName: config.databaseName,
    dataDir: config.dataDir,
    entities: [...def.entities, ...eventRecordSchemas],
    migrations: def.migrations,
  });
  try {
    return await migrate(orm);
  } finally {
    await orm.close(true);
  }
}

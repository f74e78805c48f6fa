// Identical in-flight queries of one principal share one execution (and one subgraph fetch);
// different principals never share, a query never joins an execution that started before its
// principal's mutation finished, mutations never merge, and every caller keeps its own rate
// limit, metrics and audit entries.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessDatabaseName, AuditRecord, build as buildGateway, DEFAULT_LIMITS, DEFAULT_SUPERGRAPH_PATH, type GatewayConfig, type RunningGateway } from '@salesgraph/gateway';
import { dropDatabase } from '@salesgraph/db';
import { startPlatform, type RunningPlatform } from '@salesgraph/platform';
import { databaseNameFor } from '@salesgraph/service';
import { bearer, graphql, TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET, tempDir, testNamespace } from '@salesgraph/testing';

const admin = bearer(TEST_ADMIN_KEY);
const COUNT = 'query Count { customers(first: 1) { totalCount } }';
const CREATE_KEY = 'mutation CreateKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }';
const HOLD_MS = 600;

/** Counts the merged-request metric of a gateway. */
async function mergedCount(gateway: RunningGateway, kind: string): Promise<number> {
  const metric = await gateway.metrics.registry.getSingleMetric('gateway_merged_requests_total')?.get();
  return (metric?.values ?? []).filter((v) => v.labels.kind === kind).reduce((n, v) => n + v.value, 0);
}

describe('merging identical in-flight requests', () => {
  const namespace = testNamespace();
  const dir = tempDir();
  let platform: RunningPlatform;
  let proxy: Server;
  let proxyUrl: string;
  let merging: RunningGateway;
  let separate: RunningGateway;
  /** Query fetches that reached the customers subgraph. */
  let fetches = 0;

  function config(name: string, overrides: Partial<GatewayConfig>): GatewayConfig {
    return {
      env: 'test', host: '127.0.0.1', port: 0, logLevel: 'silent', supergraphPath: DEFAULT_SUPERGRAPH_PATH,
      subgraphUrls: { customers: proxyUrl },
      internalSecret: TEST_SECRET, jwtSecret: TEST_JWT_SECRET, adminKey: TEST_ADMIN_KEY, subgraphTimeoutMs: 5_000, bodyLimitBytes: 1 << 20,
      explorer: false, shutdownDelayMs: 0, shutdownGraceMs: 1_000, subgraphConnections: 4, namespace, rateLimitPerMinute: 100_000,
      introspection: false, limits: DEFAULT_LIMITS, databaseName: `${name}_access`, dataDir: dir.path, migrateOnStart: true,
      ...overrides,
    };
  }

  beforeAll(async () => {
    platform = await startPlatform({ env: 'test', dataDir: dir.path, namespace, internalSecret: TEST_SECRET, jwtSecret: TEST_JWT_SECRET, adminKey: TEST_ADMIN_KEY, gatewayPort: 0, subgraphPorts: 'random', logLevel: 'silent', only: ['customers'], rateLimitPerMinute: 100_000 });
    const target = new URL(platform.subgraphs.customers!.url);
    // A proxy in front of customers that counts query fetches and holds each one for a while,
    // so that requests sent together are certainly in flight together.
    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const held = body.toString('utf8').includes('totalCount');
        if (held) fetches += 1;
        setTimeout(
          () => {
            const forward = httpRequest({ hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { ...req.headers, 'content-length': body.length } }, (up) => {
              res.writeHead(up.statusCode ?? 502, up.headers);
              up.pipe(res);
            });
            forward.end(body);
          },
          held ? HOLD_MS : 0,
        );
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}/graphql`;
    merging = await buildGateway(config('merge_on', {}));
    separate = await buildGateway(config('merge_off', { mergeInflight: false, dedupeSubgraphFetches: false }));
  });

  afterAll(async () => {
    await merging?.close();
    await separate?.close();
    proxy?.close();
    await platform?.close();
    await dropDatabase({ databaseName: databaseNameFor('customers', namespace), dataDir: dir.path });
    await dropDatabase({ databaseName: accessDatabaseName(namespace), dataDir: dir.path });
    for (const name of ['merge_on', 'merge_off']) await dropDatabase({ databaseName: `${name}_access`, dataDir: dir.path });
    dir.remove();
  });

  it('answers two concurrent identical queries of one principal with one subgraph fetch, each with its own rate-limit headers', async () => {
    const created = await graphql<{ createApiKey: { key: string } }>(merging.url, CREATE_KEY, { input: { name: 'merge limited', scopes: ['customers:read'], rateLimitPerMinute: 10 } }, admin);
    const limited = bearer(created.body.data!.createApiKey.key);
    const before = await mergedCount(merging, 'operation');
    fetches = 0;
    const [a, b] = await Promise.all([graphql(merging.url, COUNT, {}, limited), graphql(merging.url, COUNT, {}, limited)]);
    expect(fetches).toBe(1);
    expect(a.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect(a.body.errors).toBeUndefined();
    // Each caller took its own token from the bucket.
    const remaining = [a, b].map((r) => Number(r.headers.get('x-ratelimit-remaining'))).sort();
    expect(remaining).toEqual([8, 9]);
    expect(await mergedCount(merging, 'operation')).toBe(before + 1);
  });

  it('never shares between principals', async () => {
    const created = await graphql<{ createApiKey: { key: string } }>(merging.url, CREATE_KEY, { input: { name: 'merge reader', scopes: ['customers:read'] } }, admin);
    const reader = bearer(created.body.data!.createApiKey.key);
    fetches = 0;
    const [a, b] = await Promise.all([graphql(merging.url, COUNT, {}, admin), graphql(merging.url, COUNT, {}, reader)]);
    expect(fetches).toBe(2);
    expect(a.body.errors).toBeUndefined();
    expect(b.body.errors).toBeUndefined();
  });

  it('never lets a query join an execution that started before its principal’s mutation finished', async () => {
    fetches = 0;
    const early = graphql(merging.url, COUNT, {}, admin);
    await new Promise((r) => setTimeout(r, HOLD_MS / 4)); // the early query is now held at the subgraph
    const write = await graphql(merging.url, CREATE_KEY, { input: { name: 'a write in between', scopes: ['customers:read'] } }, admin);
    expect(write.body.errors).toBeUndefined();
    const late = await graphql(merging.url, COUNT, {}, admin);
    await early;
    expect(fetches).toBe(2);
    expect(late.body.errors).toBeUndefined();
  });

  it('never merges mutations', async () => {
    const input = { name: 'twin', scopes: ['customers:read'] };
    const [a, b] = await Promise.all([graphql<{ createApiKey: { apiKey: { id: string } } }>(merging.url, CREATE_KEY, { input }, admin), graphql<{ createApiKey: { apiKey: { id: string } } }>(merging.url, CREATE_KEY, { input }, admin)]);
    expect(a.body.errors).toBeUndefined();
    expect(b.body.errors).toBeUndefined();
    expect(a.body.data!.createApiKey.apiKey.id).not.toBe(b.body.data!.createApiKey.apiKey.id);
  });

  it('delivers errors to every merged caller identically and audits each refusal', async () => {
    const created = await graphql<{ createApiKey: { key: string; apiKey: { id: string } } }>(merging.url, CREATE_KEY, { input: { name: 'merge outsider', scopes: ['people:read'] } }, admin);
    const outsider = bearer(created.body.data!.createApiKey.key);
    fetches = 0;
    const [a, b] = await Promise.all([graphql(merging.url, COUNT, {}, outsider), graphql(merging.url, COUNT, {}, outsider)]);
    expect(fetches).toBeLessThanOrEqual(1); // the refusal may come before any fetch
    expect(a.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(b.body).toEqual(a.body);
    await merging.audit.flush();
    const denied = await merging.orm.em.fork().find(AuditRecord, { principal: created.body.data!.createApiKey.apiKey.id, outcome: 'DENIED' });
    expect(denied).toHaveLength(2);
  });

  it('executes every request on its own when merging is switched off', async () => {
    fetches = 0;
    const [a, b] = await Promise.all([graphql(separate.url, COUNT, {}, admin), graphql(separate.url, COUNT, {}, admin)]);
    expect(fetches).toBe(2);
    expect(b.body).toEqual(a.body);
    expect(await mergedCount(separate, 'operation')).toBe(0);
  });
});

// Query plans can be warmed at start from a list of known operations: planned and validated
// without calling any subgraph or recording any metric, then served from the plan cache.
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build as buildGateway, DEFAULT_LIMITS, DEFAULT_SUPERGRAPH_PATH, type RunningGateway } from '@salesgraph/gateway';
import { dropDatabase } from '@salesgraph/db';
import { bearer, graphql, TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET, tempDir, testNamespace } from '@salesgraph/testing';

const KNOWN = 'query KnownCustomers { customers(first: 5) { totalCount edges { node { id name owner { name } } } } }';

describe('query plan warming', () => {
  const namespace = testNamespace();
  const dir = tempDir();
  let subgraph: Server;
  let calls = 0;
  let gateway: RunningGateway;

  beforeAll(async () => {
    // Every subgraph is this server, which counts calls and is never supposed to be asked.
    subgraph = createServer((req, res) => {
      calls += 1;
      req.resume();
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => subgraph.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(subgraph.address() as { port: number }).port}/graphql`;
    const operations = join(dir.path, 'operations.json');
    writeFileSync(operations, JSON.stringify([{ query: KNOWN, operationName: 'KnownCustomers' }, { query: '{ noSuchField }' }, { query: 'mutation { revokeApiKey(id: "x") { id } }' }]));
    gateway = await buildGateway({
      env: 'test', host: '127.0.0.1', port: 0, logLevel: 'silent', supergraphPath: DEFAULT_SUPERGRAPH_PATH,
      subgraphUrls: { customers: url, orders: url, people: url, 'supply-risk': url },
      internalSecret: TEST_SECRET, jwtSecret: TEST_JWT_SECRET, adminKey: TEST_ADMIN_KEY, subgraphTimeoutMs: 2_000, bodyLimitBytes: 1 << 20,
      explorer: false, shutdownDelayMs: 0, shutdownGraceMs: 1_000, subgraphConnections: 4, namespace, rateLimitPerMinute: 100_000,
      introspection: false, limits: DEFAULT_LIMITS, databaseName: 'plans_gateway_access', dataDir: dir.path, migrateOnStart: true,
      planCacheSize: 10, warmOperationsPath: operations,
    });
  });

  afterAll(async () => {
    await gateway?.close();
    subgraph?.close();
    await dropDatabase({ databaseName: 'plans_gateway_access', dataDir: dir.path });
    dir.remove();
  });

  it('plans the valid operations at start without calling a subgraph or recording them', async () => {
    // The valid query and the mutation are planned (the mutation is never executed); the invalid one is not.
    expect(gateway.plans.size).toBe(2);
    expect(calls).toBe(0);
    const operations = await gateway.metrics.operations.get();
    expect(operations.values.filter((v) => v.metricName?.endsWith('_count'))).toEqual([]);
    expect(await gateway.warm([{ query: KNOWN, operationName: 'KnownCustomers' }])).toBe(0); // already planned
  });

  it('serves a warmed operation from the plan cache', async () => {
    const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(TEST_ADMIN_KEY) }, body: JSON.stringify({ query: KNOWN, operationName: 'KnownCustomers' }) });
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE'); // the subgraph was asked this time
    expect(calls).toBeGreaterThan(0);
    expect(gateway.plans.size).toBe(2);
    const other = await graphql(gateway.url, '{ customers(first: 1) { totalCount } }', {}, bearer(TEST_ADMIN_KEY));
    expect(other.status).toBe(200);
    expect(gateway.plans.size).toBe(3);
  });
});

// The gateway sends each distinct entity representation once per subgraph fetch: a page of
// customers owned by a few reps asks people for those few reps, not one per customer.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessDatabaseName, build as buildGateway, DEFAULT_LIMITS, DEFAULT_SUPERGRAPH_PATH, type RunningGateway } from '@salesgraph/gateway';
import { dropDatabase } from '@salesgraph/db';
import { startPlatform, type RunningPlatform } from '@salesgraph/platform';
import { databaseNameFor } from '@salesgraph/service';
import { bearer, eventually, graphql, TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET, tempDir, testNamespace } from '@salesgraph/testing';

const admin = bearer(TEST_ADMIN_KEY);

describe('entity representation de-duplication through the gateway', () => {
  const namespace = testNamespace();
  const dir = tempDir();
  let platform: RunningPlatform;
  let proxy: Server;
  let gateway: RunningGateway;
  const seen: number[] = [];

  beforeAll(async () => {
    platform = await startPlatform({ env: 'test', dataDir: dir.path, namespace, internalSecret: TEST_SECRET, jwtSecret: TEST_JWT_SECRET, adminKey: TEST_ADMIN_KEY, gatewayPort: 0, subgraphPorts: 'random', logLevel: 'silent', only: ['customers', 'people'], rateLimitPerMinute: 100_000 });
    const target = new URL(platform.subgraphs.people!.url);
    // A recording proxy in front of people: how many representations does each _entities fetch carry?
    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const parsed = JSON.parse(body.toString('utf8')) as { variables?: { representations?: unknown[] } };
        if (parsed.variables?.representations) seen.push(parsed.variables.representations.length);
        const forward = httpRequest({ hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { ...req.headers, 'content-length': body.length } }, (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        });
        forward.end(body);
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const { port } = proxy.address() as { port: number };
    gateway = await buildGateway({
      env: 'test', host: '127.0.0.1', port: 0, logLevel: 'silent', supergraphPath: DEFAULT_SUPERGRAPH_PATH,
      subgraphUrls: { customers: platform.subgraphs.customers!.url, people: `http://127.0.0.1:${port}/graphql` },
      internalSecret: TEST_SECRET, jwtSecret: TEST_JWT_SECRET, adminKey: TEST_ADMIN_KEY, subgraphTimeoutMs: 5_000, bodyLimitBytes: 1 << 20,
      explorer: false, shutdownDelayMs: 0, shutdownGraceMs: 1_000, subgraphConnections: 4, namespace, rateLimitPerMinute: 100_000,
      introspection: false, limits: DEFAULT_LIMITS, databaseName: 'dedupe_gateway_access', dataDir: dir.path, migrateOnStart: true,
    });
  });

  afterAll(async () => {
    await gateway?.close();
    proxy?.close();
    await platform?.close();
    for (const name of ['customers', 'people'] as const) await dropDatabase({ databaseName: databaseNameFor(name, namespace), dataDir: dir.path });
    await dropDatabase({ databaseName: accessDatabaseName(namespace), dataDir: dir.path });
    dir.remove();
  });

  it('asks people once per distinct rep and still answers every customer', async () => {
    const url = platform.gatewayUrl;
    const reps: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await graphql<{ hireSalesRep: { id: string } }>(url, 'mutation($i: HireSalesRepInput!) { hireSalesRep(input: $i) { id } }', { i: { name: `Dedupe ${i}`, email: `dedupe${i}.${namespace}@example.com`, regionCode: 'CN-EAST' } }, admin);
      reps.push(r.body.data!.hireSalesRep.id);
    }
    for (let i = 0; i < 12; i++) {
      const c = await graphql(url, 'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', { i: { name: `Dedupe Customer ${i}`, kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId: reps[i % 2] } }, admin);
      expect(c.body.errors).toBeUndefined();
    }
    seen.length = 0;
    const res = await graphql<{ customers: { edges: { node: { name: string; owner: { id: string; name: string } } }[] } }>(
      gateway.url,
      '{ customers(first: 12) { edges { node { name owner { id name } } } } }',
      {},
      admin,
    );
    expect(res.body.errors).toBeUndefined();
    const edges = res.body.data!.customers.edges;
    expect(edges).toHaveLength(12);
    edges.forEach((e, i) => expect(e.node.owner).toEqual({ id: reps[i % 2], name: `Dedupe ${i % 2}` }));
    await eventually(async () => (seen.length ? true : undefined));
    expect(seen).toEqual([2]);
  });
});

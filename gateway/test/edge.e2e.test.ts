// Limits at the edge: query limits and body limits refuse before any subgraph is called;
// rate limits per principal answer 429 with Retry-After and X-RateLimit-* on every answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build as buildGateway, DEFAULT_LIMITS, DEFAULT_SUPERGRAPH_PATH } from '@salesgraph/gateway';
import { startTestPlatform, type RunningPlatform, type TestPlatform } from '@salesgraph/platform';
import { bearer, graphql, realRedisUrl, TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET, tempDir } from '@salesgraph/testing';

const admin = bearer(TEST_ADMIN_KEY);

function start(options: { env?: 'test' | 'production'; rateLimitPerMinute?: number; redisUrl?: string } = {}): Promise<TestPlatform> {
  return startTestPlatform({
    env: options.env ?? 'test',
    internalSecret: TEST_SECRET,
    jwtSecret: TEST_JWT_SECRET,
    adminKey: TEST_ADMIN_KEY,
    only: ['customers'],
    rateLimitPerMinute: options.rateLimitPerMinute ?? 100_000,
    redisUrl: options.redisUrl,
  });
}

/** Requests the customers subgraph has served so far. */
async function subgraphRequests(platform: RunningPlatform): Promise<number> {
  const metric = await platform.subgraphs.customers!.metrics.httpDuration.get();
  return metric.values.filter((v) => v.metricName === 'http_server_request_duration_seconds_count').reduce((n, v) => n + v.value, 0);
}

describe('query and body limits', () => {
  let h: TestPlatform;
  beforeAll(async () => {
    h = await start();
  });
  afterAll(async () => h?.close());

  it('refuses, with 400 and a clear message, before any subgraph is called', async () => {
    const before = await subgraphRequests(h.platform);
    const url = h.platform.gatewayUrl;
    const deep = await graphql(url, '{ customers { edges { node { owner { a { b { c { d { e { f { g { h { i } } } } } } } } } } } } }', {}, admin);
    expect(deep.status).toBe(400);
    expect(deep.body.errors![0]).toMatchObject({ extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'maxDepth' } });
    expect(deep.body.errors![0]!.message).toMatch(/depth 13 exceeds the limit of 12/);

    const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: customers(first: 1) { totalCount }`).join(' ');
    const aliased = await graphql(url, `{ ${aliases} }`, {}, admin);
    expect(aliased.status).toBe(400);
    expect(aliased.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'maxAliases' });

    const bigPage = await graphql(url, 'query($n: Int) { customers(first: $n) { totalCount } }', { n: 500 }, admin);
    expect(bigPage.status).toBe(400);
    expect(bigPage.body.errors![0]!.extensions!.limit).toBe('maxPageSize');

    const tokens = await graphql(url, `{ customers { ${'totalCount '.repeat(DEFAULT_LIMITS.maxTokens)} } }`, {}, admin);
    expect(tokens.status).toBe(400);
    expect(tokens.body.errors![0]!.extensions!.limit).toBe('maxTokens');

    const huge = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: JSON.stringify({ query: `{ customers { totalCount } }`, variables: { pad: 'x'.repeat(5 * 1024 * 1024) } }) });
    expect(huge.status).toBe(413);

    const batch = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: JSON.stringify([{ query: '{ customers { totalCount } }' }, { query: '{ customers { totalCount } }' }]) });
    expect(batch.status).toBe(400);
    expect(((await batch.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/batched requests are not supported/);

    expect(await subgraphRequests(h.platform)).toBe(before);
    // A reasonable query still goes through (so the counter above can move).
    const ok = await graphql(url, '{ customers(first: 5) { totalCount } }', {}, admin);
    expect(ok.status).toBe(200);
    expect(await subgraphRequests(h.platform)).toBe(before + 1);
  });
});

describe('outside development', () => {
  let h: TestPlatform;
  beforeAll(async () => {
    h = await start({ env: 'production' });
  });
  afterAll(async () => h?.close());

  it('turns introspection and field suggestions off', async () => {
    const intro = await graphql(h.platform.gatewayUrl, '{ __schema { types { name } } }', {}, admin);
    expect(intro.body.errors![0]!.message).toMatch(/introspection/i);
    const typo = await graphql(h.platform.gatewayUrl, '{ customerz { totalCount } }', {}, admin);
    expect(typo.body.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(typo.body.errors![0]!.message).not.toMatch(/Did you mean/);
    expect(JSON.stringify(typo.body)).not.toMatch(/stacktrace/);
  });

  it('serves no explorer', async () => {
    const page = await fetch(h.platform.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(401);
  });
});

describe('rate limits per principal', () => {
  let h: TestPlatform;
  beforeAll(async () => {
    h = await start({ rateLimitPerMinute: 3 });
  });
  afterAll(async () => h?.close());

  it('answers 429 with Retry-After over the limit and X-RateLimit-* on every answer', async () => {
    const seen: { status: number; remaining: string | null; limit: string | null }[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await graphql(h.platform.gatewayUrl, '{ customers(first: 1) { totalCount } }', {}, admin);
      seen.push({ status: res.status, remaining: res.headers.get('x-ratelimit-remaining'), limit: res.headers.get('x-ratelimit-limit') });
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(res.body.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
        expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
      }
    }
    expect(seen).toEqual([
      { status: 200, remaining: '2', limit: '3' },
      { status: 200, remaining: '1', limit: '3' },
      { status: 200, remaining: '0', limit: '3' },
      { status: 429, remaining: '0', limit: '3' },
    ]);
  });
});

describe.runIf(realRedisUrl)('rate limits shared through Redis', () => {
  it('two gateway instances draw from one bucket', async () => {
    const h = await start({ rateLimitPerMinute: 3, redisUrl: realRedisUrl });
    const namespace = h.namespace;
    const secondDir = tempDir();
    const second = await buildGateway({
      databaseName: 'second_gateway_access',
      dataDir: secondDir.path,
      migrateOnStart: true,
      env: 'test',
      host: '127.0.0.1',
      port: 0,
      logLevel: 'silent',
      supergraphPath: DEFAULT_SUPERGRAPH_PATH,
      subgraphUrls: { customers: h.platform.subgraphs.customers!.url },
      internalSecret: TEST_SECRET,
      jwtSecret: TEST_JWT_SECRET,
      adminKey: TEST_ADMIN_KEY,
      subgraphTimeoutMs: 3_000,
      bodyLimitBytes: 1024 * 1024,
      explorer: false,
      shutdownDelayMs: 0,
      shutdownGraceMs: 1_000,
      subgraphConnections: 4,
      namespace,
      redisUrl: realRedisUrl,
      rateLimitPerMinute: 3,
      introspection: false,
      limits: DEFAULT_LIMITS,
    });
    try {
      const q = '{ customers(first: 1) { totalCount } }';
      const statuses = [];
      statuses.push((await graphql(h.platform.gatewayUrl, q, {}, admin)).status);
      statuses.push((await graphql(second.url, q, {}, admin)).status);
      statuses.push((await graphql(h.platform.gatewayUrl, q, {}, admin)).status);
      statuses.push((await graphql(second.url, q, {}, admin)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await second.close();
      secondDir.remove();
      await h.close();
    }
  });
});

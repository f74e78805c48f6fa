// The GraphQL-over-HTTP audit suite shipped in `graphql-http`, run against the gateway with a
// key. Every MUST audit has to pass; SHOULD/MAY results are printed for the record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditServer } from 'graphql-http';
import { dropDatabase } from '@salesgraph/db';
import { accessDatabaseName } from '@salesgraph/gateway';
import { startPlatform, type RunningPlatform } from '@salesgraph/platform';
import { databaseNameFor } from '@salesgraph/service';
import { TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET, tempDir, testNamespace } from '@salesgraph/testing';

describe('GraphQL over HTTP (graphql-http audit suite)', () => {
  let platform: RunningPlatform;
  const namespace = testNamespace();
  const dir = tempDir();
  beforeAll(async () => {
    platform = await startPlatform({
      env: 'test',
      dataDir: dir.path,
      namespace,
      internalSecret: TEST_SECRET,
      jwtSecret: TEST_JWT_SECRET,
      adminKey: TEST_ADMIN_KEY,
      gatewayPort: 0,
      subgraphPorts: 'random',
      logLevel: 'silent',
      only: ['customers'],
      rateLimitPerMinute: 100_000,
    });
  });
  afterAll(async () => {
    await platform?.close();
    await dropDatabase({ databaseName: databaseNameFor('customers', namespace), dataDir: dir.path });
    await dropDatabase({ databaseName: accessDatabaseName(namespace), dataDir: dir.path });
    dir.remove();
  });

  it('passes every MUST audit', async () => {
    const results = await auditServer({
      url: platform.gatewayUrl,
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        headers.set('authorization', `Bearer ${TEST_ADMIN_KEY}`);
        return fetch(input, { ...init, headers });
      },
    });
    const counts: Record<string, number> = { ok: 0, warn: 0, error: 0, notice: 0 };
    for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
    const problems = results.filter((r) => r.status !== 'ok').map((r) => `${r.status.toUpperCase()} ${r.name}: ${'reason' in r ? r.reason : ''}`);
    // eslint-disable-next-line no-console
    console.log(`graphql-http audit: ${counts.ok} ok, ${counts.warn} warn, ${counts.error} error\n${problems.join('\n')}`);
    const mustFailures = results.filter((r) => r.status === 'error');
    expect(mustFailures.map((r) => r.name)).toEqual([]);
    expect(counts.ok).toBeGreaterThan(20);
  });
});

// The GraphQL-over-HTTP audit suite shipped in `graphql-http`, run against the gateway with a
// key. Every MUST audit has to pass; SHOULD/MAY results are printed for the record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditServer } from 'graphql-http';
import { startTestPlatform, type TestPlatform } from '@salesgraph/platform';
import { TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET } from '@salesgraph/testing';

describe('GraphQL over HTTP (graphql-http audit suite)', () => {
  let h: TestPlatform;
  beforeAll(async () => {
    h = await startTestPlatform({ internalSecret: TEST_SECRET, jwtSecret: TEST_JWT_SECRET, adminKey: TEST_ADMIN_KEY, only: ['customers'] });
  });
  afterAll(async () => h?.close());

  it('passes every MUST audit', async () => {
    const results = await auditServer({
      url: h.url,
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

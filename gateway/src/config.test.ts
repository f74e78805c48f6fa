import { describe, expect, it } from 'vitest';
import { ConfigError } from '@salesgraph/config';
import { gatewayConfigFromEnv } from './config';

const base = { SALESGRAPH_INTERNAL_SECRET: 'i'.repeat(32) };

describe('gateway config', () => {
  it('needs a JWT secret or a JWKS URL, and lists every problem at once', () => {
    try {
      gatewayConfigFromEnv({ ...base, PORT: 'http', SALESGRAPH_ADMIN_KEY: 'short' });
      expect.fail('should refuse');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const keys = (e as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(keys).toEqual(expect.arrayContaining(['PORT', 'SALESGRAPH_ADMIN_KEY']));
    }
    expect(() => gatewayConfigFromEnv(base)).toThrow(/SALESGRAPH_JWKS_URL .* or SALESGRAPH_JWT_SECRET/);
  });

  it('takes RS256 from a JWKS URL in production, with introspection and the explorer off', () => {
    const c = gatewayConfigFromEnv({ ...base, NODE_ENV: 'production', SALESGRAPH_JWKS_URL: 'https://idp.example/.well-known/jwks.json', DATABASE_URL: 'postgres://db/x', SALESGRAPH_NAMESPACE: 'sales' });
    expect(c).toMatchObject({ jwksUrl: 'https://idp.example/.well-known/jwks.json', introspection: false, explorer: false, databaseName: 'salesgraph_access', migrateOnStart: false });
  });

  it('reads subgraph URLs and limits', () => {
    const c = gatewayConfigFromEnv({ ...base, SALESGRAPH_JWT_SECRET: 'j'.repeat(32), PEOPLE_URL: 'http://people:4003/graphql', QUERY_MAX_DEPTH: '8', SALESGRAPH_NAMESPACE: 'acme' });
    expect(c.subgraphUrls).toEqual({ people: 'http://people:4003/graphql' });
    expect(c.limits.maxDepth).toBe(8);
    expect(c.databaseName).toBe('salesgraph_acme_access');
    expect(c.explorer).toBe(true);
  });

  it('merges in-flight requests and shares subgraph fetches unless switched off; sizes and warms the plan cache', () => {
    const on = gatewayConfigFromEnv({ ...base, SALESGRAPH_JWT_SECRET: 'j'.repeat(32) });
    expect(on).toMatchObject({ mergeInflight: true, dedupeSubgraphFetches: true, planCacheSize: 1000, warmOperationsPath: undefined });
    const off = gatewayConfigFromEnv({ ...base, SALESGRAPH_JWT_SECRET: 'j'.repeat(32), GATEWAY_MERGE_INFLIGHT: 'false', GATEWAY_DEDUPE_SUBGRAPH_FETCHES: 'false', GATEWAY_PLAN_CACHE_SIZE: '50', GATEWAY_WARM_OPERATIONS: '/etc/gateway/operations.json' });
    expect(off).toMatchObject({ mergeInflight: false, dedupeSubgraphFetches: false, planCacheSize: 50, warmOperationsPath: '/etc/gateway/operations.json' });
    expect(() => gatewayConfigFromEnv({ ...base, SALESGRAPH_JWT_SECRET: 'j'.repeat(32), GATEWAY_MERGE_INFLIGHT: 'no' })).toThrow(ConfigError);
  });
});

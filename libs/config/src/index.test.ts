import { describe, expect, it } from 'vitest';
import { ConfigError, commonEnv, parseConfig } from './index';

describe('config', () => {
  it('applies defaults', () => {
    const c = parseConfig(commonEnv, { SALESGRAPH_INTERNAL_SECRET: 'x'.repeat(32) });
    expect(c.SALESGRAPH_NAMESPACE).toBe('sales');
    expect(c.SALESGRAPH_CURRENCY).toBe('CNY');
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('reports every problem at once', () => {
    try {
      parseConfig(commonEnv, { DATABASE_URL: 'mysql://x', SALESGRAPH_NAMESPACE: 'Bad-Name', SALESGRAPH_CURRENCY: 'yuan' });
      expect.fail('should throw');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const keys = (e as ConfigError).problems.map((p) => p.split(':')[0]).sort();
      expect(keys).toEqual(['DATABASE_URL', 'SALESGRAPH_CURRENCY', 'SALESGRAPH_INTERNAL_SECRET', 'SALESGRAPH_NAMESPACE']);
    }
  });
});

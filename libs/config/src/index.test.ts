import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('secrets from mounted files', () => {
  it('reads X from X_FILE when X is unset, and reports unreadable files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    try {
      writeFileSync(join(dir, 'secret'), `${'s'.repeat(40)}\n`);
      const c = parseConfig(commonEnv, { SALESGRAPH_INTERNAL_SECRET_FILE: join(dir, 'secret') });
      expect(c.SALESGRAPH_INTERNAL_SECRET).toBe('s'.repeat(40));
      // An explicit value wins over the file.
      expect(parseConfig(commonEnv, { SALESGRAPH_INTERNAL_SECRET: 'e'.repeat(32), SALESGRAPH_INTERNAL_SECRET_FILE: join(dir, 'secret') }).SALESGRAPH_INTERNAL_SECRET).toBe('e'.repeat(32));
      expect(() => parseConfig(commonEnv, { SALESGRAPH_INTERNAL_SECRET: 'e'.repeat(32), DATABASE_URL_FILE: join(dir, 'missing') })).toThrow(/DATABASE_URL_FILE: cannot read .*ENOENT/);
      // Other tools' *_FILE variables are ignored.
      expect(parseConfig(commonEnv, { SALESGRAPH_INTERNAL_SECRET: 'e'.repeat(32), TF_CLI_CONFIG_FILE: join(dir, 'missing') }).SALESGRAPH_NAMESPACE).toBe('sales');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

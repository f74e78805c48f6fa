// `node <service>/dist/index.js migrate` (the Kubernetes migration Job) applies the service's
// committed migrations once and exits 0; a second run finds nothing to do.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { TEST_JWT_SECRET, TEST_SECRET, tempDir, testNamespace } from '@salesgraph/testing';
import { baseEnv, ENTRIES, ROOT } from './support/processes';

describe('migrate command', () => {
  it.each(['customers', 'orders', 'people', 'supply-risk', 'gateway'] as const)('%s migrates its own database and exits', (name) => {
    const dir = tempDir();
    try {
      const env = { ...baseEnv(), SALESGRAPH_DATA_DIR: dir.path, SALESGRAPH_NAMESPACE: testNamespace(), SALESGRAPH_INTERNAL_SECRET: TEST_SECRET, SALESGRAPH_JWT_SECRET: TEST_JWT_SECRET };
      const first = spawnSync(process.execPath, [ENTRIES[name], 'migrate'], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toMatch(new RegExp(`^${name}: applied Migration\\d+`));
      const second = spawnSync(process.execPath, [ENTRIES[name], 'migrate'], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
      expect(second.status, second.stderr).toBe(0);
      expect(second.stdout).toBe(`${name}: database is up to date\n`);
    } finally {
      dir.remove();
    }
  });
});

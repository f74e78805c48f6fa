import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run the TypeScript sources of every workspace package (never a mix of src and dist,
// which would load two copies of each module).
const root = dirname(fileURLToPath(import.meta.url));
const packages: Record<string, string> = {};
for (const dir of ['libs/auth', 'libs/config', 'libs/db', 'libs/events', 'libs/forecast', 'libs/graphql', 'libs/kernel', 'libs/service', 'libs/telemetry', 'libs/testing', 'platform']) {
  packages[JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).name] = join(root, dir, 'src', 'index.ts');
}
for (const dir of ['subgraphs/customers', 'subgraphs/orders', 'subgraphs/people', 'subgraphs/supply-risk', 'gateway']) {
  packages[JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).name] = join(root, dir, 'src', 'app.ts');
}

export default defineConfig({
  resolve: {
    alias: [
      ...Object.entries(packages).map(([name, entry]) => ({ find: new RegExp(`^${name.replace('/', '\\/')}$`), replacement: entry })),
      // One graphql instance: Apollo's CommonJS packages require graphql's CJS build, so the
      // sources must not get its ESM build (graphql refuses types from "another realm").
      { find: /^graphql$/, replacement: join(root, 'node_modules', 'graphql', 'index.js') },
    ],
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites start servers and databases; two cores, so keep parallelism modest.
    maxWorkers: 2,
  },
});

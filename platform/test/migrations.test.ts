// Each committed migration set brings an empty database to exactly the entities' schema.
import { afterAll, describe, expect, it } from 'vitest';
import { createOrm, dropDatabase, migrate, pendingSchemaSql, type Dialect } from '@salesgraph/db';
import { realDatabaseUrl, tempDir, testNamespace } from '@salesgraph/testing';
import { DATABASE_MODULES } from '../src/subgraphs';

const dialects: { dialect: Dialect; databaseUrl?: string }[] = [{ dialect: 'sqlite' }];
if (realDatabaseUrl) dialects.push({ dialect: 'postgresql', databaseUrl: realDatabaseUrl });

const dir = tempDir();
afterAll(() => dir.remove());

describe.each(dialects)('migrations ($dialect)', ({ dialect, databaseUrl }) => {
  it.each(DATABASE_MODULES.map((m) => [m.name, m] as const))('%s: the committed set builds the entities schema', async (name, def) => {
    expect(def.migrations[dialect].length).toBeGreaterThan(0);
    const options = { databaseUrl, databaseName: `salesgraph_${testNamespace('m')}_${name.replace('-', '_')}`, dataDir: dir.path };
    const orm = await createOrm({ ...options, entities: def.entities, migrations: def.migrations });
    try {
      const applied = await migrate(orm);
      expect(applied).toEqual(def.migrations[dialect].map((m) => m.name));
      expect(await pendingSchemaSql(orm)).toBe('');
      // Applying again is a no-op.
      expect(await migrate(orm)).toEqual([]);
    } finally {
      await orm.close(true);
      await dropDatabase(options);
    }
  });
});

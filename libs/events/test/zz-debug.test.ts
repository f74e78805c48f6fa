import { it } from 'vitest';
import { createOrm } from '@salesgraph/db';
import { eventRecordSchemas, OutboxRecord } from '../src';
import { tempDir } from '@salesgraph/testing';
it('dbg', async () => {
  const dir = tempDir();
  const orm = await createOrm({ databaseName: 'x', dataDir: dir.path, entities: [...eventRecordSchemas], migrations: { postgresql: [], sqlite: [] } });
  const meta = orm.getMetadata().find(OutboxRecord)!;
  console.log(meta.className, Object.keys(meta.properties), meta.primaryKeys);
  console.log(orm.getMetadata().getAll && Object.keys(orm.getMetadata().getAll()));
  console.log(await orm.schema.getCreateSchemaSQL());
  await orm.close(true); dir.remove();
});

export * from './orm';
export { INLINE_VALUES_MARKER, insertAtCommit, installCommitWrites } from './commit-writes';
export { BigIntType, EntitySchema, raw, type EntityManager, type MigrationObject } from '@mikro-orm/core';
export { Migration } from '@mikro-orm/migrations';
export type { SqlEntityManager } from '@mikro-orm/knex';

import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
/** Query builders exist on both SQL drivers this project uses. */
export function sql(em: EntityManager): SqlEntityManager {
  return em as unknown as SqlEntityManager;
}

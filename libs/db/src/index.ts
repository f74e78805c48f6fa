export * from './orm';
export { EntitySchema, type EntityManager, type MigrationObject } from '@mikro-orm/core';
export { Migration } from '@mikro-orm/migrations';

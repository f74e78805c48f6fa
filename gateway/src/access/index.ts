export * from './api-key';
export * from './audit';
export * from './entities';
export * from './key-store';
export * from './schema';
export { accessMigrations } from './migrations';

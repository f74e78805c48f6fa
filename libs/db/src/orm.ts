// One database per service: PostgreSQL when DATABASE_URL is set, else a SQLite file under the data dir.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MikroORM, type EntitySchema, type MigrationObject, type Options } from '@mikro-orm/core';
import { PostgreSqlDriver, PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { Migrator } from '@mikro-orm/migrations';
import { installCommitWrites } from './commit-writes';

export type Dialect = 'postgresql' | 'sqlite';

export interface MigrationSets {
  postgresql: MigrationObject[];
  sqlite: MigrationObject[];
}

export interface DatabaseOptions {
  /** postgres:// URL of the server; absent means embedded SQLite. */
  databaseUrl?: string;
  /** Database name (PostgreSQL) or file stem (SQLite), e.g. salesgraph_customers. */
  databaseName: string;
  /** Folder for SQLite files. */
  dataDir: string;
  // EntitySchema is generic over each entity; the ORM takes a heterogeneous list.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: EntitySchema<any, any>[];
  migrations: MigrationSets;
  /** Folder the migration generator writes to (development only). */
  migrationsPath?: string;
  poolMax?: number;
}

export type Orm = MikroORM;

/** Whether `em` (or the ORM) talks to PostgreSQL: row locks, SKIP LOCKED and the commit-time writes exist only there. */
export function isPostgres(target: { getPlatform(): unknown } | { em: { getPlatform(): unknown } }): boolean {
  return ('em' in target ? target.em : target).getPlatform() instanceof PostgreSqlPlatform;
}

export function dialectOf(databaseUrl: string | undefined): Dialect {
  return databaseUrl ? 'postgresql' : 'sqlite';
}

/** The server URL with its database path replaced by `name`. */
export function databaseUrlFor(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function sqliteFileFor(dataDir: string, name: string): string {
  return join(resolve(dataDir), `${name}.sqlite`);
}

export function ormOptions(options: DatabaseOptions): Options {
  const dialect = dialectOf(options.databaseUrl);
  const common: Options = {
    entities: options.entities,
    // Several ORMs share one process in embedded mode; a context name per database keeps
    // MikroORM's async-local transaction context from leaking between services.
    contextName: options.databaseName,
    extensions: [Migrator],
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    ignoreUndefinedInQuery: true,
    migrations: {
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      silent: true,
      snapshot: false,
      emit: 'ts',
      path: options.migrationsPath ? join(options.migrationsPath, dialect) : undefined,
      migrationsList: options.migrations[dialect],
    },
  };
  if (dialect === 'postgresql') {
    return {
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: databaseUrlFor(options.databaseUrl!, options.databaseName),
      dbName: options.databaseName,
      pool: { min: 0, max: options.poolMax ?? 10 },
    };
  }
  mkdirSync(resolve(options.dataDir), { recursive: true });
  return {
    ...common,
    driver: BetterSqliteDriver,
    dbName: sqliteFileFor(options.dataDir, options.databaseName),
    // WAL lets readers proceed while the single writer commits.
    pool: { afterCreate: (conn: { pragma?: (s: string) => unknown }, done: (err: Error | null, conn: unknown) => void) => {
      conn.pragma?.('journal_mode = WAL');
      conn.pragma?.('busy_timeout = 5000');
      conn.pragma?.('foreign_keys = ON');
      done(null, conn);
    } } as Options['pool'],
  };
}

/** Creates the PostgreSQL database when missing (SQLite files appear on their own). */
export async function ensureDatabase(options: Pick<DatabaseOptions, 'databaseUrl' | 'databaseName'>): Promise<void> {
  if (!options.databaseUrl) return;
  const { Client } = await import('pg');
  const client = new Client({ connectionString: databaseUrlFor(options.databaseUrl, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [options.databaseName]);
    if (!rowCount) {
      try {
        await client.query(`create database "${options.databaseName.replace(/"/g, '')}"`);
      } catch (e) {
        // Two services may race to create it; "already exists" is success.
        if ((e as { code?: string }).code !== '42P04') throw e;
      }
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(options: Pick<DatabaseOptions, 'databaseUrl' | 'databaseName' | 'dataDir'>): Promise<void> {
  if (!options.databaseUrl) {
    const { rmSync } = await import('node:fs');
    const file = sqliteFileFor(options.dataDir, options.databaseName);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    return;
  }
  const { Client } = await import('pg');
  const client = new Client({ connectionString: databaseUrlFor(options.databaseUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(`drop database if exists "${options.databaseName.replace(/"/g, '')}" with (force)`);
  } finally {
    await client.end();
  }
}

export async function createOrm(options: DatabaseOptions): Promise<Orm> {
  await ensureDatabase(options);
  if (dialectOf(options.databaseUrl) === 'postgresql') installCommitWrites();
  return MikroORM.init(ormOptions(options));
}

export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

/** SQL that would still be needed to reach the entities' schema; empty when migrations are complete. */
export async function pendingSchemaSql(orm: Orm): Promise<string> {
  return (await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).trim();
}

export async function isDatabaseReachable(orm: Orm): Promise<boolean> {
  try {
    await orm.em.getConnection().execute('select 1');
    return true;
  } catch {
    return false;
  }
}

type QueryListener = (sql: string) => void;

/** Observes every SQL statement the ORM sends (N+1 guards in tests, metrics). */
export function onQuery(orm: Orm, listener: QueryListener): () => void {
  const knex = (orm.em.getConnection() as unknown as { getKnex(): { on(e: string, f: (q: { sql: string }) => void): void; off(e: string, f: (q: { sql: string }) => void): void } }).getKnex();
  const handler = (q: { sql: string }) => listener(q.sql);
  knex.on('query', handler);
  return () => knex.off('query', handler);
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

/** The knex (tarn) pool's state, for the db_client_connections_* metrics. */
export function poolState(orm: Orm): { used: number; free: number; pending: number; max: number } | undefined {
  const knex = (orm.em.getConnection() as unknown as { getKnex(): { client?: { pool?: TarnPool } } }).getKnex();
  const pool = knex.client?.pool;
  if (!pool) return undefined;
  return { used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires(), max: pool.max };
}

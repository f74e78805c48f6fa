// PostgreSQL: writes that must commit with a transaction but need no answer (the event outbox's
// rows) travel in the COMMIT's own round trip: `INSERT …; COMMIT;` as one simple-protocol query.
// PostgreSQL runs the statements of such a query in order inside the open transaction and skips
// the rest after an error, so the rows commit with the business change or not at all — the same
// guarantee as a separate INSERT, one round trip and the ORM's unit-of-work bookkeeping fewer.
//
// The hook is knex's Transaction#commit (knex is pinned at 3.2.10 by @mikro-orm/knex 6.6.16):
// MikroORM commits a root transaction through it and exposes no other seam before the COMMIT is
// sent. A transaction without appended writes commits exactly as before.
import { createRequire } from 'node:module';
import type { EntityManager, EntityName } from '@mikro-orm/core';
import { escapeLiteral } from 'pg';
import { isPostgres } from './orm';

/** Same text as @salesgraph/telemetry's INLINE_VALUES_MARKER: traces record these statements without their values. */
export const INLINE_VALUES_MARKER = '/*inline-values*/';

/** The statements waiting for each root transaction's COMMIT, keyed by its knex client (one per transaction). */
const pending = new WeakMap<object, string[]>();
let installed = false;

interface KnexTransaction {
  trxClient: { query(conn: unknown, sql: string): Promise<unknown> };
  _completed: boolean;
  _resolver(value: unknown): void;
  _rejecter(error: unknown): void;
}

/** Idempotent; createOrm calls it for PostgreSQL. */
export function installCommitWrites(): void {
  if (installed) return;
  const knexRequire = createRequire(require.resolve('@mikro-orm/knex'));
  const Transaction = knexRequire('knex/lib/execution/transaction') as { prototype: { commit(this: KnexTransaction, conn: unknown, value: unknown): Promise<unknown> } };
  const commit = Transaction.prototype.commit;
  if (typeof commit !== 'function') throw new Error('knex Transaction#commit not found: the commit-time writes need knex 3.2');
  Transaction.prototype.commit = function commitWithWrites(this: KnexTransaction, conn: unknown, value: unknown): Promise<unknown> {
    const statements = pending.get(this.trxClient);
    if (!statements?.length) return commit.call(this, conn, value);
    pending.delete(this.trxClient);
    // What knex's own commit does (Transaction#query with status 1), with the writes in front.
    // The marker tells the tracing (libs/telemetry) not to record the inlined values.
    const q = this.trxClient.query(conn, `${INLINE_VALUES_MARKER}\n${statements.join(';\n')};\nCOMMIT;`).then(
      (res) => {
        this._resolver(value);
        return res;
      },
      async (err: unknown) => {
        // A failed statement leaves the transaction aborted, not ended: end it on the raw
        // connection (knex refuses queries on a completed transaction) before the connection goes
        // back to the pool, then fail the transaction with the statement's error.
        await (conn as { query(sql: string): Promise<unknown> }).query('ROLLBACK').catch(() => undefined);
        this._rejecter(err);
      },
    );
    this._completed = true;
    return q;
  };
  installed = true;
}

/**
 * Inserts one row of `entity` with the COMMIT of `em`'s transaction: `values` by property name,
 * inlined as literals (node-postgres' escapeLiteral). Returns false (write it through the unit of
 * work instead) unless `em` is inside a root PostgreSQL transaction that is still open: a
 * savepoint's rollback could not take the row back.
 */
export function insertAtCommit<T extends object>(em: EntityManager, entity: EntityName<T>, values: { [K in keyof T]?: string | number | Date | null }): boolean {
  if (!installed || !isPostgres(em)) return false;
  const ctx = em.getTransactionContext() as { client?: object; isCompleted?: () => boolean } | undefined;
  if (!ctx?.client || 'savepointName' in ctx || ctx.isCompleted?.() !== false) return false;
  const meta = em.getMetadata().get<T>(entity);
  const platform = em.getPlatform();
  const columns: string[] = [];
  const literals: string[] = [];
  for (const [property, value] of Object.entries(values) as [keyof T & string, string | number | Date | null | undefined][]) {
    if (value === undefined) continue;
    columns.push(platform.quoteIdentifier((meta.properties as Record<string, { fieldNames: string[] }>)[property]!.fieldNames[0]!));
    literals.push(value === null ? 'NULL' : typeof value === 'number' ? String(value) : escapeLiteral(value instanceof Date ? value.toISOString() : value));
  }
  const statement = `insert into ${platform.quoteIdentifier(meta.tableName)} (${columns.join(', ')}) values (${literals.join(', ')})`;
  const list = pending.get(ctx.client);
  if (list) list.push(statement);
  else pending.set(ctx.client, [statement]);
  return true;
}

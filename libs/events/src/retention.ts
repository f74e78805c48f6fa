// Deletes event-table rows nothing needs any more, so event_outbox and event_inbox stop
// growing forever: published outbox rows after a week, inbox rows once the stream forgot them.
import type { MikroORM } from '@mikro-orm/core';
import { untraced, type Logger, type ServiceMetrics } from '@salesgraph/telemetry';
import { isPostgres } from '@salesgraph/db';
import { STREAM_MAX_AGE_MS } from './bus';
import { InboxRecord, OutboxRecord } from './records';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;


export const DEFAULT_OUTBOX_RETENTION_MS = 7 * DAY_MS;
/** A day longer than the stream keeps messages (see STREAM_MAX_AGE_MS). */
export const DEFAULT_INBOX_RETENTION_MS = 31 * DAY_MS;
export const DEFAULT_RETENTION_SWEEP_MS = 10 * 60_000;

export interface EventRecordRetentionOptions {
  orm: MikroORM;
  logger?: Logger;
  metrics?: ServiceMetrics;
  /** Published outbox rows older than this are deleted (default 7 days). Unpublished rows never are. */
  outboxRetentionMs?: number;
  /** Inbox rows processed longer ago than this are deleted (default 31 days; at least STREAM_MAX_AGE_MS). */
  inboxRetentionMs?: number;
  /** Time between sweeps (default 10 minutes). */
  intervalMs?: number;
  /** The first sweep after start() (default: 30 s, or intervalMs if shorter). */
  firstSweepAfterMs?: number;
  /** Rows per DELETE statement (default 1,000): short statements, short row locks. */
  batchSize?: number;
}

export interface RetentionSweepResult {
  /** Published outbox rows deleted. */
  outbox: number;
  /** Inbox rows deleted, over all consumers. */
  inbox: number;
}


const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The smallest UUIDv7 (as text) of millisecond `ms`: every v7 id made before `ms` sorts below it,
 * since a v7 id starts with its creation time in big-endian hex.
 */
export function lowestUuidv7At(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}

/**
 * A background job (start/stop like the services' jobs) that sweeps both event tables every
 * intervalMs, in bounded batches. Several replicas may sweep one database: on PostgreSQL each
 * batch skips rows another replica is deleting.
 */
export class EventRecordRetention {
  readonly name = 'event-record-retention';
  private readonly outboxRetentionMs: number;
  private readonly inboxRetentionMs: number;
  private readonly intervalMs: number;
  private readonly firstSweepAfterMs: number;
  private readonly batchSize: number;
  private readonly outboxSql: string;
  private readonly inboxSql: string;
  private readonly consumersSql: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<RetentionSweepResult>;
  private stopped = true;
  /** Set by stop(): a sweep under way ends after its current batch. */
  private cancelled = false;

  constructor(private readonly options: EventRecordRetentionOptions) {
    this.outboxRetentionMs = options.outboxRetentionMs ?? DEFAULT_OUTBOX_RETENTION_MS;
    this.inboxRetentionMs = options.inboxRetentionMs ?? DEFAULT_INBOX_RETENTION_MS;
    this.intervalMs = options.intervalMs ?? DEFAULT_RETENTION_SWEEP_MS;
    this.firstSweepAfterMs = options.firstSweepAfterMs ?? Math.min(30_000, this.intervalMs);
    this.batchSize = Math.floor(options.batchSize ?? 1_000);
    if (!(this.outboxRetentionMs > 0)) throw new RangeError(`outbox retention must be positive, got ${this.outboxRetentionMs} ms`);
    // A redelivered or replayed message that finds no inbox row would be applied a second time.
    if (!(this.inboxRetentionMs > STREAM_MAX_AGE_MS)) {
      throw new RangeError(`inbox retention (${this.inboxRetentionMs} ms) must exceed the stream max age (${STREAM_MAX_AGE_MS} ms), or a replayed event would be applied twice`);
    }
    if (!(this.intervalMs > 0)) throw new RangeError(`retention sweep interval must be positive, got ${this.intervalMs} ms`);
    if (!(this.batchSize >= 1)) throw new RangeError(`retention batch size must be at least 1, got ${options.batchSize}`);

    const platform = options.orm.config.getPlatform();
    const q = (name: string) => platform.quoteIdentifier(name);
    const outbox = options.orm.getMetadata().get(OutboxRecord.name);
    const inbox = options.orm.getMetadata().get(InboxRecord.name);
    const oc = (p: keyof OutboxRecord) => q(outbox.properties[p].fieldNames[0]!);
    const ic = (p: keyof InboxRecord) => q(inbox.properties[p].fieldNames[0]!);
    const [outboxTable, inboxTable] = [q(outbox.tableName), q(inbox.tableName)];
    const [eventId, publishedAt] = [oc('eventId'), oc('publishedAt')];
    const [consumer, inboxEventId, processedAt] = [ic('consumer'), ic('eventId'), ic('processedAt')];
    // Neither dialect has a portable DELETE … LIMIT, so each batch deletes the keys a limited
    // SELECT picked. processed_at has no index, but event ids are UUIDv7 (time-ordered): the inbox
    // primary key (consumer, event_id) serves the id range, and the processed_at test keeps a row
    // whose id sorts low (not a v7 id, or an old event processed late) but was processed recently.
    // The outbox's (published_at, event_id) index serves published_at < ?; an unsent row has
    // published_at null and never matches.
    const outboxPick = `select ${eventId} from ${outboxTable} where ${publishedAt} < ? limit ?`;
    const inboxPick = `select ${consumer}, ${inboxEventId} from ${inboxTable} where ${consumer} = ? and ${inboxEventId} < ? and ${processedAt} < ? limit ?`;
    if (isPostgres(options.orm)) {
      // The keys are materialized once: as `key in (select … limit n for update skip locked)` the
      // planner may re-run the subquery per row, and each run skips the rows this statement already
      // deleted, so one "batch" deleted everything. Rows another replica is deleting are skipped,
      // not waited for; and the commit does not wait for the WAL flush (a delete lost in a crash
      // is simply done again by the next sweep), as in relay.ts.
      const cfg = `(select set_config('synchronous_commit', 'off', true)) as cfg`;
      this.outboxSql = `with doomed as materialized (${outboxPick} for update skip locked) delete from ${outboxTable} o using doomed, ${cfg} where o.${eventId} = doomed.${eventId}`;
      this.inboxSql =
        `with doomed as materialized (${inboxPick} for update skip locked) delete from ${inboxTable} i using doomed, ${cfg} ` +
        `where i.${consumer} = doomed.${consumer} and i.${inboxEventId} = doomed.${inboxEventId}`;
    } else {
      // SQLite evaluates a non-correlated IN subquery once, into a temporary index.
      this.outboxSql = `delete from ${outboxTable} where ${eventId} in (${outboxPick})`;
      this.inboxSql = `delete from ${inboxTable} where (${consumer}, ${inboxEventId}) in (${inboxPick})`;
    }
    // The distinct consumers by a loose index scan over the primary key: one lookup per consumer
    // instead of reading every row, as SELECT DISTINCT would.
    this.consumersSql =
      `with recursive c(name) as (select min(${consumer}) from ${inboxTable} ` +
      `union all select (select min(${consumer}) from ${inboxTable} where ${consumer} > c.name) from c where c.name is not null) ` +
      `select name from c where name is not null`;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.cancelled = false;
    this.schedule(this.firstSweepAfterMs);
  }

  /** Stops scheduling; a sweep under way stops after its current batch, and is waited for. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelled = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running) await this.running.catch(() => undefined);
  }

  /**
   * Sweeps now (tests, operators) and resolves with the rows deleted. Waits for a sweep under way
   * first, so that it never runs two at once and the result covers rows that aged before the call.
   */
  async sweep(): Promise<RetentionSweepResult> {
    // Each call queues behind the previous one (callers waiting on the same sweep would otherwise all start at once).
    const previous = this.running;
    const run = (async () => {
      if (previous) await previous.catch(() => undefined);
      return untraced(() => this.sweepOnce());
    })();
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.scheduledSweep();
    }, delayMs);
    this.timer.unref();
  }

  private async scheduledSweep(): Promise<void> {
    try {
      await this.sweep();
    } catch (err) {
      this.options.logger?.warn({ err }, 'event retention: sweep failed; will retry at the next interval');
    } finally {
      this.schedule(this.intervalMs);
    }
  }

  private async sweepOnce(): Promise<RetentionSweepResult> {
    const started = Date.now();
    const result: RetentionSweepResult = { outbox: 0, inbox: 0 };
    const metrics = this.options.metrics?.events;
    try {
      result.outbox = await this.deleteInBatches(this.outboxSql, (limit) => [new Date(started - this.outboxRetentionMs), limit], (n) => metrics?.outboxSwept.inc(n));
      const cutoff = started - this.inboxRetentionMs;
      const below = lowestUuidv7At(cutoff);
      for (const consumer of await this.consumers()) {
        if (this.cancelled) break;
        result.inbox += await this.deleteInBatches(this.inboxSql, (limit) => [consumer, below, new Date(cutoff), limit], (n) => metrics?.inboxSwept.inc(n));
      }
    } finally {
      if (result.outbox || result.inbox) {
        this.options.logger?.info({ outboxDeleted: result.outbox, inboxDeleted: result.inbox, durationMs: Date.now() - started }, 'event retention: old event rows deleted');
      }
    }
    return result;
  }

  private async consumers(): Promise<string[]> {
    const rows = (await this.options.orm.em.getConnection().execute(this.consumersSql, [], 'all')) as { name: string }[];
    return rows.map((r) => r.name);
  }

  /** Runs a batch DELETE until it deletes fewer rows than a batch, yielding to other work in between. */
  private async deleteInBatches(sql: string, params: (limit: number) => unknown[], counted: (n: number) => void): Promise<number> {
    const connection = this.options.orm.em.getConnection();
    const platform = this.options.orm.config.getPlatform();
    let total = 0;
    for (;;) {
      // SQLite keeps datetimes as epoch milliseconds; the platform converts the bound Dates.
      const bound = params(this.batchSize).map((p) => (p instanceof Date ? platform.processDateProperty(p) : p));
      const { affectedRows } = (await connection.execute(sql, bound, 'run')) as { affectedRows: number };
      total += affectedRows;
      if (affectedRows) counted(affectedRows);
      if (affectedRows < this.batchSize || this.cancelled) return total;
      await nextTurn();
    }
  }
}

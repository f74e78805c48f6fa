// Publishes committed outbox rows, in order, and marks them sent. Survives crashes: a row
// is marked only after the bus accepted it, and a re-publish is dropped by Nats-Msg-Id
// dedup and by the consumers' inbox.
import type { MikroORM } from '@mikro-orm/core';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, contextFromTraceparent, currentTraceparent, trace, tracer, untraced, type ServiceMetrics, type Logger } from '@salesgraph/telemetry';
import { isPostgres } from '@salesgraph/db';
import type { EventBus } from './bus';
import { type EventEnvelope, subjectFor } from './envelope';
import { OutboxRecord } from './records';

export interface OutboxRelayOptions {
  orm: MikroORM;
  bus: EventBus;
  logger?: Logger;
  metrics?: ServiceMetrics;
  batchSize?: number;
  /** Safety-net poll; commits also kick the relay directly. */
  pollIntervalMs?: number;
  /** How long a claimed batch stays reserved for this relay. */
  leaseMs?: number;
  /**
   * Kicked drains start at most this often (default 50 ms): a commit after a quiet spell is
   * relayed at once, while commits that follow each other closely share the next drain — one
   * claim, one publish burst and one mark for all of them, instead of one round of each per
   * commit competing with the next commit. A drain under way absorbs kicks the same way.
   */
  drainIntervalMs?: number;
  /** Fault injection for tests: runs after the bus accepted a batch, before rows are marked. */
  afterPublish?: (envelopes: EventEnvelope[]) => void | Promise<void>;
}

/** The metrics gauges are refreshed at most this often (each refresh is a query). */
const BACKLOG_EVERY_MS = 1_000;

interface ClaimedRow {
  eventId: string;
  envelope: string;
  attempts: number;
}

export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private scheduled?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = true;
  private backlogObservedAt = 0;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly drainIntervalMs: number;
  private lastDrainAt = 0;
  /** PostgreSQL: the claim as one statement; undefined on SQLite (one writer, a short transaction). */
  private readonly claimSql?: string;
  private readonly markSql?: string;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.drainIntervalMs = options.drainIntervalMs ?? 50;
    if (isPostgres(options.orm)) {
      const meta = options.orm.getMetadata().get(OutboxRecord.name);
      const col = (p: keyof OutboxRecord) => meta.properties[p].fieldNames[0]!;
      const [table, id, env, attempts, published, lease, error] = [meta.tableName, col('eventId'), col('envelope'), col('attempts'), col('publishedAt'), col('leaseUntil'), col('lastError')];
      // The relay's own bookkeeping commits without waiting for the WAL flush: a lease or a
      // "published" mark lost in a database crash only means a re-publish, which Nats-Msg-Id
      // and the consumers' inbox absorb. So it adds no fsync for the mutations to queue behind.
      const asyncCommit = `(select set_config('synchronous_commit', 'off', true)) as cfg`;
      // Several replicas may relay one outbox: each leases rows no one else holds (SKIP LOCKED),
      // and re-checks the lease of a row another relay just claimed (READ COMMITTED re-evaluates
      // the WHERE clause on the newest row version), in one round trip.
      this.claimSql =
        `with next as (select ${id} from ${table} where ${published} is null and (${lease} is null or ${lease} < ?) ` +
        `order by ${id} limit ? for update skip locked) ` +
        `update ${table} o set ${lease} = ? from next, ${asyncCommit} where o.${id} = next.${id} ` +
        `returning o.${id} as "eventId", o.${env} as "envelope", o.${attempts} as "attempts"`;
      this.markSql = `update ${table} o set ${published} = ?, ${lease} = null, ${error} = null from ${asyncCommit} where o.${id} in (?)`;
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.pollIntervalMs ?? 1_000);
    this.timer.unref();
    this.kick();
  }

  /** Ask for a drain soon; coalesces with a drain already scheduled or running. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    if (this.scheduled) return;
    // Never sooner than the next task, so the kicks of one burst of commits all land here.
    const wait = Math.max(1, this.lastDrainAt + this.drainIntervalMs - Date.now());
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      if (!this.stopped && !this.draining) this.draining = this.drain();
    }, wait);
  }

  /** A drain belongs to no request: a commit's kick must not file the relay's work under that request's trace. */
  private drain(): Promise<void> {
    this.lastDrainAt = Date.now();
    this.again = false;
    return context.with(ROOT_CONTEXT, () => this.drainLoop()).finally(() => {
      this.draining = undefined;
      // Commits during the drain: the next drain, at the interval.
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Publishes everything pending now (used by shutdown and tests). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
    this.cancelScheduled();
    this.draining = this.drain();
    await this.draining;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.cancelScheduled();
    while (this.draining) await this.draining.catch(() => undefined);
  }

  private cancelScheduled(): void {
    if (this.scheduled) clearTimeout(this.scheduled);
    this.scheduled = undefined;
  }

  private async drainLoop(): Promise<void> {
    try {
      while ((await this.publishBatch()) === this.batchSize) {
        /* keep going while full batches come back */
      }
    } catch (e) {
      this.options.logger?.warn({ err: e }, 'outbox relay: publish failed; will retry');
    } finally {
      if (Date.now() - this.backlogObservedAt >= BACKLOG_EVERY_MS) await untraced(() => this.observeBacklog()).catch(() => undefined);
    }
  }

  /**
   * Claims a batch with a short lease, publishes with no transaction open — consumers of the
   * in-process bus run inside publish() — then marks what the bus accepted. A relay that dies
   * mid-batch leaves leases that simply expire.
   */
  private async publishBatch(): Promise<number> {
    const em = this.options.orm.em.fork();
    const rows = await untraced(() => this.claim());
    if (rows.length === 0) return 0;
    const envelopes = rows.map((r) => JSON.parse(r.envelope) as EventEnvelope);
    // All in flight at once: one connection writes them in claim order (so per subject in
    // order), and the acks come back together instead of one round trip per event.
    const results = await Promise.allSettled(envelopes.map((env) => this.publishOne(env)));
    await this.options.afterPublish?.(envelopes);
    const now = new Date();
    const published = rows.filter((_, i) => results[i]!.status === 'fulfilled').map((r) => r.eventId);
    if (published.length) {
      await untraced(async () => {
        if (this.markSql) await em.getConnection().execute(this.markSql, [now, published], 'run');
        else await em.nativeUpdate(OutboxRecord, { eventId: { $in: published } }, { publishedAt: now, leaseUntil: null, lastError: null });
      });
    }
    let failed = 0;
    for (const [i, r] of results.entries()) {
      if (r.status === 'fulfilled') continue;
      failed += 1;
      const row = rows[i]!;
      await em.nativeUpdate(OutboxRecord, { eventId: row.eventId }, { leaseUntil: null, attempts: row.attempts + 1, lastError: String((r.reason as Error)?.message ?? r.reason).slice(0, 1000) });
    }
    if (failed > 0) {
      this.options.logger?.warn({ failed }, 'outbox relay: some events not published; will retry');
      return 0;
    }
    return rows.length;
  }

  /** The next pending rows in event-id order, leased to this relay. */
  private async claim(): Promise<ClaimedRow[]> {
    const now = new Date();
    const until = new Date(now.getTime() + this.leaseMs);
    if (this.claimSql) {
      const rows = (await this.options.orm.em.getConnection().execute(this.claimSql, [now, this.batchSize, until], 'all')) as ClaimedRow[];
      // RETURNING follows no ORDER BY.
      return rows.map((r) => ({ eventId: r.eventId, envelope: r.envelope, attempts: Number(r.attempts) })).sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
    }
    return this.options.orm.em.fork().transactional(async (tx) => {
      const claimed = await tx.find(OutboxRecord, { publishedAt: null, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] }, { orderBy: { eventId: 'asc' }, limit: this.batchSize });
      for (const row of claimed) row.leaseUntil = until;
      return claimed.map((r) => ({ eventId: r.eventId, envelope: r.envelope, attempts: r.attempts }));
    });
  }

  private async publishOne(stored: EventEnvelope): Promise<void> {
    const subject = subjectFor(this.options.bus.namespace, stored.type);
    const parent = contextFromTraceparent(stored.traceparent);
    // A plain (not active) span: nothing runs inside it but the publish, and it saves
    // an async-context switch per event.
    const span = tracer.startSpan(
      `${subject} publish`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': this.options.bus.kind === 'nats' ? 'nats' : 'in-process',
          'messaging.operation.type': 'publish',
          'messaging.destination.name': subject,
          'messaging.message.id': stored.id,
          'cloudevents.event_type': stored.type,
        },
      },
      parent,
    );
    try {
      // The consumer's span becomes a child of this publish span.
      const traceparent = currentTraceparent(trace.setSpan(parent, span)) ?? stored.traceparent;
      const result = await this.options.bus.publish(traceparent === stored.traceparent ? stored : { ...stored, traceparent });
      if (!result.duplicate) this.options.metrics?.events.published.inc({ type: stored.type });
    } catch (e) {
      span.recordException(e as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
      throw e;
    } finally {
      span.end();
    }
  }

  private async observeBacklog(): Promise<void> {
    const metrics = this.options.metrics;
    if (!metrics) return;
    this.backlogObservedAt = Date.now();
    const em = this.options.orm.em.fork();
    const pending = await em.count(OutboxRecord, { publishedAt: null });
    metrics.events.outboxBacklog.set(pending);
    const oldest = pending ? await em.findOne(OutboxRecord, { publishedAt: null }, { orderBy: { eventId: 'asc' } }) : null;
    metrics.events.outboxOldestAge.set(oldest ? (Date.now() - oldest.createdAt.getTime()) / 1000 : 0);
  }
}

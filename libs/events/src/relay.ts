// Publishes committed outbox rows, in order, and marks them sent. Survives crashes: a row
// is marked only after the bus accepted it, and a re-publish is dropped by Nats-Msg-Id
// dedup and by the consumers' inbox.
import { LockMode, type MikroORM } from '@mikro-orm/core';
import { ROOT_CONTEXT, SpanKind, context, contextFromTraceparent, currentTraceparent, withSpan, type ServiceMetrics, type Logger } from '@salesgraph/telemetry';
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
  /** Fault injection for tests: runs after the bus accepted a batch, before rows are marked. */
  afterPublish?: (envelopes: EventEnvelope[]) => void | Promise<void>;
}

export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = true;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly lockMode?: LockMode.PESSIMISTIC_PARTIAL_WRITE;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 200;
    this.leaseMs = options.leaseMs ?? 30_000;
    // Several replicas may relay one outbox; on PostgreSQL each takes rows no one else holds.
    const platform = options.orm.config.getPlatform().constructor.name;
    this.lockMode = /Postgre/i.test(platform) ? LockMode.PESSIMISTIC_PARTIAL_WRITE : undefined;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.pollIntervalMs ?? 1_000);
    this.timer.unref();
    this.kick();
  }

  /** Ask for a drain soon; coalesces with a drain already running. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain();
  }

  /** A drain belongs to no request: a commit's kick must not file the relay's work under that request's trace. */
  private drain(): Promise<void> {
    return context.with(ROOT_CONTEXT, () => this.drainLoop()).finally(() => {
      this.draining = undefined;
    });
  }

  /** Publishes everything pending now (used by shutdown and tests). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
    this.draining = this.drain();
    await this.draining;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    while (this.draining) await this.draining.catch(() => undefined);
  }

  private async drainLoop(): Promise<void> {
    try {
      do {
        this.again = false;
        while ((await this.publishBatch()) === this.batchSize) {
          /* keep going while full batches come back */
        }
      } while (this.again && !this.stopped);
    } catch (e) {
      this.options.logger?.warn({ err: e }, 'outbox relay: publish failed; will retry');
    } finally {
      await this.observeBacklog().catch(() => undefined);
    }
  }

  /**
   * Claims a batch with a short lease (its own short transaction), publishes with no
   * transaction open — consumers of the in-process bus run inside publish() — then marks
   * what the bus accepted. A relay that dies mid-batch leaves leases that simply expire.
   */
  private async publishBatch(): Promise<number> {
    const em = this.options.orm.em.fork();
    const rows = await em.transactional(async (tx) => {
      const now = new Date();
      const claimed = await tx.find(
        OutboxRecord,
        { publishedAt: null, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
        { orderBy: { eventId: 'asc' }, limit: this.batchSize, ...(this.lockMode ? { lockMode: this.lockMode } : {}) },
      );
      const until = new Date(now.getTime() + this.leaseMs);
      for (const row of claimed) row.leaseUntil = until;
      return claimed;
    });
    if (rows.length === 0) return 0;
    const envelopes = rows.map((r) => JSON.parse(r.envelope) as EventEnvelope);
    // Publishing concurrently keeps order on one connection and saves a round trip per event.
    const results = await Promise.allSettled(envelopes.map((env) => this.publishOne(env)));
    await this.options.afterPublish?.(envelopes);
    const now = new Date();
    const published = rows.filter((_, i) => results[i]!.status === 'fulfilled').map((r) => r.eventId);
    if (published.length) await em.nativeUpdate(OutboxRecord, { eventId: { $in: published } }, { publishedAt: now, leaseUntil: null, lastError: null });
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

  private async publishOne(stored: EventEnvelope): Promise<void> {
    const subject = subjectFor(this.options.bus.namespace, stored.type);
    await withSpan(
      `${subject} publish`,
      {
        kind: SpanKind.PRODUCER,
        parent: contextFromTraceparent(stored.traceparent),
        attributes: {
          'messaging.system': this.options.bus.kind === 'nats' ? 'nats' : 'in-process',
          'messaging.operation.type': 'publish',
          'messaging.destination.name': subject,
          'messaging.message.id': stored.id,
          'cloudevents.event_type': stored.type,
        },
      },
      async () => {
        // The consumer's span becomes a child of this publish span.
        const traceparent = currentTraceparent() ?? stored.traceparent;
        const result = await this.options.bus.publish({ ...stored, ...(traceparent ? { traceparent } : {}) });
        if (!result.duplicate) this.options.metrics?.events.published.inc({ type: stored.type });
      },
    );
  }

  private async observeBacklog(): Promise<void> {
    const metrics = this.options.metrics;
    if (!metrics) return;
    const em = this.options.orm.em.fork();
    const pending = await em.count(OutboxRecord, { publishedAt: null });
    metrics.events.outboxBacklog.set(pending);
    const oldest = pending ? await em.findOne(OutboxRecord, { publishedAt: null }, { orderBy: { eventId: 'asc' } }) : null;
    metrics.events.outboxOldestAge.set(oldest ? (Date.now() - oldest.createdAt.getTime()) / 1000 : 0);
  }
}

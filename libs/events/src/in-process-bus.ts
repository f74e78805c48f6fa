// Embedded-mode bus: all services in one process, same at-least-once contract as JetStream.
// publish() resolves only after every subscriber's handler has committed (or dead-lettered),
// so the relay marks an outbox row sent only then, and a crash before that replays it.
// Like the NATS bus, what waits for a consumer is applied as one batch when it can be.
import { type ConsumerSpec, type DeadLetter, type EventBus, type PublishResult, backoffFor, PoisonEventError, reasonOf } from './bus';
import type { EventEnvelope } from './envelope';

const DEDUP_WINDOW_MS = 120_000;
const DEFAULT_BATCH = 256;

interface Waiting {
  envelope: EventEnvelope;
  done(error?: unknown): void;
}

export class InProcessBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly consumers = new Map<string, ConsumerSpec[]>();
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly pumps = new Map<string, Promise<void>>();
  private readonly delivered = new Map<string, number>();
  private readonly dead: DeadLetter[] = [];
  private closed = false;

  constructor(
    readonly namespace: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms).unref()),
  ) {}

  async consume(spec: ConsumerSpec): Promise<void> {
    const list = this.consumers.get(spec.contract.type) ?? [];
    if (list.some((c) => c.name === spec.name)) throw new Error(`consumer ${spec.name} registered twice`);
    list.push(spec);
    this.consumers.set(spec.contract.type, list);
  }

  async publish(envelope: EventEnvelope): Promise<PublishResult> {
    if (this.closed) throw new Error('bus closed');
    this.expireDedup();
    if (this.delivered.has(envelope.id)) return { duplicate: true };
    // Consumers see a copy, as they would after a network hop.
    const copy = JSON.parse(JSON.stringify(envelope)) as EventEnvelope;
    const specs = this.consumers.get(envelope.type) ?? [];
    await Promise.all(specs.map((spec) => this.enqueue(spec, copy)));
    this.delivered.set(envelope.id, Date.now());
    return { duplicate: false };
  }

  /** Per-consumer FIFO: one consumer sees events in publish order, as a JetStream consumer does. */
  private enqueue(spec: ConsumerSpec, envelope: EventEnvelope): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let queue = this.waiting.get(spec.name);
      if (!queue) this.waiting.set(spec.name, (queue = []));
      queue.push({ envelope, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.pumps.has(spec.name)) this.pumps.set(spec.name, this.pump(spec, queue));
    });
  }

  private async pump(spec: ConsumerSpec, queue: Waiting[]): Promise<void> {
    // One microtask later: the events a relay publishes in one synchronous loop are all queued by then.
    await Promise.resolve();
    const maxBatch = spec.handleBatch ? Math.max(1, spec.maxBatch ?? DEFAULT_BATCH) : 1;
    for (;;) {
      if (queue.length === 0) {
        // In the same step as the emptiness check: a later enqueue starts a new pump.
        this.pumps.delete(spec.name);
        return;
      }
      const batch = queue.splice(0, maxBatch);
      if (batch.length > 1 && spec.handleBatch) {
        try {
          await spec.handleBatch(batch.map(({ envelope }) => ({ envelope, delivery: 1 })));
          for (const w of batch) w.done();
          continue;
        } catch {
          // Nothing of the batch was applied; one by one below isolates the failing event.
        }
      }
      for (const w of batch) {
        try {
          await this.deliver(spec, w.envelope);
          w.done();
        } catch (e) {
          w.done(e ?? new Error('delivery failed'));
        }
      }
    }
  }

  private async deliver(spec: ConsumerSpec, envelope: EventEnvelope): Promise<void> {
    for (let delivery = 1; ; delivery++) {
      try {
        await spec.handle(envelope, delivery);
        return;
      } catch (e) {
        if (e instanceof PoisonEventError || delivery >= spec.maxDeliver) {
          this.dead.push({ envelope, consumer: spec.name, reason: reasonOf(e), deliveries: delivery, at: new Date().toISOString() });
          return;
        }
        if (this.closed) throw e;
        await this.sleep(backoffFor(spec, delivery));
      }
    }
  }

  private expireDedup(): void {
    const cutoff = Date.now() - DEDUP_WINDOW_MS;
    for (const [id, at] of this.delivered) {
      if (at >= cutoff) break;
      this.delivered.delete(id);
    }
  }

  async deadLetters(limit = 100): Promise<DeadLetter[]> {
    return this.dead.slice(-limit).reverse();
  }

  async isHealthy(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.pumps.values()]);
  }
}

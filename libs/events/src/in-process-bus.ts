// Embedded-mode bus: all services in one process, same at-least-once contract as JetStream.
// publish() resolves only after every subscriber's handler has committed (or dead-lettered),
// so the relay marks an outbox row sent only then, and a crash before that replays it.
import { type ConsumerSpec, type DeadLetter, type EventBus, type PublishResult, backoffFor, PoisonEventError, reasonOf } from './bus';
import type { EventEnvelope } from './envelope';

const DEDUP_WINDOW_MS = 120_000;

export class InProcessBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly consumers = new Map<string, ConsumerSpec[]>();
  private readonly queues = new Map<string, Promise<unknown>>();
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
  private enqueue(spec: ConsumerSpec, envelope: EventEnvelope): Promise<unknown> {
    const prev = this.queues.get(spec.name) ?? Promise.resolve();
    const next = prev.then(() => this.deliver(spec, envelope));
    this.queues.set(spec.name, next.catch(() => undefined));
    return next;
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
    await Promise.allSettled([...this.queues.values()]);
  }
}

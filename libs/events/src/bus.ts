// The event bus seen by producers (the relay) and consumers; NATS JetStream or in-process.
import type { EventContract } from './contract';
import type { EventEnvelope } from './envelope';

/** Thrown by a handler for an event that can never succeed: it goes to the DLQ at once. */
export class PoisonEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonEventError';
  }
}

/** One message as the bus hands it to a consumer: the envelope and its delivery count (1-based). */
export interface EventDelivery {
  envelope: EventEnvelope;
  delivery: number;
}

export interface ConsumerSpec {
  /** Durable consumer name, unique per service and event type, e.g. people.customer-created. */
  name: string;
  contract: EventContract;
  /** Deliveries before the event is dead-lettered. */
  maxDeliver: number;
  /** Delay before redelivery n (1-based); the last value repeats. */
  backoffMs: number[];
  handle(envelope: EventEnvelope, delivery: number): Promise<void>;
  /**
   * Optional: applies several deliveries, in order, as one unit — all of them or none. When it
   * throws, nothing was applied and the bus hands the same deliveries to `handle` one by one,
   * so a poison event is isolated and dead-lettered while the others are applied.
   */
  handleBatch?(deliveries: readonly EventDelivery[]): Promise<void>;
  /** Most deliveries the bus passes to handleBatch at once. */
  maxBatch?: number;
}

export interface DeadLetter {
  envelope: EventEnvelope;
  consumer: string;
  reason: string;
  deliveries: number;
  at: string;
}

export interface PublishResult {
  duplicate: boolean;
}

export interface EventBus {
  readonly kind: 'nats' | 'in-process';
  readonly namespace: string;
  publish(envelope: EventEnvelope): Promise<PublishResult>;
  consume(spec: ConsumerSpec): Promise<void>;
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * How long JetStream keeps a message (the streams' max_age). A message can be redelivered or
 * replayed for that long, and its consumer's inbox row is what makes the replay a no-op; so inbox
 * rows must outlive it (retention.ts).
 */
export const STREAM_MAX_AGE_MS = 30 * 24 * 3_600_000;

export const DEFAULT_BACKOFF_MS = [200, 1_000, 5_000, 15_000];
export const DEFAULT_MAX_DELIVER = 5;

export function backoffFor(spec: Pick<ConsumerSpec, 'backoffMs'>, delivery: number): number {
  const list = spec.backoffMs.length ? spec.backoffMs : DEFAULT_BACKOFF_MS;
  return list[Math.min(delivery - 1, list.length - 1)]!;
}

export function reasonOf(e: unknown): string {
  const err = e as Error;
  return `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`.slice(0, 2000);
}

// NATS JetStream adapter: one stream per producing domain, durable pull consumers with
// explicit ack, Nats-Msg-Id dedup, bounded redelivery with backoff, then the DLQ stream.
import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
  RetentionPolicy,
  StorageType,
  connect,
  headers as natsHeaders,
  nanos,
} from 'nats';
import { type ConsumerSpec, type DeadLetter, type EventBus, type PublishResult, backoffFor, PoisonEventError, reasonOf } from './bus';
import { DOMAINS, type Domain, type EventEnvelope, dlqSubject, domainOf, streamName, subjectFor } from './envelope';

export interface NatsBusOptions {
  url: string;
  namespace: string;
  /** Connection name shown in NATS monitoring. */
  name: string;
  replicas?: number;
  duplicateWindowMs?: number;
  ackWaitMs?: number;
  onError?: (error: unknown, context: string) => void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class NatsBus implements EventBus {
  readonly kind = 'nats' as const;
  readonly namespace: string;
  private readonly ensured = new Map<string, Promise<void>>();
  private readonly running: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: NatsBusOptions,
  ) {
    this.namespace = options.namespace;
  }

  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const nc = await connect({ servers: options.url, name: options.name, maxReconnectAttempts: -1 });
    const jsm = await nc.jetstreamManager();
    return new NatsBus(nc, nc.jetstream(), jsm, options);
  }

  /** Creates the streams idempotently (the services all call this at start). */
  async ensureStreams(domains: readonly Domain[] = DOMAINS): Promise<void> {
    await Promise.all([...domains.map((d) => this.ensureStream(d)), this.ensureStream('dlq')]);
  }

  private ensureStream(domain: Domain | 'dlq'): Promise<void> {
    const name = streamName(this.namespace, domain);
    let pending = this.ensured.get(name);
    if (!pending) {
      const subjects = domain === 'dlq' ? [`dlq.${this.namespace}.>`] : [`${this.namespace}.${domain}.>`];
      pending = this.addStream(name, subjects);
      pending.catch(() => this.ensured.delete(name));
      this.ensured.set(name, pending);
    }
    return pending;
  }

  private async addStream(name: string, subjects: string[]): Promise<void> {
    try {
      await this.jsm.streams.info(name);
      return;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    try {
      await this.jsm.streams.add({
        name,
        subjects,
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        num_replicas: this.options.replicas ?? 1,
        duplicate_window: nanos(this.options.duplicateWindowMs ?? 120_000),
        max_age: nanos(30 * 24 * 3600 * 1000),
      });
    } catch (e) {
      // Another service created it between our info and add.
      if (!/already in use/i.test(String((e as Error).message))) throw e;
    }
  }

  async publish(envelope: EventEnvelope): Promise<PublishResult> {
    await this.ensureStream(domainOf(envelope.type));
    const h = natsHeaders();
    h.set('ce-type', envelope.type);
    h.set('ce-id', envelope.id);
    if (envelope.traceparent) h.set('traceparent', envelope.traceparent);
    const ack = await this.js.publish(subjectFor(this.namespace, envelope.type), encoder.encode(JSON.stringify(envelope)), { msgID: envelope.id, headers: h });
    return { duplicate: ack.duplicate };
  }

  async consume(spec: ConsumerSpec): Promise<void> {
    const stream = streamName(this.namespace, spec.contract.domain);
    await this.ensureStream(spec.contract.domain);
    const durable = spec.name.replace(/[^A-Za-z0-9_-]/g, '_');
    try {
      await this.jsm.consumers.info(stream, durable);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      await this.jsm.consumers.add(stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: subjectFor(this.namespace, spec.contract.type),
        ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
        // Redelivery is bounded by the consumer code (which dead-letters with a reason);
        // the server-side cap only stops a runaway loop if that code never answers.
        max_deliver: spec.maxDeliver + 5,
        max_ack_pending: 1_000,
      });
    }
    const consumer = await this.js.consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: 256 });
    this.running.push(messages);
    this.loops.push(this.loop(spec, messages));
  }

  private async loop(spec: ConsumerSpec, messages: ConsumerMessages): Promise<void> {
    for await (const m of messages) {
      await this.handleMessage(spec, m).catch((e) => this.options.onError?.(e, `consumer ${spec.name}`));
    }
  }

  private async handleMessage(spec: ConsumerSpec, m: JsMsg): Promise<void> {
    const delivery = m.info.deliveryCount;
    let envelope: EventEnvelope;
    try {
      envelope = JSON.parse(decoder.decode(m.data)) as EventEnvelope;
    } catch (e) {
      await this.deadLetter(spec, m, undefined, `unparseable message: ${reasonOf(e)}`, delivery);
      return;
    }
    try {
      await spec.handle(envelope, delivery);
      m.ack();
    } catch (e) {
      if (e instanceof PoisonEventError || delivery >= spec.maxDeliver) {
        await this.deadLetter(spec, m, envelope, reasonOf(e), delivery);
      } else {
        m.nak(backoffFor(spec, delivery));
      }
    }
  }

  private async deadLetter(spec: ConsumerSpec, m: JsMsg, envelope: EventEnvelope | undefined, reason: string, deliveries: number): Promise<void> {
    const type = envelope?.type ?? spec.contract.type;
    await this.ensureStream('dlq');
    const letter: DeadLetter = {
      envelope: envelope ?? ({ raw: decoder.decode(m.data) } as unknown as EventEnvelope),
      consumer: spec.name,
      reason,
      deliveries,
      at: new Date().toISOString(),
    };
    const h = natsHeaders();
    h.set('salesgraph-dlq-reason', reason.replace(/[\r\n]+/g, ' ').slice(0, 500));
    h.set('salesgraph-dlq-consumer', spec.name);
    await this.js.publish(dlqSubject(this.namespace, type), encoder.encode(JSON.stringify(letter)), {
      msgID: `${envelope?.id ?? m.seq}:${spec.name}`,
      headers: h,
    });
    m.term(reason.slice(0, 200));
  }

  async deadLetters(limit = 100): Promise<DeadLetter[]> {
    const name = streamName(this.namespace, 'dlq');
    let info;
    try {
      info = await this.jsm.streams.info(name);
    } catch (e) {
      if (isNotFound(e)) return [];
      throw e;
    }
    const out: DeadLetter[] = [];
    for (let seq = info.state.last_seq; seq >= info.state.first_seq && seq > 0 && out.length < limit; seq--) {
      try {
        const msg = await this.jsm.streams.getMessage(name, { seq });
        out.push(JSON.parse(decoder.decode(msg.data)) as DeadLetter);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    return out;
  }

  async isHealthy(): Promise<boolean> {
    if (this.nc.isClosed()) return false;
    try {
      await this.nc.flush();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    for (const m of this.running) m.stop();
    await Promise.allSettled(this.loops);
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  /** Removes every stream of this namespace (test clean-up). */
  async deleteNamespace(): Promise<void> {
    const prefix = `${this.namespace.toUpperCase()}_`;
    const names: string[] = [];
    for await (const s of this.jsm.streams.names()) if (s.startsWith(prefix)) names.push(s);
    await Promise.all(names.map((n) => this.jsm.streams.delete(n)));
    this.ensured.clear();
  }
}

function isNotFound(e: unknown): boolean {
  const err = e as { code?: string | number; api_error?: { err_code?: number }; message?: string };
  return err?.api_error?.err_code === 10059 || err?.api_error?.err_code === 10014 || err?.api_error?.err_code === 10037 || /not found/i.test(String(err?.message));
}

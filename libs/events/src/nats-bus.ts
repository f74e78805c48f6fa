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
  type Msg,
  type NatsError,
  RetentionPolicy,
  StorageType,
  type Subscription,
  connect,
  createInbox,
  headers as natsHeaders,
  nanos,
} from 'nats';
import { type ConsumerSpec, type DeadLetter, type EventBus, type PublishResult, backoffFor, PoisonEventError, reasonOf, STREAM_MAX_AGE_MS } from './bus';
import { DOMAINS, type Domain, type EventEnvelope, dlqSubject, domainOf, streamName, subjectFor } from './envelope';

export interface NatsBusOptions {
  url: string;
  namespace: string;
  /** Connection name shown in NATS monitoring. */
  name: string;
  replicas?: number;
  duplicateWindowMs?: number;
  ackWaitMs?: number;
  /** How long a publish waits for the stream's acknowledgement (JetStream's default: 5 s). */
  publishTimeoutMs?: number;
  onError?: (error: unknown, context: string) => void;
}

/** Messages a consumer asks the server for at a time; the server stops at max_ack_pending. */
const PULL_BATCH = 512;
const DEFAULT_BATCH = 256;

interface PendingAck {
  resolve(result: PublishResult): void;
  reject(error: Error): void;
  deadline: number;
}

interface ConsumerWorker {
  push(m: JsMsg): void;
  /** Finishes the batch in hand and returns the rest to the server. */
  stop(): Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class NatsBus implements EventBus {
  readonly kind = 'nats' as const;
  readonly namespace: string;
  private readonly ensured = new Map<string, Promise<void>>();
  private readonly ready = new Set<string>();
  private readonly running: ConsumerMessages[] = [];
  private readonly workers: ConsumerWorker[] = [];
  /** JetStream publish acks, all on one wildcard reply subscription (see publish). */
  private acks?: { prefix: string; sub: Subscription; pending: Map<string, PendingAck>; next: number; timer: NodeJS.Timeout };

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
        max_age: nanos(STREAM_MAX_AGE_MS),
      });
    } catch (e) {
      // Another service created it between our info and add.
      if (!/already in use/i.test(String((e as Error).message))) throw e;
    }
  }

  /**
   * A JetStream publish is a core publish with a reply subject, answered by the stream with a
   * PubAck. Instead of js.publish (one request object, timer and pre-built timeout error per
   * message, each written to the socket in its own turn), every publish here goes out
   * synchronously with a reply subject under one wildcard subscription: a batch published in one
   * loop leaves in one socket write, and one sweep times out unanswered acks.
   */
  publish(envelope: EventEnvelope): Promise<PublishResult> {
    const domain = domainOf(envelope.type);
    if (!this.ready.has(domain)) {
      return this.ensureStream(domain).then(() => {
        this.ready.add(domain);
        return this.publish(envelope);
      });
    }
    if (this.nc.isClosed()) return Promise.reject(new Error('NATS connection closed'));
    const acks = this.ackInbox();
    const h = natsHeaders();
    h.set('Nats-Msg-Id', envelope.id);
    h.set('ce-type', envelope.type);
    h.set('ce-id', envelope.id);
    if (envelope.traceparent) h.set('traceparent', envelope.traceparent);
    const token = String(acks.next++);
    const result = new Promise<PublishResult>((resolve, reject) => {
      acks.pending.set(token, { resolve, reject, deadline: Date.now() + (this.options.publishTimeoutMs ?? 5_000) });
    });
    try {
      this.nc.publish(subjectFor(this.namespace, envelope.type), encoder.encode(JSON.stringify(envelope)), { reply: `${acks.prefix}.${token}`, headers: h });
    } catch (e) {
      acks.pending.delete(token);
      return Promise.reject(e);
    }
    return result;
  }

  private ackInbox(): NonNullable<NatsBus['acks']> {
    if (this.acks) return this.acks;
    const prefix = createInbox();
    const pending = new Map<string, PendingAck>();
    const sub = this.nc.subscribe(`${prefix}.*`, { callback: (err, msg) => this.onAck(pending, prefix, err, msg) });
    const timer = setInterval(() => {
      const now = Date.now();
      for (const [token, p] of pending) {
        if (p.deadline > now) continue;
        pending.delete(token);
        p.reject(new Error('JetStream publish timed out waiting for its acknowledgement'));
      }
    }, 250);
    timer.unref();
    this.acks = { prefix, sub, pending, next: 1, timer };
    return this.acks;
  }

  private onAck(pending: Map<string, PendingAck>, prefix: string, err: NatsError | null, msg: Msg): void {
    if (err) {
      // The subscription itself failed (connection closed): nothing pending will be answered.
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      return;
    }
    const token = msg.subject.slice(prefix.length + 1);
    const p = pending.get(token);
    if (!p) return;
    pending.delete(token);
    if (msg.data.length === 0 && msg.headers?.code === 503) {
      p.reject(new Error(`no stream accepts ${msg.subject}: no responders`));
      return;
    }
    try {
      const ack = JSON.parse(decoder.decode(msg.data)) as { stream?: string; duplicate?: boolean; error?: { code?: number; err_code?: number; description?: string } };
      if (ack.error) p.reject(new Error(`JetStream refused the message: ${ack.error.description ?? 'error'} (${ack.error.err_code ?? ack.error.code ?? '?'})`));
      else if (!ack.stream) p.reject(new Error('JetStream sent an invalid publish acknowledgement'));
      else p.resolve({ duplicate: Boolean(ack.duplicate) });
    } catch (e) {
      p.reject(new Error(`unreadable JetStream publish acknowledgement: ${reasonOf(e)}`));
    }
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
    const worker = this.startWorker(spec);
    // A callback (not the iterator) so every message that arrived while a batch was being
    // applied is waiting in the worker's queue when the next batch is taken. The queue is
    // bounded by the consumer's max_ack_pending: nothing queued has been acked yet.
    const messages = await consumer.consume({ max_messages: PULL_BATCH, callback: (m) => worker.push(m) });
    this.running.push(messages);
    this.workers.push(worker);
  }

  /** Applies a consumer's messages in arrival order, as batches of whatever is waiting. */
  private startWorker(spec: ConsumerSpec): ConsumerWorker {
    const queue: JsMsg[] = [];
    let wake: (() => void) | undefined;
    let stopping = false;
    const maxBatch = spec.handleBatch ? Math.max(1, spec.maxBatch ?? DEFAULT_BATCH) : 1;
    const done = (async () => {
      while (!stopping) {
        if (queue.length === 0) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        const batch = queue.splice(0, maxBatch);
        await this.handleBatch(spec, batch).catch((e) => this.options.onError?.(e, `consumer ${spec.name}`));
      }
      // Shutting down: what was not applied goes back to the server at once, for another instance.
      for (const m of queue.splice(0)) m.nak();
    })();
    return {
      push(m) {
        if (stopping) {
          m.nak();
          return;
        }
        queue.push(m);
        wake?.();
      },
      async stop() {
        stopping = true;
        wake?.();
        await done;
      },
    };
  }

  /**
   * One transaction for the batch when the consumer can (all applied, then all acked); if it
   * fails, each message alone, so a poison event is dead-lettered and the rest are applied.
   */
  private async handleBatch(spec: ConsumerSpec, messages: JsMsg[]): Promise<void> {
    const items: { m: JsMsg; envelope: EventEnvelope; delivery: number }[] = [];
    for (const m of messages) {
      const delivery = m.info.deliveryCount;
      try {
        items.push({ m, envelope: JSON.parse(decoder.decode(m.data)) as EventEnvelope, delivery });
      } catch (e) {
        await this.deadLetter(spec, m, undefined, `unparseable message: ${reasonOf(e)}`, delivery);
      }
    }
    if (items.length > 1 && spec.handleBatch) {
      try {
        await spec.handleBatch(items.map(({ envelope, delivery }) => ({ envelope, delivery })));
        for (const { m } of items) m.ack();
        return;
      } catch {
        // Nothing of the batch was applied; the one-by-one pass below finds the culprit.
      }
    }
    for (const { m, envelope, delivery } of items) await this.handleMessage(spec, m, envelope, delivery);
  }

  private async handleMessage(spec: ConsumerSpec, m: JsMsg, envelope: EventEnvelope, delivery: number): Promise<void> {
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
    await Promise.allSettled(this.workers.map((w) => w.stop()));
    // Draining also delivers the acks still on their way; what is left then never comes.
    if (!this.nc.isClosed()) await this.nc.drain();
    if (this.acks) {
      clearInterval(this.acks.timer);
      for (const p of this.acks.pending.values()) p.reject(new Error('bus closed'));
      this.acks.pending.clear();
    }
  }

  /** Removes every stream of this namespace (test clean-up). */
  async deleteNamespace(): Promise<void> {
    const prefix = `${this.namespace.toUpperCase()}_`;
    const names: string[] = [];
    for await (const s of this.jsm.streams.names()) if (s.startsWith(prefix)) names.push(s);
    await Promise.all(names.map((n) => this.jsm.streams.delete(n)));
    this.ensured.clear();
    this.ready.clear();
  }
}

function isNotFound(e: unknown): boolean {
  const err = e as { code?: string | number; api_error?: { err_code?: number }; message?: string };
  return err?.api_error?.err_code === 10059 || err?.api_error?.err_code === 10014 || err?.api_error?.err_code === 10037 || /not found/i.test(String(err?.message));
}

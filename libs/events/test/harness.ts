// Test harness for the event-backbone adapter suite: a producer service and a consumer
// service, each with its own database, sharing one bus (in-process, or NATS JetStream).
import { randomUUID } from 'node:crypto';
import { EntitySchema, type EntityManager } from '@mikro-orm/core';
import { createOrm, dropDatabase, type Orm } from '@salesgraph/db';
import { type AdapterSetup, tempDir, testNamespace } from '@salesgraph/testing';
import { connect } from 'nats';
import { z } from 'zod';
import {
  type ConsumerSpec,
  type EventBus,
  type EventEnvelope,
  InboxRecord,
  InProcessBus,
  NatsBus,
  OutboxRecord,
  OutboxRelay,
  type OutboxRelayOptions,
  type PublishResult,
  defineEvent,
  eventRecordSchemas,
  inboxConsumer,
  recordEvent,
  subjectFor,
} from '../src';

// defineEvent refuses a second definition of a type in one process: module level, once.
export const TallyBumped = defineEvent('customers', 'tally.bumped', 1, z.object({ name: z.string(), by: z.number().int() }));
export type TallyBumpedData = z.output<typeof TallyBumped.schema>;

/** Producer-side business row: the aggregate whose changes emit TallyBumped. */
export class Counter {
  name!: string;
  total!: number;
  version!: number;
}
export const CounterSchema = new EntitySchema<Counter>({
  class: Counter,
  tableName: 'test_counter',
  properties: {
    name: { type: 'string', length: 64, primary: true },
    total: { type: 'integer' },
    version: { type: 'integer' },
  },
});

/** Consumer-side effect: a running total per name. */
export class Tally {
  name!: string;
  count!: number;
}
export const TallySchema = new EntitySchema<Tally>({
  class: Tally,
  tableName: 'test_tally',
  properties: {
    name: { type: 'string', length: 64, primary: true },
    count: { type: 'integer' },
  },
});

export const SOURCE = '/test';

export interface PublishCall {
  id: string;
  sequence: number;
  result?: PublishResult;
  error?: unknown;
}

/** Wraps the bus handed to relays so a test sees every publish and its result. */
function spyBus(bus: EventBus, calls: PublishCall[]): EventBus {
  return {
    kind: bus.kind,
    namespace: bus.namespace,
    async publish(envelope) {
      const call: PublishCall = { id: envelope.id, sequence: envelope.sequence };
      calls.push(call);
      try {
        call.result = await bus.publish(envelope);
        return call.result;
      } catch (e) {
        call.error = e;
        throw e;
      }
    },
    consume: (spec) => bus.consume(spec),
    deadLetters: (limit) => bus.deadLetters(limit),
    isHealthy: () => bus.isHealthy(),
    close: () => bus.close(),
  };
}

export interface ConsumerProbe {
  spec: ConsumerSpec;
  /** Envelope ids as the bus delivered them to spec.handle (all deliveries, duplicates included). */
  deliveries: { id: string; sequence: number; delivery: number }[];
  /** Sequences whose effect ran (inside the inbox transaction; rolled-back runs included). */
  effects: number[];
  /** Event ids of each handleBatch call (committed or rolled back), in call order. */
  batches: string[][];
}

export interface ConsumeOptions {
  name?: string;
  maxDeliver?: number;
  backoffMs?: number[];
  batchSize?: number;
  /** Replaces the default effect (increment the Tally row by data.by). */
  effect?: (em: EntityManager, data: TallyBumpedData, envelope: EventEnvelope<TallyBumpedData>) => Promise<void>;
}

export class Harness {
  readonly publishes: PublishCall[] = [];
  readonly relayBus: EventBus;
  private readonly relays: OutboxRelay[] = [];

  private constructor(
    readonly setup: AdapterSetup,
    readonly namespace: string,
    readonly bus: EventBus,
    readonly producer: Orm,
    readonly consumer: Orm,
    private readonly dir: { path: string; remove(): void },
    private readonly databases: string[],
  ) {
    this.relayBus = spyBus(bus, this.publishes);
  }

  static async start(setup: AdapterSetup): Promise<Harness> {
    const namespace = testNamespace('ev');
    const dir = tempDir('salesgraph-events-test-');
    const databases = [`salesgraph_${namespace}_events_producer`, `salesgraph_${namespace}_events_consumer`];
    const opened: { close(force?: boolean): Promise<unknown> }[] = [];
    let bus: EventBus | undefined;
    try {
      const orms: Orm[] = [];
      for (const [i, databaseName] of databases.entries()) {
        const orm = await createOrm({
          databaseUrl: setup.databaseUrl,
          databaseName,
          dataDir: dir.path,
          entities: [i === 0 ? CounterSchema : TallySchema, ...eventRecordSchemas],
          migrations: { postgresql: [], sqlite: [] },
        });
        opened.push(orm);
        await orm.schema.createSchema();
        orms.push(orm);
      }
      if (setup.natsUrl) {
        const nats = await NatsBus.connect({ url: setup.natsUrl, namespace, name: `events-adapter-test-${namespace}` });
        bus = nats;
        await nats.ensureStreams();
      } else {
        bus = new InProcessBus(namespace);
      }
      return new Harness(setup, namespace, bus, orms[0]!, orms[1]!, dir, databases);
    } catch (e) {
      if (bus instanceof NatsBus) await bus.deleteNamespace().catch(() => undefined);
      await bus?.close().catch(() => undefined);
      for (const orm of opened) await orm.close(true).catch(() => undefined);
      for (const databaseName of databases) await dropDatabase({ databaseUrl: setup.databaseUrl, databaseName, dataDir: dir.path }).catch(() => undefined);
      dir.remove();
      throw e;
    }
  }

  /** A relay over the producer's outbox; stopped by close(). Not started: call flush() or start(). */
  relay(options: Partial<Omit<OutboxRelayOptions, 'orm' | 'bus'>> = {}): OutboxRelay {
    const relay = new OutboxRelay({ orm: this.producer, bus: this.relayBus, pollIntervalMs: 50, ...options });
    this.relays.push(relay);
    return relay;
  }

  /** Registers an inbox consumer in the consumer service. */
  async consume(options: ConsumeOptions = {}): Promise<ConsumerProbe> {
    const deliveries: ConsumerProbe['deliveries'] = [];
    const effects: number[] = [];
    const batches: string[][] = [];
    const inner = inboxConsumer({
      orm: this.consumer,
      name: options.name ?? 'tally.apply',
      contract: TallyBumped,
      namespace: this.namespace,
      maxDeliver: options.maxDeliver ?? 3,
      backoffMs: options.backoffMs ?? [50],
      batchSize: options.batchSize,
      handle: async (em, data, envelope) => {
        effects.push(envelope.sequence);
        if (options.effect) return options.effect(em, data, envelope);
        const row = await em.findOne(Tally, { name: data.name });
        if (row) row.count += data.by;
        else em.persist(Object.assign(new Tally(), { name: data.name, count: data.by }));
      },
    });
    const spec: ConsumerSpec = {
      ...inner,
      handle: async (envelope, delivery) => {
        deliveries.push({ id: envelope.id, sequence: envelope.sequence, delivery });
        return inner.handle(envelope, delivery);
      },
    };
    const innerBatch = inner.handleBatch;
    if (innerBatch) {
      spec.handleBatch = async (batch) => {
        batches.push(batch.map((d) => d.envelope.id));
        for (const { envelope, delivery } of batch) deliveries.push({ id: envelope.id, sequence: envelope.sequence, delivery });
        return innerBatch(batch);
      };
    }
    await this.bus.consume(spec);
    return { spec, deliveries, effects, batches };
  }

  /**
   * The producer's command: changes the Counter row and records the event in the same
   * transaction. `fail` throws after recordEvent, so the transaction rolls back.
   */
  async bump(name: string, by: number, options: { fail?: boolean; times?: number } = {}): Promise<EventEnvelope<TallyBumpedData>[]> {
    const envelopes: EventEnvelope<TallyBumpedData>[] = [];
    await this.producer.em.fork().transactional(async (em) => {
      let counter = await em.findOne(Counter, { name });
      if (!counter) {
        counter = Object.assign(new Counter(), { name, total: 0, version: 0 });
        em.persist(counter);
      }
      for (let i = 0; i < (options.times ?? 1); i++) {
        counter.total += by;
        counter.version += 1;
        envelopes.push(recordEvent(em, SOURCE, TallyBumped, { aggregateId: name, sequence: counter.version, data: { name, by } }));
      }
      if (options.fail) {
        await em.flush(); // the rows reach the database, then the transaction rolls back
        throw new Error('simulated failure after recordEvent');
      }
    });
    return envelopes;
  }

  /** A hand-made envelope for publishing straight to the bus. */
  envelope(data: unknown, sequence = 1): EventEnvelope {
    return {
      specversion: '1.0',
      id: randomUUID(),
      source: SOURCE,
      type: TallyBumped.type,
      subject: typeof (data as { name?: unknown })?.name === 'string' ? (data as { name: string }).name : 'unknown',
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data,
      sequence,
    };
  }

  /**
   * Publishes a message as a foreign producer would, without going through EventBus.publish
   * (which expects a well-formed envelope): raw JetStream publish, or the in-process bus.
   */
  async publishRaw(message: unknown): Promise<void> {
    if (!this.setup.natsUrl) {
      await this.bus.publish(message as EventEnvelope);
      return;
    }
    const nc = await connect({ servers: this.setup.natsUrl, name: `events-adapter-test-raw-${this.namespace}` });
    try {
      await nc.jetstream().publish(subjectFor(this.namespace, TallyBumped.type), new TextEncoder().encode(JSON.stringify(message)));
    } finally {
      await nc.close();
    }
  }

  async counter(name: string): Promise<Counter | null> {
    return this.producer.em.fork().findOne(Counter, { name });
  }

  /** The consumer's effect: the Tally count, or undefined when no row exists. */
  async tally(name: string): Promise<number | undefined> {
    const row = await this.consumer.em.fork().findOne(Tally, { name });
    return row?.count;
  }

  async outbox(): Promise<OutboxRecord[]> {
    return this.producer.em.fork().find(OutboxRecord, {}, { orderBy: { eventId: 'asc' } });
  }

  async inbox(): Promise<InboxRecord[]> {
    return this.consumer.em.fork().find(InboxRecord, {});
  }

  async close(): Promise<void> {
    const errors: unknown[] = [];
    const step = async (f: () => Promise<unknown>) => {
      try {
        await f();
      } catch (e) {
        errors.push(e);
      }
    };
    for (const relay of this.relays) await step(() => relay.stop());
    if (this.bus instanceof NatsBus) {
      const nats = this.bus;
      await step(() => nats.deleteNamespace());
    }
    await step(() => this.bus.close());
    await step(() => this.producer.close(true));
    await step(() => this.consumer.close(true));
    for (const databaseName of this.databases) {
      await step(() => dropDatabase({ databaseUrl: this.setup.databaseUrl, databaseName, dataDir: this.dir.path }));
    }
    this.dir.remove();
    if (errors.length) throw new AggregateError(errors, `harness clean-up: ${errors.map((e) => (e as Error).message).join('; ')}`);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

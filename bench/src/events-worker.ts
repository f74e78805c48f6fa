// P5 process entry: `node bench/dist/events-worker.js consumer|producer`, built from the
// libs/events building blocks exactly as the subgraphs use them (createOrm, recordEvent in the
// business transaction, OutboxRelay → NatsBus JetStream, inboxConsumer with an inbox row in the
// effect's transaction). Results are written to the databases and printed as JSON lines.
import { startTelemetry } from '@salesgraph/telemetry';
startTelemetry({ serviceName: `bench-events-${process.argv[2] ?? 'worker'}` });

import { z } from '@salesgraph/config';
import { createOrm, EntitySchema, type Orm } from '@salesgraph/db';
import { defineEvent, eventRecordSchemas, inboxConsumer, NatsBus, OutboxRelay, recordEvent } from '@salesgraph/events';

export class BenchItem {
  id!: string;
  value!: number;
  updatedAt!: Date;
}
const BenchItemSchema = new EntitySchema<BenchItem>({
  class: BenchItem,
  tableName: 'bench_item',
  properties: { id: { type: 'string', length: 64, primary: true }, value: { type: 'integer' }, updatedAt: { type: 'datetime' } },
});

export class BenchEffect {
  eventId!: string;
  itemId!: string;
  phase!: string;
  /** Producer clock (ms) when the business transaction was about to commit. */
  committedMs!: string;
  /** Consumer clock (ms) when the effect was applied (inside the inbox transaction). */
  appliedMs!: string;
}
const BenchEffectSchema = new EntitySchema<BenchEffect>({
  class: BenchEffect,
  tableName: 'bench_effect',
  properties: {
    eventId: { type: 'string', length: 64, primary: true },
    itemId: { type: 'string', length: 64 },
    phase: { type: 'string', length: 16 },
    committedMs: { type: 'bigint' },
    appliedMs: { type: 'bigint' },
  },
});

const ItemTouched = defineEvent(
  'customers',
  'bench_item.touched',
  1,
  z.object({ itemId: z.string(), value: z.number().int(), phase: z.string(), t: z.number() }),
);

const env = (k: string, d?: string): string => {
  const v = process.env[k] ?? d;
  if (v === undefined) throw new Error(`${k} is required`);
  return v;
};
const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);

async function openOrm(name: string, entities: EntitySchema[]): Promise<Orm> {
  const orm = await createOrm({ databaseUrl: env('DATABASE_URL'), databaseName: name, dataDir: '.data', entities: [...entities, ...eventRecordSchemas], migrations: { postgresql: [], sqlite: [] }, poolMax: 20 });
  await orm.schema.updateSchema();
  return orm;
}

async function consumer(): Promise<void> {
  const orm = await openOrm(env('CONSUMER_DB'), [BenchEffectSchema as EntitySchema]);
  const bus = await NatsBus.connect({ url: env('NATS_URL'), namespace: env('EVENTS_NAMESPACE'), name: 'bench-consumer' });
  await bus.ensureStreams(['customers']);
  await bus.consume(
    inboxConsumer({
      orm,
      name: 'bench.item-touched',
      contract: ItemTouched,
      namespace: env('EVENTS_NAMESPACE'),
      async handle(em, data, envelope) {
        const e = new BenchEffect();
        e.eventId = envelope.id;
        e.itemId = data.itemId;
        e.phase = data.phase;
        e.committedMs = String(Math.round(data.t));
        e.appliedMs = String(Date.now());
        em.persist(e);
      },
    }),
  );
  emit({ ready: 'consumer' });
  const stop = () => void bus.close().then(() => orm.close()).finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function producer(): Promise<void> {
  const orm = await openOrm(env('PRODUCER_DB'), [BenchItemSchema as EntitySchema]);
  const bus = await NatsBus.connect({ url: env('NATS_URL'), namespace: env('EVENTS_NAMESPACE'), name: 'bench-producer' });
  await bus.ensureStreams(['customers']);
  const relay = new OutboxRelay({ orm, bus, pollIntervalMs: 1000 });
  relay.start();

  // The mutation: read the row, change it, commit (with or without its event in the same transaction).
  const mutate = async (id: string, phase: string, withOutbox: boolean, create: boolean): Promise<void> => {
    await orm.em.fork().transactional(async (em) => {
      let item = create ? null : await em.findOne(BenchItem, { id });
      if (!item) {
        item = new BenchItem();
        item.id = id;
        item.value = 0;
        em.persist(item);
      }
      item.value += 1;
      item.updatedAt = new Date();
      if (withOutbox) recordEvent(em, '/salesgraph/bench', ItemTouched, { aggregateId: id, sequence: item.value, data: { itemId: id, value: item.value, phase, t: Date.now() } });
    });
    if (withOutbox) relay.kick();
  };

  // 1) Mutation latency, sequential, interleaved rounds: with the outbox vs without it.
  const rounds = Number(env('MUT_ROUNDS', '3'));
  const perRound = Number(env('MUT_PER_ROUND', '200'));
  for (const id of ['m-with', 'm-without']) await mutate(id, 'warm', false, false);
  const with_: number[] = [];
  const without: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [list, outbox] of [[with_, true], [without, false]] as const) {
      const samples: number[] = [];
      for (let i = 0; i < perRound; i++) {
        const t0 = process.hrtime.bigint();
        await mutate(outbox ? 'm-with' : 'm-without', 'latency', outbox, false);
        samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      samples.sort((a, b) => a - b);
      list.push(samples[Math.floor(samples.length / 2)]!);
    }
  }
  emit({ mutationP50: { withOutbox: with_, withoutOutbox: without } });
  await relay.flush();

  // 2) Sustained throughput: EVENTS new rows, each with its event, CONCURRENCY transactions in flight.
  const events = Number(env('EVENTS', '1000'));
  const concurrency = Number(env('CONCURRENCY', '32'));
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < events) {
        const i = next++;
        await mutate(`t-${i}`, 'throughput', true, true);
      }
    }),
  );
  const committedMs = Date.now() - started;
  await relay.flush();
  emit({ produced: events, commitMs: committedMs, relayedMs: Date.now() - started });
  const stop = () => void relay.stop().then(() => bus.close()).then(() => orm.close()).finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

(process.argv[2] === 'consumer' ? consumer() : producer()).catch((e) => {
  process.stderr.write(`events worker failed: ${(e as Error).stack}\n`);
  process.exit(1);
});

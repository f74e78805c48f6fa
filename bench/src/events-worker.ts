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
  // RELAY_DRAIN_INTERVAL_MS: to measure the relay's coalescing window against the default.
  const drainIntervalMs = process.env.RELAY_DRAIN_INTERVAL_MS ? Number(process.env.RELAY_DRAIN_INTERVAL_MS) : undefined;
  const relay = new OutboxRelay({ orm, bus, pollIntervalMs: 1000, drainIntervalMs });
  relay.start();

  // The mutation: read the row, change it, commit (with or without its event in the same
  // transaction); a commit that wrote an event kicks the relay, as the services' subscriber does.
  const mutate = async (id: string, phase: string, withOutbox: boolean, create: boolean, kick = withOutbox): Promise<void> => {
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
    if (kick) relay.kick();
  };

  // 1) Mutation latency, sequential, interleaved rounds: without the outbox; with it (the relay
  //    kicked per commit); with its row but the relay stopped — the INSERT alone, no relay work.
  const rounds = Number(env('MUT_ROUNDS', '3'));
  const perRound = Number(env('MUT_PER_ROUND', '200'));
  for (const id of ['m-with', 'm-without', 'm-insert']) await mutate(id, 'warm', false, false);
  const p50: Record<'withOutbox' | 'withoutOutbox' | 'insertOnly', number[]> = { withOutbox: [], withoutOutbox: [], insertOnly: [] };
  // This process's CPU per mutation (the relay runs here), immune to the machine's other load.
  const cpuMsPer: Record<keyof typeof p50, number[]> = { withOutbox: [], withoutOutbox: [], insertOnly: [] };
  const variants = [
    ['withOutbox', 'm-with', true, true],
    ['withoutOutbox', 'm-without', false, false],
    ['insertOnly', 'm-insert', true, false],
  ] as const;
  // One variant's run; the INSERT-only rows are relayed (and consumed) after it, outside any window.
  const runVariant = async ([, id, outbox, kick]: (typeof variants)[number], n: number): Promise<{ samples: number[]; cpuMs: number }> => {
    if (!kick && outbox) await relay.stop();
    const samples: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const t0 = process.hrtime.bigint();
      await mutate(id, 'latency', outbox, false, kick);
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    if (kick) await relay.flush(); // the relay's work for this variant is inside its CPU figure
    const cpu = process.cpuUsage(cpu0);
    if (!kick && outbox) {
      relay.start();
      await relay.flush();
    }
    await new Promise((r) => setTimeout(r, 300)); // the consumer catches up before the next window
    return { samples, cpuMs: (cpu.user + cpu.system) / 1000 / n };
  };
  for (const v of variants) await runVariant(v, Math.min(50, perRound)); // warm-up, not measured
  for (let r = 0; r < rounds; r++) {
    // Rotated per round, so no variant always runs first or right after another.
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(r + k) % variants.length]!;
      const { samples, cpuMs } = await runVariant(v, perRound);
      samples.sort((a, b) => a - b);
      p50[v[0]].push(samples[Math.floor(samples.length / 2)]!);
      cpuMsPer[v[0]].push(cpuMs);
    }
  }
  emit({ mutationP50: p50, mutationCpuMs: cpuMsPer });
  await relay.flush();

  // 2) The event path alone: DRAIN_EVENTS events committed while the relay is stopped (100 per
  //    transaction), then the relay started; the consumer's effects time relay → JetStream → effect.
  const drainEvents = Number(env('DRAIN_EVENTS', '1000'));
  if (drainEvents > 0) {
    await relay.stop();
    for (let done = 0; done < drainEvents; ) {
      const n = Math.min(100, drainEvents - done);
      await orm.em.fork().transactional(async (em) => {
        for (let i = 0; i < n; i++) {
          const item = Object.assign(new BenchItem(), { id: `d-${done + i}`, value: 1, updatedAt: new Date() });
          em.persist(item);
          recordEvent(em, '/salesgraph/bench', ItemTouched, { aggregateId: item.id, sequence: 1, data: { itemId: item.id, value: 1, phase: 'drain', t: Date.now() } });
        }
      });
      done += n;
    }
    const drainStartMs = Date.now();
    relay.start();
    await relay.flush();
    emit({ drain: { events: drainEvents, startMs: drainStartMs, relayedMs: Date.now() - drainStartMs } });
    // The controller signals once the consumer has applied them all, so the phases do not overlap.
    if (process.env.STEADY_ON_SIGNAL) await new Promise((resolve) => process.once('SIGUSR2', resolve));
  }

  // 3) Steady state: EVENTS new rows, each with its event, CONCURRENCY transactions in flight,
  //    the relay kicked per commit.
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

// Adapter suite for the event backbone: transactional outbox → relay → bus → inbox consumer.
// Always runs embedded (SQLite files + InProcessBus); also against PostgreSQL / NATS JetStream
// when DATABASE_URL / NATS_URL are set. Each test gets its own namespace, databases and
// streams, and removes them afterwards.
import { adapterMatrix, eventually } from '@salesgraph/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onQuery } from '@salesgraph/db';
import { ServiceMetrics } from '@salesgraph/telemetry';
import { PoisonEventError, type EventEnvelope } from '../src';
import { attachConsumerMetrics } from '../src/consumer';
import { Harness, Tally, TallyBumped, sleep } from './harness';

/** Waits until `check` yields true (or a value); fails with the last observation otherwise. */
async function waitFor<T>(check: () => Promise<T | false | null | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  let last: unknown;
  try {
    return await eventually(async () => {
      const value = await check();
      last = value;
      return value === false || value === null || value === undefined ? undefined : value;
    }, timeoutMs);
  } catch (e) {
    throw new Error(`${what}: ${(e as Error).message} (last: ${JSON.stringify(last)})`);
  }
}

/** Long enough for a stray redelivery (backoff 50 ms) to show up. */
const QUIET_MS = 300;

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.each(adapterMatrix())('event backbone adapters ($label)', (setup) => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.start(setup);
    expect(h.bus.kind).toBe(setup.natsUrl ? 'nats' : 'in-process');
  });

  afterEach(async () => {
    await h?.close();
  });

  it('happy path: a committed change is applied once and its outbox row is marked sent', async () => {
    const probe = await h.consume();
    const relay = h.relay();
    const [event] = await h.bump('alpha', 5);
    expect((await h.counter('alpha'))?.total).toBe(5);

    await relay.flush();
    const [row, ...more] = await h.outbox();
    expect(more).toEqual([]);
    expect(row!.eventId).toBe(event!.id);
    expect(row!.publishedAt).toBeInstanceOf(Date);
    expect(row!.leaseUntil ?? null).toBeNull();
    expect(h.publishes).toEqual([{ id: event!.id, sequence: 1, result: { duplicate: false } }]);

    await waitFor(async () => (await h.tally('alpha')) === 5, 'effect applied');
    await sleep(QUIET_MS);
    expect(await h.tally('alpha')).toBe(5);
    expect(probe.deliveries).toEqual([{ id: event!.id, sequence: 1, delivery: 1 }]);
    expect(probe.effects).toEqual([1]);
    const inbox = await h.inbox();
    expect(inbox.map((r) => [r.consumer, r.eventId, r.type])).toEqual([['tally.apply', event!.id, TallyBumped.type]]);
  });

  it('publishes nothing for a rolled-back transaction', async () => {
    const probe = await h.consume();
    const relay = h.relay();
    await expect(h.bump('beta', 1, { fail: true })).rejects.toThrow('simulated failure after recordEvent');

    await relay.flush();
    expect(await h.outbox()).toEqual([]);
    expect(await h.counter('beta')).toBeNull();
    expect(h.publishes).toEqual([]);

    // A later committed event goes through the same consumer; once it has arrived, the
    // rolled-back one (had it leaked) would have arrived before it.
    const [control] = await h.bump('beta-control', 1);
    await relay.flush();
    await waitFor(async () => (await h.tally('beta-control')) === 1, 'control event applied');
    expect(await h.tally('beta')).toBeUndefined();
    expect(probe.deliveries.map((d) => d.id)).toEqual([control!.id]);
    expect(h.publishes.map((p) => p.id)).toEqual([control!.id]);
  });

  it('crash after commit, before publish: a restarted relay publishes the event exactly once', async () => {
    const probe = await h.consume();
    const [event] = await h.bump('gamma', 2);

    // No relay is running: the row waits in the outbox, nothing reaches the consumer.
    await sleep(QUIET_MS);
    const [pending] = await h.outbox();
    expect(pending!.eventId).toBe(event!.id);
    expect(pending!.publishedAt ?? null).toBeNull();
    expect(await h.tally('gamma')).toBeUndefined();
    expect(probe.deliveries).toEqual([]);

    const restarted = h.relay({ pollIntervalMs: 50 });
    restarted.start();
    await waitFor(async () => (await h.tally('gamma')) === 2, 'effect applied after restart');
    await waitFor(async () => (await h.outbox())[0]?.publishedAt, 'outbox row marked sent');
    await restarted.stop();

    await sleep(QUIET_MS);
    expect(await h.tally('gamma')).toBe(2);
    expect(h.publishes.map((p) => p.id)).toEqual([event!.id]);
    expect(probe.effects).toEqual([1]);
    expect(await h.inbox()).toHaveLength(1);
  });

  it('crash after publish, before marking sent: the replayed event is deduplicated and applied once', async () => {
    const probe = await h.consume();
    const crashed: string[][] = [];
    const crashing = h.relay({
      leaseMs: 200,
      afterPublish: (envelopes) => {
        crashed.push(envelopes.map((e) => e.id));
        throw new Error('simulated crash');
      },
    });
    const [event] = await h.bump('delta', 3);

    await crashing.flush(); // the relay logs the failure and leaves the row leased
    await crashing.stop();
    expect(crashed).toEqual([[event!.id]]);
    expect(h.publishes).toEqual([{ id: event!.id, sequence: 1, result: { duplicate: false } }]);
    const [unsent] = await h.outbox();
    expect(unsent!.publishedAt ?? null).toBeNull();
    expect(unsent!.leaseUntil).toBeInstanceOf(Date);
    // The bus did get it.
    await waitFor(async () => (await h.tally('delta')) === 3, 'effect of the first publish');

    // A fresh relay takes the row once the crashed relay's lease has expired.
    const fresh = h.relay();
    const sent = await waitFor(async () => {
      await fresh.flush();
      return (await h.outbox())[0]?.publishedAt;
    }, 'outbox row marked sent by the fresh relay');
    expect(sent).toBeInstanceOf(Date);

    expect(h.publishes).toHaveLength(2);
    expect(h.publishes[1]).toEqual({ id: event!.id, sequence: 1, result: { duplicate: true } });
    await sleep(QUIET_MS);
    expect(await h.tally('delta')).toBe(3);
    expect(probe.effects).toEqual([1]);
    expect(await h.inbox()).toHaveLength(1);
    const [row] = await h.outbox();
    expect(row!.leaseUntil ?? null).toBeNull();
  });

  it('drops a duplicate publish, and the inbox makes a repeated handle() a no-op', async () => {
    const probe = await h.consume();
    const event = h.envelope({ name: 'epsilon', by: 4 }, 1);
    expect(await h.bus.publish(event)).toEqual({ duplicate: false });
    expect(await h.bus.publish(event)).toEqual({ duplicate: true });

    const control = h.envelope({ name: 'epsilon-control', by: 1 }, 1);
    expect(await h.bus.publish(control)).toEqual({ duplicate: false });
    await waitFor(async () => (await h.tally('epsilon-control')) === 1, 'control event applied');
    expect(await h.tally('epsilon')).toBe(4);
    expect(probe.deliveries.map((d) => d.id)).toEqual([event.id, control.id]);

    // Redelivery of an already-processed event (as after a lost ack): no second effect.
    await probe.spec.handle(event, 2);
    expect(await h.tally('epsilon')).toBe(4);

    // Same for an event handed to the consumer twice directly.
    const again = h.envelope({ name: 'epsilon', by: 10 }, 2);
    await probe.spec.handle(again, 1);
    await probe.spec.handle(again, 2);
    expect(await h.tally('epsilon')).toBe(14);
    expect(probe.effects).toEqual([1, 1, 2]); // event, control, again — each once
    const inbox = await h.inbox();
    expect(inbox.map((r) => r.eventId).sort()).toEqual([event.id, control.id, again.id].sort());
  });

  it('dead-letters a poison event after maxDeliver deliveries, without looping', async () => {
    const metrics = new ServiceMetrics('events-test');
    attachConsumerMetrics(h.consumer, metrics);
    let calls = 0;
    const probe = await h.consume({
      name: 'tally.poisoned',
      maxDeliver: 3,
      backoffMs: [50],
      effect: async () => {
        calls += 1;
        throw new Error('tally store unavailable');
      },
    });
    const relay = h.relay();
    const [event] = await h.bump('zeta', 1);
    await relay.flush();

    const letters = await waitFor(async () => {
      const l = await h.bus.deadLetters();
      return l.length ? l : undefined;
    }, 'dead letter');
    expect(letters).toHaveLength(1);
    const [letter] = letters;
    expect(letter!.consumer).toBe('tally.poisoned');
    expect(letter!.reason).toContain('tally store unavailable');
    expect(letter!.deliveries).toBe(3);
    expect(letter!.envelope.id).toBe(event!.id);
    expect(letter!.envelope.data).toEqual({ name: 'zeta', by: 1 });
    expect(Number.isNaN(Date.parse(letter!.at))).toBe(false);

    await sleep(QUIET_MS);
    expect(calls).toBe(3);
    expect(probe.deliveries.map((d) => d.delivery)).toEqual([1, 2, 3]);
    expect(await h.bus.deadLetters()).toHaveLength(1);
    expect(await h.inbox()).toEqual([]);
    expect(await h.tally('zeta')).toBeUndefined();
    const count = async (c: { get(): Promise<{ values: { value: number; labels: Record<string, unknown> }[] }> }) =>
      (await c.get()).values.filter((v) => v.labels.consumer === 'tally.poisoned').reduce((n, v) => n + v.value, 0);
    expect(await count(metrics.events.deadLetters)).toBe(1);
    expect(await count(metrics.events.redeliveries)).toBe(2);
    // The poison event does not hold up the producer's outbox.
    expect((await h.outbox())[0]!.publishedAt).toBeInstanceOf(Date);
  });

  it('dead-letters a payload that violates the contract at once, and keeps consuming', async () => {
    const probe = await h.consume({ name: 'tally.strict', maxDeliver: 3, backoffMs: [50] });
    const bad = h.envelope({ name: 'eta', by: 'three' }, 1);
    expect(await h.bus.publish(bad)).toEqual({ duplicate: false });

    const [letter, ...more] = await waitFor(async () => {
      const l = await h.bus.deadLetters();
      return l.length ? l : undefined;
    }, 'dead letter');
    expect(more).toEqual([]);
    expect(letter!.consumer).toBe('tally.strict');
    expect(letter!.deliveries).toBe(1);
    expect(letter!.reason).toContain(TallyBumped.type);
    expect(letter!.reason).toContain('by');
    expect(letter!.envelope.id).toBe(bad.id);

    // The next, valid event still flows; the bad one was never retried or applied.
    const good = h.envelope({ name: 'eta', by: 3 }, 2);
    await h.bus.publish(good);
    await waitFor(async () => (await h.tally('eta')) === 3, 'valid event applied');
    await sleep(QUIET_MS);
    expect(probe.deliveries.map((d) => [d.id, d.delivery])).toEqual([
      [bad.id, 1],
      [good.id, 1],
    ]);
    expect(probe.effects).toEqual([2]);
    expect(await h.bus.deadLetters()).toHaveLength(1);
  });

  it('dead-letters a malformed envelope (no id) instead of acking it as a duplicate', async () => {
    const probe = await h.consume({ name: 'tally.envelopes', maxDeliver: 3, backoffMs: [50] });
    // A processed event puts a row in the inbox: an id-less lookup would match it.
    const first = h.envelope({ name: 'iota', by: 1 }, 1);
    await h.bus.publish(first);
    await waitFor(async () => (await h.tally('iota')) === 1, 'first event applied');

    const { id: _dropped, ...malformed } = h.envelope({ name: 'iota', by: 5 }, 2);
    await h.publishRaw(malformed);
    const [letter, ...more] = await waitFor(async () => {
      const l = await h.bus.deadLetters();
      return l.length ? l : undefined;
    }, 'dead letter');
    expect(more).toEqual([]);
    expect(letter!.consumer).toBe('tally.envelopes');
    expect(letter!.deliveries).toBe(1);
    expect(letter!.reason).toContain(TallyBumped.type);
    expect(letter!.reason).toContain('id');
    expect(letter!.envelope.sequence).toBe(2);

    await sleep(QUIET_MS);
    expect(await h.tally('iota')).toBe(1);
    expect(probe.effects).toEqual([1]);
    expect(probe.deliveries.map((d) => d.sequence)).toEqual([1, 2]);
    expect((await h.inbox()).map((r) => r.eventId)).toEqual([first.id]);
  });

  it('delivers 50 events of one aggregate, published in one flush, in sequence order', async () => {
    const probe = await h.consume({ name: 'tally.ordered' });
    const events = await h.bump('theta', 1, { times: 50 });
    expect(events.map((e) => e.sequence)).toEqual(range(1, 50));

    const relay = h.relay();
    await relay.flush();
    expect(h.publishes.map((p) => p.sequence)).toEqual(range(1, 50));
    const rows = await h.outbox();
    expect(rows.map((r) => r.eventId)).toEqual(events.map((e) => e.id));
    expect(rows.every((r) => r.publishedAt instanceof Date)).toBe(true);

    await waitFor(async () => (await h.tally('theta')) === 50, 'all 50 applied');
    expect(probe.deliveries.map((d) => d.sequence)).toEqual(range(1, 50));
    expect(probe.effects).toEqual(range(1, 50));
    expect(await h.inbox()).toHaveLength(50);
  });
  it('applies a batch in one transaction, each event once; a redelivered batch changes nothing', async () => {
    const probe = await h.consume({ name: 'tally.batch' });
    expect(probe.spec.handleBatch).toBeTypeOf('function');
    const events = Array.from({ length: 100 }, (_, i) => h.envelope({ name: `batch-${i % 10}`, by: 1 }, Math.floor(i / 10) + 1));
    await probe.spec.handleBatch!(events.map((envelope) => ({ envelope, delivery: 1 })));
    for (let i = 0; i < 10; i++) expect(await h.tally(`batch-${i}`)).toBe(10);
    expect(probe.effects).toHaveLength(100);
    expect((await h.inbox()).map((r) => r.eventId).sort()).toEqual(events.map((e) => e.id).sort());

    // The same batch again (its acks were lost): no effect runs.
    await probe.spec.handleBatch!(events.map((envelope) => ({ envelope, delivery: 2 })));
    // Half seen, half new, and one new event twice in the batch: only the new ones, once each.
    const fresh = Array.from({ length: 50 }, () => h.envelope({ name: 'batch-0', by: 1 }, 11));
    const mixed = [...events.slice(0, 50), ...fresh, fresh[0]!];
    await probe.spec.handleBatch!(mixed.map((envelope) => ({ envelope, delivery: 1 })));
    expect(await h.tally('batch-0')).toBe(60);
    for (let i = 1; i < 10; i++) expect(await h.tally(`batch-${i}`)).toBe(10);
    expect(probe.effects).toHaveLength(150);
    expect(await h.inbox()).toHaveLength(150);
  });

  it('sends as many SQL statements for a batch of 100 events as for a batch of 1', async () => {
    const probe = await h.consume({
      name: 'tally.statements',
      effect: async (em, data) => {
        em.persist(Object.assign(new Tally(), { name: data.name, count: data.by }));
      },
    });
    const statementsFor = async (n: number, prefix: string): Promise<string[]> => {
      const batch = Array.from({ length: n }, (_, i) => ({ envelope: h.envelope({ name: `${prefix}-${i}`, by: 1 }, 1), delivery: 1 }));
      const statements: string[] = [];
      const off = onQuery(h.consumer, (sql) => statements.push(sql));
      try {
        await probe.spec.handleBatch!(batch);
      } finally {
        off();
      }
      return statements;
    };
    const one = await statementsFor(1, 'one');
    const hundred = await statementsFor(100, 'hundred');
    expect(hundred).toHaveLength(one.length);
    expect(await h.inbox()).toHaveLength(101);
    expect(await h.tally('hundred-99')).toBe(1);
  });

  it('a poison event in the middle of a batch is dead-lettered with its reason; the others are applied once', async () => {
    const probe = await h.consume({
      name: 'tally.mixed',
      maxDeliver: 3,
      backoffMs: [50],
      effect: async (em, data) => {
        if (data.by === 13) throw new PoisonEventError('thirteen is never applied');
        const row = await em.findOne(Tally, { name: data.name });
        if (row) row.count += data.by;
        else em.persist(Object.assign(new Tally(), { name: data.name, count: data.by }));
      },
    });
    const events = [1, 2, 13, 4, 5].map((by, i) => h.envelope({ name: 'kappa', by }, i + 1));
    // Published together: the in-process bus hands them over as one batch, JetStream as they arrive.
    await Promise.all(events.map((e) => h.bus.publish(e)));

    const [letter, ...more] = await waitFor(async () => {
      const l = await h.bus.deadLetters();
      return l.length ? l : undefined;
    }, 'dead letter');
    await waitFor(async () => (await h.tally('kappa')) === 12, 'the four good events applied');
    await sleep(QUIET_MS);
    expect(more).toEqual([]);
    expect(letter!.consumer).toBe('tally.mixed');
    expect(letter!.envelope.id).toBe(events[2]!.id);
    expect(letter!.reason).toContain('thirteen is never applied');
    expect(letter!.deliveries).toBe(1);
    expect(await h.tally('kappa')).toBe(12);
    expect((await h.inbox()).map((r) => r.eventId).sort()).toEqual([0, 1, 3, 4].map((i) => events[i]!.id).sort());
    if (!setup.natsUrl) expect(probe.batches[0]).toEqual(events.map((e) => e.id));
  });

  it('a batch that fails transiently is retried until every event is applied exactly once', async () => {
    let failures = 0;
    await h.consume({
      name: 'tally.flaky',
      maxDeliver: 5,
      backoffMs: [50],
      effect: async (em, data) => {
        if (data.by === 13 && failures < 2) {
          failures += 1;
          throw new Error('tally store briefly unavailable');
        }
        const row = await em.findOne(Tally, { name: data.name });
        if (row) row.count += data.by;
        else em.persist(Object.assign(new Tally(), { name: data.name, count: data.by }));
      },
    });
    const relay = h.relay();
    for (const by of [1, 2, 13, 4, 5]) await h.bump('lambda', by);
    await relay.flush();
    await waitFor(async () => (await h.tally('lambda')) === 25, 'all five applied');
    await sleep(QUIET_MS);
    expect(await h.tally('lambda')).toBe(25);
    expect(await h.inbox()).toHaveLength(5);
    expect(await h.bus.deadLetters()).toEqual([]);
  });

  it('two relays draining one outbox concurrently publish every event once between them', async () => {
    const events = await h.bump('mu', 1, { times: 300 });
    const byRelay: string[][] = [[], []];
    const relays = byRelay.map((ids) => h.relay({ batchSize: 40, afterPublish: (envelopes) => void ids.push(...envelopes.map((e) => e.id)) }));
    await Promise.all(relays.map((r) => r.flush()));
    const [a, b] = byRelay as [string[], string[]];
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect([...a, ...b].sort()).toEqual(events.map((e) => e.id).sort());
    expect(h.publishes).toHaveLength(300);
    expect((await h.outbox()).every((r) => r.publishedAt instanceof Date)).toBe(true);
  });

  it('a relay takes no row another relay has leased', async () => {
    await h.bump('nu', 1, { times: 3 });
    const second = h.relay();
    let publishedBySecond: number | undefined;
    const first = h.relay({
      afterPublish: async () => {
        const before = h.publishes.length;
        await second.flush();
        publishedBySecond = h.publishes.length - before;
      },
    });
    await first.flush();
    expect(publishedBySecond).toBe(0);
    expect(h.publishes).toHaveLength(3);
    expect((await h.outbox()).every((r) => r.publishedAt instanceof Date)).toBe(true);
  });

  it('a burst of kicks costs one claim', async () => {
    const relay = h.relay({ pollIntervalMs: 60_000 });
    relay.start();
    await relay.flush();
    const envelopes: EventEnvelope[] = [];
    for (let i = 0; i < 20; i++) envelopes.push(...(await h.bump('xi', 1)));
    const claims: string[] = [];
    const off = onQuery(h.producer, (sql) => {
      // The relay's claim (not this test's look at the outbox): pending rows, limited to a batch.
      if (/event_outbox/.test(sql) && /published_at\W* is null/i.test(sql) && /limit/i.test(sql)) claims.push(sql);
    });
    try {
      for (let i = 0; i < 20; i++) relay.kick();
      await waitFor(async () => (await h.outbox()).every((r) => r.publishedAt instanceof Date), 'all 20 published');
      await sleep(100);
    } finally {
      off();
    }
    expect(claims).toHaveLength(1);
    expect(h.publishes.map((p) => p.id)).toEqual(envelopes.map((e) => e.id));
  });
});

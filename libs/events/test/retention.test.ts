// The retention sweep of the event tables: published outbox rows and old inbox rows go, in
// batches; unpublished outbox rows and inbox rows a replay may still need stay. Embedded always,
// and on PostgreSQL / NATS JetStream when DATABASE_URL / NATS_URL are set.
import { randomUUID } from 'node:crypto';
import { onQuery } from '@salesgraph/db';
import { adapterMatrix, eventually } from '@salesgraph/testing';
import { ServiceMetrics, type Logger } from '@salesgraph/telemetry';
import { connect } from 'nats';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventRecordRetention, type EventRecordRetentionOptions, InboxRecord, OutboxRecord, STREAM_MAX_AGE_MS, lowestUuidv7At, streamName } from '../src';
import { Harness, TallyBumped, sleep } from './harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A UUIDv7 made at `ms` (kernel's uuidv7 never goes back in time within a process). */
function v7At(ms: number): string {
  const tail = randomUUID().slice(14); // "4xxx-yxxx-…": the version nibble is replaced below
  return `${lowestUuidv7At(ms).slice(0, 14)}7${tail.slice(1)}`;
}

interface LogLine {
  level: 'info' | 'warn';
  fields: Record<string, unknown>;
  message: string;
}

function recordingLogger(lines: LogLine[]): Logger {
  const at = (level: LogLine['level']) => (fields: Record<string, unknown>, message: string) => lines.push({ level, fields, message });
  return { info: at('info'), warn: at('warn'), error: at('warn'), debug: () => undefined } as unknown as Logger;
}

const counterValue = async (metrics: ServiceMetrics, name: string) => (await metrics.registry.getSingleMetric(name)!.get()).values[0]?.value ?? 0;

describe('lowestUuidv7At', () => {
  it('is the smallest v7 id of its millisecond: ids made before sort below it, ids made at or after sort above', () => {
    const ms = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    expect(lowestUuidv7At(ms)).toBe(`${ms.toString(16).padStart(12, '0').replace(/^(.{8})/, '$1-')}-7000-8000-000000000000`);
    for (let i = 0; i < 50; i++) {
      expect(v7At(ms - 1) < lowestUuidv7At(ms)).toBe(true);
      expect(v7At(ms) >= lowestUuidv7At(ms)).toBe(true);
    }
  });
});

describe.each(adapterMatrix())('event record retention ($label)', (setup) => {
  let h: Harness;
  const retentions: EventRecordRetention[] = [];

  beforeEach(async () => {
    h = await Harness.start(setup);
  });

  afterEach(async () => {
    for (const r of retentions.splice(0)) await r.stop();
    await h?.close();
  });

  const retention = (options: Omit<EventRecordRetentionOptions, 'orm'> & { orm?: EventRecordRetentionOptions['orm'] }) => {
    const r = new EventRecordRetention({ orm: h.producer, ...options });
    retentions.push(r);
    return r;
  };

  /** Moves the publication time of these outbox rows back by `ageMs`. */
  const publishedAgo = (ids: string[], ageMs: number) =>
    h.producer.em.fork().nativeUpdate(OutboxRecord, { eventId: { $in: ids } }, { publishedAt: new Date(Date.now() - ageMs) });

  const insertInbox = async (rows: { consumer: string; eventId: string; processedAgoMs: number }[]) => {
    const em = h.consumer.em.fork();
    for (const r of rows) em.persist(Object.assign(new InboxRecord(), { consumer: r.consumer, eventId: r.eventId, type: TallyBumped.type, processedAt: new Date(Date.now() - r.processedAgoMs) }));
    await em.flush();
  };

  const inboxKeys = async () => (await h.inbox()).map((r) => `${r.consumer} ${r.eventId}`).sort();

  it('deletes published outbox rows older than the retention; recent published rows and every unpublished row stay', async () => {
    const relay = h.relay();
    const published = await h.bump('old', 1, { times: 4 });
    await relay.flush();
    const unpublished = await h.bump('pending', 1, { times: 2 });
    const [old1, old2, old3, recent] = published.map((e) => e.id) as [string, string, string, string];
    await publishedAgo([old1, old2, old3], 8 * DAY);
    await publishedAgo([recent], 6 * DAY);
    // An unsent row stuck for weeks is still to be published: it must never be swept.
    await h.producer.em.fork().nativeUpdate(OutboxRecord, { eventId: unpublished[0]!.id }, { createdAt: new Date(Date.now() - 60 * DAY) });

    const lines: LogLine[] = [];
    const metrics = new ServiceMetrics('retention-test');
    const r = retention({ outboxRetentionMs: 7 * DAY, logger: recordingLogger(lines), metrics });
    expect(await r.sweep()).toEqual({ outbox: 3, inbox: 0 });

    const left = await h.outbox();
    expect(left.map((row) => row.eventId)).toEqual([recent, ...unpublished.map((e) => e.id)]);
    expect(left.filter((row) => row.publishedAt).map((row) => row.eventId)).toEqual([recent]);
    expect(lines).toEqual([{ level: 'info', fields: expect.objectContaining({ outboxDeleted: 3, inboxDeleted: 0 }), message: expect.any(String) }]);
    expect(await counterValue(metrics, 'events_outbox_swept_total')).toBe(3);

    // Nothing left to delete: no log line, and the published rows are still there.
    expect(await r.sweep()).toEqual({ outbox: 0, inbox: 0 });
    expect(lines).toHaveLength(1);
    expect(await h.outbox()).toHaveLength(3);
  });

  it('deletes inbox rows of every consumer older than the retention, and keeps recent rows and rows processed recently', async () => {
    // A real consumer's row, just processed.
    await h.consume({ name: 'tally.apply' });
    const relay = h.relay();
    const [live] = await h.bump('live', 1);
    await relay.flush();
    await eventually(async () => ((await h.inbox()).length === 1 ? true : undefined));

    const now = Date.now();
    const rows = {
      alphaOld: [v7At(now - 40 * DAY), v7At(now - 35 * DAY), v7At(now - 32 * DAY)],
      // An old event processed only yesterday (its producer's outbox was stuck): a replay may still come.
      alphaLate: v7At(now - 40 * DAY),
      alphaInside: v7At(now - 30 * DAY),
      betaOld: [v7At(now - 90 * DAY), v7At(now - 31 * DAY - HOUR)],
      // Not v7: sorts below every cutoff, but was processed recently.
      betaLowRecent: '00000000-0000-4000-8000-000000000001',
      betaLowOld: '00000000-0000-4000-8000-000000000002',
    };
    await insertInbox([
      ...rows.alphaOld.map((eventId, i) => ({ consumer: 'alpha.apply', eventId, processedAgoMs: [40, 35, 32][i]! * DAY })),
      { consumer: 'alpha.apply', eventId: rows.alphaLate, processedAgoMs: DAY },
      { consumer: 'alpha.apply', eventId: rows.alphaInside, processedAgoMs: 30 * DAY },
      { consumer: 'beta.apply', eventId: rows.betaOld[0]!, processedAgoMs: 90 * DAY },
      { consumer: 'beta.apply', eventId: rows.betaOld[1]!, processedAgoMs: 31 * DAY + HOUR },
      { consumer: 'beta.apply', eventId: rows.betaLowRecent, processedAgoMs: HOUR },
      { consumer: 'beta.apply', eventId: rows.betaLowOld, processedAgoMs: 40 * DAY },
    ]);

    const metrics = new ServiceMetrics('retention-test');
    const r = retention({ orm: h.consumer, inboxRetentionMs: 31 * DAY, metrics });
    expect(await r.sweep()).toEqual({ outbox: 0, inbox: 6 });
    expect(await inboxKeys()).toEqual(
      [`alpha.apply ${rows.alphaLate}`, `alpha.apply ${rows.alphaInside}`, `beta.apply ${rows.betaLowRecent}`, `tally.apply ${live!.id}`].sort(),
    );
    expect(await counterValue(metrics, 'events_inbox_swept_total')).toBe(6);
  });

  it('deletes more rows than one batch in several bounded statements', async () => {
    const events = await h.bump('many', 1, { times: 23 });
    await h.relay().flush();
    await publishedAgo(
      events.map((e) => e.id),
      8 * DAY,
    );
    const now = Date.now();
    await insertInbox([
      ...Array.from({ length: 12 }, () => ({ consumer: 'alpha.apply', eventId: v7At(now - 40 * DAY), processedAgoMs: 40 * DAY })),
      ...Array.from({ length: 9 }, () => ({ consumer: 'beta.apply', eventId: v7At(now - 33 * DAY), processedAgoMs: 33 * DAY })),
    ]);

    const deletes: string[] = [];
    const offProducer = onQuery(h.producer, (sql) => /\bdelete from .event_outbox/i.test(sql) && deletes.push(`outbox ${sql}`));
    const offConsumer = onQuery(h.consumer, (sql) => /\bdelete from .event_inbox/i.test(sql) && deletes.push(`inbox ${sql}`));
    try {
      expect(await retention({ batchSize: 5 }).sweep()).toEqual({ outbox: 23, inbox: 0 });
      expect(await retention({ orm: h.consumer, batchSize: 5 }).sweep()).toEqual({ outbox: 0, inbox: 21 });
    } finally {
      offProducer();
      offConsumer();
    }
    expect(await h.outbox()).toEqual([]);
    expect(await h.inbox()).toEqual([]);
    // 23 rows: 4 full batches and a short one. Inbox: 12 → 3 statements, 9 → 2 (the last short).
    expect(deletes.filter((s) => s.startsWith('outbox')).length).toBe(5);
    expect(deletes.filter((s) => s.startsWith('inbox')).length).toBe(5);
    for (const sql of deletes) expect(sql).toMatch(/ limit /i);
  });

  it('once started, sweeps on its interval, warns about a failed sweep and sweeps again at the next; stop() ends the schedule', async () => {
    const events = await h.bump('timer', 1, { times: 2 });
    await h.relay().flush();
    await publishedAgo([events[0]!.id], 8 * DAY);

    // The first DELETE fails (as with a lost connection); every other query goes through.
    const connection = h.producer.em.getConnection();
    const original = connection.execute.bind(connection);
    let failed = false;
    const execute = vi.spyOn(connection, 'execute').mockImplementation(((sql: unknown, ...rest: unknown[]) => {
      if (!failed && typeof sql === 'string' && /\bdelete from /i.test(sql)) {
        failed = true;
        return Promise.reject(new Error('database went away'));
      }
      return (original as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
    }) as typeof connection.execute);
    const lines: LogLine[] = [];
    const r = retention({ logger: recordingLogger(lines), firstSweepAfterMs: 10, intervalMs: 100 });
    try {
      r.start();
      await eventually(async () => ((await h.outbox()).length === 1 ? true : undefined), 5_000);
    } finally {
      execute.mockRestore();
    }
    expect(lines[0]).toEqual({ level: 'warn', fields: { err: expect.objectContaining({ message: 'database went away' }) }, message: expect.stringMatching(/sweep failed/) });
    expect(lines.filter((l) => l.level === 'info')).toEqual([expect.objectContaining({ fields: expect.objectContaining({ outboxDeleted: 1 }) })]);
    await r.stop();

    await publishedAgo([events[1]!.id], 8 * DAY);
    await sleep(300);
    expect((await h.outbox()).map((row) => row.eventId)).toEqual([events[1]!.id]);
  });

  it('never runs two sweeps at once: concurrent calls queue, and stop() waits for the one under way', async () => {
    const events = await h.bump('queue', 1, { times: 12 });
    await h.relay().flush();
    await publishedAgo(
      events.map((e) => e.id),
      8 * DAY,
    );
    const connection = h.producer.em.getConnection();
    const original = connection.execute.bind(connection);
    let inFlight = 0;
    let most = 0;
    const execute = vi.spyOn(connection, 'execute').mockImplementation((async (...args: unknown[]) => {
      most = Math.max(most, ++inFlight);
      try {
        await sleep(5);
        return await (original as (...a: unknown[]) => Promise<unknown>)(...args);
      } finally {
        inFlight -= 1;
      }
    }) as typeof connection.execute);
    try {
      const r = retention({ batchSize: 4, firstSweepAfterMs: 0, intervalMs: 60_000 });
      r.start();
      const results = await Promise.all([r.sweep(), r.sweep(), r.sweep()]);
      await r.stop();
      expect(most).toBe(1);
      // Called before the timer's first sweep: the first call finds all 12 rows, the queued ones none.
      expect(results).toEqual([
        { outbox: 12, inbox: 0 },
        { outbox: 0, inbox: 0 },
        { outbox: 0, inbox: 0 },
      ]);
    } finally {
      execute.mockRestore();
    }
    expect(await h.outbox()).toEqual([]);
  });

  it('refuses an inbox retention no longer than the stream keeps messages', () => {
    expect(() => new EventRecordRetention({ orm: h.consumer, inboxRetentionMs: STREAM_MAX_AGE_MS })).toThrow(/stream max age/);
    expect(() => new EventRecordRetention({ orm: h.consumer, inboxRetentionMs: 7 * DAY })).toThrow(RangeError);
    expect(() => new EventRecordRetention({ orm: h.consumer, inboxRetentionMs: STREAM_MAX_AGE_MS + DAY })).not.toThrow();
  });

  it.skipIf(!setup.natsUrl)('STREAM_MAX_AGE_MS is the max_age of the streams the bus creates', async () => {
    const nc = await connect({ servers: setup.natsUrl!, name: `retention-test-${h.namespace}` });
    try {
      const info = await (await nc.jetstreamManager()).streams.info(streamName(h.namespace, TallyBumped.domain));
      expect(info.config.max_age).toBe(STREAM_MAX_AGE_MS * 1_000_000);
    } finally {
      await nc.close();
    }
  });
});

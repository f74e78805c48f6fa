// On PostgreSQL, recordEvent's outbox row travels in the transaction's COMMIT round trip
// (libs/db commit-writes). These tests pin what that must keep: the row commits with the business
// change or not at all, any payload survives the inlined SQL, a failed write leaves no aborted
// transaction on a pooled connection, and a savepoint's events roll back with the savepoint.
import { adapterMatrix } from '@salesgraph/testing';
import { INLINE_VALUES_MARKER, onQuery } from '@salesgraph/db';
import { INLINE_VALUES_MARKER as TELEMETRY_MARKER, redactedStatement } from '@salesgraph/telemetry';
import type { EntityManager } from '@mikro-orm/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventsRecordedIn, OutboxRecord, recordEvent } from '../src';
import { Counter, Harness, SOURCE, TallyBumped } from './harness';

const postgres = adapterMatrix().filter((s) => s.databaseUrl);

describe('the embedded database keeps the unit-of-work path', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ label: 'sqlite' });
  });
  afterEach(async () => {
    await h?.close();
  });

  it('writes the outbox row as its own INSERT inside the transaction', async () => {
    const sqls: string[] = [];
    const off = onQuery(h.producer, (sql) => sqls.push(sql));
    const [event] = await h.bump('embedded', 2);
    off();
    expect(sqls.filter((s) => /event_outbox/.test(s))).toEqual([expect.stringMatching(/^insert into `event_outbox`/)]);
    expect((await h.outbox()).map((r) => r.eventId)).toEqual([event!.id]);
  });
});

describe.skipIf(postgres.length === 0).each(postgres)('outbox rows in the COMMIT round trip ($label)', (setup) => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start(setup);
  });
  afterEach(async () => {
    await h?.close();
  });

  it('sends the rows with the COMMIT, not as statements of their own, and commits them with the change', async () => {
    const sqls: string[] = [];
    const off = onQuery(h.producer, (sql) => sqls.push(sql));
    const events = await h.bump('rt', 3, { times: 2 });
    off();
    const touching = sqls.filter((s) => /event_outbox/.test(s));
    expect(touching).toHaveLength(1);
    expect(touching[0]).toMatch(/^\/\*inline-values\*\/\ninsert into "event_outbox" .*;\ninsert into "event_outbox" .*;\nCOMMIT;$/s);
    // Traces get the statement's shape, not the inlined payloads.
    expect(INLINE_VALUES_MARKER).toBe(TELEMETRY_MARKER);
    expect(redactedStatement(touching[0])).toBe('/*inline-values*/ insert into "event_outbox"; insert into "event_outbox"; COMMIT (values not recorded)');
    expect(sqls.at(-1)).toBe(touching[0]); // the COMMIT itself: no separate "COMMIT;" follows
    expect((await h.counter('rt'))?.total).toBe(6);
    const rows = await h.outbox();
    expect(rows.map((r) => [r.eventId, r.type, r.aggregateId, r.attempts, r.publishedAt ?? null, r.leaseUntil ?? null])).toEqual(
      events.map((e) => [e.id, TallyBumped.type, 'rt', 0, null, null]),
    );
    expect(rows.map((r) => JSON.parse(r.envelope))).toEqual(events.map((e) => JSON.parse(JSON.stringify(e))));
    expect(rows[0]!.createdAt.toISOString()).toBe(events[0]!.time);
  });

  it('keeps any payload intact through the inlined SQL', async () => {
    const name = `q'uo"te \\ back\\\\slash $$ dollar $x$ ${'\n'}line ünï 💥 -- ; COMMIT;`;
    const [event] = await h.bump(name, 1);
    const [row] = await h.outbox();
    expect(row!.aggregateId).toBe(name);
    expect(JSON.parse(row!.envelope)).toEqual(JSON.parse(JSON.stringify(event)));
    expect(JSON.parse(row!.envelope).data.name).toBe(name);
    // A payload that would end the statement early is data, not SQL.
    expect((await h.counter(name))?.total).toBe(1);
  });

  it('rolls the change back when the commit-time write fails, and leaves no aborted transaction on the connection', async () => {
    const knex = (h.producer.em.getConnection() as unknown as { getKnex(): { raw(sql: string): Promise<{ rows: { n: number }[] }> } }).getKnex();
    await knex.raw(`alter table event_outbox add constraint outbox_test_no_poison check (aggregate_id <> 'poison')`);
    await expect(h.bump('poison', 1)).rejects.toThrow(/outbox_test_no_poison/);
    expect(await h.counter('poison')).toBeNull();
    expect(await h.outbox()).toEqual([]);
    const stuck = await knex.raw(`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`);
    expect(stuck.rows[0].n).toBe(0);
    // Every pooled connection still works: more sequential transactions than the pool holds.
    for (let i = 0; i < 12; i++) await h.bump('after', 1);
    expect((await h.counter('after'))?.total).toBe(12);
    expect(await h.outbox()).toHaveLength(12);
  });

  it("drops a rolled-back savepoint's events and keeps a released one's", async () => {
    const kept = await h.producer.em.fork().transactional(async (em) => {
      const outer = recordEvent(em, SOURCE, TallyBumped, { aggregateId: 'sp', sequence: 1, data: { name: 'sp', by: 1 } });
      expect(eventsRecordedIn(em.getTransactionContext())).toBe(true); // the commit kicks the relay
      expect([...em.getUnitOfWork().getPersistStack()]).toEqual([]); // the root transaction: the COMMIT path
      const inner = await em.transactional(async (tx) => {
        const event = recordEvent(tx, SOURCE, TallyBumped, { aggregateId: 'sp', sequence: 2, data: { name: 'sp', by: 1 } });
        expect([...tx.getUnitOfWork().getPersistStack()].map((e) => (e as OutboxRecord).eventId)).toEqual([event.id]); // a savepoint: the unit of work
        return event;
      });
      await em
        .transactional(async (tx) => {
          recordEvent(tx, SOURCE, TallyBumped, { aggregateId: 'sp', sequence: 3, data: { name: 'sp', by: 1 } });
          await tx.flush();
          throw new Error('savepoint rolls back');
        })
        .catch(() => undefined);
      em.persist(Object.assign(new Counter(), { name: 'sp', total: 2, version: 3 }));
      return [outer, inner];
    });
    expect((await h.outbox()).map((r: OutboxRecord) => r.eventId).sort()).toEqual(kept.map((e) => e.id).sort());
    expect((await h.counter('sp'))?.total).toBe(2);
  });

  it('never appends to a transaction that has already ended', async () => {
    let stale: EntityManager | undefined;
    await h.producer.em.fork().transactional(async (em) => {
      stale = em;
    });
    expect(stale!.getTransactionContext()).toBeDefined();
    const event = recordEvent(stale!, SOURCE, TallyBumped, { aggregateId: 'late', sequence: 1, data: { name: 'late', by: 1 } });
    // It went to the unit of work instead, where a flush of that manager would write it.
    expect([...stale!.getUnitOfWork().getPersistStack()].map((e) => (e as OutboxRecord).eventId)).toEqual([event.id]);
  });
});

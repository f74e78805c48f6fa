// Producer side: the event row joins the business change's transaction.
import type { EntityManager } from '@mikro-orm/core';
import { appendToCommit, sqlIdentifier, sqlLiteral } from '@salesgraph/db';
import { uuidv7 } from '@salesgraph/kernel';
import { currentTraceparent } from '@salesgraph/telemetry';
import type { EventContract, EventData } from './contract';
import type { EventEnvelope } from './envelope';
import { OutboxRecord } from './records';

export class EventContractViolation extends Error {
  constructor(type: string, detail: string) {
    super(`payload violates ${type}: ${detail}`);
    this.name = 'EventContractViolation';
  }
}

export interface RecordEventInput<C extends EventContract> {
  aggregateId: string;
  sequence: number;
  data: EventData<C>;
  time?: Date;
}

/** Validates the payload against its contract and persists it in `em`'s unit of work. */
export function recordEvent<C extends EventContract>(em: EntityManager, source: string, contract: C, input: RecordEventInput<C>): EventEnvelope<EventData<C>> {
  const parsed = contract.schema.safeParse(input.data);
  if (!parsed.success) throw new EventContractViolation(contract.type, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const time = input.time ?? new Date();
  const envelope: EventEnvelope<EventData<C>> = {
    specversion: '1.0',
    id: uuidv7(),
    source,
    type: contract.type,
    subject: input.aggregateId,
    time: time.toISOString(),
    datacontenttype: 'application/json',
    data: parsed.data as EventData<C>,
    sequence: input.sequence,
    ...(currentTraceparent() ? { traceparent: currentTraceparent() } : {}),
  };
  const json = JSON.stringify(envelope);
  // PostgreSQL: the row rides in the transaction's COMMIT round trip; elsewhere (SQLite, a
  // savepoint, no transaction yet) it joins the unit of work.
  const ctx = em.getTransactionContext() as object | undefined;
  if (ctx && appendToCommit(em, insertSqlFor(em)([envelope.id, envelope.type, envelope.subject, json, time]))) {
    recordedIn.add(ctx);
    return envelope;
  }
  const row = new OutboxRecord();
  row.eventId = envelope.id;
  row.type = envelope.type;
  row.aggregateId = envelope.subject;
  row.envelope = json;
  row.createdAt = time;
  row.publishedAt = null;
  em.persist(row);
  return envelope;
}

/** Root transactions that recorded events through the COMMIT path (the unit of work does not see those rows). */
const recordedIn = new WeakSet<object>();

/** True when `transaction` (a MikroORM transaction context) committed outbox rows written by recordEvent outside the unit of work. */
export function eventsRecordedIn(transaction: unknown): boolean {
  // A knex transaction is a function object.
  return (typeof transaction === 'object' || typeof transaction === 'function') && transaction !== null && recordedIn.has(transaction);
}

type InsertValues = [eventId: string, type: string, aggregateId: string, envelope: string, createdAt: Date];
/** One prefix per ORM metadata (table and column names come from the entity schema). */
const insertPrefixes = new WeakMap<object, string>();

function insertSqlFor(em: EntityManager): (values: InsertValues) => string {
  const metadata = em.getMetadata();
  let prefix = insertPrefixes.get(metadata);
  if (!prefix) {
    const meta = metadata.get(OutboxRecord.name);
    const col = (p: keyof OutboxRecord) => sqlIdentifier(meta.properties[p].fieldNames[0]!);
    const columns = [col('eventId'), col('type'), col('aggregateId'), col('envelope'), col('createdAt'), col('attempts')];
    prefix = `insert into ${sqlIdentifier(meta.tableName)} (${columns.join(', ')}) values `;
    insertPrefixes.set(metadata, prefix);
  }
  const p = prefix;
  return (values) => `${p}(${values.map(sqlLiteral).join(', ')}, 0)`;
}

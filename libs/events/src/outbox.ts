// Producer side: the event row joins the business change's transaction.
import type { EntityManager } from '@mikro-orm/core';
import { insertAtCommit } from '@salesgraph/db';
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
  // A transaction that records an event kicks the relay when it commits (eventsRecordedIn).
  const ctx = em.getTransactionContext() as object | undefined;
  if (ctx) recordedIn.add(ctx);
  if (ctx && insertAtCommit<OutboxRecord>(em, OutboxRecord, { eventId: envelope.id, type: envelope.type, aggregateId: envelope.subject, envelope: json, createdAt: time, attempts: 0 })) return envelope;
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

/** Transactions recordEvent wrote outbox rows in (either path). */
const recordedIn = new WeakSet<object>();

/** True when recordEvent wrote outbox rows in `transaction` (a MikroORM transaction context). */
export function eventsRecordedIn(transaction: unknown): boolean {
  // A knex transaction is a function object.
  return (typeof transaction === 'object' || typeof transaction === 'function') && transaction !== null && recordedIn.has(transaction);
}

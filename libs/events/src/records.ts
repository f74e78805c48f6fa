// Outbox and inbox tables; every service that produces or consumes events registers both.
import { EntitySchema } from '@mikro-orm/core';

export class OutboxRecord {
  /** UUIDv7, so key order is creation order: the relay publishes in this order. */
  eventId!: string;
  type!: string;
  aggregateId!: string;
  /** The whole CloudEvents envelope as JSON text. */
  envelope!: string;
  createdAt!: Date;
  publishedAt?: Date | null;
  /** A relay that claimed the row holds it until then; a crashed relay's claim expires. */
  leaseUntil?: Date | null;
  attempts = 0;
  lastError?: string | null;
}

export const OutboxRecordSchema = new EntitySchema<OutboxRecord>({
  class: OutboxRecord,
  tableName: 'event_outbox',
  indexes: [{ properties: ['publishedAt', 'eventId'], name: 'event_outbox_pending_idx' }],
  properties: {
    eventId: { type: 'string', length: 64, primary: true },
    type: { type: 'string', length: 120 },
    aggregateId: { type: 'string', length: 64 },
    envelope: { type: 'text' },
    createdAt: { type: 'datetime' },
    publishedAt: { type: 'datetime', nullable: true },
    leaseUntil: { type: 'datetime', nullable: true },
    attempts: { type: 'integer', default: 0 },
    lastError: { type: 'text', nullable: true },
  },
});

export class InboxRecord {
  consumer!: string;
  eventId!: string;
  type!: string;
  processedAt!: Date;
}

export const InboxRecordSchema = new EntitySchema<InboxRecord>({
  class: InboxRecord,
  tableName: 'event_inbox',
  properties: {
    consumer: { type: 'string', length: 120, primary: true },
    eventId: { type: 'string', length: 64, primary: true },
    type: { type: 'string', length: 120 },
    processedAt: { type: 'datetime' },
  },
});

export const eventRecordSchemas = [OutboxRecordSchema, InboxRecordSchema];

// Consumer side: contract validation, idempotency through the inbox table (written in the
// same transaction as the effect), and a CONSUMER span that continues the producer's trace.
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { SpanKind, contextFromTraceparent, withSpan, type ServiceMetrics } from '@salesgraph/telemetry';
import { type ConsumerSpec, DEFAULT_BACKOFF_MS, DEFAULT_MAX_DELIVER, PoisonEventError } from './bus';
import type { EventContract, EventData } from './contract';
import { type EventEnvelope, envelopeSchema, subjectFor } from './envelope';
import { InboxRecord } from './records';

export interface InboxConsumerOptions<C extends EventContract> {
  orm: MikroORM;
  /** Durable consumer name: <service>.<purpose>. */
  name: string;
  contract: C;
  namespace: string;
  metrics?: ServiceMetrics;
  maxDeliver?: number;
  backoffMs?: number[];
  /** Applies the effect inside the inbox transaction. */
  handle(em: EntityManager, data: EventData<C>, envelope: EventEnvelope<EventData<C>>): Promise<void>;
}

// The service's metrics, found through its ORM, so consumers need not thread them through.
const metricsByOrm = new WeakMap<MikroORM, ServiceMetrics>();

export function attachConsumerMetrics(orm: MikroORM, metrics: ServiceMetrics): void {
  metricsByOrm.set(orm, metrics);
}

export function inboxConsumer<C extends EventContract>(options: InboxConsumerOptions<C>): ConsumerSpec {
  const { orm, name, contract } = options;
  const subject = subjectFor(options.namespace, contract.type);
  return {
    name,
    contract,
    maxDeliver: options.maxDeliver ?? DEFAULT_MAX_DELIVER,
    backoffMs: options.backoffMs ?? DEFAULT_BACKOFF_MS,
    async handle(envelope: EventEnvelope, delivery: number): Promise<void> {
      await withSpan(
        `${subject} process`,
        {
          kind: SpanKind.CONSUMER,
          parent: contextFromTraceparent(envelope.traceparent),
          attributes: {
            'messaging.system': 'nats',
            'messaging.operation.type': 'process',
            'messaging.destination.name': subject,
            'messaging.consumer.group.name': name,
            'messaging.message.id': envelope.id,
            'messaging.message.delivery_count': delivery,
          },
        },
        async () => {
          const metrics = options.metrics ?? metricsByOrm.get(orm);
          const labels = { type: contract.type, consumer: name };
          if (delivery > 1) metrics?.events.redeliveries.inc(labels);
          // The inbox key is envelope.id: without a valid envelope the lookup below would match
          // any row of this consumer and silently drop the event as a duplicate.
          const valid = envelopeSchema.safeParse(envelope);
          if (!valid.success) {
            metrics?.events.consumed.inc({ ...labels, outcome: 'poison' });
            metrics?.events.deadLetters.inc(labels);
            throw new PoisonEventError(`envelope of ${contract.type} is malformed: ${valid.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
          }
          const parsed = contract.schema.safeParse(envelope.data);
          if (!parsed.success) {
            metrics?.events.consumed.inc({ ...labels, outcome: 'poison' });
            metrics?.events.deadLetters.inc(labels);
            throw new PoisonEventError(`payload violates ${contract.type}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
          }
          let outcome = 'applied';
          try {
            await orm.em.fork().transactional(async (em) => {
              const seen = await em.findOne(InboxRecord, { consumer: name, eventId: envelope.id });
              if (seen) {
                outcome = 'duplicate';
                return;
              }
              await options.handle(em, parsed.data as EventData<C>, envelope as EventEnvelope<EventData<C>>);
              const row = new InboxRecord();
              row.consumer = name;
              row.eventId = envelope.id;
              row.type = envelope.type;
              row.processedAt = new Date();
              em.persist(row);
            });
          } catch (e) {
            metrics?.events.consumed.inc({ ...labels, outcome: 'failed' });
            // The bus dead-letters after the last delivery (or at once for a poison event).
            if (e instanceof PoisonEventError || delivery >= (options.maxDeliver ?? DEFAULT_MAX_DELIVER)) metrics?.events.deadLetters.inc(labels);
            throw e;
          }
          metrics?.events.consumed.inc({ ...labels, outcome });
        },
      );
    },
  };
}

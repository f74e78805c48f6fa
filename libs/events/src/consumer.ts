// Consumer side: contract validation, idempotency through the inbox table (written in the
// same transaction as the effect), and a CONSUMER span that continues the producer's trace.
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { SpanKind, context, contextFromTraceparent, trace, tracer, withSpan, type Attributes, type ServiceMetrics } from '@salesgraph/telemetry';
import { type ConsumerSpec, DEFAULT_BACKOFF_MS, DEFAULT_MAX_DELIVER, type EventDelivery, PoisonEventError, reasonOf } from './bus';
import type { EventContract, EventData } from './contract';
import { type EventEnvelope, envelopeSchema, subjectFor } from './envelope';
import { InboxRecord } from './records';

/** Events applied in one inbox transaction when the bus has that many waiting. */
export const DEFAULT_CONSUMER_BATCH = 256;

export interface InboxConsumerOptions<C extends EventContract> {
  orm: MikroORM;
  /** Durable consumer name: <service>.<purpose>. */
  name: string;
  contract: C;
  namespace: string;
  metrics?: ServiceMetrics;
  maxDeliver?: number;
  backoffMs?: number[];
  /**
   * Most events applied in one transaction (default 256); 1 gives every event its own.
   * In a batch the effects share one EntityManager and run in delivery order: ORM queries see
   * the earlier effects' changes (MikroORM flushes pending changes of the queried entity before
   * a query), but an effect that reads through raw SQL must flush first.
   */
  batchSize?: number;
  /** Applies the effect inside the inbox transaction. */
  handle(em: EntityManager, data: EventData<C>, envelope: EventEnvelope<EventData<C>>): Promise<void>;
}

// The service's metrics, found through its ORM, so consumers need not thread them through.
const metricsByOrm = new WeakMap<MikroORM, ServiceMetrics>();

export function attachConsumerMetrics(orm: MikroORM, metrics: ServiceMetrics): void {
  metricsByOrm.set(orm, metrics);
}

/** A batch refused before any effect ran; the bus then hands its events over one by one. */
class BatchNotApplicable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BatchNotApplicable';
  }
}

function issues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');
}

export function inboxConsumer<C extends EventContract>(options: InboxConsumerOptions<C>): ConsumerSpec {
  const { orm, name, contract } = options;
  const subject = subjectFor(options.namespace, contract.type);
  const maxDeliver = options.maxDeliver ?? DEFAULT_MAX_DELIVER;
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_CONSUMER_BATCH));
  const labels = { type: contract.type, consumer: name };
  const metricsOf = () => options.metrics ?? metricsByOrm.get(orm);
  const spanName = `${subject} process`;
  const spanAttributes = (envelope: EventEnvelope, delivery: number): Attributes => ({
    'messaging.system': 'nats',
    'messaging.operation.type': 'process',
    'messaging.destination.name': subject,
    'messaging.consumer.group.name': name,
    'messaging.message.id': envelope.id,
    'messaging.message.delivery_count': delivery,
  });
  const inboxRow = (envelope: EventEnvelope, at: Date): InboxRecord => {
    const row = new InboxRecord();
    row.consumer = name;
    row.eventId = envelope.id;
    row.type = envelope.type;
    row.processedAt = at;
    return row;
  };
  /** The payload, or why the event can never be applied. */
  const validate = (envelope: EventEnvelope): { data: EventData<C> } | { poison: string } => {
    // The inbox key is envelope.id: without a valid envelope the inbox lookup would match
    // any row of this consumer and silently drop the event as a duplicate.
    const valid = envelopeSchema.safeParse(envelope);
    if (!valid.success) return { poison: `envelope of ${contract.type} is malformed: ${issues(valid.error)}` };
    const parsed = contract.schema.safeParse(envelope.data);
    if (!parsed.success) return { poison: `payload violates ${contract.type}: ${issues(parsed.error)}` };
    return { data: parsed.data as EventData<C> };
  };

  const spec: ConsumerSpec = {
    name,
    contract,
    maxDeliver,
    backoffMs: options.backoffMs ?? DEFAULT_BACKOFF_MS,
    async handle(envelope: EventEnvelope, delivery: number): Promise<void> {
      await withSpan(spanName, { kind: SpanKind.CONSUMER, parent: contextFromTraceparent(envelope.traceparent), attributes: spanAttributes(envelope, delivery) }, async () => {
        const metrics = metricsOf();
        if (delivery > 1) metrics?.events.redeliveries.inc(labels);
        const checked = validate(envelope);
        if ('poison' in checked) {
          metrics?.events.consumed.inc({ ...labels, outcome: 'poison' });
          metrics?.events.deadLetters.inc(labels);
          throw new PoisonEventError(checked.poison);
        }
        let outcome = 'applied';
        try {
          await orm.em.fork().transactional(async (em) => {
            const seen = await em.findOne(InboxRecord, { consumer: name, eventId: envelope.id });
            if (seen) {
              outcome = 'duplicate';
              return;
            }
            await options.handle(em, checked.data, envelope as EventEnvelope<EventData<C>>);
            em.persist(inboxRow(envelope, new Date()));
          });
        } catch (e) {
          metrics?.events.consumed.inc({ ...labels, outcome: 'failed' });
          // The bus dead-letters after the last delivery (or at once for a poison event).
          if (e instanceof PoisonEventError || delivery >= maxDeliver) metrics?.events.deadLetters.inc(labels);
          throw e;
        }
        metrics?.events.consumed.inc({ ...labels, outcome });
      });
    },
  };
  if (batchSize > 1) {
    spec.maxBatch = batchSize;
    /**
     * One transaction for the whole batch: one inbox lookup, the effects in delivery order, the
     * inbox rows in the final flush. Any failure rolls everything back and is thrown, and the bus
     * falls back to handle() per event; so metrics here count only a committed batch.
     */
    spec.handleBatch = async (deliveries: readonly EventDelivery[]): Promise<void> => {
      const payloads: EventData<C>[] = [];
      for (const { envelope } of deliveries) {
        const checked = validate(envelope);
        if ('poison' in checked) throw new BatchNotApplicable(checked.poison);
        payloads.push(checked.data);
      }
      // One CONSUMER span per event, each a child of that event's publish span.
      const spans = deliveries.map(({ envelope, delivery }) =>
        tracer.startSpan(spanName, { kind: SpanKind.CONSUMER, attributes: { ...spanAttributes(envelope, delivery), 'messaging.batch.message_count': deliveries.length } }, contextFromTraceparent(envelope.traceparent)),
      );
      const outcomes: ('applied' | 'duplicate')[] = [];
      try {
        await orm.em.fork().transactional(async (em) => {
          const ids = [...new Set(deliveries.map((d) => d.envelope.id))];
          const seen = new Set((await em.find(InboxRecord, { consumer: name, eventId: { $in: ids } })).map((r) => r.eventId));
          const rows: InboxRecord[] = [];
          const at = new Date();
          for (const [i, { envelope }] of deliveries.entries()) {
            // Also a message delivered twice within one batch (a redelivery racing its ack).
            if (seen.has(envelope.id)) {
              outcomes[i] = 'duplicate';
              continue;
            }
            seen.add(envelope.id);
            await context.with(trace.setSpan(context.active(), spans[i]!), () => options.handle(em, payloads[i]!, envelope as EventEnvelope<EventData<C>>));
            outcomes[i] = 'applied';
            rows.push(inboxRow(envelope, at));
          }
          // One multi-row INSERT after the effects, past the unit of work: the rows are only
          // written, never read back, so tracking them as entities would be pure overhead.
          if (rows.length) await em.insertMany(InboxRecord, rows);
        });
      } catch (e) {
        const reason = reasonOf(e);
        for (const span of spans) {
          span.addEvent('batch rolled back; the event is retried on its own', { 'exception.message': reason });
          span.end();
        }
        throw e;
      }
      const metrics = metricsOf();
      for (const [i, { delivery }] of deliveries.entries()) {
        if (delivery > 1) metrics?.events.redeliveries.inc(labels);
        metrics?.events.consumed.inc({ ...labels, outcome: outcomes[i]! });
        spans[i]!.end();
      }
    };
  }
  return spec;
}

// CloudEvents 1.0 envelope plus `traceparent` and the aggregate's `sequence`.
import { z } from 'zod';

export const DOMAINS = ['customers', 'orders', 'people', 'risk'] as const;
export type Domain = (typeof DOMAINS)[number];

export interface EventEnvelope<T = unknown> {
  specversion: '1.0';
  /** Unique event id; also the NATS Nats-Msg-Id and the consumers' inbox key. */
  id: string;
  /** The producing service, e.g. /salesgraph/customers. */
  source: string;
  /** Namespace-free event type, e.g. sales.customers.customer.created.v1. */
  type: string;
  /** The aggregate id the event is about. */
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: T;
  /** W3C trace context of the span that published it. */
  traceparent?: string;
  /** The aggregate's version after the change; strictly increasing per aggregate. */
  sequence: number;
}

export const envelopeSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().regex(/^sales\.[a-z]+\.[a-z_]+\.[a-z_]+\.v\d+$/),
  subject: z.string().min(1),
  time: z.string().datetime({ offset: true }),
  datacontenttype: z.literal('application/json'),
  data: z.unknown(),
  traceparent: z.string().optional(),
  sequence: z.number().int().nonnegative(),
});

/** `sales.customers.customer.created.v1` → `<namespace>.customers.customer.created.v1`. */
export function subjectFor(namespace: string, type: string): string {
  return `${namespace}.${type.slice('sales.'.length)}`;
}

export function domainOf(type: string): Domain {
  const domain = type.split('.')[1] as Domain;
  if (!DOMAINS.includes(domain)) throw new Error(`unknown event domain in ${type}`);
  return domain;
}

export function streamName(namespace: string, domain: Domain | 'dlq'): string {
  return `${namespace.toUpperCase()}_${domain.toUpperCase()}`;
}

export function dlqSubject(namespace: string, type: string): string {
  return `dlq.${subjectFor(namespace, type)}`;
}

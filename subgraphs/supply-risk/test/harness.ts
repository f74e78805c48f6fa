// Starts the gateway with the orders and supply-risk subgraphs on one adapter setup, and
// offers the helpers the supply-risk integration tests share.
import { expect } from 'vitest';
import { signPrincipal } from '@salesgraph/auth';
import { OrderApprovedV1, OrderCancelledV1, OrderPlacedV1, OrderRejectedV1, OrderShippedV1, OutboxRecord, type EventContract, type EventEnvelope } from '@salesgraph/events';
import { uuidv7, type Clock } from '@salesgraph/kernel';
import { publishTestEvent, startTestPlatform, type RunningPlatform } from '@salesgraph/platform';
import { type SubgraphName } from '@salesgraph/service';
import { bearer, graphql, TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET, type AdapterSetup } from '@salesgraph/testing';

export const admin = bearer(TEST_ADMIN_KEY);
const STARTED: SubgraphName[] = ['orders', 'supply-risk'];

export interface Harness {
  platform: RunningPlatform;
  url: string;
  close(): Promise<void>;
}

/** `clock`: the supply-risk subgraph's clock (e.g. a ManualClock), for tests that move time. */
export async function startHarness(setup: AdapterSetup, options: { clock?: Clock } = {}): Promise<Harness> {
  // Tests run the alert sweep themselves (with a moved clock); the background one stays out of the way.
  process.env.RISK_SWEEP_INTERVAL_MS ??= '3600000';
  const started = await startTestPlatform({
    databaseUrl: setup.databaseUrl,
    natsUrl: setup.natsUrl,
    internalSecret: TEST_SECRET,
    jwtSecret: TEST_JWT_SECRET,
    adminKey: TEST_ADMIN_KEY,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    relayPollMs: 5_000,
    subgraphTimeoutMs: 5_000,
    only: STARTED,
    ...(options.clock ? { overrides: { 'supply-risk': { clock: options.clock } } } : {}),
  });
  const platform = started.platform;
  return {
    platform,
    url: platform.gatewayUrl,
    async close() {
      await started.close();
    },
  };
}

/** One GraphQL operation through the gateway as the admin; fails the test on errors. */
export async function gql<T>(h: Harness, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await graphql<T>(h.url, query, variables, admin);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data as T;
}

/** The first error of an operation that must fail. */
export async function gqlError(h: Harness, query: string, variables: Record<string, unknown> = {}): Promise<{ message: string; extensions?: Record<string, unknown> }> {
  const res = await graphql(h.url, query, variables, admin);
  expect(res.body.errors?.length, JSON.stringify(res.body)).toBeGreaterThan(0);
  return res.body.errors![0]!;
}

/** A query straight to the supply-risk subgraph, signed as the gateway would sign it. */
export async function direct<T>(h: Harness, query: string, variables: Record<string, unknown>): Promise<T> {
  const sub = h.platform.subgraphs['supply-risk']!;
  const principal = { subject: 'test-gateway', kind: 'service' as const, roles: ['admin' as const], scopes: ['admin'] };
  const res = await fetch(sub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-salesgraph-principal': await signPrincipal(principal, TEST_SECRET, 'supply-risk') },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

export async function deliveryRisk(h: Harness, orderId: string): Promise<{ level: string; reasons: string[] } | null> {
  const data = await direct<{ _entities: ({ deliveryRisk: { level: string; reasons: string[] } | null } | null)[] }>(
    h,
    'query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { deliveryRisk { level reasons } } } }',
    { r: [{ __typename: 'Order', id: orderId }] },
  );
  return data._entities[0]?.deliveryRisk ?? null;
}

/** Outbox rows of the supply-risk subgraph of one event type, oldest first. */
export async function outbox(h: Harness, type: string): Promise<{ envelope: EventEnvelope<Record<string, unknown>>; published: boolean }[]> {
  const em = h.platform.subgraphs['supply-risk']!.orm.em.fork();
  const rows = await em.find(OutboxRecord, { type }, { orderBy: { eventId: 'asc' } });
  return rows.map((r) => ({ envelope: JSON.parse(r.envelope) as EventEnvelope<Record<string, unknown>>, published: r.publishedAt != null }));
}

/** Subscribes a test consumer (as the orders service would) and collects what it receives. */
export async function collect(h: Harness, contract: EventContract): Promise<EventEnvelope[]> {
  const received: EventEnvelope[] = [];
  const bus = h.platform.bus ?? h.platform.subgraphs['supply-risk']!.bus;
  await bus.consume({ name: `test.${contract.type.replace(/\./g, '-')}`, contract, maxDeliver: 3, backoffMs: [100], handle: async (envelope) => void received.push(envelope) });
  return received;
}

const money = (amount: string) => ({ amount, currency: 'CNY' });

export interface TestOrder {
  orderId: string;
  customerId: string;
  /** productLine defaults to "Pumps". */
  lines: { sku: string; quantity: number; productLine?: string }[];
  regionCode?: string;
  /** When the order was approved (default: now). */
  at?: Date;
}

export function newOrder(lines: { sku: string; quantity: number; productLine?: string }[], at?: Date): TestOrder {
  return { orderId: uuidv7(), customerId: uuidv7(), lines, at };
}

function snapshot(o: TestOrder) {
  return {
    orderId: o.orderId,
    number: `SO-${o.orderId.slice(-6)}`,
    customerId: o.customerId,
    repId: '01900000-0000-7000-8000-0000000000aa',
    regionCode: o.regionCode ?? 'CN-EAST',
    contractId: null,
    lines: o.lines.map((l) => ({ sku: l.sku, productLine: l.productLine ?? 'Pumps', quantity: l.quantity, unitPrice: money('100.00'), unitCost: money('60.00'), amount: money(`${l.quantity * 100}.00`) })),
    total: money(`${o.lines.reduce((s, l) => s + l.quantity * 100, 0)}.00`),
    requestedDeliveryDate: null,
    at: (o.at ?? new Date()).toISOString(),
  };
}

export async function placed(h: Harness, o: TestOrder, sequence = 1) {
  return publishTestEvent(h.platform, OrderPlacedV1, { aggregateId: o.orderId, sequence, data: snapshot(o) });
}

export async function approved(h: Harness, o: TestOrder, sequence = 2, id?: string) {
  return publishTestEvent(h.platform, OrderApprovedV1, {
    aggregateId: o.orderId,
    sequence,
    id,
    data: { ...snapshot(o), approvedBy: 'manager-1', totalCost: money('0.00'), grossMargin: money('0.00') },
  });
}

export async function cancelled(h: Harness, o: TestOrder, sequence = 3) {
  const s = snapshot(o);
  return publishTestEvent(h.platform, OrderCancelledV1, {
    aggregateId: o.orderId,
    sequence,
    data: { orderId: o.orderId, customerId: o.customerId, repId: s.repId, regionCode: s.regionCode, lines: s.lines, total: s.total, grossMargin: money('0.00'), wasApproved: true, approvedAt: s.at, reason: 'customer changed plans', at: s.at },
  });
}

export async function rejected(h: Harness, o: TestOrder, sequence = 2) {
  return publishTestEvent(h.platform, OrderRejectedV1, {
    aggregateId: o.orderId,
    sequence,
    data: { orderId: o.orderId, customerId: o.customerId, repId: '01900000-0000-7000-8000-0000000000aa', reason: 'credit limit', at: new Date().toISOString() },
  });
}

export async function shipped(h: Harness, o: TestOrder, sequence = 3, fullyShipped = true, lines = o.lines) {
  return publishTestEvent(h.platform, OrderShippedV1, {
    aggregateId: o.orderId,
    sequence,
    data: { orderId: o.orderId, customerId: o.customerId, shipmentId: uuidv7(), lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), carrier: 'SF Express', trackingNumber: null, fullyShipped, at: new Date().toISOString() },
  });
}

let skuSeq = 0;
export function newSku(prefix = 'PUMP'): string {
  skuSeq += 1;
  return `${prefix}-${Date.now().toString(36).toUpperCase()}-${skuSeq}`;
}

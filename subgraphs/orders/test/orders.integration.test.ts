// The orders subgraph through the gateway: catalog, contracts, the order story from placement to
// CLOSED with a late-delivery penalty, the events it publishes, and the events it consumes.
// Runs on SQLite + in-process bus, and on PostgreSQL + NATS when DATABASE_URL / NATS_URL are set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUserJwt } from '@salesgraph/auth';
import { ContractSignedV1, ContractTerminatedV1, CustomerCreatedV1, CustomerUpdatedV1, DeliveryLateV1, InventoryReservationFailedV1, OrderApprovedV1, OrderCancelledV1, OrderDeliveredV1, OrderPlacedV1, OrderRejectedV1, OrderShippedV1, InboxRecord, OutboxRecord, PaymentReceivedV1, type EventContract, type EventEnvelope } from '@salesgraph/events';
import { ManualClock, uuidv7 } from '@salesgraph/kernel';
import { publishTestEvent, startTestPlatform, type RunningPlatform } from '@salesgraph/platform';
import { runContractSweep } from '../src/orders.service';
import { adapterMatrix, bearer, eventually, graphql, TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET, type AdapterSetup } from '@salesgraph/testing';

const admin = bearer(TEST_ADMIN_KEY);
const REP = '01900000-0000-7000-8000-0000000000e1';

interface Harness {
  platform: RunningPlatform;
  url: string;
  clock: ManualClock;
  close(): Promise<void>;
}

async function startHarness(setup: AdapterSetup): Promise<Harness> {
  const clock = new ManualClock(new Date('2026-03-02T09:00:00.000Z'));
  const started = await startTestPlatform({
    databaseUrl: setup.databaseUrl,
    natsUrl: setup.natsUrl,
    internalSecret: TEST_SECRET,
    jwtSecret: TEST_JWT_SECRET,
    adminKey: TEST_ADMIN_KEY,
    logLevel: 'silent',
    relayPollMs: 5_000,
    subgraphTimeoutMs: 5_000,
    only: ['orders'],
    overrides: { orders: { clock } },
  });
  const platform = started.platform;
  return {
    platform,
    url: platform.gatewayUrl,
    clock,
    async close() {
      await started.close();
    },
  };
}

type Gql = <T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<T>;
type GqlError = (query: string, variables?: Record<string, unknown>) => Promise<{ message: string; extensions: Record<string, any> }>;

const ORDER_FIELDS = `id number status customer { id } rep { id } contract { id number version }
  lines { sku productLine quantity shippedQuantity unitPrice { amount } unitCost { amount } amount { amount } }
  total { amount currency } totalCost { amount } grossMargin { amount } grossMarginPercent
  promisedBy dueDate overdue amountPaid { amount } amountDue { amount } daysLate
  latePenalty { daysLate promisedBy ratePerDayPercent capPercent amount { amount } }
  approvedBy reviews { passed reviewer failures { check message } }
  history { from to action actor }
  shipments { id carrier trackingNumber lines { sku quantity } deliveredAt }
  payments { amount { amount } method }
  backorder { reason shortfall lines { sku shortfall } }`;

const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`;
const APPROVE = `mutation($id: ID!) { approveOrder(id: $id) { ${ORDER_FIELDS} } }`;
const SHIP = `mutation($id: ID!, $input: ShipOrderInput!) { shipOrder(id: $id, input: $input) { ${ORDER_FIELDS} } }`;
const DELIVER = `mutation($id: ID!, $at: DateTime) { deliverOrder(id: $id, deliveredAt: $at) { ${ORDER_FIELDS} } }`;
const PAY = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { id amount { amount currency } method order { ${ORDER_FIELDS} } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
const CONTRACT_FIELDS = `id number version status value { amount } validFrom validTo signedBy
  items { sku quantity unitPrice { amount } amount { amount } }
  paymentTerms { kind netDays prepaymentPercent installments }
  deliveryTerms { deliverBy incoterm address }
  qualityTerms { standard acceptanceDays defectTolerancePercent }
  penaltyTerms { lateDeliveryPercentPerDay capPercent }
  previousVersion { id version } supersededBy { id version } versions { version status }
  history { from to action actor comment } customer { id }`;

async function outbox(platform: RunningPlatform, aggregateId: string): Promise<{ envelope: EventEnvelope; publishedAt: Date | null | undefined }[]> {
  const rows = await platform.subgraphs.orders!.orm.em.fork().find(OutboxRecord, { aggregateId }, { orderBy: { eventId: 'asc' } });
  return rows.map((r) => ({ envelope: JSON.parse(r.envelope) as EventEnvelope, publishedAt: r.publishedAt }));
}

/** Every event of the aggregate is published exactly once, in this order, and its payload satisfies its contract. */
async function expectPublished(platform: RunningPlatform, aggregateId: string, contracts: EventContract[]): Promise<EventEnvelope[]> {
  const rows = await eventually(async () => {
    const all = await outbox(platform, aggregateId);
    return all.length === contracts.length && all.every((r) => r.publishedAt) ? all : undefined;
  }, 15_000);
  expect(rows.map((r) => r.envelope.type)).toEqual(contracts.map((c) => c.type));
  expect(new Set(rows.map((r) => r.envelope.id)).size).toBe(rows.length);
  const sequences = rows.map((r) => r.envelope.sequence);
  expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
  expect(new Set(sequences).size).toBe(sequences.length);
  rows.forEach((r, i) => {
    expect(r.envelope.subject).toBe(aggregateId);
    expect(contracts[i]!.schema.safeParse(r.envelope.data).success, r.envelope.type).toBe(true);
  });
  return rows.map((r) => r.envelope);
}

describe.each(adapterMatrix())('orders subgraph ($label)', (setup) => {
  let h: Harness;
  let gql: Gql;
  let gqlError: GqlError;
  let customerSeq = 0;

  async function knownCustomer(creditLimit: string | null, regionCode = 'CN-EAST'): Promise<string> {
    customerSeq += 1;
    const customerId = uuidv7();
    await publishTestEvent(h.platform, CustomerCreatedV1, {
      aggregateId: customerId,
      sequence: 1,
      data: {
        customerId,
        code: `CUS-T${customerSeq}`,
        name: `Customer ${customerSeq}`,
        kind: 'COMPANY',
        regionCode,
        ownerRepId: REP,
        creditLimit: creditLimit === null ? null : { amount: creditLimit, currency: 'CNY' },
        createdAt: new Date().toISOString(),
      },
    });
    // The orders service learns the customer from the event: placing an order for it works once it has.
    return customerId;
  }

  async function waitForCustomer(customerId: string, sku: string): Promise<string> {
    return eventually(async () => {
      const res = await graphql<{ placeOrder: { id: string } }>(h.url, PLACE, { input: { customerId, repId: REP, lines: [{ sku, quantity: 1 }] } }, admin);
      return res.body.data?.placeOrder.id;
    });
  }

  beforeAll(async () => {
    h = await startHarness(setup);
    gql = async (query, variables = {}, headers = admin) => {
      const res = await graphql(h.url, query, variables, headers);
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      return res.body.data as never;
    };
    gqlError = async (query, variables = {}) => {
      const res = await graphql(h.url, query, variables, admin);
      expect(res.body.errors?.length, JSON.stringify(res.body)).toBeGreaterThan(0);
      return res.body.errors![0] as never;
    };
    const create = 'mutation($input: CreateProductInput!) { createProduct(input: $input) { sku unitCost { amount } marginPercent } }';
    await gql(create, { input: { sku: 'PUMP-100', name: 'Pump 100', productLine: 'Pumps', unitPrice: { amount: '100.00' }, unitCost: { amount: '60.00' } } });
    await gql(create, { input: { sku: 'VALVE-20', name: 'Valve 20', productLine: 'Valves', unitPrice: { amount: '50.00' }, unitCost: { amount: '30.25' } } });
    await gql(create, { input: { sku: 'SEAL-1', name: 'Seal', productLine: 'Spares', unitPrice: { amount: '2.00' } } });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('keeps a catalog with cost, margin, updates and filters', async () => {
    const created = await gql<{ createProduct: Record<string, unknown> }>(
      'mutation($input: CreateProductInput!) { createProduct(input: $input) { sku name productLine unitPrice { amount currency } unitCost { amount } marginPercent active } }',
      { input: { sku: 'pipe-9', name: 'Pipe 9', productLine: 'Pipes', unitPrice: { amount: '12.5' }, unitCost: { amount: '10' } } },
    );
    expect(created.createProduct).toEqual({ sku: 'PIPE-9', name: 'Pipe 9', productLine: 'Pipes', unitPrice: { amount: '12.50', currency: 'CNY' }, unitCost: { amount: '10.00' }, marginPercent: '20.00', active: true });
    const updated = await gql<{ updateProduct: Record<string, unknown> }>(
      'mutation { updateProduct(sku: "PIPE-9", input: { unitPrice: { amount: "15.00" }, active: false }) { sku unitPrice { amount } unitCost { amount } active updatedAt } }',
    );
    expect(updated.updateProduct).toMatchObject({ sku: 'PIPE-9', unitPrice: { amount: '15.00' }, unitCost: { amount: '10.00' }, active: false });
    const pipes = await gql<{ products: { totalCount: number; edges: { node: { sku: string } }[] } }>(
      '{ products(filter: { productLine: "Pipes" }) { totalCount edges { node { sku } } } }',
    );
    expect(pipes.products).toEqual({ totalCount: 1, edges: [{ node: { sku: 'PIPE-9' } }] });
    const active = await gql<{ products: { edges: { node: { sku: string } }[] } }>('{ products(filter: { active: true }, first: 50) { edges { node { sku } } } }');
    expect(active.products.edges.map((e) => e.node.sku)).not.toContain('PIPE-9');
    const search = await gql<{ products: { edges: { node: { sku: string } }[] } }>('{ products(filter: { search: "valve" }) { edges { node { sku } } } }');
    expect(search.products.edges.map((e) => e.node.sku)).toEqual(['VALVE-20']);
    const byName = await gql<{ products: { edges: { node: { sku: string } }[] } }>('{ products(filter: { search: "UMP 1" }) { edges { node { sku } } } }');
    expect(byName.products.edges.map((e) => e.node.sku)).toEqual(['PUMP-100']);
    const dup = await gqlError('mutation { createProduct(input: { sku: "Pipe-9", name: "Again", productLine: "Pipes", unitPrice: { amount: "1.00" } }) { sku } }');
    expect(dup.extensions).toMatchObject({ code: 'CONFLICT', reason: 'SKU_TAKEN', field: 'sku' });
    const missing = await gqlError('mutation { updateProduct(sku: "NOPE-1", input: { active: false }) { sku } }');
    expect(missing.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'sku' });
    const zero = await gqlError('mutation { updateProduct(sku: "PIPE-9", input: { unitPrice: { amount: "0" } }) { sku } }');
    expect(zero.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitPrice' });
  });

  it('runs the full story: contract drafted, reviewed, signed; order approved, shipped in two parts, delivered late, paid in two parts → CLOSED', async () => {
    const customerId = await knownCustomer('100000.00');
    await waitForCustomer(customerId, 'SEAL-1'); // a first small order proves the customer is known

    // The contract: drafted, submitted, approved, signed (in force at once: its period has begun).
    const drafted = await gql<{ draftContract: Record<string, any> }>(`mutation($input: DraftContractInput!) { draftContract(input: $input) { ${CONTRACT_FIELDS} } }`, {
      input: {
        customerId,
        title: 'Pumps and valves 2026',
        items: [
          { sku: 'PUMP-100', quantity: 500, unitPrice: { amount: '90.00' } },
          { sku: 'VALVE-20', quantity: 200, unitPrice: { amount: '45.50' } },
        ],
        paymentTerms: { kind: 'NET', netDays: 30 },
        deliveryTerms: { deliverBy: '2026-03-10', incoterm: 'DAP', address: '1 Water Rd, Hangzhou' },
        qualityTerms: { standard: 'ISO 9001', acceptanceDays: 7, defectTolerancePercent: '0.5' },
        penaltyTerms: { lateDeliveryPercentPerDay: '0.5', capPercent: '5' },
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
      },
    });
    const contract = drafted.draftContract;
    expect(contract).toMatchObject({
      number: expect.stringMatching(/^CT-2026-\d{6}$/),
      version: 1,
      status: 'DRAFT',
      value: { amount: '54100.00' },
      items: [
        { sku: 'PUMP-100', quantity: 500, unitPrice: { amount: '90.00' }, amount: { amount: '45000.00' } },
        { sku: 'VALVE-20', quantity: 200, unitPrice: { amount: '45.50' }, amount: { amount: '9100.00' } },
      ],
      paymentTerms: { kind: 'NET', netDays: 30, prepaymentPercent: null, installments: 1 },
      deliveryTerms: { deliverBy: '2026-03-10', incoterm: 'DAP', address: '1 Water Rd, Hangzhou' },
      qualityTerms: { standard: 'ISO 9001', acceptanceDays: 7, defectTolerancePercent: '0.50' },
      penaltyTerms: { lateDeliveryPercentPerDay: '0.50', capPercent: '5.00' },
      customer: { id: customerId },
    });
    await gql('mutation($id: ID!) { submitContract(id: $id) { status } }', { id: contract.id });
    await gql('mutation($id: ID!) { approveContract(id: $id, comment: "terms checked by legal") { status } }', { id: contract.id });
    const signed = await gql<{ signContract: Record<string, any> }>(`mutation($id: ID!) { signContract(id: $id, signedBy: "Li Wei, CFO") { ${CONTRACT_FIELDS} } }`, { id: contract.id });
    expect(signed.signContract).toMatchObject({ status: 'ACTIVE', signedBy: 'Li Wei, CFO' });
    expect(signed.signContract.history.map((t: { from: string | null; to: string }) => [t.from, t.to])).toEqual([
      [null, 'DRAFT'],
      ['DRAFT', 'UNDER_REVIEW'],
      ['UNDER_REVIEW', 'APPROVED'],
      ['APPROVED', 'SIGNED'],
      ['SIGNED', 'ACTIVE'],
    ]);
    expect(signed.signContract.history[2]).toMatchObject({ action: 'approve', actor: expect.any(String), comment: 'terms checked by legal' });

    // The order: prices default to the contract's.
    const placed = await gql<{ placeOrder: Record<string, any> }>(PLACE, {
      input: { customerId, contractId: contract.id, repId: REP, requestedDeliveryDate: '2026-03-12', lines: [{ sku: 'pump-100', quantity: 100 }, { sku: 'VALVE-20', quantity: 20 }] },
    });
    const order = placed.placeOrder;
    expect(order).toMatchObject({
      number: expect.stringMatching(/^SO-2026-\d{6}$/),
      status: 'RECEIVED',
      customer: { id: customerId },
      rep: { id: REP },
      contract: { id: contract.id, version: 1 },
      lines: [
        { sku: 'PUMP-100', productLine: 'Pumps', quantity: 100, shippedQuantity: 0, unitPrice: { amount: '90.00' }, unitCost: { amount: '60.00' }, amount: { amount: '9000.00' } },
        { sku: 'VALVE-20', productLine: 'Valves', quantity: 20, shippedQuantity: 0, unitPrice: { amount: '45.50' }, unitCost: { amount: '30.25' }, amount: { amount: '910.00' } },
      ],
      total: { amount: '9910.00', currency: 'CNY' },
      totalCost: { amount: '6605.00' },
      grossMargin: { amount: '3305.00' },
      grossMarginPercent: '33.35',
      promisedBy: '2026-03-10',
      amountDue: { amount: '9910.00' },
      dueDate: null,
    });

    // Shipping before approval is refused, naming the state.
    const early = await gqlError(SHIP, { id: order.id, input: { carrier: 'SF Express' } });
    expect(early.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ORDER_ILLEGAL_TRANSITION', details: { currentStatus: 'RECEIVED' } });
    expect(early.message).toContain('RECEIVED');

    const approved = (await gql<{ approveOrder: Record<string, any> }>(APPROVE, { id: order.id })).approveOrder;
    expect(approved).toMatchObject({ status: 'APPROVED', approvedBy: expect.any(String), reviews: [{ passed: true, failures: [] }] });

    h.clock.set(new Date('2026-03-05T08:00:00Z'));
    const part = (await gql<{ shipOrder: Record<string, any> }>(SHIP, { id: order.id, input: { carrier: 'SF Express', trackingNumber: 'SF100', lines: [{ sku: 'PUMP-100', quantity: 60 }] } })).shipOrder;
    expect(part.status).toBe('PARTIALLY_SHIPPED');
    expect(part.lines.map((l: { shippedQuantity: number }) => l.shippedQuantity)).toEqual([60, 0]);

    // Cancelling after shipping is refused, naming the state.
    const cancel = await gqlError('mutation($id: ID!) { cancelOrder(id: $id, reason: "changed mind") { status } }', { id: order.id });
    expect(cancel.extensions).toMatchObject({ code: 'CONFLICT', details: { currentStatus: 'PARTIALLY_SHIPPED' } });

    h.clock.set(new Date('2026-03-12T08:00:00Z'));
    const rest = (await gql<{ shipOrder: Record<string, any> }>(SHIP, { id: order.id, input: { carrier: 'ZTO', trackingNumber: 'ZT200' } })).shipOrder;
    expect(rest.status).toBe('SHIPPED');
    expect(rest.shipments.map((s: { lines: unknown }) => s.lines)).toEqual([[{ sku: 'PUMP-100', quantity: 60 }], [{ sku: 'PUMP-100', quantity: 40 }, { sku: 'VALVE-20', quantity: 20 }]]);

    // Delivered on 17 March, promised by 10 March: 7 whole days × 0.5 % = 3.5 % of 9910.00 = 346.85 credit.
    h.clock.set(new Date('2026-03-18T08:00:00Z'));
    const delivered = (await gql<{ deliverOrder: Record<string, any> }>(DELIVER, { id: order.id, at: '2026-03-17T15:30:00Z' })).deliverOrder;
    expect(delivered).toMatchObject({
      status: 'DELIVERED',
      daysLate: 7,
      latePenalty: { daysLate: 7, promisedBy: '2026-03-10', ratePerDayPercent: '0.50', capPercent: '5.00', amount: { amount: '346.85' } },
      amountDue: { amount: '9563.15' },
      dueDate: '2026-04-16',
      overdue: false,
    });

    // Overpaying is refused, naming the state; nothing is recorded.
    const over = await gqlError(PAY, { input: { orderId: order.id, amount: { amount: '9563.16' }, method: 'BANK_TRANSFER' } });
    expect(over.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ORDER_OVERPAYMENT', details: { currentStatus: 'DELIVERED' } });

    const first = (await gql<{ recordPayment: Record<string, any> }>(PAY, { input: { orderId: order.id, amount: { amount: '5000' }, method: 'BANK_TRANSFER', paidAt: '2026-03-18T07:00:00Z' } })).recordPayment;
    expect(first).toMatchObject({ amount: { amount: '5000.00', currency: 'CNY' }, method: 'BANK_TRANSFER', order: { status: 'DELIVERED', amountPaid: { amount: '5000.00' }, amountDue: { amount: '4563.15' } } });

    // After the due date the rest is overdue, on the order, in the filter and in the customer's receivables.
    h.clock.set(new Date('2026-04-20T08:00:00Z'));
    const late = await gql<{ order: Record<string, any>; orders: { edges: { node: { id: string } }[] }; notOverdue: { edges: { node: { id: string } }[] } }>(
      `query($id: ID!, $c: ID!) { order(id: $id) { overdue dueDate customer { receivables { open { amount } overdue { amount } openOrders overdueOrders } } }
        orders(filter: { customerId: $c, overdue: true }) { edges { node { id } } }
        notOverdue: orders(filter: { customerId: $c, overdue: false }) { edges { node { id } } } }`,
      { id: order.id, c: customerId },
    );
    expect(late.order).toMatchObject({ overdue: true, dueDate: '2026-04-16', customer: { receivables: { open: { amount: '4563.15' }, overdue: { amount: '4563.15' }, openOrders: 1, overdueOrders: 1 } } });
    expect(late.orders.edges.map((e) => e.node.id)).toEqual([order.id]);
    expect(late.notOverdue.edges.map((e) => e.node.id)).not.toContain(order.id);

    const second = (await gql<{ recordPayment: Record<string, any> }>(PAY, { input: { orderId: order.id, amount: { amount: '4563.15' }, method: 'CARD' } })).recordPayment;
    expect(second.order).toMatchObject({ status: 'CLOSED', amountDue: { amount: '0.00' }, amountPaid: { amount: '9563.15' }, overdue: false, dueDate: null });
    expect(second.order.history.map((t: { to: string }) => t.to)).toEqual(['RECEIVED', 'APPROVED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED', 'CLOSED']);
    // The business dashboard's metrics moved with the approval.
    const metricsText = await (await fetch(h.platform.subgraphs.orders!.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(Number(/sales_orders_approved_total\{[^}]*\} (\d+)/.exec(metricsText)?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(/sales_revenue_approved_total\{[^}]*currency="CNY"[^}]*\} ([\d.]+)/.exec(metricsText)?.[1])).toBeGreaterThanOrEqual(9910);

    // Each event once, in order, with a contract-valid payload carrying what consumers need.
    const events = await expectPublished(h.platform, order.id, [
      OrderPlacedV1,
      OrderApprovedV1,
      OrderShippedV1,
      OrderShippedV1,
      OrderDeliveredV1,
      DeliveryLateV1,
      PaymentReceivedV1,
      PaymentReceivedV1,
    ]);
    const data = events.map((e) => e.data as Record<string, any>);
    expect(data[0]).toMatchObject({
      orderId: order.id,
      number: order.number,
      customerId,
      repId: REP,
      regionCode: 'CN-EAST',
      contractId: contract.id,
      total: { amount: '9910.00', currency: 'CNY' },
      lines: [
        { sku: 'PUMP-100', productLine: 'Pumps', quantity: 100, unitPrice: { amount: '90.00' }, unitCost: { amount: '60.00' }, amount: { amount: '9000.00' } },
        { sku: 'VALVE-20', productLine: 'Valves', quantity: 20, unitPrice: { amount: '45.50' }, unitCost: { amount: '30.25' }, amount: { amount: '910.00' } },
      ],
    });
    expect(data[1]).toMatchObject({ totalCost: { amount: '6605.00' }, grossMargin: { amount: '3305.00' }, approvedBy: approved.approvedBy });
    expect(data[2]).toMatchObject({ lines: [{ sku: 'PUMP-100', quantity: 60 }], carrier: 'SF Express', trackingNumber: 'SF100', fullyShipped: false });
    expect(data[3]).toMatchObject({ fullyShipped: true, carrier: 'ZTO' });
    expect(data[4]).toMatchObject({ deliveredAt: '2026-03-17T15:30:00.000Z', promisedBy: '2026-03-10', daysLate: 7, regionCode: 'CN-EAST' });
    expect(data[5]).toMatchObject({ skus: ['PUMP-100', 'VALVE-20'], daysLate: 7, penalty: { amount: '346.85', currency: 'CNY' } });
    expect(data[6]).toMatchObject({ amount: { amount: '5000.00' }, outstandingAfter: { amount: '4563.15' }, fullyPaid: false, dueDate: '2026-04-16' });
    expect(data[7]).toMatchObject({ amount: { amount: '4563.15' }, outstandingAfter: { amount: '0.00' }, fullyPaid: true });
    const contractEvents = await expectPublished(h.platform, contract.id, [ContractSignedV1]);
    expect(contractEvents[0]!.data).toMatchObject({ contractId: contract.id, customerId, version: 1, value: { amount: '54100.00' }, validFrom: '2026-01-01', validTo: '2026-12-31' });
    h.clock.set(new Date('2026-03-02T09:00:00Z'));
  });

  it('records a failed credit review and writes nothing else; a raised limit from customers events lets it pass', async () => {
    const customerId = await knownCustomer('1000.00');
    const small = await waitForCustomer(customerId, 'SEAL-1'); // 2.00
    await gql(APPROVE, { id: small }); // open receivables now 2.00
    const order = (await gql<{ placeOrder: { id: string } }>(PLACE, { input: { customerId, repId: REP, lines: [{ sku: 'PUMP-100', quantity: 10 }] } })).placeOrder; // 1000.00
    const failed = await gqlError(APPROVE, { id: order.id });
    expect(failed.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ORDER_REVIEW_FAILED',
      details: { currentStatus: 'RECEIVED', failures: [{ check: 'CREDIT', message: 'open receivables 2.00 CNY + this order 1000.00 CNY exceed the credit limit 1000.00 CNY' }] },
    });
    const after = (await gql<{ order: Record<string, any> }>(ORDER, { id: order.id })).order;
    expect(after).toMatchObject({ status: 'RECEIVED', approvedBy: null, reviews: [{ passed: false, failures: [{ check: 'CREDIT' }] }] });
    expect(after.history).toHaveLength(1);
    // A stale update (an older sequence) changes nothing; the newer one raises the limit.
    const update = (sequence: number, amount: string) =>
      publishTestEvent(h.platform, CustomerUpdatedV1, {
        aggregateId: customerId,
        sequence,
        data: { customerId, name: 'Renamed', regionCode: 'CN-EAST', ownerRepId: REP, creditLimit: { amount, currency: 'CNY' }, segment: 'A', at: new Date().toISOString() },
      });
    await update(3, '5000.00');
    await update(2, '10.00');
    const passed = await eventually(async () => {
      const res = await graphql<{ approveOrder: { status: string } }>(h.url, APPROVE, { id: order.id }, admin);
      return res.body.data?.approveOrder.status;
    });
    expect(passed).toBe('APPROVED');
    const reviews = (await gql<{ order: { reviews: { passed: boolean }[] } }>(ORDER, { id: order.id })).order.reviews;
    expect(reviews.at(-1)).toEqual({ passed: true, reviewer: expect.any(String), failures: [] });
    expect(reviews.filter((r) => r.passed)).toHaveLength(1);
    await expectPublished(h.platform, order.id, [OrderPlacedV1, OrderApprovedV1]);
  });

  it('checks catalog prices without a contract and refuses orders against an unsigned contract', async () => {
    const customerId = await knownCustomer(null);
    await waitForCustomer(customerId, 'SEAL-1');
    const offPrice = (await gql<{ placeOrder: { id: string } }>(PLACE, { input: { customerId, repId: REP, lines: [{ sku: 'VALVE-20', quantity: 1, unitPrice: { amount: '40.00' } }] } })).placeOrder;
    const priceErr = await gqlError(APPROVE, { id: offPrice.id });
    expect(priceErr.extensions.details.failures).toEqual([{ check: 'PRICE', message: 'VALVE-20 at 40.00 CNY differs from the catalog price 50.00 CNY' }]);
    const draft = (
      await gql<{ draftContract: { id: string } }>('mutation($input: DraftContractInput!) { draftContract(input: $input) { id } }', {
        input: {
          customerId,
          title: 'Unsigned',
          items: [{ sku: 'VALVE-20', quantity: 10, unitPrice: { amount: '48.00' } }],
          paymentTerms: { kind: 'PREPAID', prepaymentPercent: '30' },
          deliveryTerms: { deliverBy: '2026-06-01' },
          validFrom: '2026-01-01',
          validTo: '2026-12-31',
        },
      })
    ).draftContract;
    const underDraft = (await gql<{ placeOrder: { id: string; lines: { unitPrice: { amount: string } }[] } }>(PLACE, { input: { customerId, contractId: draft.id, repId: REP, lines: [{ sku: 'VALVE-20', quantity: 2 }] } })).placeOrder;
    expect(underDraft.lines[0]!.unitPrice.amount).toBe('48.00');
    const contractErr = await gqlError(APPROVE, { id: underDraft.id });
    expect(contractErr.extensions.details.failures).toEqual([{ check: 'CONTRACT', message: expect.stringMatching(/^contract CT-2026-\d{6} v1 is DRAFT, not signed$/) }]);
  });

  it('versions a contract on amendment, keeps the old one, and refuses orders on a superseded version', async () => {
    const customerId = await knownCustomer(null);
    await waitForCustomer(customerId, 'SEAL-1');
    const input = {
      customerId,
      title: 'Seals',
      items: [{ sku: 'SEAL-1', quantity: 1000, unitPrice: { amount: '1.80' } }],
      paymentTerms: { kind: 'INSTALLMENTS', installments: 3, netDays: 30 },
      deliveryTerms: { deliverBy: '2026-04-01' },
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
    };
    const v1 = (await gql<{ draftContract: { id: string } }>('mutation($input: DraftContractInput!) { draftContract(input: $input) { id } }', { input })).draftContract.id;
    for (const step of ['submitContract(id: $id)', 'approveContract(id: $id)', 'signContract(id: $id, signedBy: "Buyer")']) await gql(`mutation($id: ID!) { ${step} { status } }`, { id: v1 });
    const orderOnV1 = (await gql<{ placeOrder: { id: string } }>(PLACE, { input: { customerId, contractId: v1, repId: REP, lines: [{ sku: 'SEAL-1', quantity: 10 }] } })).placeOrder.id;
    const amended = (
      await gql<{ amendContract: Record<string, any> }>(`mutation($id: ID!, $input: AmendContractInput!) { amendContract(id: $id, input: $input) { ${CONTRACT_FIELDS} } }`, {
        id: v1,
        input: { items: [{ sku: 'SEAL-1', quantity: 2000, unitPrice: { amount: '1.70' } }] },
      })
    ).amendContract;
    expect(amended).toMatchObject({ version: 2, status: 'DRAFT', value: { amount: '3400.00' }, previousVersion: { id: v1, version: 1 }, paymentTerms: { kind: 'INSTALLMENTS', installments: 3, netDays: 30 } });
    const again = await gqlError('mutation($id: ID!) { amendContract(id: $id, input: { title: "again" }) { id } }', { id: v1 });
    expect(again.extensions).toMatchObject({ code: 'CONFLICT', reason: 'CONTRACT_ALREADY_AMENDED', details: { currentStatus: 'ACTIVE' } });
    for (const step of ['submitContract(id: $id)', 'approveContract(id: $id)', 'signContract(id: $id, signedBy: "Buyer")']) await gql(`mutation($id: ID!) { ${step} { status } }`, { id: amended.id });
    const old = (await gql<{ contract: Record<string, any> }>(`query($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} } }`, { id: v1 })).contract;
    expect(old).toMatchObject({ status: 'ACTIVE', version: 1, value: { amount: '1800.00' }, supersededBy: { id: amended.id, version: 2 }, versions: [{ version: 1, status: 'ACTIVE' }, { version: 2, status: 'ACTIVE' }] });
    const err = await gqlError(APPROVE, { id: orderOnV1 });
    expect(err.extensions.details.failures).toEqual([{ check: 'CONTRACT', message: expect.stringMatching(/v1 is superseded by v2$/) }]);
    // Installment terms: the first third falls due 30 days after approval.
    const onV2 = (await gql<{ placeOrder: { id: string } }>(PLACE, { input: { customerId, contractId: amended.id, repId: REP, lines: [{ sku: 'SEAL-1', quantity: 100 }] } })).placeOrder.id;
    const approved = (await gql<{ approveOrder: Record<string, any> }>(APPROVE, { id: onV2 })).approveOrder;
    expect(approved).toMatchObject({ total: { amount: '170.00' }, dueDate: '2026-04-01', amountDue: { amount: '170.00' } });
    const tooMany = (await gql<{ placeOrder: { id: string } }>(PLACE, { input: { customerId, contractId: amended.id, repId: REP, lines: [{ sku: 'SEAL-1', quantity: 1901 }] } })).placeOrder.id;
    const overErr = await gqlError(APPROVE, { id: tooMany });
    expect(overErr.extensions.details.failures).toEqual([{ check: 'CONTRACT', message: 'SEAL-1: 100 already ordered + 1901 exceed the 2000 contracted' }]);
    const filtered = await gql<{ contracts: { totalCount: number } }>('query($c: ID!) { contracts(filter: { customerId: $c, status: ACTIVE }) { totalCount } }', { c: customerId });
    expect(filtered.contracts.totalCount).toBe(2);
    // Terminating the current version publishes contract.terminated.
    const terminated = await gql<{ terminateContract: { status: string; history: { comment: string | null }[] } }>(
      'mutation($id: ID!) { terminateContract(id: $id, reason: "customer insolvent") { status history { comment } } }',
      { id: amended.id },
    );
    expect(terminated.terminateContract.status).toBe('TERMINATED');
    const events = await expectPublished(h.platform, amended.id, [ContractSignedV1, ContractTerminatedV1]);
    expect(events[1]!.data).toMatchObject({ contractId: amended.id, version: 2, reason: 'customer insolvent', value: { amount: '3400.00' } });
    const illegal = await gqlError('mutation($id: ID!) { signContract(id: $id, signedBy: "x") { status } }', { id: amended.id });
    expect(illegal.extensions).toMatchObject({ code: 'CONFLICT', reason: 'CONTRACT_ILLEGAL_TRANSITION', details: { currentStatus: 'TERMINATED' } });
  });

  it('brings a signed contract into force on its first day and expires it after its last (the sweep)', async () => {
    const customerId = await knownCustomer(null);
    await waitForCustomer(customerId, 'SEAL-1');
    const id = (
      await gql<{ draftContract: { id: string } }>('mutation($input: DraftContractInput!) { draftContract(input: $input) { id } }', {
        input: { customerId, title: 'April only', items: [{ sku: 'SEAL-1', quantity: 10, unitPrice: { amount: '2.00' } }], paymentTerms: { kind: 'NET' }, deliveryTerms: { deliverBy: '2026-04-15' }, validFrom: '2026-04-01', validTo: '2026-04-30' },
      })
    ).draftContract.id;
    for (const step of ['submitContract(id: $id)', 'approveContract(id: $id)']) await gql(`mutation($id: ID!) { ${step} { status } }`, { id });
    const signed = await gql<{ signContract: { status: string } }>('mutation($id: ID!) { signContract(id: $id, signedBy: "Buyer") { status } }', { id });
    expect(signed.signContract.status).toBe('SIGNED');
    const status = async () => (await gql<{ contract: { status: string; history: { to: string; actor: string }[] } }>('query($id: ID!) { contract(id: $id) { status history { to actor } } }', { id })).contract;
    const sweep = () => runContractSweep(h.platform.subgraphs.orders!.orm.em.fork(), { clock: h.clock });
    try {
      h.clock.set(new Date('2026-03-31T23:00:00Z'));
      await sweep();
      expect((await status()).status).toBe('SIGNED');
      h.clock.set(new Date('2026-04-01T00:30:00Z'));
      expect((await sweep()).activated).toBeGreaterThanOrEqual(1);
      expect((await status()).status).toBe('ACTIVE');
      h.clock.set(new Date('2026-05-01T00:30:00Z'));
      expect((await sweep()).expired).toBeGreaterThanOrEqual(1);
      const after = await status();
      expect(after.status).toBe('EXPIRED');
      expect(after.history.at(-1)).toEqual({ to: 'EXPIRED', actor: 'system:contract-sweep' });
      const again = await sweep();
      expect(again).toEqual({ activated: 0, expired: 0 });
    } finally {
      h.clock.set(new Date('2026-03-02T09:00:00Z'));
    }
  });

  it('holds a PREPAID order until the prepayment is in, then collects the rest after delivery', async () => {
    const customerId = await knownCustomer(null);
    await waitForCustomer(customerId, 'SEAL-1');
    const contractId = (
      await gql<{ draftContract: { id: string } }>('mutation($input: DraftContractInput!) { draftContract(input: $input) { id } }', {
        input: {
          customerId,
          title: 'Prepaid valves',
          items: [{ sku: 'VALVE-20', quantity: 100, unitPrice: { amount: '48.00' } }],
          paymentTerms: { kind: 'PREPAID', prepaymentPercent: '30', netDays: 10 },
          deliveryTerms: { deliverBy: '2026-06-01' },
          penaltyTerms: { lateDeliveryPercentPerDay: '1', capPercent: '10' },
          validFrom: '2026-01-01',
          validTo: '2026-12-31',
        },
      })
    ).draftContract.id;
    for (const step of ['submitContract(id: $id)', 'approveContract(id: $id)', 'signContract(id: $id, signedBy: "Buyer")']) await gql(`mutation($id: ID!) { ${step} { status } }`, { id: contractId });
    const id = (await gql<{ placeOrder: { id: string } }>(PLACE, { input: { customerId, contractId, repId: REP, lines: [{ sku: 'VALVE-20', quantity: 10 }] } })).placeOrder.id;
    const approved = (await gql<{ approveOrder: Record<string, any> }>(APPROVE, { id })).approveOrder;
    expect(approved).toMatchObject({ total: { amount: '480.00' }, amountDue: { amount: '480.00' }, dueDate: '2026-03-02' });
    const held = await gqlError(SHIP, { id, input: { carrier: 'SF' } });
    expect(held.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ORDER_AWAITING_PREPAYMENT', details: { currentStatus: 'APPROVED', prepaymentDue: '144.00' } });
    const prepaid = (await gql<{ recordPayment: { order: Record<string, any> } }>(PAY, { input: { orderId: id, amount: { amount: '144.00' }, method: 'BANK_TRANSFER' } })).recordPayment.order;
    expect(prepaid).toMatchObject({ status: 'APPROVED', amountDue: { amount: '336.00' }, dueDate: null });
    await gql(SHIP, { id, input: { carrier: 'SF' } });
    const delivered = (await gql<{ deliverOrder: Record<string, any> }>(DELIVER, { id })).deliverOrder;
    expect(delivered).toMatchObject({ status: 'DELIVERED', daysLate: 0, latePenalty: null, amountDue: { amount: '336.00' }, dueDate: '2026-03-12' });
    const closed = (await gql<{ recordPayment: { order: Record<string, any> } }>(PAY, { input: { orderId: id, amount: { amount: '336.00' }, method: 'BANK_TRANSFER' } })).recordPayment.order;
    expect(closed.status).toBe('CLOSED');
    await expectPublished(h.platform, id, [OrderPlacedV1, OrderApprovedV1, PaymentReceivedV1, OrderShippedV1, OrderDeliveredV1, PaymentReceivedV1]);
  });

  it('lets exactly one of two concurrent approvals pass, and publishes one approval', async () => {
    const customerId = await knownCustomer(null);
    const id = await waitForCustomer(customerId, 'SEAL-1');
    const results = await Promise.all([graphql(h.url, APPROVE, { id }, admin), graphql(h.url, APPROVE, { id }, admin)]);
    const ok = results.filter((r) => !r.body.errors);
    const refused = results.filter((r) => r.body.errors);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.body.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', details: { currentStatus: 'APPROVED' } });
    await expectPublished(h.platform, id, [OrderPlacedV1, OrderApprovedV1]);
  });

  it('rejects and cancels orders with their events', async () => {
    const customerId = await knownCustomer(null);
    const first = await waitForCustomer(customerId, 'SEAL-1');
    const rejected = await gql<{ rejectOrder: { status: string; history: { comment: string | null }[] } }>(
      'mutation($id: ID!) { rejectOrder(id: $id, reason: "duplicate") { status history { comment } } }',
      { id: first },
    );
    expect(rejected.rejectOrder.status).toBe('REJECTED');
    const [, rej] = await expectPublished(h.platform, first, [OrderPlacedV1, OrderRejectedV1]);
    expect(rej!.data).toMatchObject({ orderId: first, customerId, repId: REP, reason: 'duplicate' });
    const second = (await gql<{ placeOrder: { id: string } }>(PLACE, { input: { customerId, repId: REP, lines: [{ sku: 'VALVE-20', quantity: 4 }] } })).placeOrder.id;
    await gql(APPROVE, { id: second });
    const cancelled = await gql<{ cancelOrder: { status: string; amountDue: { amount: string } } }>('mutation($id: ID!) { cancelOrder(id: $id, reason: "budget cut") { status amountDue { amount } } }', { id: second });
    expect(cancelled.cancelOrder).toEqual({ status: 'CANCELLED', amountDue: { amount: '0.00' } });
    const [, , can] = await expectPublished(h.platform, second, [OrderPlacedV1, OrderApprovedV1, OrderCancelledV1]);
    expect(can!.data).toMatchObject({ wasApproved: true, approvedAt: expect.any(String), total: { amount: '200.00' }, grossMargin: { amount: '79.00' }, regionCode: 'CN-EAST', reason: 'budget cut' });
    const twice = await gqlError('mutation($id: ID!) { cancelOrder(id: $id, reason: "again") { status } }', { id: second });
    expect(twice.extensions).toMatchObject({ code: 'CONFLICT', details: { currentStatus: 'CANCELLED' } });
  });

  it('refuses bad input with BAD_USER_INPUT or NOT_FOUND and writes nothing', async () => {
    const customerId = await knownCustomer(null);
    await waitForCustomer(customerId, 'SEAL-1');
    const count = async () => (await gql<{ orders: { totalCount: number } }>('{ orders(first: 0) { totalCount } }')).orders.totalCount;
    const before = await count();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ lines: [{ sku: 'SEAL-1', quantity: 0 }] }, 'BAD_USER_INPUT', 'lines.0.quantity'],
      [{ lines: [{ sku: 'SEAL-1', quantity: -2 }] }, 'BAD_USER_INPUT', 'lines.0.quantity'],
      [{ lines: [{ sku: 'SEAL-1', quantity: 1, unitPrice: { amount: '-1.00' } }] }, 'BAD_USER_INPUT', 'lines.0.unitPrice'],
      [{ lines: [{ sku: 'SEAL-1', quantity: 1, unitPrice: { amount: '1.00', currency: 'USD' } }] }, 'BAD_USER_INPUT', 'lines.0.unitPrice'],
      [{ lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] }, 'NOT_FOUND', 'lines.0.sku'],
      [{ customerId: uuidv7() }, 'NOT_FOUND', 'customerId'],
      [{ contractId: uuidv7() }, 'NOT_FOUND', 'contractId'],
    ];
    for (const [patch, code, field] of cases) {
      const err = await gqlError(PLACE, { input: { customerId, repId: REP, lines: [{ sku: 'SEAL-1', quantity: 1 }], ...patch } });
      expect(err.extensions, JSON.stringify(patch)).toMatchObject({ code, field });
    }
    expect(await count()).toBe(before);
    const unknown = await gqlError(APPROVE, { id: uuidv7() });
    expect(unknown.extensions.code).toBe('NOT_FOUND');
    const pay = await gqlError(PAY, { input: { orderId: uuidv7(), amount: { amount: '0' }, method: 'CASH' } });
    expect(pay.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    const badContract = await gqlError('mutation($input: DraftContractInput!) { draftContract(input: $input) { id } }', {
      input: { customerId, title: 'x', items: [{ sku: 'SEAL-1', quantity: 1, unitPrice: { amount: '1' } }], paymentTerms: { kind: 'NET' }, deliveryTerms: { deliverBy: '2026-04-01' }, penaltyTerms: { lateDeliveryPercentPerDay: '1', capPercent: '150' }, validFrom: '2026-01-01', validTo: '2026-12-31' },
    });
    expect(badContract.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'penaltyTerms.capPercent' });
    const analyst = await signUserJwt({ sub: 'u-analyst', roles: ['analyst'] }, TEST_JWT_SECRET);
    const forbidden = await graphql(h.url, PLACE, { input: { customerId, repId: REP, lines: [{ sku: 'SEAL-1', quantity: 1 }] } }, bearer(analyst));
    expect(forbidden.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(await count()).toBe(before);
  });

  it('flags a backorder from supply-risk without changing the status, and answers federation fields', async () => {
    const customerId = await knownCustomer(null, 'CN-NORTH');
    const orderId = await waitForCustomer(customerId, 'SEAL-1');
    await gql(APPROVE, { id: orderId });
    await publishTestEvent(h.platform, InventoryReservationFailedV1, {
      aggregateId: orderId,
      sequence: 1,
      data: { orderId, sku: 'SEAL-1', requested: 1, available: 0, shortfall: 1, at: new Date().toISOString() },
    });
    const flagged = await eventually(async () => {
      const o = (await gql<{ order: { status: string; backorder: Record<string, any> | null } }>(ORDER, { id: orderId })).order;
      return o.backorder ? o : undefined;
    });
    expect(flagged).toMatchObject({ status: 'APPROVED', backorder: { reason: expect.stringContaining('SEAL-1'), shortfall: 1, lines: [{ sku: 'SEAL-1', shortfall: 1 }] } });
    // An older report for the same sku (redelivered late) and a sku not on the order change nothing.
    const processed = async (eventId: string) => {
      const em = h.platform.subgraphs.orders!.orm.em.fork();
      return eventually(async () => ((await em.count(InboxRecord, { consumer: 'orders.reservation-failed', eventId })) === 1 ? true : undefined));
    };
    const stale = await publishTestEvent(h.platform, InventoryReservationFailedV1, {
      aggregateId: orderId,
      sequence: 2,
      data: { orderId, sku: 'SEAL-1', requested: 1, available: -4, shortfall: 5, at: '2020-01-01T00:00:00.000Z' },
    });
    const foreign = await publishTestEvent(h.platform, InventoryReservationFailedV1, {
      aggregateId: orderId,
      sequence: 3,
      data: { orderId, sku: 'VALVE-20', requested: 9, available: 0, shortfall: 9, at: new Date().toISOString() },
    });
    await processed(stale.id);
    await processed(foreign.id);
    const still = (await gql<{ order: { backorder: Record<string, any> } }>(ORDER, { id: orderId })).order;
    expect(still.backorder).toMatchObject({ shortfall: 1, lines: [{ sku: 'SEAL-1', shortfall: 1 }] });
    const fed = await gql<{ order: Record<string, any> }>(
      `query($id: ID!) { order(id: $id) { customer { id orders(status: APPROVED) { totalCount edges { node { id number } } } contracts { totalCount }
          receivables { open { amount } overdue { amount } openOrders overdueOrders } }
        rep { id orders(first: 100) { edges { node { id } } } } } }`,
      { id: orderId },
    );
    expect(fed.order.customer).toMatchObject({
      id: customerId,
      orders: { totalCount: 1, edges: [{ node: { id: orderId, number: expect.stringMatching(/^SO-2026-/) } }] },
      contracts: { totalCount: 0 },
      receivables: { open: { amount: '2.00' }, overdue: { amount: '0.00' }, openOrders: 1, overdueOrders: 0 },
    });
    expect(fed.order.rep.orders.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(orderId);
    const byRep = await gql<{ orders: { edges: { node: { id: string } }[] } }>('query($r: ID!) { orders(filter: { repId: $r, status: APPROVED }, first: 100) { edges { node { id } } } }', { r: REP });
    expect(byRep.orders.edges.map((e) => e.node.id)).toContain(orderId);
    const window = await gql<{ orders: { totalCount: number } }>('{ orders(filter: { placedFrom: "2030-01-01T00:00:00Z" }) { totalCount } }');
    expect(window.orders.totalCount).toBe(0);
  });
});

// Use cases of the orders subgraph: each change and its outbox events commit in one transaction;
// input is validated before the transaction, so bad input writes nothing.
import type { EntityManager } from '@salesgraph/db';
import {
  ContractSignedV1,
  ContractTerminatedV1,
  DeliveryLateV1,
  OrderApprovedV1,
  OrderCancelledV1,
  OrderDeliveredV1,
  OrderPlacedV1,
  OrderRejectedV1,
  OrderShippedV1,
  PaymentReceivedV1,
  recordEvent,
  type CustomerCreatedV1,
  type CustomerUpdatedV1,
  type EventContract,
  type EventData,
  type InventoryReservationFailedV1,
} from '@salesgraph/events';
import { ConflictError, money, NotFoundError, parseMoneyInput, uuidv7, ValidationError, isUuid, type Clock } from '@salesgraph/kernel';
import { recordSalesFacts } from './analytics.service';
import { orderTotals } from './domain/calc';
import {
  contractValue,
  formatDocumentNumber,
  requireText,
  validateAmendment,
  validateDraftContract,
  type AmendContractInput,
  type ContractTerms,
  type DraftContractInput,
} from './domain/contract';
import { contractSweepAction, nextContractStatus, type ContractAction } from './domain/contract-status';
import { utcDate } from './domain/dates';
import { IllegalOrderTransition } from './domain/errors';
import {
  checkPayment,
  PAYMENT_METHODS,
  planShipment,
  receivable,
  reviewOrder,
  validatePlaceOrder,
  type PaymentMethod,
  type PlaceOrderInput,
  type ReviewFailure,
  type ShipOrderInput,
} from './domain/order';
import { canOrder, nextOrderStatus, RECEIVABLE_STATUSES, type OrderAction } from './domain/order-status';
import { DEFAULT_PAYMENT_TERMS, prepaymentShortfall } from './domain/payment-terms';
import { daysLate, latePenalty } from './domain/penalty';
import { validateCreateProduct, validateUpdateProduct, type CreateProductInput, type UpdateProductInput } from './domain/product';
import { Contract } from './infra/contract.entity';
import {
  contractTerms,
  loadPaymentTerms,
  loadPenaltyTerms,
  storeDeliveryTerms,
  storeItems,
  storePaymentTerms,
  storePenaltyTerms,
  storeQualityTerms,
} from './infra/mappers';
import { CustomerAccount, Order, OrderReview, Payment } from './infra/order.entity';
import { Product } from './infra/product.entity';
import type { StoredOrderLine } from './infra/records';

export interface OrdersDeps {
  currency: string;
  clock: Clock;
  source: string;
}

export interface Actor {
  subject: string;
}

export class SkuTaken extends ConflictError {
  override readonly code = 'SKU_TAKEN';
  constructor(sku: string) {
    super(`product ${sku} already exists`, { field: 'sku' });
  }
}

export class OrderReviewFailed extends ConflictError {
  override readonly code = 'ORDER_REVIEW_FAILED';
  constructor(status: string, failures: ReviewFailure[]) {
    super(`order review failed (order stays ${status}): ${failures.map((f) => f.message).join('; ')}`, { details: { currentStatus: status, failures } });
  }
}

export class AwaitingPrepayment extends ConflictError {
  override readonly code = 'ORDER_AWAITING_PREPAYMENT';
}

export class ContractNotInForce extends ConflictError {
  override readonly code = 'CONTRACT_NOT_IN_FORCE';
}

export class ContractAlreadyAmended extends ConflictError {
  override readonly code = 'CONTRACT_ALREADY_AMENDED';
}

// ---------------------------------------------------------------- catalog

export async function createProduct(em: EntityManager, deps: { currency: string; clock: Clock }, input: CreateProductInput): Promise<Product> {
  const cmd = validateCreateProduct(input, deps.currency);
  try {
    return await em.transactional(async (tx) => {
      if (await tx.count(Product, { sku: cmd.sku })) throw new SkuTaken(cmd.sku);
      return tx.create(Product, { ...cmd, active: true, createdAt: deps.clock.now(), updatedAt: null });
    });
  } catch (e) {
    // Two concurrent creations of one sku: the loser hits the primary key.
    if ((e as { name?: string }).name === 'UniqueConstraintViolationException') throw new SkuTaken(cmd.sku);
    throw e;
  }
}

export async function updateProduct(em: EntityManager, deps: { currency: string; clock: Clock }, sku: string, input: UpdateProductInput): Promise<Product> {
  const cmd = validateUpdateProduct(input, deps.currency);
  const key = sku.trim().toUpperCase();
  return em.transactional(async (tx) => {
    const product = await tx.findOne(Product, { sku: key });
    if (!product) throw new NotFoundError('Product', key, 'sku');
    tx.assign(product, { ...cmd, updatedAt: deps.clock.now() });
    return product;
  });
}

// ---------------------------------------------------------------- shared helpers

async function nextDocumentNumber(tx: EntityManager, prefix: 'SO' | 'CT', year: number): Promise<string> {
  const name = `${prefix}-${year}`;
  const conn = tx.getConnection();
  const trx = tx.getTransactionContext();
  await conn.execute('insert into document_counter (name, value) values (?, 0) on conflict (name) do nothing', [name], 'run', trx);
  // The UPDATE holds the row lock until commit, so concurrent placements get distinct numbers.
  const rows = (await conn.execute('update document_counter set value = value + 1 where name = ? returning value', [name], 'all', trx)) as { value: number | string }[];
  return formatDocumentNumber(prefix, year, Number(rows[0]!.value));
}

function recordOrderEvent<C extends EventContract>(tx: EntityManager, deps: OrdersDeps, contract: C, order: Order, data: EventData<C>, time: Date): void {
  order.revision += 1;
  recordEvent(tx, deps.source, contract, { aggregateId: order.id, sequence: order.revision, data, time });
}

function transition(action: string, from: string | null, to: string, actor: Actor, at: Date, comment: string | null = null) {
  return { from, to, action, actor: actor.subject, at: at.toISOString(), comment };
}

async function customerAccount(em: EntityManager, customerId: string, field = 'customerId'): Promise<CustomerAccount> {
  const customer = await em.findOne(CustomerAccount, { customerId });
  if (!customer) throw new NotFoundError('Customer', customerId, field);
  return customer;
}

async function productsBySku(em: EntityManager, skus: readonly string[], fieldOf: (i: number) => string): Promise<Map<string, Product>> {
  const rows = await em.find(Product, { sku: { $in: [...skus] } });
  const map = new Map(rows.map((p) => [p.sku, p]));
  skus.forEach((sku, i) => {
    if (!map.has(sku)) throw new NotFoundError('Product', sku, fieldOf(i));
  });
  return map;
}

function parseId(id: string, field: string, entity: string): string {
  if (!isUuid(id)) throw new NotFoundError(entity, id, field);
  return id.toLowerCase();
}

// ---------------------------------------------------------------- contracts

export async function draftContract(em: EntityManager, deps: OrdersDeps, actor: Actor, input: DraftContractInput): Promise<Contract> {
  const cmd = validateDraftContract(input, deps.currency);
  await customerAccount(em, cmd.customerId);
  await productsBySku(em, cmd.items.map((i) => i.sku), (i) => `items.${i}.sku`);
  return em.transactional(async (tx) => {
    const now = deps.clock.now();
    const number = await nextDocumentNumber(tx, 'CT', now.getUTCFullYear());
    return tx.create(Contract, {
      id: uuidv7(),
      number,
      version: 1,
      previousVersionId: null,
      supersededById: null,
      customerId: cmd.customerId,
      ...termsColumns(cmd),
      status: 'DRAFT',
      signedBy: null,
      signedAt: null,
      history: [transition('draft', null, 'DRAFT', actor, now)],
      createdBy: actor.subject,
      createdAt: now,
      updatedAt: now,
      revision: 1,
    });
  });
}

function termsColumns(t: ContractTerms) {
  return {
    title: t.title,
    items: storeItems(t.items),
    valueMinor: contractValue(t.items),
    paymentTerms: storePaymentTerms(t.paymentTerms),
    deliveryTerms: storeDeliveryTerms(t.deliveryTerms),
    qualityTerms: storeQualityTerms(t.qualityTerms),
    penaltyTerms: storePenaltyTerms(t.penaltyTerms),
    validFrom: t.validFrom,
    validTo: t.validTo,
  };
}

/** Loads a contract; inside a transaction pass `lock` to serialise concurrent changes (see loadOrder). */
async function loadContract(em: EntityManager, id: string, field = 'id', lock = false): Promise<Contract> {
  const key = parseId(id, field, 'Contract');
  if (lock) await em.getConnection().execute('update contract set revision = revision where id = ?', [key], 'run', em.getTransactionContext());
  const c = await em.findOne(Contract, { id: key }, lock ? { refresh: true } : {});
  if (!c) throw new NotFoundError('Contract', id, field);
  return c;
}

function contractEventData(c: Contract, currency: string, reason: string | null, at: Date) {
  return {
    contractId: c.id,
    customerId: c.customerId,
    version: c.version,
    value: money(BigInt(c.valueMinor), currency),
    validFrom: c.validFrom,
    validTo: c.validTo,
    reason,
    at: at.toISOString(),
  };
}

export interface ContractTransitionInput {
  comment?: string | null;
  reason?: string | null;
  signedBy?: string | null;
}

/** submit, approve, reject, sign, terminate, complete: one state change with its history entry (and event). */
export async function changeContract(em: EntityManager, deps: OrdersDeps, actor: Actor, id: string, action: ContractAction, input: ContractTransitionInput = {}): Promise<Contract> {
  const reason = action === 'reject' || action === 'terminate' ? requireText(input.reason, 'reason', 1000) : null;
  const signedBy = action === 'sign' ? requireText(input.signedBy, 'signedBy', 200) : null;
  const comment = input.comment == null || input.comment.trim() === '' ? null : requireText(input.comment, 'comment', 1000);
  return em.transactional(async (tx) => {
    const c = await loadContract(tx, id, 'id', true);
    const now = deps.clock.now();
    const today = utcDate(now);
    const to = nextContractStatus(c.status, action);
    if (action === 'sign' && today > c.validTo) throw new ContractNotInForce(`contract ${c.number} v${c.version} ended on ${c.validTo}; amend it before signing`, { field: 'id', details: { currentStatus: c.status } });
    const history = [...c.history, transition(action, c.status, to, actor, now, reason ?? comment)];
    c.status = to;
    c.updatedAt = now;
    c.revision += 1;
    if (action === 'sign') {
      c.signedBy = signedBy;
      c.signedAt = now;
      recordEvent(tx, deps.source, ContractSignedV1, { aggregateId: c.id, sequence: c.revision, time: now, data: contractEventData(c, deps.currency, null, now) });
      // A signed contract whose period has begun is in force at once.
      if (c.validFrom <= today) {
        c.status = nextContractStatus(c.status, 'activate');
        c.revision += 1;
        history.push(transition('activate', 'SIGNED', c.status, actor, now, `in force from ${c.validFrom}`));
      }
      if (c.previousVersionId) {
        const previous = await tx.findOne(Contract, { id: c.previousVersionId });
        if (previous) {
          previous.supersededById = c.id;
          previous.updatedAt = now;
          previous.history = [...previous.history, transition('supersede', previous.status, previous.status, actor, now, `superseded by version ${c.version}`)];
        }
      }
    }
    if (action === 'terminate') {
      recordEvent(tx, deps.source, ContractTerminatedV1, { aggregateId: c.id, sequence: c.revision, time: now, data: contractEventData(c, deps.currency, reason, now) });
    }
    c.history = history;
    return c;
  });
}

/** A new DRAFT version with the changed terms; the old version stays as it is until the new one is signed. */
export async function amendContract(em: EntityManager, deps: OrdersDeps, actor: Actor, id: string, input: AmendContractInput): Promise<Contract> {
  const current = await loadContract(em, id);
  nextContractStatus(current.status, 'amend');
  const terms = validateAmendment(contractTerms(current), input, deps.currency);
  if (input.items) await productsBySku(em, terms.items.map((i) => i.sku), (i) => `items.${i}.sku`);
  return em.transactional(async (tx) => {
    const c = await loadContract(tx, id, 'id', true);
    if (c.supersededById || (await tx.count(Contract, { previousVersionId: c.id }))) {
      throw new ContractAlreadyAmended(`contract ${c.number} v${c.version} already has a newer version`, { field: 'id', details: { currentStatus: c.status } });
    }
    const now = deps.clock.now();
    c.history = [...c.history, transition('amend', c.status, c.status, actor, now, `version ${c.version + 1} drafted`)];
    c.updatedAt = now;
    return tx.create(Contract, {
      id: uuidv7(),
      number: c.number,
      version: c.version + 1,
      previousVersionId: c.id,
      supersededById: null,
      customerId: c.customerId,
      ...termsColumns(terms),
      status: 'DRAFT',
      signedBy: null,
      signedAt: null,
      history: [transition('amend', null, 'DRAFT', actor, now, `amends version ${c.version}`)],
      createdBy: actor.subject,
      createdAt: now,
      updatedAt: now,
      revision: 1,
    });
  });
}

const SYSTEM: Actor = { subject: 'system:contract-sweep' };

/** The periodic sweep: brings signed contracts into force and lets lapsed ones expire. */
export async function runContractSweep(em: EntityManager, deps: { clock: Clock }): Promise<{ activated: number; expired: number }> {
  const now = deps.clock.now();
  const today = utcDate(now);
  const result = { activated: 0, expired: 0 };
  const candidates = await em.find(
    Contract,
    { $or: [{ status: 'SIGNED', validFrom: { $lte: today } }, { status: { $in: ['APPROVED', 'SIGNED', 'ACTIVE'] }, validTo: { $lt: today } }] },
    { orderBy: { id: 'asc' }, limit: 500 },
  );
  for (const candidate of candidates) {
    await em.fork().transactional(async (tx) => {
      const c = await tx.findOne(Contract, { id: candidate.id });
      const action = c && contractSweepAction(c.status, c.validFrom, c.validTo, today);
      if (!c || !action) return;
      const to = nextContractStatus(c.status, action);
      c.history = [...c.history, transition(action, c.status, to, SYSTEM, now, action === 'expire' ? `ended on ${c.validTo}` : `in force from ${c.validFrom}`)];
      c.status = to;
      c.updatedAt = now;
      c.revision += 1;
      result[action === 'expire' ? 'expired' : 'activated'] += 1;
    });
  }
  return result;
}

// ---------------------------------------------------------------- orders

function lineMoney(l: StoredOrderLine, currency: string) {
  const unitPrice = BigInt(l.unitPriceMinor);
  const unitCost = BigInt(l.unitCostMinor);
  return {
    sku: l.sku,
    productLine: l.productLine,
    quantity: l.quantity,
    unitPrice: money(unitPrice, currency),
    unitCost: money(unitCost, currency),
    amount: money(unitPrice * BigInt(l.quantity), currency),
  };
}

export function totalsOf(o: Order) {
  return orderTotals(o.lines.map((l) => ({ quantity: l.quantity, unitPriceMinor: BigInt(l.unitPriceMinor), unitCostMinor: BigInt(l.unitCostMinor) })));
}

function orderSnapshot(o: Order, currency: string, at: Date) {
  return {
    orderId: o.id,
    number: o.number,
    customerId: o.customerId,
    repId: o.repId,
    regionCode: o.regionCode,
    contractId: o.contractId ?? null,
    lines: o.lines.map((l) => lineMoney(l, currency)),
    total: money(BigInt(o.totalMinor), currency),
    requestedDeliveryDate: o.requestedDeliveryDate ?? null,
    at: at.toISOString(),
  };
}

function refreshReceivable(o: Order): void {
  const r = receivable({
    open: o.status !== 'REJECTED' && o.status !== 'CANCELLED',
    terms: loadPaymentTerms(o.paymentTerms),
    totalMinor: BigInt(o.totalMinor),
    penaltyMinor: BigInt(o.penaltyMinor),
    paidMinor: BigInt(o.paidMinor),
    approvedOn: o.approvedAt ? utcDate(o.approvedAt) : null,
    deliveredOn: o.deliveredAt ? utcDate(o.deliveredAt) : null,
  });
  o.amountDueMinor = r.amountDueMinor;
  o.dueDate = r.dueDate;
}

function move(o: Order, action: OrderAction, actor: Actor, at: Date, comment: string | null = null): void {
  const to = nextOrderStatus(o.status, action);
  o.history = [...o.history, transition(action, o.status, to, actor, at, comment)];
  o.status = to;
}

export async function placeOrder(em: EntityManager, deps: OrdersDeps, actor: Actor, input: PlaceOrderInput): Promise<Order> {
  const cmd = validatePlaceOrder(input, deps.currency);
  const customer = await customerAccount(em, cmd.customerId);
  const contract = cmd.contractId ? await loadContract(em, cmd.contractId, 'contractId') : null;
  const products = await productsBySku(em, cmd.lines.map((l) => l.sku), (i) => `lines.${i}.sku`);
  const contractItems = new Map((contract?.items ?? []).map((i) => [i.sku, BigInt(i.unitPriceMinor)]));
  const lines: StoredOrderLine[] = cmd.lines.map((l) => {
    const p = products.get(l.sku)!;
    const price = l.unitPriceMinor ?? contractItems.get(l.sku) ?? BigInt(p.unitPriceMinor);
    return {
      sku: l.sku,
      name: p.name,
      productLine: p.productLine,
      quantity: l.quantity,
      shippedQuantity: 0,
      unitPriceMinor: price.toString(),
      unitCostMinor: (p.unitCostMinor == null ? 0n : BigInt(p.unitCostMinor)).toString(),
    };
  });
  const totals = orderTotals(lines.map((l) => ({ quantity: l.quantity, unitPriceMinor: BigInt(l.unitPriceMinor), unitCostMinor: BigInt(l.unitCostMinor) })));
  return em.transactional(async (tx) => {
    const now = deps.clock.now();
    const order = tx.create(Order, {
      id: uuidv7(),
      number: await nextDocumentNumber(tx, 'SO', now.getUTCFullYear()),
      customerId: cmd.customerId,
      repId: cmd.repId,
      regionCode: customer.regionCode,
      contractId: contract?.id ?? null,
      status: 'RECEIVED',
      lines,
      totalMinor: totals.totalMinor,
      totalCostMinor: totals.totalCostMinor,
      requestedDeliveryDate: cmd.requestedDeliveryDate,
      promisedBy: contract?.deliveryTerms.deliverBy ?? cmd.requestedDeliveryDate,
      paymentTerms: contract?.paymentTerms ?? storePaymentTerms(DEFAULT_PAYMENT_TERMS),
      penaltyTerms: contract?.penaltyTerms ?? null,
      placedAt: now,
      placedBy: actor.subject,
      approvedAt: null,
      approvedBy: null,
      deliveredAt: null,
      closedAt: null,
      reason: null,
      shipments: [],
      history: [transition('place', null, 'RECEIVED', actor, now)],
      daysLate: 0,
      penaltyMinor: 0n,
      paidMinor: 0n,
      amountDueMinor: totals.totalMinor,
      dueDate: null,
      backorder: null,
      revision: 0,
    });
    recordOrderEvent(tx, deps, OrderPlacedV1, order, orderSnapshot(order, deps.currency, now), now);
    return order;
  });
}

/**
 * Loads an order inside a transaction after taking its row lock (a no-op UPDATE locks the row on
 * PostgreSQL and takes the write lock on SQLite), so concurrent changes of one order serialise
 * and each sees the other's result: two approvals cannot both pass.
 */
async function loadOrder(tx: EntityManager, id: string, field = 'id'): Promise<Order> {
  const key = parseId(id, field, 'Order');
  await tx.getConnection().execute('update sales_order set revision = revision where id = ?', [key], 'run', tx.getTransactionContext());
  const o = await tx.findOne(Order, { id: key }, { refresh: true });
  if (!o) throw new NotFoundError('Order', id, field);
  return o;
}

/** Open receivables of a customer: what approved, unsettled orders still owe. */
export async function openReceivables(em: EntityManager, customerId: string, excludeOrderId?: string): Promise<bigint> {
  const rows = await em.find(Order, { customerId, status: { $in: [...RECEIVABLE_STATUSES] }, ...(excludeOrderId ? { id: { $ne: excludeOrderId } } : {}) }, { fields: ['amountDueMinor'] });
  return rows.reduce((sum, o) => sum + BigInt(o.amountDueMinor), 0n);
}

/** Units per sku on the contract's other orders that passed review and were not cancelled. */
async function orderedUnderContract(em: EntityManager, contractId: string, excludeOrderId: string): Promise<Map<string, number>> {
  const rows = await em.find(Order, { contractId, id: { $ne: excludeOrderId }, status: { $in: [...RECEIVABLE_STATUSES, 'CLOSED'] } }, { fields: ['lines'] });
  const out = new Map<string, number>();
  for (const o of rows) for (const l of o.lines) out.set(l.sku, (out.get(l.sku) ?? 0) + l.quantity);
  return out;
}

/**
 * The review: contract, prices, catalog and credit. A failed review commits only its own
 * record (who reviewed, when, what failed) and then reports CONFLICT with every failure.
 */
export async function approveOrder(em: EntityManager, deps: OrdersDeps, actor: Actor, id: string): Promise<Order> {
  const outcome = await em.transactional(async (tx) => {
    const o = await loadOrder(tx, id);
    if (!canOrder(o.status, 'approve')) throw new IllegalOrderTransition(o.status, 'approve');
    const now = deps.clock.now();
    const contract = o.contractId ? await tx.findOne(Contract, { id: o.contractId }) : null;
    const superseding = contract?.supersededById ? await tx.findOne(Contract, { id: contract.supersededById }) : null;
    const products = await tx.find(Product, { sku: { $in: o.lines.map((l) => l.sku) } });
    const customer = await tx.findOne(CustomerAccount, { customerId: o.customerId });
    const failures = reviewOrder({
      customerId: o.customerId,
      placedOn: utcDate(o.placedAt),
      lines: o.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPriceMinor: BigInt(l.unitPriceMinor) })),
      totalMinor: BigInt(o.totalMinor),
      contract: contract
        ? {
            number: contract.number,
            version: contract.version,
            customerId: contract.customerId,
            status: contract.status,
            validFrom: contract.validFrom,
            validTo: contract.validTo,
            supersededBy: superseding?.version ?? null,
            items: contract.items.map((i) => ({ sku: i.sku, quantity: i.quantity, unitPriceMinor: BigInt(i.unitPriceMinor) })),
            alreadyOrdered: await orderedUnderContract(tx, contract.id, o.id),
          }
        : null,
      catalog: new Map(products.map((p) => [p.sku, { unitPriceMinor: BigInt(p.unitPriceMinor), active: p.active }])),
      credit: { limitMinor: customer?.creditLimitMinor == null ? null : BigInt(customer.creditLimitMinor), openReceivablesMinor: await openReceivables(tx, o.customerId, o.id) },
      currency: deps.currency,
    });
    tx.create(OrderReview, { id: uuidv7(), orderId: o.id, reviewer: actor.subject, at: now, passed: failures.length === 0, failures });
    if (failures.length) return { failures, status: o.status };
    move(o, 'approve', actor, now);
    o.approvedAt = now;
    o.approvedBy = actor.subject;
    refreshReceivable(o);
    recordSalesFacts(tx, o, 'APPROVED', now);
    const t = totalsOf(o);
    recordOrderEvent(
      tx,
      deps,
      OrderApprovedV1,
      o,
      { ...orderSnapshot(o, deps.currency, now), approvedBy: actor.subject, totalCost: money(t.totalCostMinor, deps.currency), grossMargin: money(t.grossMarginMinor, deps.currency) },
      now,
    );
    return { order: o };
  });
  if (!outcome.order) throw new OrderReviewFailed(outcome.status!, outcome.failures!);
  return outcome.order;
}

export async function rejectOrder(em: EntityManager, deps: OrdersDeps, actor: Actor, id: string, reasonInput: string): Promise<Order> {
  const reason = requireText(reasonInput, 'reason', 1000);
  return em.transactional(async (tx) => {
    const o = await loadOrder(tx, id);
    const now = deps.clock.now();
    move(o, 'reject', actor, now, reason);
    o.reason = reason;
    refreshReceivable(o);
    recordOrderEvent(tx, deps, OrderRejectedV1, o, { orderId: o.id, customerId: o.customerId, repId: o.repId, reason, at: now.toISOString() }, now);
    return o;
  });
}

export async function cancelOrder(em: EntityManager, deps: OrdersDeps, actor: Actor, id: string, reasonInput: string): Promise<Order> {
  const reason = requireText(reasonInput, 'reason', 1000);
  return em.transactional(async (tx) => {
    const o = await loadOrder(tx, id);
    const now = deps.clock.now();
    const wasApproved = o.status === 'APPROVED';
    move(o, 'cancel', actor, now, reason);
    o.reason = reason;
    refreshReceivable(o);
    // Approved sales are taken back on the cancellation's own day; the approval day stays as reported.
    if (wasApproved) recordSalesFacts(tx, o, 'CANCELLED', now);
    const t = totalsOf(o);
    recordOrderEvent(
      tx,
      deps,
      OrderCancelledV1,
      o,
      {
        orderId: o.id,
        customerId: o.customerId,
        repId: o.repId,
        regionCode: o.regionCode,
        lines: o.lines.map((l) => lineMoney(l, deps.currency)),
        total: money(t.totalMinor, deps.currency),
        grossMargin: money(t.grossMarginMinor, deps.currency),
        wasApproved,
        approvedAt: o.approvedAt ? o.approvedAt.toISOString() : null,
        reason,
        at: now.toISOString(),
      },
      now,
    );
    return o;
  });
}

export async function shipOrder(em: EntityManager, deps: OrdersDeps, actor: Actor, id: string, input: ShipOrderInput): Promise<Order> {
  return em.transactional(async (tx) => {
    const o = await loadOrder(tx, id);
    if (!canOrder(o.status, 'ship part of')) throw new IllegalOrderTransition(o.status, 'ship');
    const plan = planShipment(o.lines, input);
    const unpaid = prepaymentShortfall(loadPaymentTerms(o.paymentTerms), BigInt(o.totalMinor), BigInt(o.paidMinor));
    if (unpaid > 0n) {
      throw new AwaitingPrepayment(`the order is prepaid: ${money(unpaid, deps.currency).amount} ${deps.currency} of the prepayment is still unpaid`, {
        details: { currentStatus: o.status, prepaymentDue: money(unpaid, deps.currency).amount },
      });
    }
    const now = deps.clock.now();
    const shipmentId = uuidv7();
    const shipped = new Map(plan.lines.map((l) => [l.sku, l.quantity]));
    o.lines = o.lines.map((l) => ({ ...l, shippedQuantity: l.shippedQuantity + (shipped.get(l.sku) ?? 0) }));
    o.shipments = [...o.shipments, { id: shipmentId, carrier: plan.carrier, trackingNumber: plan.trackingNumber, lines: plan.lines, shippedAt: now.toISOString(), deliveredAt: null }];
    move(o, plan.completes ? 'ship the rest of' : 'ship part of', actor, now, `shipment ${shipmentId} by ${plan.carrier}`);
    recordOrderEvent(
      tx,
      deps,
      OrderShippedV1,
      o,
      { orderId: o.id, customerId: o.customerId, shipmentId, lines: plan.lines, carrier: plan.carrier, trackingNumber: plan.trackingNumber, fullyShipped: plan.completes, at: now.toISOString() },
      now,
    );
    return o;
  });
}

function closeIfSettled(o: Order, actor: Actor, now: Date): void {
  if (o.status === 'DELIVERED' && BigInt(o.amountDueMinor) === 0n) {
    move(o, 'close', actor, now, 'delivered and fully paid');
    o.closedAt = now;
  }
}

export async function deliverOrder(em: EntityManager, deps: OrdersDeps, actor: Actor, id: string, deliveredAtInput?: Date | null): Promise<Order> {
  const now = deps.clock.now();
  const deliveredAt = deliveredAtInput ?? now;
  if (deliveredAt.getTime() > now.getTime() + 60_000) throw new ValidationError('deliveredAt', 'deliveredAt must not be in the future');
  return em.transactional(async (tx) => {
    const o = await loadOrder(tx, id);
    if (!canOrder(o.status, 'deliver')) throw new IllegalOrderTransition(o.status, 'deliver');
    const lastShipped = o.shipments.reduce((max, s) => (s.shippedAt > max ? s.shippedAt : max), '');
    if (lastShipped && deliveredAt.toISOString() < lastShipped) throw new ValidationError('deliveredAt', `deliveredAt must not be before the last shipment left (${lastShipped})`);
    move(o, 'deliver', actor, now);
    o.deliveredAt = deliveredAt;
    o.shipments = o.shipments.map((s) => (s.deliveredAt ? s : { ...s, deliveredAt: deliveredAt.toISOString() }));
    const days = daysLate(o.promisedBy ?? null, deliveredAt);
    const penalty = latePenalty(BigInt(o.totalMinor), days, loadPenaltyTerms(o.penaltyTerms));
    o.daysLate = days;
    o.penaltyMinor = penalty;
    refreshReceivable(o);
    recordOrderEvent(
      tx,
      deps,
      OrderDeliveredV1,
      o,
      { orderId: o.id, customerId: o.customerId, repId: o.repId, regionCode: o.regionCode, deliveredAt: deliveredAt.toISOString(), promisedBy: o.promisedBy ?? null, daysLate: days },
      now,
    );
    if (days > 0) {
      recordOrderEvent(
        tx,
        deps,
        DeliveryLateV1,
        o,
        { orderId: o.id, customerId: o.customerId, repId: o.repId, skus: o.lines.map((l) => l.sku), daysLate: days, penalty: money(penalty, deps.currency), at: now.toISOString() },
        now,
      );
    }
    closeIfSettled(o, actor, now);
    return o;
  });
}

export interface RecordPaymentInput {
  orderId: string;
  amount: { amount: string; currency?: string | null };
  paidAt?: Date | null;
  method: string;
  reference?: string | null;
}

export async function recordPayment(em: EntityManager, deps: OrdersDeps, actor: Actor, input: RecordPaymentInput): Promise<{ payment: Payment; order: Order }> {
  const amountMinor = parseMoneyInput(input.amount, deps.currency, 'amount', { allowZero: false });
  if (!(PAYMENT_METHODS as readonly string[]).includes(input.method)) throw new ValidationError('method', `method must be one of ${PAYMENT_METHODS.join(', ')}`);
  const now = deps.clock.now();
  const paidAt = input.paidAt ?? now;
  if (paidAt.getTime() > now.getTime() + 60_000) throw new ValidationError('paidAt', 'paidAt must not be in the future');
  const reference = input.reference == null || input.reference.trim() === '' ? null : requireText(input.reference, 'reference', 100);
  return em.transactional(async (tx) => {
    const o = await loadOrder(tx, input.orderId, 'orderId');
    if (!canOrder(o.status, 'record a payment on')) throw new IllegalOrderTransition(o.status, 'record a payment on');
    checkPayment(amountMinor, BigInt(o.amountDueMinor), o.status, deps.currency);
    const payment = tx.create(Payment, {
      id: uuidv7(),
      orderId: o.id,
      customerId: o.customerId,
      amountMinor,
      paidAt,
      method: input.method as PaymentMethod,
      reference,
      recordedBy: actor.subject,
      recordedAt: now,
    });
    o.paidMinor = BigInt(o.paidMinor) + amountMinor;
    const dueBefore = o.dueDate ?? null;
    refreshReceivable(o);
    const outstanding = BigInt(o.amountDueMinor);
    recordOrderEvent(
      tx,
      deps,
      PaymentReceivedV1,
      o,
      {
        paymentId: payment.id,
        orderId: o.id,
        customerId: o.customerId,
        repId: o.repId,
        regionCode: o.regionCode,
        amount: money(amountMinor, deps.currency),
        paidAt: paidAt.toISOString(),
        dueDate: dueBefore,
        outstandingAfter: money(outstanding, deps.currency),
        fullyPaid: outstanding === 0n,
      },
      now,
    );
    closeIfSettled(o, actor, now);
    return { payment, order: o };
  });
}

// ---------------------------------------------------------------- consumers

type CustomerCreated = EventData<typeof CustomerCreatedV1>;
type CustomerUpdated = EventData<typeof CustomerUpdatedV1>;

/** Keeps the local customer directory (credit limit, region) at the newest announced state. */
export async function applyCustomer(em: EntityManager, data: CustomerCreated | CustomerUpdated, sequence: number, currency: string): Promise<void> {
  if (data.creditLimit && data.creditLimit.currency !== currency) throw new Error(`credit limit in ${data.creditLimit.currency}, deployment currency is ${currency}`);
  const limit = data.creditLimit ? parseMoneyInput({ amount: data.creditLimit.amount }, currency, 'creditLimit') : null;
  const existing = await em.findOne(CustomerAccount, { customerId: data.customerId });
  if (existing && existing.sequence >= sequence) return;
  const values = { name: data.name, regionCode: data.regionCode, ownerRepId: data.ownerRepId, creditLimitMinor: limit, sequence, updatedAt: new Date() };
  if (existing) em.assign(existing, values);
  else em.create(CustomerAccount, { customerId: data.customerId, ...values });
}

type ReservationFailed = EventData<typeof InventoryReservationFailedV1>;

/** Flags the order as backordered for the sku (the newest report per sku wins); the status is unchanged. */
export async function applyReservationFailed(em: EntityManager, data: ReservationFailed): Promise<void> {
  if (!isUuid(data.orderId)) return;
  const o = await em.findOne(Order, { id: data.orderId.toLowerCase() });
  // An order this service does not hold, or a sku not on it, is not ours to flag.
  if (!o || !o.lines.some((l) => l.sku === data.sku)) return;
  const lines = [...(o.backorder?.lines ?? [])];
  const i = lines.findIndex((l) => l.sku === data.sku);
  const line = { sku: data.sku, requested: data.requested, available: data.available, shortfall: data.shortfall, at: data.at };
  if (i >= 0) {
    if (lines[i]!.at > data.at) return;
    lines[i] = line;
  } else lines.push(line);
  const reason = lines.map((l) => `${l.sku}: ${l.requested} requested, ${l.available} available`).join('; ');
  o.backorder = { reason: `insufficient stock (${reason})`, lines };
}

// Use cases of the customers subgraph: each change and its events commit in one transaction.
import { LockMode } from '@mikro-orm/core';
import { isPostgres, type EntityManager } from '@salesgraph/db';
import {
  ComplaintFiledV1,
  ComplaintResolvedV1,
  CustomerChurnRiskChangedV1,
  CustomerCreatedV1,
  CustomerLifecycleChangedV1,
  CustomerReassignedV1,
  CustomerUpdatedV1,
  OpportunityLostV1,
  OpportunityWonV1,
  recordEvent,
  SatisfactionRecordedV1,
} from '@salesgraph/events';
import { canSeeRow, type RowScope } from '@salesgraph/auth';
import { ForbiddenError, isUuid, money, NotFoundError, parseMoneyInput, uuidv7, ValidationError, type Clock } from '@salesgraph/kernel';
import { churnRisk } from './domain/churn';
import { complaintTransition, isOpen, isOverdue, slaDueAt, validateComplaint, validateSatisfaction, type FileComplaintInput } from './domain/complaint';
import {
  generateCustomerCode,
  validateCreateCustomer,
  validateRepId,
  validateUpdateCustomer,
  type Contact,
  type CreateCustomerInput,
  type UpdateCustomerInput,
} from './domain/customer';
import { ruleLifecycleMove, validateManualMove, type LifecycleStage } from './domain/lifecycle';
import { isClosedStage, validateDate, validateStageMove, validateTitle } from './domain/opportunity';
import { rfmScore, SEGMENTS, type Segment } from './domain/segmentation';
import { DAY_MS, daysBetween, type CustomersSettings } from './domain/settings';
import { ContactEmailIndex } from './infra/contact-index.entity';
import { Customer } from './infra/customer.entity';
import type { PiiCipher } from './infra/pii';
import { piiCipherFromEnv } from './config';
import { Complaint, Interaction, LifecycleChange, Opportunity, SatisfactionSurvey } from './infra/crm.entities';
import { CustomerProduct, OrderFact, SupplyAlert } from './infra/read-model.entities';

export interface CustomersDeps {
  currency: string;
  clock: Clock;
  source: string;
  settings: CustomersSettings;
  /** Encrypts contacts at rest; required by the use cases that write contacts. */
  pii?: PiiCipher;
  /** The caller's rows (absent: every row, e.g. consumers and the sweep). */
  scope?: RowScope;
}

/** A row outside the caller's rows is answered as if it did not exist. */
function assertVisible(deps: CustomersDeps, c: Customer, entity: string, id: string, field: string): void {
  if (deps.scope && !canSeeRow(deps.scope, c)) throw new NotFoundError(entity, id, field);
}

/** A change whose result would lie outside the caller's rows (another rep's, another region's) is refused. */
function assertMayOwn(deps: CustomersDeps, row: { ownerRepId: string; regionCode: string }, field: string): void {
  if (deps.scope && !canSeeRow(deps.scope, row)) throw new ForbiddenError(`${field}: the row would be outside your own customers, team or region`, { field });
}

let envPii: PiiCipher | undefined;
/** The cipher of the deps, else the one the environment configures (direct calls, e.g. jobs and tests). */
const cipherOf = (deps: CustomersDeps): PiiCipher => deps.pii ?? (envPii ??= piiCipherFromEnv());

/** Contacts as stored: name, email and phone encrypted. */
function sealContacts(deps: CustomersDeps, contacts: Contact[]): Contact[] {
  const pii = cipherOf(deps);
  return contacts.map((c) => ({ ...c, name: pii.encrypt(c.name), email: pii.encrypt(c.email), phone: pii.encrypt(c.phone) }));
}

async function indexContactEmails(tx: EntityManager, deps: CustomersDeps, customerId: string, contacts: Contact[], replace: boolean): Promise<void> {
  if (replace) await tx.nativeDelete(ContactEmailIndex, { customerId });
  const hashes = new Set(contacts.filter((c) => c.email).map((c) => cipherOf(deps).emailIndex(c.email!)));
  for (const emailHash of hashes) tx.create(ContactEmailIndex, { customerId, emailHash });
}

/** Loads a customer for change, locking its row on PostgreSQL so concurrent consumers serialise. */
async function lockCustomer(tx: EntityManager, deps: CustomersDeps, id: string, field = 'customerId'): Promise<Customer> {
  const customer = isUuid(id) ? await tx.findOne(Customer, { id: id.toLowerCase() }, isPostgres(tx) ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}) : null;
  if (!customer) throw new NotFoundError('Customer', id, field);
  assertVisible(deps, customer, 'Customer', id, field);
  return customer;
}

function creditLimitOf(c: Customer, currency: string) {
  return c.creditLimitMinor == null ? null : money(BigInt(c.creditLimitMinor), currency);
}

function nextSequence(c: Customer): number {
  c.version += 1;
  return c.version;
}

function emitUpdated(tx: EntityManager, deps: CustomersDeps, c: Customer, now: Date): void {
  recordEvent(tx, deps.source, CustomerUpdatedV1, {
    aggregateId: c.id,
    sequence: nextSequence(c),
    time: now,
    data: { customerId: c.id, name: c.name, regionCode: c.regionCode, ownerRepId: c.ownerRepId, creditLimit: creditLimitOf(c, deps.currency), segment: c.segment, at: now.toISOString() },
  });
}

function moveLifecycle(tx: EntityManager, deps: CustomersDeps, c: Customer, to: LifecycleStage, reason: string, manual: boolean, now: Date, actor: string | null): void {
  const from = c.lifecycleStage;
  tx.create(LifecycleChange, { id: uuidv7(), customerId: c.id, fromStage: from, toStage: to, reason, manual, actor, at: now });
  c.lifecycleStage = to;
  c.lifecycleChangedAt = now;
  recordEvent(tx, deps.source, CustomerLifecycleChangedV1, {
    aggregateId: c.id,
    sequence: nextSequence(c),
    time: now,
    data: { customerId: c.id, ownerRepId: c.ownerRepId, regionCode: c.regionCode, from, to, reason, manual, at: now.toISOString() },
  });
}

// ---------------------------------------------------------------------------------------
// Customer record

export async function createCustomer(em: EntityManager, deps: CustomersDeps, input: CreateCustomerInput, actor: string | null = null): Promise<Customer> {
  const cmd = validateCreateCustomer(input, deps.currency);
  assertMayOwn(deps, cmd, 'ownerRepId');
  const contacts = sealContacts(deps, cmd.contacts);
  for (let attempt = 0; ; attempt++) {
    try {
      return await em.transactional(async (tx) => {
        const now = deps.clock.now();
        const customer = tx.create(Customer, {
          id: uuidv7(),
          code: generateCustomerCode(),
          name: cmd.name,
          kind: cmd.kind,
          regionCode: cmd.regionCode,
          ownerRepId: cmd.ownerRepId,
          creditLimitMinor: cmd.creditLimitMinor,
          industry: cmd.industry,
          tags: cmd.tags,
          contacts,
          lifecycleStage: 'LEAD',
          lifecycleChangedAt: now,
          createdAt: now,
          updatedAt: now,
          version: 0,
        });
        recordEvent(tx, deps.source, CustomerCreatedV1, {
          aggregateId: customer.id,
          sequence: nextSequence(customer),
          time: now,
          data: {
            customerId: customer.id,
            code: customer.code,
            name: customer.name,
            kind: customer.kind,
            regionCode: customer.regionCode,
            ownerRepId: customer.ownerRepId,
            creditLimit: creditLimitOf(customer, deps.currency),
            createdAt: now.toISOString(),
          },
        });
        await indexContactEmails(tx, deps, customer.id, cmd.contacts, false);
        tx.create(LifecycleChange, { id: uuidv7(), customerId: customer.id, fromStage: null, toStage: 'LEAD', reason: 'created', manual: false, actor, at: now });
        recordEvent(tx, deps.source, CustomerLifecycleChangedV1, {
          aggregateId: customer.id,
          sequence: nextSequence(customer),
          time: now,
          data: { customerId: customer.id, ownerRepId: customer.ownerRepId, regionCode: customer.regionCode, from: null, to: 'LEAD', reason: 'created', manual: false, at: now.toISOString() },
        });
        return customer;
      });
    } catch (e) {
      // A generated code collided with an existing one (1 in 32^8): draw again.
      if (attempt < 3 && (e as { name?: string }).name === 'UniqueConstraintViolationException') continue;
      throw e;
    }
  }
}

export async function updateCustomer(em: EntityManager, deps: CustomersDeps, id: string, input: UpdateCustomerInput): Promise<Customer> {
  const cmd = validateUpdateCustomer(input, deps.currency);
  return em.transactional(async (tx) => {
    const c = await lockCustomer(tx, deps, id, 'id');
    const now = deps.clock.now();
    if (cmd.name !== undefined) c.name = cmd.name;
    if (cmd.kind !== undefined) c.kind = cmd.kind;
    if (cmd.regionCode !== undefined) c.regionCode = cmd.regionCode;
    if (cmd.industry !== undefined) c.industry = cmd.industry;
    if (cmd.creditLimitMinor !== undefined) c.creditLimitMinor = cmd.creditLimitMinor;
    if (cmd.tags !== undefined) c.tags = cmd.tags;
    if (cmd.regionCode !== undefined) assertMayOwn(deps, c, 'regionCode');
    if (cmd.contacts !== undefined) {
      c.contacts = sealContacts(deps, cmd.contacts);
      await indexContactEmails(tx, deps, c.id, cmd.contacts, true);
    }
    c.updatedAt = now;
    emitUpdated(tx, deps, c, now);
    return c;
  });
}

export async function reassignCustomer(em: EntityManager, deps: CustomersDeps, customerId: string, ownerRepId: string): Promise<Customer> {
  const toRepId = validateRepId(ownerRepId);
  return em.transactional(async (tx) => {
    const c = await lockCustomer(tx, deps, customerId);
    if (c.ownerRepId === toRepId) return c;
    assertMayOwn(deps, { ownerRepId: toRepId, regionCode: c.regionCode }, 'ownerRepId');
    const now = deps.clock.now();
    const fromRepId = c.ownerRepId;
    c.ownerRepId = toRepId;
    c.updatedAt = now;
    recordEvent(tx, deps.source, CustomerReassignedV1, {
      aggregateId: c.id,
      sequence: nextSequence(c),
      time: now,
      data: { customerId: c.id, regionCode: c.regionCode, fromRepId, toRepId, at: now.toISOString() },
    });
    return c;
  });
}

export async function setCustomerSegment(em: EntityManager, deps: CustomersDeps, customerId: string, segment: string | null, reason: string | null): Promise<Customer> {
  if (segment !== null && !(SEGMENTS as readonly string[]).includes(segment)) throw new ValidationError('segment', `segment must be one of ${SEGMENTS.join(', ')}`);
  const why = reason?.trim() || null;
  if (segment !== null && !why) throw new ValidationError('reason', 'a segment override needs a reason');
  if (why && why.length > 500) throw new ValidationError('reason', 'reason must be at most 500 characters');
  return em.transactional(async (tx) => {
    const c = await lockCustomer(tx, deps, customerId);
    const now = deps.clock.now();
    c.segmentOverride = segment as Segment | null;
    c.segmentOverrideReason = segment === null ? null : why;
    const before = c.segment;
    c.segment = (segment as Segment | null) ?? c.computedSegment;
    c.updatedAt = now;
    if (before !== c.segment) emitUpdated(tx, deps, c, now);
    return c;
  });
}

export async function changeLifecycleStage(em: EntityManager, deps: CustomersDeps, customerId: string, stage: string, reason: string, actor: string | null): Promise<Customer> {
  return em.transactional(async (tx) => {
    const c = await lockCustomer(tx, deps, customerId);
    const move = validateManualMove(c.lifecycleStage, stage, reason);
    const now = deps.clock.now();
    moveLifecycle(tx, deps, c, move.to, move.reason, true, now, actor);
    c.updatedAt = now;
    return c;
  });
}

// ---------------------------------------------------------------------------------------
// Re-evaluation: profile, RFM segment, churn risk and rule-based lifecycle in one place.

export interface RefreshOutcome {
  lifecycleMoved: boolean;
  levelChanged: boolean;
}

/** Recomputes a (locked) customer's derived state from the read model and emits what changed. */
export async function refreshCustomer(tx: EntityManager, deps: CustomersDeps, c: Customer, now: Date, newOrder = false): Promise<RefreshOutcome> {
  const s = deps.settings;
  const facts = await tx.find(OrderFact, { customerId: c.id });
  const live = facts.filter((f) => f.status === 'APPROVED' && f.approvedAt);
  const orderTimes = live.map((f) => f.approvedAt!);
  c.orderCount = live.length;
  c.lifetimeValueMinor = live.reduce((sum, f) => sum + BigInt(f.totalMinor), 0n);
  c.firstOrderAt = orderTimes.length ? new Date(Math.min(...orderTimes.map((d) => d.getTime()))) : null;
  c.lastOrderAt = orderTimes.length ? new Date(Math.max(...orderTimes.map((d) => d.getTime()))) : null;
  c.openReceivablesMinor = live.reduce((sum, f) => {
    if (f.fullyPaid) return sum;
    const total = BigInt(f.totalMinor);
    const after = f.outstandingAfterPaymentMinor == null ? total : BigInt(f.outstandingAfterPaymentMinor);
    return sum + (after < total ? after : total);
  }, 0n);
  const lateSince = now.getTime() - 180 * DAY_MS;
  c.lateDeliveryCount = facts.filter((f) => f.status !== 'CANCELLED' && f.daysLate > 0 && (f.lateAt ?? f.deliveredAt ?? now).getTime() >= lateSince).length;

  const complaints = await tx.find(Complaint, { customerId: c.id });
  c.complaintCount = complaints.length;
  c.openComplaintCount = complaints.filter((k) => isOpen(k.status)).length;
  c.overdueComplaintCount = complaints.filter((k) => isOverdue(k.status, k.dueAt, now)).length;

  const skus = new Set((await tx.find(CustomerProduct, { customerId: c.id })).map((p) => p.sku));
  const alerts = await tx.find(SupplyAlert, { open: true });
  c.openSupplyAlertCount = alerts.filter((a) => a.customerIds.includes(c.id) || a.skus.some((k) => skus.has(k))).length;

  const risk = churnRisk({
    now,
    orderTimes,
    openComplaints: c.openComplaintCount,
    overdueComplaints: c.overdueComplaintCount,
    lastCsat: c.lastCsat ?? null,
    lastNps: c.lastNps ?? null,
    lateDeliveriesLast180Days: c.lateDeliveryCount,
    openSupplyAlerts: c.openSupplyAlertCount,
    defaultOrderIntervalDays: s.defaultOrderIntervalDays,
  });
  const previousLevel = c.churnLevel;
  const levelChanged = risk.level !== previousLevel;
  c.churnScore = risk.score;
  c.churnLevel = risk.level;
  c.churnReasons = risk.reasons;
  c.churnEvaluatedAt = now;

  const rfm = rfmScore(
    {
      daysSinceLastOrder: c.lastOrderAt ? daysBetween(c.lastOrderAt, now) : null,
      ordersLast365Days: orderTimes.filter((d) => d.getTime() > now.getTime() - 365 * DAY_MS).length,
      lifetimeValueMinor: c.lifetimeValueMinor,
    },
    s.rfm,
  );
  c.rfmRecency = rfm.recency;
  c.rfmFrequency = rfm.frequency;
  c.rfmMonetary = rfm.monetary;
  c.computedSegment = rfm.segment;
  const segmentBefore = c.segment;
  c.segment = c.segmentOverride ?? rfm.segment;

  if (levelChanged) {
    recordEvent(tx, deps.source, CustomerChurnRiskChangedV1, {
      aggregateId: c.id,
      sequence: nextSequence(c),
      time: now,
      data: { customerId: c.id, ownerRepId: c.ownerRepId, regionCode: c.regionCode, score: risk.score, level: risk.level, previousLevel, reasons: risk.reasons, at: now.toISOString() },
    });
  }
  const move = ruleLifecycleMove({ stage: c.lifecycleStage, lastOrderAt: c.lastOrderAt ?? null, churnLevel: risk.level, now, newOrder }, s);
  if (move) moveLifecycle(tx, deps, c, move.to, move.reason, false, now, null);
  if (segmentBefore !== c.segment) emitUpdated(tx, deps, c, now);
  c.updatedAt = now;
  return { lifecycleMoved: Boolean(move), levelChanged };
}

async function refreshById(tx: EntityManager, deps: CustomersDeps, customerId: string, now: Date, newOrder = false): Promise<void> {
  const c = await tx.findOne(Customer, { id: customerId }, isPostgres(tx) ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (c) await refreshCustomer(tx, deps, c, now, newOrder);
}

// ---------------------------------------------------------------------------------------
// Read model from orders and supply-risk events. Status events (approved, cancelled) carry
// the order's sequence: a lower or equal one than applied is stale and ignored. Delivery
// and payment facts only ever grow (days late, paid), so they merge in any order.

async function factFor(tx: EntityManager, orderId: string, customerId: string, now: Date): Promise<OrderFact> {
  return (await tx.findOne(OrderFact, { orderId })) ?? tx.create(OrderFact, { orderId, customerId, status: 'UNKNOWN', sequence: 0, updatedAt: now });
}

export interface OrderApprovedData {
  orderId: string;
  customerId: string;
  total: { amount: string; currency: string };
  lines: { sku: string }[];
  at: string;
}

export async function applyOrderApproved(tx: EntityManager, deps: CustomersDeps, data: OrderApprovedData, sequence: number): Promise<void> {
  const now = deps.clock.now();
  const fact = await factFor(tx, data.orderId, data.customerId, now);
  if (fact.sequence >= sequence) return;
  const wasApproved = fact.status === 'APPROVED';
  fact.status = 'APPROVED';
  fact.sequence = sequence;
  fact.totalMinor = parseMoneyInput(data.total, data.total.currency, 'total');
  fact.approvedAt = new Date(data.at);
  fact.skus = [...new Set(data.lines.map((l) => l.sku))];
  fact.updatedAt = now;
  const known = new Set((await tx.find(CustomerProduct, { customerId: data.customerId, sku: { $in: fact.skus } })).map((p) => p.sku));
  for (const sku of fact.skus) if (!known.has(sku)) tx.create(CustomerProduct, { customerId: data.customerId, sku });
  await tx.flush();
  await refreshById(tx, deps, data.customerId, now, !wasApproved);
}

export async function applyOrderCancelled(tx: EntityManager, deps: CustomersDeps, data: { orderId: string; customerId: string }, sequence: number): Promise<void> {
  const now = deps.clock.now();
  const fact = await factFor(tx, data.orderId, data.customerId, now);
  if (fact.sequence >= sequence) return;
  fact.status = 'CANCELLED';
  fact.sequence = sequence;
  fact.updatedAt = now;
  await tx.flush();
  await refreshById(tx, deps, data.customerId, now);
}

export async function applyOrderDelivered(tx: EntityManager, deps: CustomersDeps, data: { orderId: string; customerId: string; deliveredAt: string; daysLate: number }): Promise<void> {
  const now = deps.clock.now();
  const fact = await factFor(tx, data.orderId, data.customerId, now);
  fact.deliveredAt = new Date(data.deliveredAt);
  fact.daysLate = Math.max(fact.daysLate, data.daysLate);
  fact.updatedAt = now;
  await tx.flush();
  await refreshById(tx, deps, data.customerId, now);
}

export async function applyDeliveryLate(tx: EntityManager, deps: CustomersDeps, data: { orderId: string; customerId: string; daysLate: number; at: string }): Promise<void> {
  const now = deps.clock.now();
  const fact = await factFor(tx, data.orderId, data.customerId, now);
  fact.daysLate = Math.max(fact.daysLate, data.daysLate);
  if (!fact.lateAt) fact.lateAt = new Date(data.at);
  fact.updatedAt = now;
  await tx.flush();
  await refreshById(tx, deps, data.customerId, now);
}

export async function applyPaymentReceived(
  tx: EntityManager,
  deps: CustomersDeps,
  data: { orderId: string; customerId: string; outstandingAfter: { amount: string; currency: string }; fullyPaid: boolean },
): Promise<void> {
  const now = deps.clock.now();
  const fact = await factFor(tx, data.orderId, data.customerId, now);
  // Payments only reduce what is outstanding, so the smallest remainder heard of is the latest.
  const after = parseMoneyInput(data.outstandingAfter, data.outstandingAfter.currency, 'outstandingAfter', { allowNegative: true });
  const current = fact.outstandingAfterPaymentMinor == null ? null : BigInt(fact.outstandingAfterPaymentMinor);
  fact.outstandingAfterPaymentMinor = current === null || after < current ? after : current;
  fact.fullyPaid = fact.fullyPaid || data.fullyPaid;
  fact.updatedAt = now;
  await tx.flush();
  await refreshById(tx, deps, data.customerId, now);
}

export interface AlertData {
  alertId: string;
  rule: string;
  severity: string;
  skus: string[];
  customerIds: string[];
  message: string;
}

export async function applySupplyAlert(tx: EntityManager, deps: CustomersDeps, data: AlertData, sequence: number, open: boolean): Promise<void> {
  const now = deps.clock.now();
  const existing = await tx.findOne(SupplyAlert, { alertId: data.alertId });
  if (existing && existing.sequence >= sequence) return;
  const row = existing ?? tx.create(SupplyAlert, { alertId: data.alertId, open, severity: data.severity, rule: data.rule, message: data.message.slice(0, 2000), sequence, updatedAt: now });
  Object.assign(row, { open, severity: data.severity, rule: data.rule, skus: data.skus, customerIds: data.customerIds.map((id) => id.toLowerCase()), message: data.message.slice(0, 2000), sequence, updatedAt: now });
  await tx.flush();
  const affected = new Set(row.customerIds);
  if (data.skus.length) for (const p of await tx.find(CustomerProduct, { sku: { $in: data.skus } })) affected.add(p.customerId);
  for (const id of [...affected].sort()) await refreshById(tx, deps, id, now);
}

// ---------------------------------------------------------------------------------------
// Interactions and pipeline

export const INTERACTION_TYPES = ['CALL', 'VISIT', 'EMAIL', 'MEETING'] as const;

export interface RecordInteractionInput {
  customerId: string;
  type: string;
  occurredAt: Date | string;
  summary: string;
  outcome?: string | null;
  repId: string;
}

export async function recordInteraction(em: EntityManager, deps: CustomersDeps, input: RecordInteractionInput): Promise<Interaction> {
  if (!(INTERACTION_TYPES as readonly string[]).includes(input.type)) throw new ValidationError('type', `type must be one of ${INTERACTION_TYPES.join(', ')}`);
  const occurredAt = new Date(input.occurredAt);
  if (Number.isNaN(occurredAt.getTime())) throw new ValidationError('occurredAt', 'occurredAt must be a date-time');
  if (occurredAt.getTime() > deps.clock.now().getTime() + 5 * 60_000) throw new ValidationError('occurredAt', 'occurredAt must not be in the future');
  const summary = input.summary.trim();
  if (!summary || summary.length > 2000) throw new ValidationError('summary', 'summary must be 1-2000 characters');
  const outcome = input.outcome?.trim() || null;
  if (outcome && outcome.length > 2000) throw new ValidationError('outcome', 'outcome must be at most 2000 characters');
  const repId = validateRepId(input.repId, 'repId');
  return em.transactional(async (tx) => {
    const c = await lockCustomer(tx, deps, input.customerId);
    if (repId !== c.ownerRepId) assertMayOwn(deps, { ownerRepId: repId, regionCode: c.regionCode }, 'repId');
    return tx.create(Interaction, { id: uuidv7(), customerId: c.id, type: input.type, occurredAt, summary, outcome, repId, createdAt: deps.clock.now() });
  });
}

export interface CreateOpportunityInput {
  customerId: string;
  title: string;
  amount: { amount: string; currency?: string | null };
  expectedCloseDate: string;
  ownerRepId?: string | null;
}

export async function createOpportunity(em: EntityManager, deps: CustomersDeps, input: CreateOpportunityInput): Promise<Opportunity> {
  const title = validateTitle(input.title);
  const amountMinor = parseMoneyInput(input.amount, deps.currency, 'amount');
  const expectedCloseDate = validateDate(input.expectedCloseDate, 'expectedCloseDate');
  const ownerRepId = input.ownerRepId ? validateRepId(input.ownerRepId) : null;
  return em.transactional(async (tx) => {
    const c = await lockCustomer(tx, deps, input.customerId);
    if (ownerRepId && ownerRepId !== c.ownerRepId) assertMayOwn(deps, { ownerRepId, regionCode: c.regionCode }, 'ownerRepId');
    const now = deps.clock.now();
    return tx.create(Opportunity, {
      id: uuidv7(),
      customerId: c.id,
      title,
      amountMinor,
      expectedCloseDate,
      ownerRepId: ownerRepId ?? c.ownerRepId,
      stage: 'QUALIFICATION',
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
  });
}

export async function moveOpportunity(em: EntityManager, deps: CustomersDeps, id: string, stage: string, lostReason: string | null | undefined): Promise<Opportunity> {
  return em.transactional(async (tx) => {
    const o = isUuid(id) ? await tx.findOne(Opportunity, { id: id.toLowerCase() }, isPostgres(tx) ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}) : null;
    if (!o) throw new NotFoundError('Opportunity', id, 'id');
    const owner = await tx.findOne(Customer, { id: o.customerId });
    if (!owner) throw new NotFoundError('Opportunity', id, 'id');
    assertVisible(deps, owner, 'Opportunity', id, 'id');
    const move = validateStageMove(o.stage, stage, lostReason);
    const now = deps.clock.now();
    o.stage = move.to;
    o.lostReason = move.lostReason;
    o.updatedAt = now;
    o.version += 1;
    if (isClosedStage(move.to)) {
      o.closedAt = now;
      const c = await tx.findOneOrFail(Customer, { id: o.customerId });
      recordEvent(tx, deps.source, move.to === 'WON' ? OpportunityWonV1 : OpportunityLostV1, {
        aggregateId: o.id,
        sequence: o.version,
        time: now,
        data: { opportunityId: o.id, customerId: o.customerId, ownerRepId: o.ownerRepId, regionCode: c.regionCode, amount: money(BigInt(o.amountMinor), deps.currency), closedAt: now.toISOString(), lostReason: move.lostReason },
      });
    }
    return o;
  });
}

// ---------------------------------------------------------------------------------------
// Satisfaction and complaints

export interface RecordSatisfactionInput {
  customerId: string;
  csat?: number | null;
  nps?: number | null;
  comment?: string | null;
  orderId?: string | null;
}

export async function recordSatisfaction(em: EntityManager, deps: CustomersDeps, input: RecordSatisfactionInput): Promise<SatisfactionSurvey> {
  const v = validateSatisfaction(input);
  if (input.orderId && !isUuid(input.orderId)) throw new ValidationError('orderId', 'orderId must be an Order id');
  return em.transactional(async (tx) => {
    const c = await lockCustomer(tx, deps, input.customerId);
    const now = deps.clock.now();
    const survey = tx.create(SatisfactionSurvey, { id: uuidv7(), customerId: c.id, orderId: input.orderId?.toLowerCase() ?? null, csat: v.csat, nps: v.nps, comment: v.comment, at: now });
    c.lastCsat = v.csat;
    c.lastNps = v.nps;
    c.lastSatisfactionAt = now;
    recordEvent(tx, deps.source, SatisfactionRecordedV1, {
      aggregateId: survey.id,
      sequence: 1,
      time: now,
      data: { surveyId: survey.id, customerId: c.id, ownerRepId: c.ownerRepId, orderId: survey.orderId ?? null, csat: v.csat, nps: v.nps, at: now.toISOString() },
    });
    await refreshCustomer(tx, deps, c, now);
    return survey;
  });
}

function complaintEventData(k: Complaint, c: Customer, now: Date) {
  return { complaintId: k.id, customerId: k.customerId, ownerRepId: c.ownerRepId, orderId: k.orderId ?? null, category: k.category, severity: k.severity, dueAt: k.dueAt.toISOString(), at: now.toISOString() };
}

export async function fileComplaint(em: EntityManager, deps: CustomersDeps, input: FileComplaintInput): Promise<Complaint> {
  const v = validateComplaint(input);
  if (input.orderId && !isUuid(input.orderId)) throw new ValidationError('orderId', 'orderId must be an Order id');
  return em.transactional(async (tx) => {
    const c = await lockCustomer(tx, deps, input.customerId);
    const now = deps.clock.now();
    const k = tx.create(Complaint, {
      id: uuidv7(),
      customerId: c.id,
      orderId: input.orderId?.toLowerCase() ?? null,
      category: v.category,
      severity: v.severity,
      description: v.description,
      status: 'OPEN',
      dueAt: slaDueAt(now, v.severity, deps.settings.complaintSlaHours),
      overdue: false,
      filedAt: now,
      version: 1,
    });
    recordEvent(tx, deps.source, ComplaintFiledV1, { aggregateId: k.id, sequence: k.version, time: now, data: complaintEventData(k, c, now) });
    await tx.flush();
    await refreshCustomer(tx, deps, c, now);
    return k;
  });
}

export async function transitionComplaint(em: EntityManager, deps: CustomersDeps, id: string, action: 'start' | 'resolve' | 'close', resolution?: string | null): Promise<Complaint> {
  const text = resolution?.trim() ?? '';
  if (action === 'resolve' && (!text || text.length > 4000)) throw new ValidationError('resolution', 'resolution must be 1-4000 characters');
  return em.transactional(async (tx) => {
    const k = isUuid(id) ? await tx.findOne(Complaint, { id: id.toLowerCase() }) : null;
    if (!k) throw new NotFoundError('Complaint', id, 'id');
    const c = await lockCustomer(tx, deps, k.customerId, 'id').catch((e: unknown) => {
      throw e instanceof NotFoundError ? new NotFoundError('Complaint', id, 'id') : e;
    });
    const now = deps.clock.now();
    k.status = complaintTransition(k.status, action);
    k.version += 1;
    if (action === 'start') k.startedAt = now;
    if (action === 'close') k.closedAt = now;
    if (action === 'resolve') {
      k.resolution = text;
      k.resolvedAt = now;
      // Resolved after its due time: it stays marked overdue (it broke the SLA).
      k.overdue = k.overdue || now.getTime() > k.dueAt.getTime();
      recordEvent(tx, deps.source, ComplaintResolvedV1, {
        aggregateId: k.id,
        sequence: k.version,
        time: now,
        data: { ...complaintEventData(k, c, now), resolution: text, overdue: k.overdue },
      });
    }
    await tx.flush();
    await refreshCustomer(tx, deps, c, now);
    return k;
  });
}

// ---------------------------------------------------------------------------------------
// The periodic sweep: complaints past their SLA, then the time-based customer rules.

export interface SweepResult {
  complaintsMarkedOverdue: number;
  customersEvaluated: number;
  lifecycleMoves: number;
  churnLevelChanges: number;
}

export async function runCustomerSweep(em: EntityManager, deps: CustomersDeps, now: Date = deps.clock.now()): Promise<SweepResult> {
  const result: SweepResult = { complaintsMarkedOverdue: 0, customersEvaluated: 0, lifecycleMoves: 0, churnLevelChanges: 0 };
  const late = await em.fork().find(Complaint, { status: { $in: ['OPEN', 'IN_PROGRESS'] }, overdue: false, dueAt: { $lt: now } }, { fields: ['customerId'] });
  // Per customer, its newly overdue complaints and its re-evaluation commit together.
  for (const customerId of [...new Set(late.map((k) => k.customerId))].sort()) {
    await em.fork().transactional(async (tx) => {
      const c = await tx.findOne(Customer, { id: customerId }, isPostgres(tx) ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
      for (const k of await tx.find(Complaint, { customerId, overdue: false, status: { $in: ['OPEN', 'IN_PROGRESS'] }, dueAt: { $lt: now } })) {
        k.overdue = true;
        result.complaintsMarkedOverdue += 1;
      }
      if (!c) return;
      await tx.flush();
      const out = await refreshCustomer(tx, deps, c, now);
      result.customersEvaluated += 1;
      if (out.lifecycleMoved) result.lifecycleMoves += 1;
      if (out.levelChanged) result.churnLevelChanges += 1;
    });
  }
  // Customers whose state depends on time (orders or open complaints) and that were not
  // evaluated recently (events and the step above re-evaluate at once).
  const stale = new Date(now.getTime() - deps.settings.reevaluateAfterHours * 3_600_000);
  let after: string | null = null;
  for (;;) {
    const batch: Pick<Customer, 'id'>[] = await em.fork().find(
      Customer,
      {
        ...(after ? { id: { $gt: after } } : {}),
        $or: [
          { lastOrderAt: { $ne: null }, $or: [{ churnEvaluatedAt: null }, { churnEvaluatedAt: { $lt: stale } }] },
          { openComplaintCount: { $gt: 0 }, $or: [{ churnEvaluatedAt: null }, { churnEvaluatedAt: { $lt: stale } }] },
        ],
      },
      { fields: ['id'], orderBy: { id: 'asc' }, limit: 200 },
    );
    if (!batch.length) break;
    for (const { id } of batch) {
      await em.fork().transactional(async (tx) => {
        const c = await tx.findOne(Customer, { id }, isPostgres(tx) ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
        if (!c) return;
        const out = await refreshCustomer(tx, deps, c, now);
        result.customersEvaluated += 1;
        if (out.lifecycleMoved) result.lifecycleMoves += 1;
        if (out.levelChanged) result.churnLevelChanges += 1;
      });
    }
    after = batch.at(-1)!.id;
  }
  return result;
}

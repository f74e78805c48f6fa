// Handlers of other domains' events: each runs in the inbox transaction, so a redelivered event
// is applied once; `sequence` per aggregate makes stale or reordered events harmless.
import { parseDecimal, uuidv7, type Clock } from '@salesgraph/kernel';
import type { EntityManager } from '@salesgraph/db';
import type { CustomerCreatedV1, CustomerReassignedV1, EventData, OrderApprovedV1, OrderCancelledV1, PaymentReceivedV1, SatisfactionRecordedV1 } from '@salesgraph/events';
import { accrueCommission, clawBackOrder } from './commissions.service';
import { monthOf } from './domain/period';
import { OrderCredit, PaymentFact, SalesFact, SatisfactionFact } from './infra/actuals.entity';
import { CustomerOwnership, SalesRep } from './infra/sales-rep.entity';

const minor = (m: { amount: string }) => parseDecimal(m.amount, 2, 'amount');

/** Approved revenue and margin are credited per line to the rep, team, region, product line and month. */
export async function applyOrderApproved(em: EntityManager, clock: Clock, data: EventData<typeof OrderApprovedV1>, sequence: number): Promise<void> {
  const credit = await em.findOne(OrderCredit, { orderId: data.orderId });
  const now = clock.now();
  if (credit) {
    // Already credited, or cancelled by a later event that arrived first: nothing to add.
    if (credit.sequence < sequence) credit.sequence = sequence;
    return;
  }
  em.create(OrderCredit, { orderId: data.orderId, status: 'APPROVED', sequence, repId: data.repId, updatedAt: now });
  const rep = await em.findOne(SalesRep, { id: data.repId });
  const at = new Date(data.at);
  const month = monthOf(at);
  let revenue = 0n;
  data.lines.forEach((line, i) => {
    const amount = minor(line.amount);
    const margin = amount - minor(line.unitCost) * BigInt(line.quantity);
    revenue += amount;
    em.create(SalesFact, {
      id: uuidv7(),
      orderId: data.orderId,
      lineNo: i + 1,
      kind: 'APPROVED',
      repId: data.repId,
      teamId: rep?.teamId ?? null,
      regionCode: data.regionCode.toUpperCase(),
      productLine: line.productLine,
      month,
      revenue: amount,
      margin,
      at,
    });
  });
  await em.flush();
  await accrueCommission(em, { basis: 'BOOKED', repId: data.repId, orderId: data.orderId, paymentId: null, amount: revenue, at, now });
}

/** A cancelled approved order is reversed in the approval's month; commissions are clawed back. */
export async function applyOrderCancelled(em: EntityManager, clock: Clock, data: EventData<typeof OrderCancelledV1>, sequence: number): Promise<void> {
  const credit = await em.findOne(OrderCredit, { orderId: data.orderId });
  const now = clock.now();
  if (!credit) {
    // Cancelled before (or without) the approval reaching us: the approval, older, will be ignored.
    em.create(OrderCredit, { orderId: data.orderId, status: 'CANCELLED', sequence, repId: data.repId, updatedAt: now });
    return;
  }
  if (credit.status === 'CANCELLED' || credit.sequence >= sequence) return;
  credit.status = 'CANCELLED';
  credit.sequence = sequence;
  credit.updatedAt = now;
  const facts = await em.find(SalesFact, { orderId: data.orderId, kind: 'APPROVED' });
  for (const f of facts) {
    em.create(SalesFact, {
      id: uuidv7(),
      orderId: f.orderId,
      lineNo: f.lineNo,
      kind: 'REVERSED',
      repId: f.repId,
      teamId: f.teamId ?? null,
      regionCode: f.regionCode,
      productLine: f.productLine,
      month: f.month,
      revenue: -f.revenue,
      margin: -f.margin,
      at: new Date(data.at),
    });
  }
  await clawBackOrder(em, data.orderId, new Date(data.at), data.reason, now);
}

export async function applyPaymentReceived(em: EntityManager, clock: Clock, data: EventData<typeof PaymentReceivedV1>): Promise<void> {
  if (await em.findOne(PaymentFact, { paymentId: data.paymentId })) return;
  const paidAt = new Date(data.paidAt);
  const amount = minor(data.amount);
  em.create(PaymentFact, { paymentId: data.paymentId, orderId: data.orderId, repId: data.repId, regionCode: data.regionCode.toUpperCase(), amount, month: monthOf(paidAt), paidAt });
  await em.flush();
  const credit = await em.findOne(OrderCredit, { orderId: data.orderId });
  if (credit?.status === 'CANCELLED') return;
  await accrueCommission(em, { basis: 'COLLECTED', repId: data.repId, orderId: data.orderId, paymentId: data.paymentId, amount, at: paidAt, now: clock.now() });
}

export async function applySatisfactionRecorded(em: EntityManager, data: EventData<typeof SatisfactionRecordedV1>): Promise<void> {
  if (await em.findOne(SatisfactionFact, { surveyId: data.surveyId })) return;
  const at = new Date(data.at);
  em.create(SatisfactionFact, { surveyId: data.surveyId, customerId: data.customerId, repId: data.ownerRepId, csat: data.csat, nps: data.nps, month: monthOf(at), at });
}

/** The customer now belongs to its owner (idempotent by customer id); its creation counts as a NEW_CUSTOMERS actual. */
export async function applyCustomerCreated(em: EntityManager, data: EventData<typeof CustomerCreatedV1>, sequence: number): Promise<void> {
  const existing = await em.findOne(CustomerOwnership, { customerId: data.customerId });
  const rep = await em.findOne(SalesRep, { id: data.ownerRepId });
  const created = {
    createdRepId: data.ownerRepId,
    createdTeamId: rep?.teamId ?? null,
    regionCode: data.regionCode.toUpperCase(),
    createdMonth: monthOf(new Date(data.createdAt)),
  };
  if (existing) {
    // A later event (a reassignment) may have arrived first: keep its owner, still record the creation.
    if (existing.createdMonth == null) Object.assign(existing, created);
    if (existing.sequence >= sequence) return;
    Object.assign(existing, { repId: data.ownerRepId, sequence, updatedAt: new Date() });
    return;
  }
  em.create(CustomerOwnership, { customerId: data.customerId, repId: data.ownerRepId, sequence, updatedAt: new Date(), ...created });
}

/** A reassigned customer counts for its new owner (customerCount); NEW_CUSTOMERS credit stays with the creator. */
export async function applyCustomerReassigned(em: EntityManager, data: EventData<typeof CustomerReassignedV1>, sequence: number): Promise<void> {
  const existing = await em.findOne(CustomerOwnership, { customerId: data.customerId });
  if (existing) {
    if (existing.sequence >= sequence) return;
    Object.assign(existing, { repId: data.toRepId, sequence, updatedAt: new Date() });
    return;
  }
  em.create(CustomerOwnership, { customerId: data.customerId, repId: data.toRepId, sequence, updatedAt: new Date(), regionCode: data.regionCode.toUpperCase() });
}

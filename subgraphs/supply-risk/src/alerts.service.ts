// The early-warning engine: evaluates each rule for one subject inside the caller's
// transaction and keeps at most one unresolved alert per rule and subject.
import type { EntityManager } from '@salesgraph/db';
import { AlertRaisedV1, AlertResolvedV1, recordEvent } from '@salesgraph/events';
import { ConflictError, NotFoundError, uuidv7, type Clock } from '@salesgraph/kernel';
import {
  decideAlert,
  demandSpikeCondition,
  openKeyOf,
  riskEscalatedCondition,
  singleSourceCondition,
  stockoutCondition,
  supplierUnderperformingCondition,
  type AlertRule,
  type AlertThresholds,
  type Condition,
} from './domain/alerts';
import { text, uniq } from './domain/common';
import { summarise } from './domain/inventory';
import { Alert, Risk } from './infra/risk.entity';
import { InventoryPosition, OrderLine, TrackedOrder } from './infra/inventory.entity';
import { Supplier, SupplierSupply } from './infra/supplier.entity';
import { supplierScorecard } from './suppliers.service';
import { qualityComplaintCounts } from './complaints';
import { DEFAULT_SCORECARD_WINDOW_DAYS } from './domain/scorecard';

export interface RiskDeps {
  clock: Clock;
  source: string;
  thresholds: AlertThresholds;
}

const DAY_MS = 86_400_000;

function alertPayload(a: Alert, at: Date) {
  return {
    alertId: a.id,
    rule: a.rule,
    severity: a.severity,
    subject: { kind: a.subjectKind, id: a.subjectId },
    skus: a.skus,
    customerIds: a.customerIds,
    message: a.message,
    at: at.toISOString(),
  };
}

/** Applies a rule's condition for one subject: raise, update in place, resolve, or nothing. */
export async function applyCondition(
  em: EntityManager,
  deps: RiskDeps,
  f: { rule: AlertRule; subjectKind: string; subjectId: string; condition: Condition; skus: string[]; customerIds: () => Promise<string[]> },
): Promise<Alert | null> {
  const openKey = openKeyOf(f.rule, f.subjectKind, f.subjectId);
  const open = await em.findOne(Alert, { openKey });
  const decision = decideAlert(open, f.condition);
  const now = deps.clock.now();
  switch (decision.kind) {
    case 'NONE':
      return open;
    case 'UPDATE':
      open!.severity = decision.severity;
      open!.message = decision.message;
      open!.version += 1;
      return open;
    case 'RAISE': {
      const alert = em.create(Alert, {
        id: uuidv7(),
        rule: f.rule,
        severity: decision.severity,
        status: 'OPEN',
        subjectKind: f.subjectKind,
        subjectId: f.subjectId,
        openKey,
        message: decision.message,
        skus: f.skus,
        customerIds: await f.customerIds(),
        raisedAt: now,
        version: 1,
      });
      recordEvent(em, deps.source, AlertRaisedV1, { aggregateId: alert.id, sequence: alert.version, time: now, data: alertPayload(alert, now) });
      return alert;
    }
    case 'RESOLVE':
      resolve(em, deps, open!, decision.resolution, now);
      return null;
  }
}

function resolve(em: EntityManager, deps: RiskDeps, alert: Alert, resolution: string, now: Date): void {
  alert.status = 'RESOLVED';
  alert.openKey = null;
  alert.resolvedAt = now;
  alert.resolution = resolution;
  alert.version += 1;
  recordEvent(em, deps.source, AlertResolvedV1, { aggregateId: alert.id, sequence: alert.version, time: now, data: { ...alertPayload(alert, now), resolution } });
}

/** Customers with open (not cancelled, not fully shipped) orders on any of the skus. */
export async function customersOrdering(em: EntityManager, skus: string[]): Promise<string[]> {
  if (!skus.length) return [];
  await em.flush();
  const lines = await em.find(OrderLine, { sku: { $in: skus }, status: { $in: ['PENDING', 'RESERVED', 'FAILED'] } }, { fields: ['orderId'] });
  if (!lines.length) return [];
  const orders = await em.find(TrackedOrder, { orderId: { $in: uniq(lines.map((l) => l.orderId)) }, status: { $ne: 'CANCELLED' } }, { fields: ['customerId'] });
  return uniq(orders.map((o) => o.customerId)).sort();
}

export async function evaluateStockout(em: EntityManager, deps: RiskDeps, sku: string): Promise<void> {
  await em.flush();
  const positions = await em.find(InventoryPosition, { sku });
  const s = summarise(positions);
  await applyCondition(em, deps, {
    rule: 'STOCKOUT_RISK',
    subjectKind: 'PRODUCT',
    subjectId: sku,
    condition: stockoutCondition({ sku, available: s.available, reorderPoint: s.reorderPoint, safetyStock: s.safetyStock, tracked: positions.length > 0 }),
    skus: [sku],
    customerIds: () => customersOrdering(em, [sku]),
  });
}

/** Units of the sku approved in [from, to) and not cancelled, from the orders this service has seen. */
async function approvedQuantity(em: EntityManager, sku: string, from: Date, to: Date): Promise<number> {
  await em.flush();
  const lines = await em.find(OrderLine, { sku, approvedAt: { $gte: from, $lt: to }, status: { $ne: 'RELEASED' } }, { fields: ['quantity'] });
  return lines.reduce((s, l) => s + l.quantity, 0);
}

export async function evaluateSingleSource(em: EntityManager, deps: RiskDeps, sku: string): Promise<void> {
  await em.flush();
  const supplies = await em.find(SupplierSupply, { sku });
  const now = deps.clock.now();
  const recentSales = supplies.length === 1 ? await approvedQuantity(em, sku, new Date(now.getTime() - deps.thresholds.singleSourceSalesDays * DAY_MS), new Date(now.getTime() + 1)) : 0;
  await applyCondition(em, deps, {
    rule: 'SINGLE_SOURCE',
    subjectKind: 'PRODUCT',
    subjectId: sku,
    condition: singleSourceCondition({ sku, supplierCount: supplies.length, recentSales }),
    skus: [sku],
    customerIds: () => customersOrdering(em, [sku]),
  });
}

export async function evaluateDemandSpike(em: EntityManager, deps: RiskDeps, sku: string): Promise<void> {
  const t = deps.thresholds;
  const now = deps.clock.now().getTime();
  const windowFrom = new Date(now - t.demandSpikeWindowDays * DAY_MS);
  const windowQuantity = await approvedQuantity(em, sku, windowFrom, new Date(now + 1));
  const baselineQuantity = await approvedQuantity(em, sku, new Date(windowFrom.getTime() - t.demandSpikeBaselineDays * DAY_MS), windowFrom);
  await applyCondition(em, deps, {
    rule: 'DEMAND_SPIKE',
    subjectKind: 'PRODUCT',
    subjectId: sku,
    condition: demandSpikeCondition({ sku, windowQuantity, baselineQuantity }, t),
    skus: [sku],
    customerIds: () => customersOrdering(em, [sku]),
  });
}

export async function evaluateSupplier(em: EntityManager, deps: RiskDeps, supplier: Supplier): Promise<void> {
  const now = deps.clock.now();
  const card = await supplierScorecard(em, supplier.id, now);
  const skus = (await em.find(SupplierSupply, { supplierId: supplier.id })).map((s) => s.sku).sort();
  const key = `${supplier.id}:${DEFAULT_SCORECARD_WINDOW_DAYS}`;
  const qualityComplaints = (await qualityComplaintCounts(em, new Map([[supplier.id, skus]]), new Map([[key, DEFAULT_SCORECARD_WINDOW_DAYS]]), now)).get(key) ?? 0;
  await applyCondition(em, deps, {
    rule: 'SUPPLIER_UNDERPERFORMING',
    subjectKind: 'SUPPLIER',
    subjectId: supplier.id,
    condition: supplierUnderperformingCondition({ supplierName: supplier.name, score: card.score, deliveries: card.deliveries, qualityComplaints }, deps.thresholds),
    skus,
    customerIds: () => customersOrdering(em, skus),
  });
}

export async function evaluateRiskEscalated(em: EntityManager, deps: RiskDeps, risk: Risk): Promise<void> {
  await applyCondition(em, deps, {
    rule: 'RISK_ESCALATED',
    subjectKind: 'RISK',
    subjectId: risk.id,
    condition: riskEscalatedCondition(risk),
    skus: risk.affects.skus,
    customerIds: async () => uniq([...risk.affects.customerIds, ...(await customersOrdering(em, risk.affects.skus))]).sort(),
  });
}

export class AlertNotOpen extends ConflictError {
  override readonly code = 'ALERT_NOT_OPEN';
  constructor(id: string, status: string) {
    super(`alert ${id} is ${status}`, { field: 'id', details: { status } });
  }
}

export async function acknowledgeAlert(em: EntityManager, deps: RiskDeps, id: string, by: string): Promise<Alert> {
  return em.transactional(async (tx) => {
    const alert = await tx.findOne(Alert, { id });
    if (!alert) throw new NotFoundError('Alert', id, 'id');
    if (alert.status !== 'OPEN') throw new AlertNotOpen(id, alert.status);
    alert.status = 'ACKNOWLEDGED';
    alert.acknowledgedAt = deps.clock.now();
    alert.acknowledgedBy = by;
    alert.version += 1;
    return alert;
  });
}

export async function resolveAlert(em: EntityManager, deps: RiskDeps, id: string, note: string | null | undefined): Promise<Alert> {
  const resolution = text(note, 'note', 2000, { optional: true, multiline: true }) || 'resolved by hand';
  return em.transactional(async (tx) => {
    const alert = await tx.findOne(Alert, { id });
    if (!alert) throw new NotFoundError('Alert', id, 'id');
    if (alert.status === 'RESOLVED') throw new AlertNotOpen(id, alert.status);
    resolve(tx, deps, alert, resolution, deps.clock.now());
    return alert;
  });
}

/** Rules whose condition changes with time alone (rolling windows), so the sweep re-checks them. */
const TIME_BASED: AlertRule[] = ['DEMAND_SPIKE', 'SINGLE_SOURCE', 'SUPPLIER_UNDERPERFORMING'];

/**
 * The periodic sweep: re-evaluates every unresolved time-based alert, one transaction each,
 * so a spike that has passed or a window that has rolled on resolves the alert.
 */
export async function runAlertSweep(em: EntityManager, deps: RiskDeps): Promise<{ evaluated: number; resolved: number }> {
  const open = await em.fork().find(Alert, { status: { $ne: 'RESOLVED' }, rule: { $in: TIME_BASED } }, { orderBy: { id: 'asc' }, limit: 1000 });
  let resolved = 0;
  for (const a of open) {
    await em.fork().transactional(async (tx) => {
      if (a.rule === 'DEMAND_SPIKE') await evaluateDemandSpike(tx, deps, a.subjectId);
      else if (a.rule === 'SINGLE_SOURCE') await evaluateSingleSource(tx, deps, a.subjectId);
      else {
        const supplier = await tx.findOne(Supplier, { id: a.subjectId });
        if (supplier) await evaluateSupplier(tx, deps, supplier);
      }
      await tx.flush();
      if ((await tx.findOne(Alert, { id: a.id }))?.status === 'RESOLVED') resolved += 1;
    });
  }
  return { evaluated: open.length, resolved };
}

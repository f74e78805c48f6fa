// Per-request batched lookups behind the federated Product and Order fields: one SQL query per
// kind of data per request, whatever the number of products or orders in the response.
import DataLoader from 'dataloader';
import type { EntityManager } from '@salesgraph/db';
import type { Clock } from '@salesgraph/kernel';
import { InventoryPosition, OrderLine, StockMovement, TrackedOrder } from '../infra/inventory.entity';
import { computeScorecard, type Scorecard } from '../domain/scorecard';
import { Alert, ContingencyAction, ContingencyPlan, Risk, RiskAssessment, RiskSubject } from '../infra/risk.entity';
import { SupplierDelivery, SupplierSupply } from '../infra/supplier.entity';
import { qualityComplaintCounts } from '../complaints';

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export interface RiskLoaders {
  positionsBySku: DataLoader<string, InventoryPosition[]>;
  shippedLastYearBySku: DataLoader<string, number>;
  suppliesBySku: DataLoader<string, SupplierSupply[]>;
  suppliesBySupplier: DataLoader<string, SupplierSupply[]>;
  openRisksBySubject: DataLoader<string, Risk[]>;
  order: DataLoader<string, { order: TrackedOrder; lines: OrderLine[] } | null>;
  historyByRisk: DataLoader<string, RiskAssessment[]>;
  plansByRisk: DataLoader<string, ContingencyPlan[]>;
  actionsByPlan: DataLoader<string, ContingencyAction[]>;
  /** Keys are "supplierId:windowDays". */
  scorecard: DataLoader<string, Scorecard & { qualityComplaints: number }>;
  /** Unresolved alerts; few by design (one per rule and subject), so one query serves the request. */
  openAlerts(): Promise<Alert[]>;
}

export function riskLoaders(em: EntityManager, clock: Clock): RiskLoaders {
  let openAlerts: Promise<Alert[]> | undefined;
  return {
    positionsBySku: new DataLoader(async (skus) => {
      const rows = await em.find(InventoryPosition, { sku: { $in: [...skus] } }, { orderBy: { warehouseCode: 'asc' } });
      const by = groupBy(rows, (r) => r.sku);
      return skus.map((s) => by.get(s) ?? []);
    }),
    shippedLastYearBySku: new DataLoader(async (skus) => {
      const rows = await em.find(StockMovement, { sku: { $in: [...skus] }, kind: 'SHIP', at: { $gte: new Date(clock.now().getTime() - YEAR_MS) } }, { fields: ['sku', 'delta'] });
      const totals = new Map<string, number>();
      for (const r of rows) totals.set(r.sku, (totals.get(r.sku) ?? 0) - r.delta);
      return skus.map((s) => totals.get(s) ?? 0);
    }),
    suppliesBySku: new DataLoader(async (skus) => {
      const by = groupBy(await em.find(SupplierSupply, { sku: { $in: [...skus] } }, { orderBy: { supplierId: 'asc' } }), (r) => r.sku);
      return skus.map((s) => by.get(s) ?? []);
    }),
    suppliesBySupplier: new DataLoader(async (ids) => {
      const by = groupBy(await em.find(SupplierSupply, { supplierId: { $in: [...ids] } }, { orderBy: { sku: 'asc' } }), (r) => r.supplierId);
      return ids.map((s) => by.get(s) ?? []);
    }),
    // Keys are "KIND:ref", e.g. "SKU:PUMP-1" or "CUSTOMER:<uuid>".
    openRisksBySubject: new DataLoader(async (keys) => {
      const pairs = keys.map((k) => ({ kind: k.slice(0, k.indexOf(':')) as RiskSubject['kind'], ref: k.slice(k.indexOf(':') + 1) }));
      const subjects = await em.find(RiskSubject, { $or: pairs });
      const risks = subjects.length ? await em.find(Risk, { id: { $in: [...new Set(subjects.map((s) => s.riskId))] }, status: { $ne: 'CLOSED' } }, { orderBy: { id: 'asc' } }) : [];
      const byId = new Map(risks.map((r) => [r.id, r]));
      const by = groupBy(subjects.filter((s) => byId.has(s.riskId)), (s) => `${s.kind}:${s.ref}`);
      return keys.map((k) => (by.get(k) ?? []).map((s) => byId.get(s.riskId)!));
    }),
    order: new DataLoader(async (ids) => {
      const orders = await em.find(TrackedOrder, { orderId: { $in: [...ids] } });
      const lines = orders.length ? groupBy(await em.find(OrderLine, { orderId: { $in: orders.map((o) => o.orderId) } }, { orderBy: { sku: 'asc' } }), (l) => l.orderId) : new Map<string, OrderLine[]>();
      const byId = new Map(orders.map((o) => [o.orderId, o]));
      return ids.map((id) => (byId.has(id) ? { order: byId.get(id)!, lines: lines.get(id) ?? [] } : null));
    }),
    historyByRisk: new DataLoader(async (ids) => {
      const by = groupBy(await em.find(RiskAssessment, { riskId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }), (r) => r.riskId);
      return ids.map((id) => by.get(id) ?? []);
    }),
    plansByRisk: new DataLoader(async (ids) => {
      const by = groupBy(await em.find(ContingencyPlan, { riskId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }), (r) => r.riskId);
      return ids.map((id) => by.get(id) ?? []);
    }),
    actionsByPlan: new DataLoader(async (ids) => {
      const by = groupBy(await em.find(ContingencyAction, { planId: { $in: [...ids] } }, { orderBy: { position: 'asc' } }), (r) => r.planId);
      return ids.map((id) => by.get(id) ?? []);
    }),
    scorecard: new DataLoader(async (keys) => {
      const now = clock.now();
      const parsed = keys.map((k) => ({ supplierId: k.slice(0, k.lastIndexOf(':')), windowDays: Number(k.slice(k.lastIndexOf(':') + 1)) }));
      const supplierIds = [...new Set(parsed.map((p) => p.supplierId))];
      const longest = Math.max(...parsed.map((p) => p.windowDays));
      const [deliveries, supplies] = await Promise.all([
        em.find(SupplierDelivery, { supplierId: { $in: supplierIds }, deliveredAt: { $gt: new Date(now.getTime() - longest * DAY_MS), $lte: now } }),
        em.find(SupplierSupply, { supplierId: { $in: supplierIds } }),
      ]);
      const leadTimes = new Map(supplies.map((s) => [`${s.supplierId}:${s.sku}`, s.leadTimeDays]));
      const bySupplier = groupBy(deliveries, (d) => d.supplierId);
      const skusBySupplier = new Map([...groupBy(supplies, (s) => s.supplierId)].map(([id, list]) => [id, list.map((s) => s.sku)]));
      const complaints = await qualityComplaintCounts(em, skusBySupplier, new Map(keys.map((k, i) => [k, parsed[i]!.windowDays])), now);
      return parsed.map((p, i) => ({
        ...computeScorecard(
          (bySupplier.get(p.supplierId) ?? []).map((d) => ({ ...d, quotedLeadTimeDays: leadTimes.get(`${d.supplierId}:${d.sku}`) ?? 0 })),
          now,
          p.windowDays,
        ),
        qualityComplaints: complaints.get(keys[i]!) ?? 0,
      }));
    }),
    openAlerts: () => (openAlerts ??= em.find(Alert, { status: { $ne: 'RESOLVED' } }, { orderBy: { id: 'asc' } })),
  };
}

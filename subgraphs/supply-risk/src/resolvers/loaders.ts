// Per-request batched lookups behind the federated Product and Order fields and the per-parent
// lists: one SQL query per kind of data per request, whatever the number of products, orders,
// warehouses or suppliers in the response. Read-only projections (supplies, stock, subjects,
// order lines) come back as plain rows of the selected columns: hydrating and tracking managed
// entities cost more CPU than the query itself for a page of 100.
import DataLoader from 'dataloader';
import { sql, type EntityManager } from '@salesgraph/db';
import type { Clock } from '@salesgraph/kernel';
import { InventoryPosition, OrderLine, StockMovement, TrackedOrder } from '../infra/inventory.entity';
import { computeScorecard, type Scorecard } from '../domain/scorecard';
import { diversityOf } from '../domain/diversity';
import { productSupplyRiskLevel } from '../domain/exposure';
import type { RiskLevel } from '../domain/risk';
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

/** A supplier's share of one product (the columns of SupplierSupply). */
export type SupplyRow = Pick<SupplierSupply, 'supplierId' | 'sku' | 'shareBp' | 'leadTimeDays'>;

/** One warehouse's stock of a sku (every column of InventoryPosition but the lock version). */
export type PositionRow = Pick<InventoryPosition, 'sku' | 'warehouseCode' | 'onHand' | 'reserved' | 'reorderPoint' | 'safetyStock' | 'updatedAt'>;

export type OrderLineRow = Pick<OrderLine, 'orderId' | 'sku' | 'status' | 'shortfall'>;
export type TrackedOrderRow = Pick<TrackedOrder, 'orderId' | 'customerId' | 'regionCode' | 'status'>;

export interface ProductSupplyRiskView {
  level: RiskLevel;
  singleSource: boolean;
  supplierCount: number;
  concentration: number | null;
  openAlerts: Alert[];
  risks: Risk[];
}

export interface RiskLoaders {
  positionsBySku: DataLoader<string, PositionRow[]>;
  positionsByWarehouse: DataLoader<string, PositionRow[]>;
  shippedLastYearBySku: DataLoader<string, number>;
  suppliesBySku: DataLoader<string, SupplyRow[]>;
  suppliesBySupplier: DataLoader<string, SupplyRow[]>;
  /** Keys are "KIND:ref", e.g. "SKU:PUMP-1" or "CUSTOMER:<uuid>"; values sorted by risk id. */
  openRisksBySubject: DataLoader<string, Risk[]>;
  supplyRisk: DataLoader<string, ProductSupplyRiskView>;
  order: DataLoader<string, { order: TrackedOrderRow; lines: OrderLineRow[] } | null>;
  historyByRisk: DataLoader<string, RiskAssessment[]>;
  plansByRisk: DataLoader<string, ContingencyPlan[]>;
  actionsByPlan: DataLoader<string, ContingencyAction[]>;
  /** Keys are "supplierId:windowDays". */
  scorecard: DataLoader<string, Scorecard & { qualityComplaints: number }>;
  /** Unresolved alerts by id; few by design (one per rule and subject), so one query serves the request. */
  openAlerts(): Promise<Alert[]>;
  /** The unresolved alerts naming each sku, in the order of openAlerts(); built once per request. */
  openAlertsBySku(): Promise<Map<string, Alert[]>>;
}

const POSITION_FIELDS = ['sku', 'warehouseCode', 'onHand', 'reserved', 'reorderPoint', 'safetyStock', 'updatedAt'] as const;
const SUPPLY_FIELDS = ['supplierId', 'sku', 'shareBp', 'leadTimeDays'] as const;

/** Open risks of many subjects: the union of each key's list, deduplicated and sorted by id. */
export function mergeRisks(lists: readonly (Risk[] | Error)[]): Risk[] {
  const byId = new Map<string, Risk>();
  for (const list of lists) {
    if (list instanceof Error) throw list;
    for (const r of list) byId.set(r.id, r);
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function riskLoaders(em: EntityManager, clock: Clock): RiskLoaders {
  const qb = <T extends object>(entity: new () => T, alias: string) => sql(em).createQueryBuilder<T, string>(entity, alias);
  let openAlerts: Promise<Alert[]> | undefined;
  let openAlertsBySku: Promise<Map<string, Alert[]>> | undefined;

  const suppliesBySku = new DataLoader<string, SupplyRow[]>(async (skus) => {
    const rows = await qb(SupplierSupply, 's').select([...SUPPLY_FIELDS]).where({ sku: { $in: [...skus] } }).orderBy({ supplierId: 'asc' }).execute<SupplyRow[]>('all');
    const by = groupBy(rows, (r) => r.sku);
    return skus.map((s) => by.get(s) ?? []);
  });

  const openRisksBySubject = new DataLoader<string, Risk[]>(async (keys) => {
    // One clause per kind (kind = ? and ref in (...)), not one per key: the statement and its
    // translation stay small for a page of 100 products.
    const refsByKind = new Map<RiskSubject['kind'], string[]>();
    for (const k of keys) {
      const kind = k.slice(0, k.indexOf(':')) as RiskSubject['kind'];
      const refs = refsByKind.get(kind) ?? refsByKind.set(kind, []).get(kind)!;
      refs.push(k.slice(k.indexOf(':') + 1));
    }
    const subjects = await qb(RiskSubject, 'rs')
      .select(['riskId', 'kind', 'ref'])
      .where({ $or: [...refsByKind].map(([kind, refs]) => ({ kind, ref: { $in: refs } })) })
      .execute<Pick<RiskSubject, 'riskId' | 'kind' | 'ref'>[]>('all');
    const risks = subjects.length ? await em.find(Risk, { id: { $in: [...new Set(subjects.map((s) => s.riskId))] }, status: { $ne: 'CLOSED' } }, { orderBy: { id: 'asc' } }) : [];
    const byId = new Map(risks.map((r) => [r.id, r]));
    const by = groupBy(
      subjects.filter((s) => byId.has(s.riskId)),
      (s) => `${s.kind}:${s.ref}`,
    );
    return keys.map((k) => (by.get(k) ?? []).map((s) => byId.get(s.riskId)!).sort((a, b) => a.id.localeCompare(b.id)));
  });

  const loadOpenAlerts = () => (openAlerts ??= em.find(Alert, { status: { $ne: 'RESOLVED' } }, { orderBy: { id: 'asc' } }));
  const loadOpenAlertsBySku = () =>
    (openAlertsBySku ??= loadOpenAlerts().then((alerts) => {
      const out = new Map<string, Alert[]>();
      for (const a of alerts) for (const sku of new Set(a.skus)) (out.get(sku) ?? out.set(sku, []).get(sku)!).push(a);
      return out;
    }));

  return {
    positionsBySku: new DataLoader(async (skus) => {
      const rows = await qb(InventoryPosition, 'p').select([...POSITION_FIELDS]).where({ sku: { $in: [...skus] } }).orderBy({ warehouseCode: 'asc' }).execute<PositionRow[]>('all');
      const by = groupBy(rows, (r) => r.sku);
      return skus.map((s) => by.get(s) ?? []);
    }),
    positionsByWarehouse: new DataLoader(async (codes) => {
      const rows = await qb(InventoryPosition, 'p').select([...POSITION_FIELDS]).where({ warehouseCode: { $in: [...codes] } }).orderBy({ sku: 'asc' }).execute<PositionRow[]>('all');
      const by = groupBy(rows, (r) => r.warehouseCode);
      return codes.map((c) => by.get(c) ?? []);
    }),
    shippedLastYearBySku: new DataLoader(async (skus) => {
      const rows = await qb(StockMovement, 'm')
        .select(['sku', 'delta'])
        .where({ sku: { $in: [...skus] }, kind: 'SHIP', at: { $gte: new Date(clock.now().getTime() - YEAR_MS) } })
        .execute<Pick<StockMovement, 'sku' | 'delta'>[]>('all');
      const totals = new Map<string, number>();
      for (const r of rows) totals.set(r.sku, (totals.get(r.sku) ?? 0) - r.delta);
      return skus.map((s) => totals.get(s) ?? 0);
    }),
    suppliesBySku,
    suppliesBySupplier: new DataLoader(async (ids) => {
      const rows = await qb(SupplierSupply, 's').select([...SUPPLY_FIELDS]).where({ supplierId: { $in: [...ids] } }).orderBy({ sku: 'asc' }).execute<SupplyRow[]>('all');
      const by = groupBy(rows, (r) => r.supplierId);
      return ids.map((s) => by.get(s) ?? []);
    }),
    openRisksBySubject,
    // The whole supply picture of a page of products from three loads (supplies, open alerts,
    // open risks on the skus and their suppliers), computed once per sku.
    supplyRisk: new DataLoader(async (skus) => {
      const [supplyLists, alertsBySku] = await Promise.all([suppliesBySku.loadMany(skus), loadOpenAlertsBySku()]);
      const supplies = supplyLists.map((list) => {
        if (list instanceof Error) throw list;
        return list;
      });
      const riskKeys = skus.map((sku, i) => [`SKU:${sku}`, ...supplies[i]!.map((s) => `SUPPLIER:${s.supplierId}`)]);
      const allKeys = [...new Set(riskKeys.flat())];
      const riskLists = await openRisksBySubject.loadMany(allKeys);
      const risksByKey = new Map(allKeys.map((k, i) => [k, riskLists[i]!]));
      return skus.map((sku, i) => {
        const risks = mergeRisks(riskKeys[i]!.map((k) => risksByKey.get(k)!));
        const openAlerts = alertsBySku.get(sku) ?? [];
        const diversity = diversityOf(supplies[i]!.map((s) => s.shareBp));
        return {
          level: productSupplyRiskLevel({ diversity, alertSeverities: openAlerts.map((a) => a.severity), riskLevels: risks.map((r) => r.level) }),
          singleSource: diversity.singleSource,
          supplierCount: diversity.supplierCount,
          concentration: diversity.concentration,
          openAlerts,
          risks,
        };
      });
    }),
    order: new DataLoader(async (ids) => {
      const orders = await qb(TrackedOrder, 'o').select(['orderId', 'customerId', 'regionCode', 'status']).where({ orderId: { $in: [...ids] } }).execute<TrackedOrderRow[]>('all');
      const lines = orders.length
        ? groupBy(
            await qb(OrderLine, 'l').select(['orderId', 'sku', 'status', 'shortfall']).where({ orderId: { $in: orders.map((o) => o.orderId) } }).orderBy({ sku: 'asc' }).execute<OrderLineRow[]>('all'),
            (l) => l.orderId,
          )
        : new Map<string, OrderLineRow[]>();
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
      type DeliveryRow = Pick<SupplierDelivery, 'supplierId' | 'sku' | 'orderedAt' | 'promisedAt' | 'deliveredAt' | 'quantity' | 'defectQuantity'>;
      const [deliveries, supplies] = await Promise.all([
        qb(SupplierDelivery, 'd')
          .select(['supplierId', 'sku', 'orderedAt', 'promisedAt', 'deliveredAt', 'quantity', 'defectQuantity'])
          .where({ supplierId: { $in: supplierIds }, deliveredAt: { $gt: new Date(now.getTime() - longest * DAY_MS), $lte: now } })
          .execute<DeliveryRow[]>('all'),
        qb(SupplierSupply, 's').select([...SUPPLY_FIELDS]).where({ supplierId: { $in: supplierIds } }).execute<SupplyRow[]>('all'),
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
    openAlerts: loadOpenAlerts,
    openAlertsBySku: loadOpenAlertsBySku,
  };
}

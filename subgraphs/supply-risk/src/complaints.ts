// QUALITY complaints per supplier (the scorecard and SUPPLIER_UNDERPERFORMING read them).
import type { EntityManager } from '@salesgraph/db';
import { OrderLine } from './infra/inventory.entity';
import { QualityComplaint } from './infra/signals.entity';

const DAY_MS = 86_400_000;

/**
 * QUALITY complaints filed in (now − windowDays, now] per supplier: a complaint about an order
 * counts against every supplier of the order's skus (which supplier's units went into the order is
 * not known). `skusBySupplier`: each supplier's skus.
 */
export async function qualityComplaintCounts(em: EntityManager, skusBySupplier: Map<string, string[]>, windows: Map<string, number>, now: Date): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const longest = Math.max(0, ...windows.values());
  const complaints = longest ? await em.find(QualityComplaint, { orderId: { $ne: null }, filedAt: { $gt: new Date(now.getTime() - longest * DAY_MS), $lte: now } }) : [];
  const lines = complaints.length ? await em.find(OrderLine, { orderId: { $in: [...new Set(complaints.map((c) => c.orderId!))] } }, { fields: ['orderId', 'sku'] }) : [];
  const skusByOrder = new Map<string, Set<string>>();
  for (const l of lines) (skusByOrder.get(l.orderId) ?? skusByOrder.set(l.orderId, new Set()).get(l.orderId)!).add(l.sku);
  for (const [key, windowDays] of windows) {
    const supplierSkus = skusBySupplier.get(key.slice(0, key.lastIndexOf(':'))) ?? [];
    const from = now.getTime() - windowDays * DAY_MS;
    out.set(key, complaints.filter((c) => c.filedAt.getTime() > from && supplierSkus.some((s) => skusByOrder.get(c.orderId!)?.has(s))).length);
  }
  return out;
}

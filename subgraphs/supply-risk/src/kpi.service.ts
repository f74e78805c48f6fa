// The supply-risk KPI of the overview (issue 9): inventory turnover per period and scope.
// See src/domain/kpi.ts for the method (units-based, exact time-weighted average from the ledger).
import { raw, sql, type EntityManager } from '@salesgraph/db';
import { inventoryTurnover, kpiWindow, productLineKey, type KpiKey } from './domain/kpi';
import { SkuProductLine, StockMovement } from './infra/inventory.entity';

/**
 * Null when the KPI does not apply or cannot be computed:
 * - REGION, TEAM, REP: stock is held per warehouse, and warehouses belong to no region, team or rep;
 * - PRODUCT_LINE: no sku of the line has been seen in an order event yet;
 * - a future period, or no stock on hand over the period.
 */
export async function inventoryTurnoverFor(em: EntityManager, key: KpiKey, now: Date): Promise<string | null> {
  if (key.kind !== 'COMPANY' && key.kind !== 'PRODUCT_LINE') return null;
  const window = kpiWindow(key, now);
  if (window.to.getTime() <= window.from.getTime()) return null;
  let skuFilter: Record<string, unknown> = {};
  if (key.kind === 'PRODUCT_LINE') {
    const skus = (await em.find(SkuProductLine, { productLineKey: productLineKey(key.ref!) }, { fields: ['sku'] })).map((r) => r.sku);
    if (!skus.length) return null;
    skuFilter = { sku: { $in: skus } };
  }
  const openingRow = (await sql(em)
    .createQueryBuilder(StockMovement, 'm')
    .select(raw('coalesce(sum(m.delta), 0) as total'))
    .where({ ...skuFilter, at: { $lt: window.from } })
    .execute('get', false)) as { total: unknown } | undefined;
  const opening = Number(openingRow?.total ?? 0);
  const inside = await em.find(StockMovement, { ...skuFilter, at: { $gte: window.from, $lt: window.to } }, { fields: ['at', 'delta', 'kind'] });
  return inventoryTurnover({
    movements: [{ at: new Date(window.from.getTime() - 1), delta: opening, kind: 'OPENING' }, ...inside.map((m) => ({ at: m.at, delta: m.delta, kind: m.kind }))],
    from: window.from,
    to: window.to,
  });
}

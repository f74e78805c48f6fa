// Inventory use cases and the order-event consumers that reserve, release and consume stock.
// Every order event is applied once per order version: an event whose `sequence` is not newer
// than the order's last applied one (a duplicate or a reordered older event) changes nothing.
import { LockMode } from '@mikro-orm/core';
import { isPostgres, type EntityManager } from '@salesgraph/db';
import { InventoryReservationFailedV1, recordEvent, type EventData, type OrderApprovedV1, type OrderCancelledV1, type OrderPlacedV1, type OrderRejectedV1, type OrderShippedV1 } from '@salesgraph/events';
import { NotFoundError, uuidv7 } from '@salesgraph/kernel';
import {
  adjustedOnHand,
  planConsumption,
  planReservation,
  validateAdjustInventory,
  validateSetInventory,
  type AdjustInventoryInput,
  type SetInventoryInput,
} from './domain/inventory';
import { productLineKey } from './domain/kpi';
import { InventoryPosition, OrderLine, SkuProductLine, StockMovement, TrackedOrder, Warehouse, type TrackedOrderStatus } from './infra/inventory.entity';
import { evaluateDemandSpike, evaluateSingleSource, evaluateStockout, type RiskDeps } from './alerts.service';

/**
 * The sku's stock rows, locked for this transaction (SELECT ... FOR UPDATE on PostgreSQL;
 * SQLite serialises writers anyway), so concurrent consumers and mutations never lose an update.
 */
export async function lockedPositions(em: EntityManager, sku: string): Promise<InventoryPosition[]> {
  await em.flush(); // the refresh below must not drop changes still in the unit of work
  return em.find(InventoryPosition, { sku }, { orderBy: { warehouseCode: 'asc' }, ...(isPostgres(em) ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {}) });
}

function bump(p: InventoryPosition, now: Date): void {
  p.updatedAt = now;
  p.version += 1;
}

export async function setInventory(em: EntityManager, deps: RiskDeps, input: SetInventoryInput): Promise<InventoryPosition> {
  const cmd = validateSetInventory(input);
  return em.transactional(async (tx) => {
    const now = deps.clock.now();
    if (!(await tx.findOne(Warehouse, { code: cmd.warehouseCode }))) tx.create(Warehouse, { code: cmd.warehouseCode, name: cmd.warehouseCode, createdAt: now });
    let position = (await lockedPositions(tx, cmd.sku)).find((p) => p.warehouseCode === cmd.warehouseCode) ?? null;
    const before = position?.onHand ?? 0;
    if (!position) {
      position = tx.create(InventoryPosition, {
        sku: cmd.sku,
        warehouseCode: cmd.warehouseCode,
        onHand: cmd.onHand,
        reserved: 0,
        reorderPoint: cmd.reorderPoint ?? 0,
        safetyStock: cmd.safetyStock ?? 0,
        updatedAt: now,
        version: 1,
      });
    } else {
      position.onHand = cmd.onHand;
      if (cmd.reorderPoint != null) position.reorderPoint = cmd.reorderPoint;
      if (cmd.safetyStock != null) position.safetyStock = cmd.safetyStock;
      bump(position, now);
    }
    tx.create(StockMovement, { id: uuidv7(), sku: cmd.sku, warehouseCode: cmd.warehouseCode, kind: 'SET', delta: cmd.onHand - before, reason: 'stock count', at: now });
    await evaluateStockout(tx, deps, cmd.sku);
    return position;
  });
}

export async function adjustInventory(em: EntityManager, deps: RiskDeps, input: AdjustInventoryInput): Promise<InventoryPosition> {
  const cmd = validateAdjustInventory(input);
  return em.transactional(async (tx) => {
    const positions = await lockedPositions(tx, cmd.sku);
    const position = positions.find((p) => p.warehouseCode === cmd.warehouseCode);
    if (!position) {
      if (!positions.length) throw new NotFoundError('Inventory of sku', cmd.sku, 'sku');
      throw new NotFoundError(`Inventory of ${cmd.sku} in warehouse`, cmd.warehouseCode, 'warehouseCode');
    }
    const now = deps.clock.now();
    position.onHand = adjustedOnHand(position.onHand, cmd.delta);
    bump(position, now);
    tx.create(StockMovement, { id: uuidv7(), sku: cmd.sku, warehouseCode: cmd.warehouseCode, kind: 'ADJUST', delta: cmd.delta, reason: cmd.reason, at: now });
    await evaluateStockout(tx, deps, cmd.sku);
    return position;
  });
}

/** The order row for an event, or null when the event is not newer than what was applied. */
async function advanceOrder(
  em: EntityManager,
  f: { orderId: string; customerId: string; regionCode?: string; sequence: number; status: TrackedOrderStatus | null; approvedAt?: Date },
  now: Date,
): Promise<TrackedOrder | null> {
  const order = await em.findOne(TrackedOrder, { orderId: f.orderId });
  if (order && order.sequence >= f.sequence) return null;
  const regionCode = f.regionCode?.trim().toUpperCase();
  if (!order) {
    return em.create(TrackedOrder, { orderId: f.orderId, customerId: f.customerId, regionCode: regionCode ?? null, status: f.status ?? 'PLACED', approvedAt: f.approvedAt ?? null, sequence: f.sequence, updatedAt: now });
  }
  order.sequence = f.sequence;
  order.customerId = f.customerId;
  if (regionCode) order.regionCode = regionCode;
  if (f.status) order.status = f.status;
  if (f.approvedAt) order.approvedAt = f.approvedAt;
  order.updatedAt = now;
  return order;
}

function quantitiesBySku(lines: { sku: string; quantity: number }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) {
    const sku = l.sku.trim().toUpperCase();
    out.set(sku, (out.get(sku) ?? 0) + l.quantity);
  }
  return out;
}

/** Remembers each sku's product line from an order's lines (PRODUCT_LINE KPI scopes). */
async function rememberProductLines(em: EntityManager, lines: { sku: string; productLine: string }[], now: Date): Promise<void> {
  const bySku = new Map<string, string>();
  for (const l of lines) if (l.productLine.trim()) bySku.set(l.sku.trim().toUpperCase(), l.productLine.trim().slice(0, 200));
  if (!bySku.size) return;
  const known = new Map((await em.find(SkuProductLine, { sku: { $in: [...bySku.keys()] } })).map((r) => [r.sku, r]));
  for (const [sku, productLine] of bySku) {
    const row = known.get(sku);
    if (!row) em.create(SkuProductLine, { sku, productLine, productLineKey: productLineKey(productLine), updatedAt: now });
    else if (row.productLine !== productLine) {
      row.productLine = productLine;
      row.productLineKey = productLineKey(productLine);
      row.updatedAt = now;
    }
  }
}

async function lineFor(em: EntityManager, orderId: string, sku: string, quantity: number, now: Date): Promise<OrderLine> {
  const line = await em.findOne(OrderLine, { orderId, sku });
  if (line) return line;
  return em.create(OrderLine, { orderId, sku, quantity, status: 'PENDING', allocations: [], shippedQuantity: 0, shortfall: 0, updatedAt: now });
}

export async function applyOrderPlaced(em: EntityManager, deps: RiskDeps, data: EventData<typeof OrderPlacedV1>, sequence: number): Promise<void> {
  const now = deps.clock.now();
  const order = await advanceOrder(em, { orderId: data.orderId, customerId: data.customerId, regionCode: data.regionCode, sequence, status: null }, now);
  if (!order) return;
  await rememberProductLines(em, data.lines, now);
  for (const [sku, quantity] of quantitiesBySku(data.lines)) {
    const line = await lineFor(em, data.orderId, sku, quantity, now);
    if (line.status === 'PENDING') line.quantity = quantity;
  }
}

export async function applyOrderApproved(em: EntityManager, deps: RiskDeps, data: EventData<typeof OrderApprovedV1>, sequence: number): Promise<void> {
  const now = deps.clock.now();
  const order = await advanceOrder(em, { orderId: data.orderId, customerId: data.customerId, regionCode: data.regionCode, sequence, status: 'APPROVED', approvedAt: new Date(data.at) }, now);
  if (!order) return;
  await rememberProductLines(em, data.lines, now);
  const skus = [...quantitiesBySku(data.lines)];
  for (const [sku, quantity] of skus) {
    const line = await lineFor(em, data.orderId, sku, quantity, now);
    if (line.status !== 'PENDING') continue; // reserved, failed, released or consumed before
    line.quantity = quantity;
    line.approvedAt = order.approvedAt;
    line.updatedAt = now;
    const positions = await lockedPositions(em, sku);
    const plan = planReservation(positions, quantity);
    if (plan.ok) {
      for (const a of plan.allocations) {
        const p = positions.find((x) => x.warehouseCode === a.warehouseCode)!;
        p.reserved += a.quantity;
        bump(p, now);
      }
      line.status = 'RESERVED';
      line.allocations = plan.allocations;
    } else {
      line.status = 'FAILED';
      line.shortfall = plan.shortfall;
      recordEvent(em, deps.source, InventoryReservationFailedV1, {
        aggregateId: data.orderId,
        sequence,
        time: now,
        data: { orderId: data.orderId, sku, requested: quantity, available: plan.available, shortfall: plan.shortfall, at: now.toISOString() },
      });
    }
  }
  for (const [sku] of skus) {
    await evaluateStockout(em, deps, sku);
    await evaluateDemandSpike(em, deps, sku);
    await evaluateSingleSource(em, deps, sku);
  }
}

function release(positions: InventoryPosition[], line: OrderLine, now: Date): void {
  for (const a of line.allocations) {
    const p = positions.find((x) => x.warehouseCode === a.warehouseCode);
    if (!p) continue;
    p.reserved = Math.max(0, p.reserved - a.quantity);
    bump(p, now);
  }
  line.allocations = [];
}

export async function applyOrderCancelled(em: EntityManager, deps: RiskDeps, data: EventData<typeof OrderCancelledV1>, sequence: number): Promise<void> {
  const now = deps.clock.now();
  const order = await advanceOrder(em, { orderId: data.orderId, customerId: data.customerId, regionCode: data.regionCode, sequence, status: 'CANCELLED' }, now);
  if (!order) return;
  const quantities = quantitiesBySku(data.lines);
  const existing = await em.find(OrderLine, { orderId: data.orderId });
  const skus = new Set([...quantities.keys(), ...existing.map((l) => l.sku)]);
  for (const sku of skus) {
    const line = existing.find((l) => l.sku === sku) ?? (await lineFor(em, data.orderId, sku, quantities.get(sku)!, now));
    if (line.status === 'CONSUMED' || line.status === 'RELEASED') continue;
    if (line.allocations.length) release(await lockedPositions(em, sku), line, now);
    line.status = 'RELEASED';
    line.updatedAt = now;
  }
  for (const sku of skus) await evaluateStockout(em, deps, sku);
}

/** A rejected order never reserved anything: its lines stop counting as demand. */
export async function applyOrderRejected(em: EntityManager, deps: RiskDeps, data: EventData<typeof OrderRejectedV1>, sequence: number): Promise<void> {
  const now = deps.clock.now();
  const order = await advanceOrder(em, { orderId: data.orderId, customerId: data.customerId, sequence, status: 'REJECTED' }, now);
  if (!order) return;
  for (const line of await em.find(OrderLine, { orderId: data.orderId, status: 'PENDING' })) {
    line.status = 'RELEASED';
    line.updatedAt = now;
  }
}

export async function applyOrderShipped(em: EntityManager, deps: RiskDeps, data: EventData<typeof OrderShippedV1>, sequence: number): Promise<void> {
  const now = deps.clock.now();
  const order = await advanceOrder(em, { orderId: data.orderId, customerId: data.customerId, sequence, status: data.fullyShipped ? 'SHIPPED' : null }, now);
  if (!order) return;
  const shipped = quantitiesBySku(data.lines);
  const touched = new Set(shipped.keys());
  for (const [sku, quantity] of shipped) {
    const line = await lineFor(em, data.orderId, sku, quantity, now);
    if (line.status === 'RELEASED') continue;
    const positions = await lockedPositions(em, sku);
    const { moves, remainingAllocations } = planConsumption(positions, line.allocations, quantity);
    for (const m of moves) {
      const p = positions.find((x) => x.warehouseCode === m.warehouseCode)!;
      p.onHand += m.onHandDelta;
      p.reserved = Math.max(0, p.reserved + m.reservedDelta);
      bump(p, now);
      em.create(StockMovement, { id: uuidv7(), sku, warehouseCode: m.warehouseCode, kind: 'SHIP', delta: m.onHandDelta, reason: `shipment ${data.shipmentId}`, orderId: data.orderId, at: now });
    }
    line.allocations = remainingAllocations;
    line.shippedQuantity += quantity;
    if (remainingAllocations.length) line.status = 'RESERVED';
    else if (line.shippedQuantity >= line.quantity) line.status = 'CONSUMED';
    line.updatedAt = now;
  }
  if (data.fullyShipped) {
    // Whatever is still held for the order will not ship: give it back.
    for (const line of await em.find(OrderLine, { orderId: data.orderId, status: { $in: ['PENDING', 'RESERVED', 'FAILED'] } })) {
      if (line.allocations.length) release(await lockedPositions(em, line.sku), line, now);
      line.status = 'CONSUMED';
      line.updatedAt = now;
      touched.add(line.sku);
    }
  }
  for (const sku of touched) await evaluateStockout(em, deps, sku);
}

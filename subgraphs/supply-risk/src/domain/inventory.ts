// Inventory rules: validation, reservation planning across warehouses, consumption, summaries.
import { divideHalfEven, formatDecimal, ValidationError } from '@salesgraph/kernel';
import { intInRange, normaliseSku, text } from './common';

const WAREHOUSE = /^[A-Z0-9][A-Z0-9_-]{1,19}$/;
const MAX_QTY = 1_000_000_000;

export function normaliseWarehouseCode(value: string, field = 'warehouseCode'): string {
  const code = String(value ?? '').trim().toUpperCase();
  if (!WAREHOUSE.test(code)) throw new ValidationError(field, `${field} must be 2-20 letters, digits, dashes or underscores, e.g. "SH-01"`);
  return code;
}

export interface SetInventoryInput {
  sku: string;
  warehouseCode: string;
  onHand: number;
  reorderPoint?: number | null;
  safetyStock?: number | null;
}

export interface SetInventoryCommand {
  sku: string;
  warehouseCode: string;
  onHand: number;
  reorderPoint: number | null;
  safetyStock: number | null;
}

function quantity(value: number, field: string): number {
  if (Number.isInteger(value) && value < 0) throw new ValidationError(field, `${field} must not be negative`);
  return intInRange(value, field, 0, MAX_QTY);
}

export function validateSetInventory(input: SetInventoryInput): SetInventoryCommand {
  const cmd = {
    sku: normaliseSku(input.sku, 'sku'),
    warehouseCode: normaliseWarehouseCode(input.warehouseCode),
    onHand: quantity(input.onHand, 'onHand'),
    reorderPoint: input.reorderPoint == null ? null : quantity(input.reorderPoint, 'reorderPoint'),
    safetyStock: input.safetyStock == null ? null : quantity(input.safetyStock, 'safetyStock'),
  };
  if (cmd.reorderPoint != null && cmd.safetyStock != null && cmd.safetyStock > cmd.reorderPoint) {
    throw new ValidationError('safetyStock', 'safetyStock cannot exceed reorderPoint');
  }
  return cmd;
}

export interface AdjustInventoryInput {
  sku: string;
  warehouseCode: string;
  delta: number;
  reason: string;
}

export function validateAdjustInventory(input: AdjustInventoryInput): AdjustInventoryInput {
  if (!Number.isInteger(input.delta) || input.delta === 0 || Math.abs(input.delta) > MAX_QTY) throw new ValidationError('delta', 'delta must be a non-zero whole number');
  return { sku: normaliseSku(input.sku, 'sku'), warehouseCode: normaliseWarehouseCode(input.warehouseCode), delta: input.delta, reason: text(input.reason, 'reason', 500) };
}

/** Stock is a physical count: an adjustment may not take it below zero. */
export function adjustedOnHand(onHand: number, delta: number): number {
  const next = onHand + delta;
  if (next < 0) throw new ValidationError('delta', `only ${onHand} on hand: an adjustment of ${delta} would make stock negative`);
  return next;
}

export interface StockPosition {
  warehouseCode: string;
  onHand: number;
  reserved: number;
}

export type Allocation = { warehouseCode: string; quantity: number };

export type ReservationPlan = { ok: true; allocations: Allocation[] } | { ok: false; available: number; shortfall: number };

/**
 * All or nothing: one warehouse covers the line when it can (the one with most available),
 * otherwise the line is split across warehouses in descending availability.
 */
export function planReservation(positions: StockPosition[], requested: number): ReservationPlan {
  const free = positions
    .map((p) => ({ warehouseCode: p.warehouseCode, available: Math.max(0, p.onHand - p.reserved) }))
    .filter((p) => p.available > 0)
    .sort((a, b) => b.available - a.available || a.warehouseCode.localeCompare(b.warehouseCode));
  const available = free.reduce((s, p) => s + p.available, 0);
  if (available < requested) return { ok: false, available, shortfall: requested - available };
  const allocations: Allocation[] = [];
  let left = requested;
  for (const p of free) {
    if (left === 0) break;
    const take = Math.min(left, p.available);
    allocations.push({ warehouseCode: p.warehouseCode, quantity: take });
    left -= take;
  }
  return { ok: true, allocations };
}

export interface StockMove {
  warehouseCode: string;
  onHandDelta: number;
  reservedDelta: number;
}

/**
 * A shipment takes goods out: first from what the order reserved (on hand and reserved both
 * fall), any excess from the warehouses with most on hand (never below zero).
 */
export function planConsumption(positions: StockPosition[], allocations: Allocation[], shipped: number): { moves: StockMove[]; remainingAllocations: Allocation[] } {
  const moves = new Map<string, StockMove>();
  const move = (code: string) => moves.get(code) ?? moves.set(code, { warehouseCode: code, onHandDelta: 0, reservedDelta: 0 }).get(code)!;
  let left = shipped;
  const remaining: Allocation[] = [];
  for (const a of allocations) {
    const take = Math.min(left, a.quantity);
    if (take > 0) {
      const m = move(a.warehouseCode);
      m.onHandDelta -= take;
      m.reservedDelta -= take;
      left -= take;
    }
    if (a.quantity - take > 0) remaining.push({ warehouseCode: a.warehouseCode, quantity: a.quantity - take });
  }
  const byStock = [...positions].sort((a, b) => b.onHand - a.onHand || a.warehouseCode.localeCompare(b.warehouseCode));
  for (const p of byStock) {
    if (left === 0) break;
    const already = moves.get(p.warehouseCode)?.onHandDelta ?? 0;
    const take = Math.min(left, Math.max(0, p.onHand + already));
    if (take > 0) {
      move(p.warehouseCode).onHandDelta -= take;
      left -= take;
    }
  }
  return { moves: [...moves.values()], remainingAllocations: remaining };
}

export interface InventorySummary {
  onHand: number;
  reserved: number;
  available: number;
  reorderPoint: number;
  safetyStock: number;
  belowReorderPoint: boolean;
}

export function summarise(positions: { onHand: number; reserved: number; reorderPoint: number; safetyStock: number }[]): InventorySummary {
  const onHand = positions.reduce((s, p) => s + p.onHand, 0);
  const reserved = positions.reduce((s, p) => s + p.reserved, 0);
  const reorderPoint = positions.reduce((s, p) => s + p.reorderPoint, 0);
  const safetyStock = positions.reduce((s, p) => s + p.safetyStock, 0);
  const available = onHand - reserved;
  return { onHand, reserved, available, reorderPoint, safetyStock, belowReorderPoint: available < reorderPoint };
}

/** Units shipped in the trailing year ÷ units on hand now, two places; null with nothing on hand. */
export function turnover(shippedLastYear: number, onHand: number): string | null {
  if (onHand <= 0) return null;
  return formatDecimal(divideHalfEven(BigInt(shippedLastYear) * 100n, BigInt(onHand)), 2);
}

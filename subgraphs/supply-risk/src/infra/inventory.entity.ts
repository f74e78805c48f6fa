import { EntitySchema } from '@salesgraph/db';
import type { Allocation } from '../domain/inventory';

export class Warehouse {
  code!: string;
  name!: string;
  createdAt!: Date;
}

export const WarehouseSchema = new EntitySchema<Warehouse>({
  class: Warehouse,
  tableName: 'warehouse',
  properties: {
    code: { type: 'string', length: 20, primary: true },
    name: { type: 'string', length: 200 },
    createdAt: { type: 'datetime' },
  },
});

/** Stock of one sku in one warehouse; writers lock its rows (see lockedPositions). */
export class InventoryPosition {
  sku!: string;
  warehouseCode!: string;
  onHand!: number;
  reserved!: number;
  reorderPoint!: number;
  safetyStock!: number;
  updatedAt!: Date;
  version!: number;
}

export const InventoryPositionSchema = new EntitySchema<InventoryPosition>({
  class: InventoryPosition,
  tableName: 'inventory_position',
  properties: {
    sku: { type: 'string', length: 40, primary: true },
    warehouseCode: { type: 'string', length: 20, primary: true },
    onHand: { type: 'integer' },
    reserved: { type: 'integer' },
    reorderPoint: { type: 'integer' },
    safetyStock: { type: 'integer' },
    updatedAt: { type: 'datetime' },
    version: { type: 'integer', default: 1 },
  },
});

/** Ledger of stock changes (set, adjust, ship): the audit trail and the source of turnover. */
export class StockMovement {
  id!: string;
  sku!: string;
  warehouseCode!: string;
  kind!: 'SET' | 'ADJUST' | 'SHIP';
  delta!: number;
  reason!: string;
  orderId?: string | null;
  at!: Date;
}

export const StockMovementSchema = new EntitySchema<StockMovement>({
  class: StockMovement,
  tableName: 'stock_movement',
  indexes: [{ properties: ['sku', 'at'], name: 'stock_movement_sku_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    sku: { type: 'string', length: 40 },
    warehouseCode: { type: 'string', length: 20 },
    kind: { type: 'string', length: 10 },
    delta: { type: 'integer' },
    reason: { type: 'string', length: 500 },
    orderId: { type: 'uuid', nullable: true },
    at: { type: 'datetime' },
  },
});

export type TrackedOrderStatus = 'PLACED' | 'APPROVED' | 'SHIPPED' | 'CANCELLED' | 'REJECTED';

/** Orders as learnt from the orders events; `sequence` is the order aggregate's last applied version. */
export class TrackedOrder {
  orderId!: string;
  customerId!: string;
  /** From placed / approved / cancelled: risks registered against the region reach the order. */
  regionCode?: string | null;
  status!: TrackedOrderStatus;
  approvedAt?: Date | null;
  sequence!: number;
  updatedAt!: Date;
}

export const TrackedOrderSchema = new EntitySchema<TrackedOrder>({
  class: TrackedOrder,
  tableName: 'tracked_order',
  properties: {
    orderId: { type: 'uuid', primary: true },
    customerId: { type: 'uuid' },
    regionCode: { type: 'string', length: 20, nullable: true },
    status: { type: 'string', length: 12 },
    approvedAt: { type: 'datetime', nullable: true },
    sequence: { type: 'integer' },
    updatedAt: { type: 'datetime' },
  },
});

export type ReservationStatus = 'PENDING' | 'RESERVED' | 'FAILED' | 'RELEASED' | 'CONSUMED';

/** One sku of an order and its reservation, keyed by order and sku so a replay never reserves twice. */
export class OrderLine {
  orderId!: string;
  sku!: string;
  quantity!: number;
  status!: ReservationStatus;
  /** Units still held for the order, per warehouse. */
  allocations!: Allocation[];
  shippedQuantity!: number;
  shortfall!: number;
  /** The order's approval time: demand per sku over time (DEMAND_SPIKE, SINGLE_SOURCE) reads it. */
  approvedAt?: Date | null;
  updatedAt!: Date;
}

export const OrderLineSchema = new EntitySchema<OrderLine>({
  class: OrderLine,
  tableName: 'order_line',
  indexes: [
    { properties: ['sku', 'status'], name: 'order_line_sku_idx' },
    { properties: ['sku', 'approvedAt'], name: 'order_line_sku_approved_idx' },
  ],
  properties: {
    orderId: { type: 'uuid', primary: true },
    sku: { type: 'string', length: 40, primary: true },
    quantity: { type: 'integer' },
    status: { type: 'string', length: 12 },
    allocations: { type: 'json' },
    shippedQuantity: { type: 'integer' },
    shortfall: { type: 'integer' },
    approvedAt: { type: 'datetime', nullable: true },
    updatedAt: { type: 'datetime' },
  },
});

/** A sku's product line as the order events' lines name it (the last one seen wins): PRODUCT_LINE KPI scopes read it. */
export class SkuProductLine {
  sku!: string;
  productLine!: string;
  /** productLineKey(productLine): the case- and space-insensitive match key. */
  productLineKey!: string;
  updatedAt!: Date;
}

export const SkuProductLineSchema = new EntitySchema<SkuProductLine>({
  class: SkuProductLine,
  tableName: 'sku_product_line',
  indexes: [{ properties: ['productLineKey'], name: 'sku_product_line_key_idx' }],
  properties: {
    sku: { type: 'string', length: 40, primary: true },
    productLine: { type: 'string', length: 200 },
    productLineKey: { type: 'string', length: 200 },
    updatedAt: { type: 'datetime' },
  },
});

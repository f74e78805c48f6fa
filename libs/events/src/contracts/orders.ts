// Events of the orders subgraph (see ../shared/EVENTS.md). Payloads carry everything the
// consumers need (customer, rep, region, lines with sku, product line, amounts, cost).
import { z } from 'zod';
import { defineEvent } from '../contract';
import { id, isoTime, moneySchema } from './shared';

export const orderLine = z.object({
  sku: z.string(),
  productLine: z.string(),
  quantity: z.number().int().positive(),
  unitPrice: moneySchema,
  unitCost: moneySchema,
  amount: moneySchema,
});

const orderSnapshot = z.object({
  orderId: id,
  number: z.string(),
  customerId: id,
  repId: id,
  regionCode: z.string(),
  contractId: id.nullable(),
  lines: z.array(orderLine).min(1),
  total: moneySchema,
  requestedDeliveryDate: z.string().nullable(),
  at: isoTime,
});

export const OrderPlacedV1 = defineEvent('orders', 'order.placed', 1, orderSnapshot);

export const OrderApprovedV1 = defineEvent(
  'orders',
  'order.approved',
  1,
  orderSnapshot.extend({ approvedBy: z.string(), totalCost: moneySchema, grossMargin: moneySchema }),
);

export const OrderRejectedV1 = defineEvent('orders', 'order.rejected', 1, z.object({ orderId: id, customerId: id, repId: id, reason: z.string(), at: isoTime }));

export const OrderShippedV1 = defineEvent(
  'orders',
  'order.shipped',
  1,
  z.object({
    orderId: id,
    customerId: id,
    shipmentId: id,
    lines: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive() })).min(1),
    carrier: z.string(),
    trackingNumber: z.string().nullable(),
    fullyShipped: z.boolean(),
    at: isoTime,
  }),
);

export const OrderDeliveredV1 = defineEvent(
  'orders',
  'order.delivered',
  1,
  z.object({
    orderId: id,
    customerId: id,
    repId: id,
    regionCode: z.string(),
    deliveredAt: isoTime,
    promisedBy: z.string().nullable(),
    daysLate: z.number().int().min(0),
  }),
);

export const OrderCancelledV1 = defineEvent(
  'orders',
  'order.cancelled',
  1,
  z.object({
    orderId: id,
    customerId: id,
    repId: id,
    regionCode: z.string(),
    lines: z.array(orderLine).min(1),
    total: moneySchema,
    grossMargin: moneySchema,
    wasApproved: z.boolean(),
    /** When it had been approved: the approval time, so consumers reverse the right period. */
    approvedAt: isoTime.nullable(),
    reason: z.string(),
    at: isoTime,
  }),
);

export const PaymentReceivedV1 = defineEvent(
  'orders',
  'payment.received',
  1,
  z.object({
    paymentId: id,
    orderId: id,
    customerId: id,
    repId: id,
    regionCode: z.string(),
    amount: moneySchema,
    paidAt: isoTime,
    dueDate: z.string().nullable(),
    outstandingAfter: moneySchema,
    fullyPaid: z.boolean(),
  }),
);

export const DeliveryLateV1 = defineEvent(
  'orders',
  'delivery.late',
  1,
  z.object({ orderId: id, customerId: id, repId: id, skus: z.array(z.string()), daysLate: z.number().int().positive(), penalty: moneySchema, at: isoTime }),
);

const contractSnapshot = z.object({
  contractId: id,
  customerId: id,
  version: z.number().int().positive(),
  value: moneySchema,
  validFrom: z.string(),
  validTo: z.string(),
  reason: z.string().nullable(),
  at: isoTime,
});

export const ContractSignedV1 = defineEvent('orders', 'contract.signed', 1, contractSnapshot);
export const ContractTerminatedV1 = defineEvent('orders', 'contract.terminated', 1, contractSnapshot);

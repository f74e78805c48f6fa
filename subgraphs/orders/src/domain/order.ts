// Order rules that need no I/O: placement input, the review before approval, shipments, payments.
import { ConflictError, formatDecimal, isUuid, parseMoneyInput, ValidationError } from '@salesgraph/kernel';
import { requireQuantity, requireText } from './contract';
import { parseIsoDate } from './dates';
import { BINDING_CONTRACT_STATUSES, type ContractStatus } from './contract-status';
import { normaliseSku } from './product';
import { nextDueDate, paymentSchedule, type PaymentTerms } from './payment-terms';

type MoneyIn = { amount: string; currency?: string | null };

export interface PlaceOrderInput {
  customerId: string;
  contractId?: string | null;
  repId: string;
  lines: { sku: string; quantity: number; unitPrice?: MoneyIn | null }[];
  requestedDeliveryDate?: string | null;
}

export interface PlaceOrderCommand {
  customerId: string;
  contractId: string | null;
  repId: string;
  lines: { sku: string; quantity: number; unitPriceMinor: bigint | null }[];
  requestedDeliveryDate: string | null;
}

export function validatePlaceOrder(input: PlaceOrderInput, currency: string): PlaceOrderCommand {
  if (!isUuid(input.customerId)) throw new ValidationError('customerId', 'customerId must be a Customer id');
  if (!isUuid(input.repId)) throw new ValidationError('repId', 'repId must be a SalesRep id');
  if (input.contractId != null && !isUuid(input.contractId)) throw new ValidationError('contractId', 'contractId must be a Contract id');
  if (!input.lines.length) throw new ValidationError('lines', 'an order needs at least one line');
  if (input.lines.length > 200) throw new ValidationError('lines', 'an order has at most 200 lines');
  const seen = new Set<string>();
  const lines = input.lines.map((l, i) => {
    const sku = normaliseSku(l.sku, `lines.${i}.sku`);
    if (seen.has(sku)) throw new ValidationError(`lines.${i}.sku`, `sku ${sku} is on two lines; put it on one`);
    seen.add(sku);
    return {
      sku,
      quantity: requireQuantity(l.quantity, `lines.${i}.quantity`),
      unitPriceMinor: l.unitPrice == null ? null : parseMoneyInput(l.unitPrice, currency, `lines.${i}.unitPrice`, { allowZero: false }),
    };
  });
  return {
    customerId: input.customerId.toLowerCase(),
    contractId: input.contractId?.toLowerCase() ?? null,
    repId: input.repId.toLowerCase(),
    lines,
    requestedDeliveryDate: input.requestedDeliveryDate == null ? null : parseIsoDate(input.requestedDeliveryDate, 'requestedDeliveryDate'),
  };
}

export const REVIEW_CHECKS = ['CONTRACT', 'PRICE', 'CATALOG', 'CREDIT'] as const;
export type ReviewCheck = (typeof REVIEW_CHECKS)[number];

export interface ReviewFailure {
  check: ReviewCheck;
  message: string;
}

export interface ReviewSubject {
  customerId: string;
  placedOn: string;
  lines: readonly { sku: string; quantity: number; unitPriceMinor: bigint }[];
  totalMinor: bigint;
  contract: {
    number: string;
    version: number;
    customerId: string;
    status: ContractStatus;
    validFrom: string;
    validTo: string;
    supersededBy: number | null;
    items: readonly { sku: string; quantity: number; unitPriceMinor: bigint }[];
    /** Units of each sku already on other approved orders under this contract. */
    alreadyOrdered: ReadonlyMap<string, number>;
  } | null;
  catalog: ReadonlyMap<string, { unitPriceMinor: bigint; active: boolean }>;
  credit: { limitMinor: bigint | null; openReceivablesMinor: bigint };
  currency: string;
}

const fmt = (minor: bigint, currency: string) => `${formatDecimal(minor)} ${currency}`;

/**
 * The review before an order ships: the contract (when given) is signed, in force on the order
 * date, the customer's and not superseded, and its quantities are not exceeded; prices match the contract or else the catalog; the
 * products are sold; open receivables plus this order stay within the credit limit (a customer
 * without a limit has no cap). Every failure is listed, not only the first.
 */
export function reviewOrder(s: ReviewSubject): ReviewFailure[] {
  const failures: ReviewFailure[] = [];
  const c = s.contract;
  if (c) {
    const ref = `contract ${c.number} v${c.version}`;
    if (!BINDING_CONTRACT_STATUSES.includes(c.status)) failures.push({ check: 'CONTRACT', message: `${ref} is ${c.status}, not signed` });
    if (c.customerId !== s.customerId) failures.push({ check: 'CONTRACT', message: `${ref} belongs to another customer` });
    if (s.placedOn < c.validFrom || s.placedOn > c.validTo) failures.push({ check: 'CONTRACT', message: `${ref} is valid ${c.validFrom} to ${c.validTo}, the order is of ${s.placedOn}` });
    if (c.supersededBy !== null) failures.push({ check: 'CONTRACT', message: `${ref} is superseded by v${c.supersededBy}` });
  }
  for (const line of s.lines) {
    const product = s.catalog.get(line.sku);
    if (!product) failures.push({ check: 'CATALOG', message: `${line.sku} is not in the catalog` });
    else if (!product.active) failures.push({ check: 'CATALOG', message: `${line.sku} is no longer sold` });
    if (c) {
      const item = c.items.find((i) => i.sku === line.sku);
      if (!item) failures.push({ check: 'PRICE', message: `${line.sku} is not in contract ${c.number}` });
      else {
        if (item.unitPriceMinor !== line.unitPriceMinor) {
          failures.push({ check: 'PRICE', message: `${line.sku} at ${fmt(line.unitPriceMinor, s.currency)} differs from the contract price ${fmt(item.unitPriceMinor, s.currency)}` });
        }
        const before = c.alreadyOrdered.get(line.sku) ?? 0;
        if (before + line.quantity > item.quantity) {
          failures.push({ check: 'CONTRACT', message: `${line.sku}: ${before} already ordered + ${line.quantity} exceed the ${item.quantity} contracted` });
        }
      }
    } else if (product && product.unitPriceMinor !== line.unitPriceMinor) {
      failures.push({ check: 'PRICE', message: `${line.sku} at ${fmt(line.unitPriceMinor, s.currency)} differs from the catalog price ${fmt(product.unitPriceMinor, s.currency)}` });
    }
  }
  const { limitMinor, openReceivablesMinor } = s.credit;
  if (limitMinor !== null && openReceivablesMinor + s.totalMinor > limitMinor) {
    failures.push({
      check: 'CREDIT',
      message: `open receivables ${fmt(openReceivablesMinor, s.currency)} + this order ${fmt(s.totalMinor, s.currency)} exceed the credit limit ${fmt(limitMinor, s.currency)}`,
    });
  }
  return failures;
}

export interface ShipmentLineInput {
  sku: string;
  quantity: number;
}

export interface ShipOrderInput {
  carrier: string;
  trackingNumber?: string | null;
  lines?: ShipmentLineInput[] | null;
}

export interface ShipmentPlan {
  carrier: string;
  trackingNumber: string | null;
  lines: { sku: string; quantity: number }[];
  /** true when this shipment leaves nothing unshipped. */
  completes: boolean;
}

/** What a shipment sends: the given lines (each within what is left), or everything left. */
export function planShipment(orderLines: readonly { sku: string; quantity: number; shippedQuantity: number }[], input: ShipOrderInput): ShipmentPlan {
  const carrier = requireText(input.carrier, 'carrier', 100);
  const trackingNumber = input.trackingNumber == null || input.trackingNumber.trim() === '' ? null : requireText(input.trackingNumber, 'trackingNumber', 100);
  const remaining = new Map(orderLines.map((l) => [l.sku, l.quantity - l.shippedQuantity]));
  let lines: { sku: string; quantity: number }[];
  if (input.lines == null) {
    lines = [...remaining].filter(([, q]) => q > 0).map(([sku, quantity]) => ({ sku, quantity }));
  } else {
    if (!input.lines.length) throw new ValidationError('lines', 'a shipment needs at least one line');
    const seen = new Set<string>();
    lines = input.lines.map((l, i) => {
      const sku = normaliseSku(l.sku, `lines.${i}.sku`);
      if (seen.has(sku)) throw new ValidationError(`lines.${i}.sku`, `sku ${sku} is on two lines`);
      seen.add(sku);
      const quantity = requireQuantity(l.quantity, `lines.${i}.quantity`);
      const left = remaining.get(sku);
      if (left === undefined) throw new ValidationError(`lines.${i}.sku`, `${sku} is not on this order`);
      if (quantity > left) throw new ValidationError(`lines.${i}.quantity`, `${sku}: ${quantity} exceeds the ${left} left to ship`);
      return { sku, quantity };
    });
  }
  const shipped = new Map(lines.map((l) => [l.sku, l.quantity]));
  const completes = [...remaining].every(([sku, left]) => left - (shipped.get(sku) ?? 0) === 0);
  return { carrier, trackingNumber, lines, completes };
}

export const PAYMENT_METHODS = ['BANK_TRANSFER', 'CARD', 'CASH', 'CHEQUE', 'OTHER'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export class OverpaymentRefused extends ConflictError {
  override readonly code = 'ORDER_OVERPAYMENT';
}

/** A payment is positive and at most what is due. */
export function checkPayment(amountMinor: bigint, amountDueMinor: bigint, status: string, currency: string): void {
  if (amountMinor > amountDueMinor) {
    throw new OverpaymentRefused(`payment of ${fmt(amountMinor, currency)} exceeds the ${fmt(amountDueMinor, currency)} due on this ${status} order`, {
      field: 'amount',
      details: { currentStatus: status, amountDue: formatDecimal(amountDueMinor) },
    });
  }
}

export interface ReceivableInput {
  /** false once rejected or cancelled: nothing is owed. */
  open: boolean;
  terms: PaymentTerms;
  totalMinor: bigint;
  penaltyMinor: bigint;
  paidMinor: bigint;
  approvedOn: string | null;
  deliveredOn: string | null;
}

/**
 * What is still owed and when the next part falls due. The late-delivery penalty is a credit:
 * it reduces the amount the schedule spreads, so every part shrinks pro rata.
 */
export function receivable(r: ReceivableInput): { amountDueMinor: bigint; dueDate: string | null } {
  if (!r.open) return { amountDueMinor: 0n, dueDate: null };
  const net = r.totalMinor - r.penaltyMinor;
  const due = net - r.paidMinor;
  if (due <= 0n) return { amountDueMinor: 0n, dueDate: null };
  if (!r.approvedOn) return { amountDueMinor: due, dueDate: null };
  return { amountDueMinor: due, dueDate: nextDueDate(paymentSchedule(r.terms, net, { approvedOn: r.approvedOn, deliveredOn: r.deliveredOn }), r.paidMinor) };
}

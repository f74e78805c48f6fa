// Contract terms as data: validation of drafts and amendments, and the contract's value.
import { isUuid, parseMoneyInput, ValidationError } from '@salesgraph/kernel';
import { parsePercent } from './calc';
import { parseIsoDate } from './dates';
import type { PenaltyTerms } from './penalty';
import { validatePaymentTerms, type PaymentTerms, type PaymentTermsInput } from './payment-terms';
import { normaliseSku } from './product';

export const INCOTERMS = ['EXW', 'FCA', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP', 'FAS', 'FOB', 'CFR', 'CIF'] as const;
export type Incoterm = (typeof INCOTERMS)[number];

type MoneyIn = { amount: string; currency?: string | null };

export interface ContractItemInput {
  sku: string;
  quantity: number;
  unitPrice: MoneyIn;
}

export interface DeliveryTermsInput {
  deliverBy: string;
  incoterm?: string | null;
  address?: string | null;
}

export interface QualityTermsInput {
  standard: string;
  acceptanceDays?: number | null;
  defectTolerancePercent?: string | null;
}

export interface PenaltyTermsInput {
  lateDeliveryPercentPerDay: string;
  capPercent: string;
}

export interface DraftContractInput {
  customerId: string;
  title: string;
  items: ContractItemInput[];
  paymentTerms: PaymentTermsInput;
  deliveryTerms: DeliveryTermsInput;
  qualityTerms?: QualityTermsInput | null;
  penaltyTerms?: PenaltyTermsInput | null;
  validFrom: string;
  validTo: string;
}

export type AmendContractInput = Partial<Omit<DraftContractInput, 'customerId'>>;

export interface ContractItem {
  sku: string;
  quantity: number;
  unitPriceMinor: bigint;
}

export interface DeliveryTerms {
  deliverBy: string;
  incoterm: Incoterm | null;
  address: string | null;
}

export interface QualityTerms {
  standard: string;
  acceptanceDays: number | null;
  defectToleranceBp: bigint | null;
}

export interface ContractTerms {
  title: string;
  items: ContractItem[];
  paymentTerms: PaymentTerms;
  deliveryTerms: DeliveryTerms;
  qualityTerms: QualityTerms | null;
  penaltyTerms: PenaltyTerms | null;
  validFrom: string;
  validTo: string;
}

export interface DraftContractCommand extends ContractTerms {
  customerId: string;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

export function requireText(value: string | null | undefined, field: string, max: number): string {
  const text = (value ?? '').trim();
  if (!text || text.length > max || CONTROL.test(text)) throw new ValidationError(field, `${field} must be 1-${max} printable characters`);
  return text;
}

export function requireQuantity(value: number, field: string): number {
  if (!Number.isInteger(value) || value <= 0 || value > 1_000_000_000) throw new ValidationError(field, `${field} must be a whole number greater than zero`);
  return value;
}

function validateItems(items: ContractItemInput[], currency: string): ContractItem[] {
  if (!items.length) throw new ValidationError('items', 'a contract needs at least one item');
  if (items.length > 200) throw new ValidationError('items', 'a contract has at most 200 items');
  const seen = new Set<string>();
  return items.map((item, i) => {
    const sku = normaliseSku(item.sku, `items.${i}.sku`);
    if (seen.has(sku)) throw new ValidationError(`items.${i}.sku`, `sku ${sku} is listed twice`);
    seen.add(sku);
    return {
      sku,
      quantity: requireQuantity(item.quantity, `items.${i}.quantity`),
      unitPriceMinor: parseMoneyInput(item.unitPrice, currency, `items.${i}.unitPrice`, { allowZero: false }),
    };
  });
}

function validateDelivery(input: DeliveryTermsInput): DeliveryTerms {
  const incoterm = input.incoterm == null ? null : input.incoterm.trim().toUpperCase();
  if (incoterm !== null && !(INCOTERMS as readonly string[]).includes(incoterm)) throw new ValidationError('deliveryTerms.incoterm', `deliveryTerms.incoterm must be one of ${INCOTERMS.join(', ')}`);
  return {
    deliverBy: parseIsoDate(input.deliverBy, 'deliveryTerms.deliverBy'),
    incoterm: incoterm as Incoterm | null,
    address: input.address == null ? null : requireText(input.address, 'deliveryTerms.address', 500),
  };
}

function validateQuality(input: QualityTermsInput): QualityTerms {
  const days = input.acceptanceDays ?? null;
  if (days !== null && (!Number.isInteger(days) || days < 0 || days > 365)) throw new ValidationError('qualityTerms.acceptanceDays', 'qualityTerms.acceptanceDays must be 0-365');
  return {
    standard: requireText(input.standard, 'qualityTerms.standard', 200),
    acceptanceDays: days,
    defectToleranceBp: input.defectTolerancePercent == null ? null : parsePercent(input.defectTolerancePercent, 'qualityTerms.defectTolerancePercent'),
  };
}

function validatePenalty(input: PenaltyTermsInput): PenaltyTerms {
  const lateDeliveryBpPerDay = parsePercent(input.lateDeliveryPercentPerDay, 'penaltyTerms.lateDeliveryPercentPerDay', { allowZero: false });
  const capBp = parsePercent(input.capPercent, 'penaltyTerms.capPercent', { allowZero: false });
  return { lateDeliveryBpPerDay, capBp };
}

function checkPeriod(validFrom: string, validTo: string): void {
  if (validTo < validFrom) throw new ValidationError('validTo', 'validTo must not be before validFrom');
}

export function validateDraftContract(input: DraftContractInput, currency: string): DraftContractCommand {
  if (!isUuid(input.customerId)) throw new ValidationError('customerId', 'customerId must be a Customer id');
  const validFrom = parseIsoDate(input.validFrom, 'validFrom');
  const validTo = parseIsoDate(input.validTo, 'validTo');
  checkPeriod(validFrom, validTo);
  return {
    customerId: input.customerId.toLowerCase(),
    title: requireText(input.title, 'title', 200),
    items: validateItems(input.items, currency),
    paymentTerms: validatePaymentTerms(input.paymentTerms),
    deliveryTerms: validateDelivery(input.deliveryTerms),
    qualityTerms: input.qualityTerms ? validateQuality(input.qualityTerms) : null,
    penaltyTerms: input.penaltyTerms ? validatePenalty(input.penaltyTerms) : null,
    validFrom,
    validTo,
  };
}

/** The terms of a new version: the previous terms with every given part replaced. */
export function validateAmendment(previous: ContractTerms, input: AmendContractInput, currency: string): ContractTerms {
  const validFrom = input.validFrom == null ? previous.validFrom : parseIsoDate(input.validFrom, 'validFrom');
  const validTo = input.validTo == null ? previous.validTo : parseIsoDate(input.validTo, 'validTo');
  checkPeriod(validFrom, validTo);
  return {
    title: input.title == null ? previous.title : requireText(input.title, 'title', 200),
    items: input.items == null ? previous.items : validateItems(input.items, currency),
    paymentTerms: input.paymentTerms == null ? previous.paymentTerms : validatePaymentTerms(input.paymentTerms),
    deliveryTerms: input.deliveryTerms == null ? previous.deliveryTerms : validateDelivery(input.deliveryTerms),
    qualityTerms: input.qualityTerms === undefined ? previous.qualityTerms : input.qualityTerms === null ? null : validateQuality(input.qualityTerms),
    penaltyTerms: input.penaltyTerms === undefined ? previous.penaltyTerms : input.penaltyTerms === null ? null : validatePenalty(input.penaltyTerms),
    validFrom,
    validTo,
  };
}

export function contractValue(items: readonly ContractItem[]): bigint {
  return items.reduce((sum, i) => sum + BigInt(i.quantity) * i.unitPriceMinor, 0n);
}

export function formatDocumentNumber(prefix: 'SO' | 'CT', year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}

// Between domain values (bigint) and the JSON stored in rows (minor units as strings).
import type { ContractItem, ContractTerms, DeliveryTerms, QualityTerms } from '../domain/contract';
import type { PaymentTerms } from '../domain/payment-terms';
import type { PenaltyTerms } from '../domain/penalty';
import type { Contract } from './contract.entity';
import type { StoredContractItem, StoredDeliveryTerms, StoredPaymentTerms, StoredPenaltyTerms, StoredQualityTerms } from './records';

export const storeItems = (items: readonly ContractItem[]): StoredContractItem[] => items.map((i) => ({ sku: i.sku, quantity: i.quantity, unitPriceMinor: i.unitPriceMinor.toString() }));
export const loadItems = (items: readonly StoredContractItem[]): ContractItem[] => items.map((i) => ({ sku: i.sku, quantity: i.quantity, unitPriceMinor: BigInt(i.unitPriceMinor) }));

export const storePaymentTerms = (t: PaymentTerms): StoredPaymentTerms => ({ kind: t.kind, netDays: t.netDays, prepaymentBp: t.prepaymentBp.toString(), installments: t.installments });
export const loadPaymentTerms = (t: StoredPaymentTerms): PaymentTerms => ({ kind: t.kind, netDays: t.netDays, prepaymentBp: BigInt(t.prepaymentBp), installments: t.installments });

export const storePenaltyTerms = (t: PenaltyTerms | null): StoredPenaltyTerms | null => (t ? { lateDeliveryBpPerDay: t.lateDeliveryBpPerDay.toString(), capBp: t.capBp.toString() } : null);
export const loadPenaltyTerms = (t: StoredPenaltyTerms | null | undefined): PenaltyTerms | null => (t ? { lateDeliveryBpPerDay: BigInt(t.lateDeliveryBpPerDay), capBp: BigInt(t.capBp) } : null);

export const storeQualityTerms = (t: QualityTerms | null): StoredQualityTerms | null =>
  t ? { standard: t.standard, acceptanceDays: t.acceptanceDays, defectToleranceBp: t.defectToleranceBp === null ? null : t.defectToleranceBp.toString() } : null;
export const loadQualityTerms = (t: StoredQualityTerms | null | undefined): QualityTerms | null =>
  t ? { standard: t.standard, acceptanceDays: t.acceptanceDays, defectToleranceBp: t.defectToleranceBp === null ? null : BigInt(t.defectToleranceBp) } : null;

export const storeDeliveryTerms = (t: DeliveryTerms): StoredDeliveryTerms => ({ ...t });

export function contractTerms(c: Contract): ContractTerms {
  return {
    title: c.title,
    items: loadItems(c.items),
    paymentTerms: loadPaymentTerms(c.paymentTerms),
    deliveryTerms: { deliverBy: c.deliveryTerms.deliverBy, incoterm: c.deliveryTerms.incoterm as DeliveryTerms['incoterm'], address: c.deliveryTerms.address },
    qualityTerms: loadQualityTerms(c.qualityTerms),
    penaltyTerms: loadPenaltyTerms(c.penaltyTerms),
    validFrom: c.validFrom,
    validTo: c.validTo,
  };
}

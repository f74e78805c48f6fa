// JSON shapes stored inside contract and order rows (money as minor-unit strings: JSON has no bigint).

export interface TransitionRecord {
  from: string | null;
  to: string;
  action: string;
  actor: string;
  at: string;
  comment: string | null;
}

export interface StoredContractItem {
  sku: string;
  quantity: number;
  unitPriceMinor: string;
}

export interface StoredPaymentTerms {
  kind: 'NET' | 'PREPAID' | 'INSTALLMENTS';
  netDays: number;
  prepaymentBp: string;
  installments: number;
}

export interface StoredDeliveryTerms {
  deliverBy: string;
  incoterm: string | null;
  address: string | null;
}

export interface StoredQualityTerms {
  standard: string;
  acceptanceDays: number | null;
  defectToleranceBp: string | null;
}

export interface StoredPenaltyTerms {
  lateDeliveryBpPerDay: string;
  capBp: string;
}

export interface StoredOrderLine {
  sku: string;
  name: string;
  productLine: string;
  quantity: number;
  shippedQuantity: number;
  unitPriceMinor: string;
  unitCostMinor: string;
}

export interface StoredShipment {
  id: string;
  carrier: string;
  trackingNumber: string | null;
  lines: { sku: string; quantity: number }[];
  shippedAt: string;
  deliveredAt: string | null;
}

export interface StoredBackorder {
  reason: string;
  lines: { sku: string; requested: number; available: number; shortfall: number; at: string }[];
}

export interface StoredReviewFailure {
  check: string;
  message: string;
}

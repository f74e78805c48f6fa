// Signals from other domains that feed the risk register and the supplier scorecard.
import { EntitySchema } from '@salesgraph/db';

/** A QUALITY complaint from customers (sales.customers.complaint.filed.v1), once per complaint. */
export class QualityComplaint {
  complaintId!: string;
  customerId!: string;
  orderId?: string | null;
  severity!: string;
  filedAt!: Date;
}

export const QualityComplaintSchema = new EntitySchema<QualityComplaint>({
  class: QualityComplaint,
  tableName: 'quality_complaint',
  indexes: [{ properties: ['orderId'], name: 'quality_complaint_order_idx' }],
  properties: {
    complaintId: { type: 'uuid', primary: true },
    customerId: { type: 'uuid' },
    orderId: { type: 'uuid', nullable: true },
    severity: { type: 'string', length: 12 },
    filedAt: { type: 'datetime' },
  },
});

/** A late delivery of an order (sales.orders.delivery.late.v1); the order's latest report wins. */
export class LateDelivery {
  orderId!: string;
  customerId!: string;
  /** The order's region as learnt from the order events; null when the order was not seen. */
  regionCode?: string | null;
  daysLate!: number;
  at!: Date;
  sequence!: number;
}

export const LateDeliverySchema = new EntitySchema<LateDelivery>({
  class: LateDelivery,
  tableName: 'late_delivery',
  indexes: [{ properties: ['regionCode', 'at'], name: 'late_delivery_region_idx' }],
  properties: {
    orderId: { type: 'uuid', primary: true },
    customerId: { type: 'uuid' },
    regionCode: { type: 'string', length: 20, nullable: true },
    daysLate: { type: 'integer' },
    at: { type: 'datetime' },
    sequence: { type: 'integer' },
  },
});

/** The LOGISTICS risk raised for a region by clustered late deliveries. */
export class RegionLogisticsRisk {
  regionCode!: string;
  riskId!: string;
  updatedAt!: Date;
}

export const RegionLogisticsRiskSchema = new EntitySchema<RegionLogisticsRisk>({
  class: RegionLogisticsRisk,
  tableName: 'region_logistics_risk',
  properties: {
    regionCode: { type: 'string', length: 20, primary: true },
    riskId: { type: 'uuid' },
    updatedAt: { type: 'datetime' },
  },
});

/** A customer's churn risk as last reported (its aggregate sequence) and the CUSTOMER risk it raised. */
export class CustomerChurnRisk {
  customerId!: string;
  riskId?: string | null;
  level!: string;
  score!: number;
  sequence!: number;
  updatedAt!: Date;
}

export const CustomerChurnRiskSchema = new EntitySchema<CustomerChurnRisk>({
  class: CustomerChurnRisk,
  tableName: 'customer_churn_risk',
  properties: {
    customerId: { type: 'uuid', primary: true },
    riskId: { type: 'uuid', nullable: true },
    level: { type: 'string', length: 10 },
    score: { type: 'integer' },
    sequence: { type: 'integer' },
    updatedAt: { type: 'datetime' },
  },
});

import { OptionalProps } from '@mikro-orm/core';
import { BigIntType, EntitySchema } from '@salesgraph/db';
import type { ChurnLevel, ChurnReason } from '../domain/churn';
import type { Contact, CustomerKind } from '../domain/customer';
import type { LifecycleStage } from '../domain/lifecycle';
import type { Segment } from '../domain/segmentation';

export class Customer {
  [OptionalProps]?:
    | 'tags'
    | 'contacts'
    | 'segment'
    | 'computedSegment'
    | 'rfmRecency'
    | 'rfmFrequency'
    | 'rfmMonetary'
    | 'lifecycleStage'
    | 'churnScore'
    | 'churnLevel'
    | 'churnReasons'
    | 'lifetimeValueMinor'
    | 'orderCount'
    | 'openReceivablesMinor'
    | 'lateDeliveryCount'
    | 'complaintCount'
    | 'openComplaintCount'
    | 'overdueComplaintCount'
    | 'openSupplyAlertCount';
  id!: string;
  code!: string;
  name!: string;
  kind!: CustomerKind;
  regionCode!: string;
  ownerRepId!: string;
  creditLimitMinor?: bigint | null;
  industry?: string | null;
  tags: string[] = [];
  contacts: Contact[] = [];
  /** The effective segment: the override when set, else the computed one. */
  segment: Segment = 'D';
  computedSegment: Segment = 'D';
  segmentOverride?: Segment | null;
  segmentOverrideReason?: string | null;
  rfmRecency = 1;
  rfmFrequency = 1;
  rfmMonetary = 1;
  lifecycleStage: LifecycleStage = 'LEAD';
  lifecycleChangedAt!: Date;
  churnScore = 0;
  churnLevel: ChurnLevel = 'LOW';
  churnReasons: ChurnReason[] = [];
  churnEvaluatedAt?: Date | null;
  // Profile read model (from orders events and this service's own complaints and surveys).
  lifetimeValueMinor: bigint = 0n;
  orderCount = 0;
  firstOrderAt?: Date | null;
  lastOrderAt?: Date | null;
  openReceivablesMinor: bigint = 0n;
  lateDeliveryCount = 0;
  complaintCount = 0;
  openComplaintCount = 0;
  overdueComplaintCount = 0;
  lastCsat?: number | null;
  lastNps?: number | null;
  lastSatisfactionAt?: Date | null;
  openSupplyAlertCount = 0;
  createdAt!: Date;
  updatedAt!: Date;
  /** Aggregate version; the `sequence` of its events. */
  version!: number;
}

export const CustomerSchema = new EntitySchema<Customer>({
  class: Customer,
  tableName: 'customer',
  indexes: [
    { properties: ['ownerRepId'], name: 'customer_owner_idx' },
    { properties: ['regionCode'], name: 'customer_region_idx' },
    { properties: ['segment'], name: 'customer_segment_idx' },
    { properties: ['lifecycleStage'], name: 'customer_lifecycle_idx' },
    { properties: ['churnLevel'], name: 'customer_churn_level_idx' },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    code: { type: 'string', length: 20, unique: true },
    name: { type: 'string', length: 200 },
    kind: { type: 'string', length: 16 },
    regionCode: { type: 'string', length: 20 },
    ownerRepId: { type: 'uuid' },
    creditLimitMinor: { type: new BigIntType('bigint'), nullable: true },
    industry: { type: 'string', length: 100, nullable: true },
    tags: { type: 'json', default: '[]' },
    contacts: { type: 'json', default: '[]' },
    segment: { type: 'string', length: 1, default: 'D' },
    computedSegment: { type: 'string', length: 1, default: 'D' },
    segmentOverride: { type: 'string', length: 1, nullable: true },
    segmentOverrideReason: { type: 'string', length: 500, nullable: true },
    rfmRecency: { type: 'integer', default: 1 },
    rfmFrequency: { type: 'integer', default: 1 },
    rfmMonetary: { type: 'integer', default: 1 },
    lifecycleStage: { type: 'string', length: 16, default: 'LEAD' },
    lifecycleChangedAt: { type: 'datetime', defaultRaw: 'current_timestamp' },
    churnScore: { type: 'integer', default: 0 },
    churnLevel: { type: 'string', length: 8, default: 'LOW' },
    churnReasons: { type: 'json', default: '[]' },
    churnEvaluatedAt: { type: 'datetime', nullable: true },
    lifetimeValueMinor: { type: new BigIntType('bigint'), default: 0 },
    orderCount: { type: 'integer', default: 0 },
    firstOrderAt: { type: 'datetime', nullable: true },
    lastOrderAt: { type: 'datetime', nullable: true },
    openReceivablesMinor: { type: new BigIntType('bigint'), default: 0 },
    lateDeliveryCount: { type: 'integer', default: 0 },
    complaintCount: { type: 'integer', default: 0 },
    openComplaintCount: { type: 'integer', default: 0 },
    overdueComplaintCount: { type: 'integer', default: 0 },
    lastCsat: { type: 'integer', nullable: true },
    lastNps: { type: 'integer', nullable: true },
    lastSatisfactionAt: { type: 'datetime', nullable: true },
    openSupplyAlertCount: { type: 'integer', default: 0 },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
    version: { type: 'integer' },
  },
});

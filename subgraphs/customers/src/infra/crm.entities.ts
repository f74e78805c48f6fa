// The CRM's own records besides the customer: lifecycle history, interactions, pipeline,
// satisfaction surveys and complaints.
import { BigIntType, EntitySchema } from '@salesgraph/db';
import type { ComplaintCategory, ComplaintSeverity, ComplaintStatus } from '../domain/complaint';
import type { LifecycleStage } from '../domain/lifecycle';
import type { OpportunityStage } from '../domain/opportunity';

export class LifecycleChange {
  id!: string;
  customerId!: string;
  fromStage?: LifecycleStage | null;
  toStage!: LifecycleStage;
  reason!: string;
  manual!: boolean;
  actor?: string | null;
  at!: Date;
}

export const LifecycleChangeSchema = new EntitySchema<LifecycleChange>({
  class: LifecycleChange,
  tableName: 'lifecycle_change',
  indexes: [{ properties: ['customerId', 'at'], name: 'lifecycle_change_customer_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    customerId: { type: 'uuid' },
    fromStage: { type: 'string', length: 16, nullable: true },
    toStage: { type: 'string', length: 16 },
    reason: { type: 'string', length: 500 },
    manual: { type: 'boolean' },
    actor: { type: 'string', length: 200, nullable: true },
    at: { type: 'datetime' },
  },
});

export class Interaction {
  id!: string;
  customerId!: string;
  type!: string;
  occurredAt!: Date;
  summary!: string;
  outcome?: string | null;
  repId!: string;
  createdAt!: Date;
}

export const InteractionSchema = new EntitySchema<Interaction>({
  class: Interaction,
  tableName: 'interaction',
  indexes: [{ properties: ['customerId', 'id'], name: 'interaction_customer_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    customerId: { type: 'uuid' },
    type: { type: 'string', length: 16 },
    occurredAt: { type: 'datetime' },
    summary: { type: 'string', length: 2000 },
    outcome: { type: 'string', length: 2000, nullable: true },
    repId: { type: 'uuid' },
    createdAt: { type: 'datetime' },
  },
});

export class Opportunity {
  id!: string;
  customerId!: string;
  title!: string;
  amountMinor!: bigint;
  expectedCloseDate!: string;
  ownerRepId!: string;
  stage!: OpportunityStage;
  lostReason?: string | null;
  closedAt?: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

export const OpportunitySchema = new EntitySchema<Opportunity>({
  class: Opportunity,
  tableName: 'opportunity',
  indexes: [
    { properties: ['customerId'], name: 'opportunity_customer_idx' },
    { properties: ['ownerRepId'], name: 'opportunity_owner_idx' },
    { properties: ['expectedCloseDate'], name: 'opportunity_close_idx' },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    customerId: { type: 'uuid' },
    title: { type: 'string', length: 200 },
    amountMinor: { type: new BigIntType('bigint') },
    expectedCloseDate: { type: 'string', length: 10 },
    ownerRepId: { type: 'uuid' },
    stage: { type: 'string', length: 16 },
    lostReason: { type: 'string', length: 500, nullable: true },
    closedAt: { type: 'datetime', nullable: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
    version: { type: 'integer' },
  },
});

export class SatisfactionSurvey {
  id!: string;
  customerId!: string;
  orderId?: string | null;
  csat?: number | null;
  nps?: number | null;
  comment?: string | null;
  at!: Date;
}

export const SatisfactionSurveySchema = new EntitySchema<SatisfactionSurvey>({
  class: SatisfactionSurvey,
  tableName: 'satisfaction_survey',
  indexes: [{ properties: ['customerId'], name: 'satisfaction_customer_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    customerId: { type: 'uuid' },
    orderId: { type: 'uuid', nullable: true },
    csat: { type: 'integer', nullable: true },
    nps: { type: 'integer', nullable: true },
    comment: { type: 'string', length: 4000, nullable: true },
    at: { type: 'datetime' },
  },
});

export class Complaint {
  id!: string;
  customerId!: string;
  orderId?: string | null;
  category!: ComplaintCategory;
  severity!: ComplaintSeverity;
  description!: string;
  status!: ComplaintStatus;
  dueAt!: Date;
  overdue!: boolean;
  resolution?: string | null;
  filedAt!: Date;
  startedAt?: Date | null;
  resolvedAt?: Date | null;
  closedAt?: Date | null;
  version!: number;
}

export const ComplaintSchema = new EntitySchema<Complaint>({
  class: Complaint,
  tableName: 'complaint',
  indexes: [
    { properties: ['customerId'], name: 'complaint_customer_idx' },
    { properties: ['status', 'dueAt'], name: 'complaint_status_due_idx' },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    customerId: { type: 'uuid' },
    orderId: { type: 'uuid', nullable: true },
    category: { type: 'string', length: 16 },
    severity: { type: 'string', length: 16 },
    description: { type: 'string', length: 4000 },
    status: { type: 'string', length: 16 },
    dueAt: { type: 'datetime' },
    overdue: { type: 'boolean' },
    resolution: { type: 'string', length: 4000, nullable: true },
    filedAt: { type: 'datetime' },
    startedAt: { type: 'datetime', nullable: true },
    resolvedAt: { type: 'datetime', nullable: true },
    closedAt: { type: 'datetime', nullable: true },
    version: { type: 'integer' },
  },
});

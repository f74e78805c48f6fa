// Events of the customers subgraph (see ../shared/EVENTS.md). Fields are only added within a version.
import { z } from 'zod';
import { defineEvent } from '../contract';
import { id, isoTime, moneySchema } from './shared';

export const CustomerKind = z.enum(['COMPANY', 'PERSON']);
export const CustomerSegment = z.enum(['A', 'B', 'C', 'D']);
export const LifecycleStage = z.enum(['LEAD', 'PROSPECT', 'ACTIVE', 'AT_RISK', 'CHURNED']);
export const ChurnRiskLevel = z.enum(['LOW', 'MEDIUM', 'HIGH']);
export const ComplaintCategory = z.enum(['QUALITY', 'DELIVERY', 'SERVICE', 'BILLING', 'OTHER']);
export const ComplaintSeverity = z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);

export const CustomerCreatedV1 = defineEvent(
  'customers',
  'customer.created',
  1,
  z.object({
    customerId: id,
    code: z.string(),
    name: z.string(),
    kind: CustomerKind,
    regionCode: z.string(),
    ownerRepId: id,
    creditLimit: moneySchema.nullable(),
    createdAt: isoTime,
  }),
);

export const CustomerUpdatedV1 = defineEvent(
  'customers',
  'customer.updated',
  1,
  z.object({
    customerId: id,
    name: z.string(),
    regionCode: z.string(),
    ownerRepId: id,
    creditLimit: moneySchema.nullable(),
    segment: CustomerSegment.nullable(),
    at: isoTime,
  }),
);

export const CustomerReassignedV1 = defineEvent(
  'customers',
  'customer.reassigned',
  1,
  z.object({ customerId: id, regionCode: z.string(), fromRepId: id, toRepId: id, at: isoTime }),
);

export const CustomerLifecycleChangedV1 = defineEvent(
  'customers',
  'customer.lifecycle_changed',
  1,
  z.object({
    customerId: id,
    ownerRepId: id,
    regionCode: z.string(),
    from: LifecycleStage.nullable(),
    to: LifecycleStage,
    reason: z.string(),
    /** true when a person moved it, false when a rule did. */
    manual: z.boolean(),
    at: isoTime,
  }),
);

export const churnReason = z.object({ signal: z.string(), weight: z.number(), detail: z.string() });

export const CustomerChurnRiskChangedV1 = defineEvent(
  'customers',
  'customer.churn_risk_changed',
  1,
  z.object({
    customerId: id,
    ownerRepId: id,
    regionCode: z.string(),
    score: z.number().int().min(0).max(100),
    level: ChurnRiskLevel,
    previousLevel: ChurnRiskLevel.nullable(),
    reasons: z.array(churnReason),
    at: isoTime,
  }),
);

const opportunityClosed = z.object({
  opportunityId: id,
  customerId: id,
  ownerRepId: id,
  regionCode: z.string(),
  amount: moneySchema,
  closedAt: isoTime,
  lostReason: z.string().nullable(),
});

export const OpportunityWonV1 = defineEvent('customers', 'opportunity.won', 1, opportunityClosed);
export const OpportunityLostV1 = defineEvent('customers', 'opportunity.lost', 1, opportunityClosed);

export const SatisfactionRecordedV1 = defineEvent(
  'customers',
  'satisfaction.recorded',
  1,
  z.object({
    surveyId: id,
    customerId: id,
    ownerRepId: id,
    orderId: id.nullable(),
    csat: z.number().int().min(1).max(5).nullable(),
    nps: z.number().int().min(0).max(10).nullable(),
    at: isoTime,
  }),
);

const complaint = z.object({
  complaintId: id,
  customerId: id,
  ownerRepId: id,
  orderId: id.nullable(),
  category: ComplaintCategory,
  severity: ComplaintSeverity,
  dueAt: isoTime,
  at: isoTime,
});

export const ComplaintFiledV1 = defineEvent('customers', 'complaint.filed', 1, complaint);
export const ComplaintResolvedV1 = defineEvent('customers', 'complaint.resolved', 1, complaint.extend({ resolution: z.string(), overdue: z.boolean() }));

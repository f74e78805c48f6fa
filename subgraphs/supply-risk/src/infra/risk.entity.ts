import { EntitySchema } from '@salesgraph/db';
import type { AlertRule, AlertSeverity, AlertStatus } from '../domain/alerts';
import type { ContingencyActionStatus, ContingencyPlanStatus } from '../domain/contingency';
import type { MarketAssessmentKind, MarketEntry } from '../domain/market';
import type { Affects, RiskCategory, RiskLevel, RiskStatus } from '../domain/risk';

export class Risk {
  id!: string;
  category!: RiskCategory;
  title!: string;
  description!: string;
  likelihood!: number;
  impact!: number;
  score!: number;
  level!: RiskLevel;
  status!: RiskStatus;
  ownerId?: string | null;
  affects!: Affects;
  evidenceIds!: string[];
  mitigationPlan?: string | null;
  mitigationDueAt?: Date | null;
  closedAt?: Date | null;
  closeReason?: string | null;
  createdAt!: Date;
  updatedAt!: Date;
  /** Aggregate version; the `sequence` of its events. */
  version!: number;
}

export const RiskSchema = new EntitySchema<Risk>({
  class: Risk,
  tableName: 'risk',
  indexes: [{ properties: ['status', 'category'], name: 'risk_status_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    category: { type: 'string', length: 20 },
    title: { type: 'string', length: 200 },
    description: { type: 'text' },
    likelihood: { type: 'integer' },
    impact: { type: 'integer' },
    score: { type: 'integer' },
    level: { type: 'string', length: 10 },
    status: { type: 'string', length: 12 },
    ownerId: { type: 'uuid', nullable: true },
    affects: { type: 'json' },
    evidenceIds: { type: 'json' },
    mitigationPlan: { type: 'text', nullable: true },
    mitigationDueAt: { type: 'datetime', nullable: true },
    closedAt: { type: 'datetime', nullable: true },
    closeReason: { type: 'text', nullable: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
    version: { type: 'integer' },
  },
});

/** What a risk affects, one row per reference, so "risks on this sku" is an indexed lookup. */
export class RiskSubject {
  riskId!: string;
  kind!: 'SKU' | 'SUPPLIER' | 'CUSTOMER' | 'REGION';
  ref!: string;
}

export const RiskSubjectSchema = new EntitySchema<RiskSubject>({
  class: RiskSubject,
  tableName: 'risk_subject',
  indexes: [{ properties: ['kind', 'ref'], name: 'risk_subject_ref_idx' }],
  properties: {
    riskId: { type: 'uuid', primary: true },
    kind: { type: 'string', length: 10, primary: true },
    ref: { type: 'string', length: 64, primary: true },
  },
});

export class RiskAssessment {
  id!: string;
  riskId!: string;
  likelihood!: number;
  impact!: number;
  score!: number;
  level!: RiskLevel;
  note!: string;
  assessedBy!: string;
  assessedAt!: Date;
}

export const RiskAssessmentSchema = new EntitySchema<RiskAssessment>({
  class: RiskAssessment,
  tableName: 'risk_assessment',
  indexes: [{ properties: ['riskId', 'id'], name: 'risk_assessment_risk_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    riskId: { type: 'uuid' },
    likelihood: { type: 'integer' },
    impact: { type: 'integer' },
    score: { type: 'integer' },
    level: { type: 'string', length: 10 },
    note: { type: 'text' },
    assessedBy: { type: 'string', length: 120 },
    assessedAt: { type: 'datetime' },
  },
});

export class Alert {
  id!: string;
  rule!: AlertRule;
  severity!: AlertSeverity;
  status!: AlertStatus;
  subjectKind!: string;
  subjectId!: string;
  /** rule:kind:id while unresolved, null after: a unique index keeps one open alert per rule and subject. */
  openKey?: string | null;
  message!: string;
  skus!: string[];
  customerIds!: string[];
  raisedAt!: Date;
  acknowledgedAt?: Date | null;
  acknowledgedBy?: string | null;
  resolvedAt?: Date | null;
  resolution?: string | null;
  version!: number;
}

export const AlertSchema = new EntitySchema<Alert>({
  class: Alert,
  tableName: 'alert',
  indexes: [{ properties: ['status', 'rule'], name: 'alert_status_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    rule: { type: 'string', length: 30 },
    severity: { type: 'string', length: 10 },
    status: { type: 'string', length: 14 },
    subjectKind: { type: 'string', length: 20 },
    subjectId: { type: 'string', length: 64 },
    openKey: { type: 'string', length: 120, nullable: true, unique: 'alert_open_key_unique' },
    message: { type: 'text' },
    skus: { type: 'json' },
    customerIds: { type: 'json' },
    raisedAt: { type: 'datetime' },
    acknowledgedAt: { type: 'datetime', nullable: true },
    acknowledgedBy: { type: 'string', length: 120, nullable: true },
    resolvedAt: { type: 'datetime', nullable: true },
    resolution: { type: 'text', nullable: true },
    version: { type: 'integer' },
  },
});

export class MarketAssessment {
  id!: string;
  kind!: MarketAssessmentKind;
  regionCode!: string;
  productLine?: string | null;
  entries!: MarketEntry[];
  recordedBy!: string;
  recordedAt!: Date;
}

export const MarketAssessmentSchema = new EntitySchema<MarketAssessment>({
  class: MarketAssessment,
  tableName: 'market_assessment',
  indexes: [{ properties: ['regionCode'], name: 'market_assessment_region_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    kind: { type: 'string', length: 4 },
    regionCode: { type: 'string', length: 20 },
    productLine: { type: 'string', length: 60, nullable: true },
    entries: { type: 'json' },
    recordedBy: { type: 'string', length: 120 },
    recordedAt: { type: 'datetime' },
  },
});

export class ContingencyPlan {
  id!: string;
  riskId!: string;
  trigger!: string;
  status!: ContingencyPlanStatus;
  activatedAt?: Date | null;
  activationReason?: string | null;
  completedAt?: Date | null;
  createdAt!: Date;
  version!: number;
}

export const ContingencyPlanSchema = new EntitySchema<ContingencyPlan>({
  class: ContingencyPlan,
  tableName: 'contingency_plan',
  indexes: [{ properties: ['riskId'], name: 'contingency_plan_risk_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    riskId: { type: 'uuid' },
    trigger: { type: 'text' },
    status: { type: 'string', length: 12 },
    activatedAt: { type: 'datetime', nullable: true },
    activationReason: { type: 'text', nullable: true },
    completedAt: { type: 'datetime', nullable: true },
    createdAt: { type: 'datetime' },
    version: { type: 'integer' },
  },
});

export class ContingencyAction {
  id!: string;
  planId!: string;
  position!: number;
  title!: string;
  ownerId?: string | null;
  status!: ContingencyActionStatus;
  completedAt?: Date | null;
}

export const ContingencyActionSchema = new EntitySchema<ContingencyAction>({
  class: ContingencyAction,
  tableName: 'contingency_action',
  indexes: [{ properties: ['planId'], name: 'contingency_action_plan_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    planId: { type: 'uuid' },
    position: { type: 'integer' },
    title: { type: 'string', length: 200 },
    ownerId: { type: 'uuid', nullable: true },
    status: { type: 'string', length: 12 },
    completedAt: { type: 'datetime', nullable: true },
  },
});

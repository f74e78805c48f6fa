// Budgets and spend, KPI schemes and appraisals, OKRs, training records.
import { BigIntType, EntitySchema } from '@salesgraph/db';
import type { ScopeKind } from '../domain/target';

export class Budget {
  id!: string;
  period!: string;
  kind!: string;
  scopeKind!: ScopeKind;
  scopeRef!: string;
  amount!: bigint;
  createdAt!: Date;
}

export const BudgetSchema = new EntitySchema<Budget>({
  class: Budget,
  tableName: 'budget',
  uniques: [{ properties: ['period', 'kind', 'scopeKind', 'scopeRef'], name: 'budget_scope_uq' }],
  properties: {
    id: { type: 'uuid', primary: true },
    period: { type: 'string', length: 7 },
    kind: { type: 'string', length: 16 },
    scopeKind: { type: 'string', length: 16 },
    scopeRef: { type: 'string', length: 60 },
    amount: { type: new BigIntType('bigint') },
    createdAt: { type: 'datetime' },
  },
});

export class BudgetSpend {
  id!: string;
  budgetId!: string;
  amount!: bigint;
  spentAt!: Date;
  note?: string | null;
  overspend!: boolean;
  createdAt!: Date;
}

export const BudgetSpendSchema = new EntitySchema<BudgetSpend>({
  class: BudgetSpend,
  tableName: 'budget_spend',
  indexes: [{ properties: ['budgetId'], name: 'budget_spend_budget_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    budgetId: { type: 'uuid' },
    amount: { type: new BigIntType('bigint') },
    spentAt: { type: 'datetime' },
    note: { type: 'string', length: 500, nullable: true },
    overspend: { type: 'boolean' },
    createdAt: { type: 'datetime' },
  },
});

export interface StoredKpi {
  metric: string;
  weight: string;
  target: string;
}

export class KpiScheme {
  id!: string;
  name!: string;
  kpis!: StoredKpi[];
  createdAt!: Date;
}

export const KpiSchemeSchema = new EntitySchema<KpiScheme>({
  class: KpiScheme,
  tableName: 'kpi_scheme',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 120, unique: 'kpi_scheme_name_uq' },
    kpis: { type: 'json' },
    createdAt: { type: 'datetime' },
  },
});

export interface StoredAppraisal {
  kpis: { metric: string; weight: string; target: string; actual: string | null; score: string; weighted: string }[];
  qualitative: { criterion: string; score: string }[];
  kpiTotal: string;
  qualitativeAverage: string | null;
}

export class Appraisal {
  id!: string;
  repId!: string;
  period!: string;
  schemeId!: string;
  result!: StoredAppraisal;
  /** Hundredths. */
  total!: number;
  rating!: string;
  createdAt!: Date;
}

export const AppraisalSchema = new EntitySchema<Appraisal>({
  class: Appraisal,
  tableName: 'appraisal',
  indexes: [{ properties: ['repId', 'period'], name: 'appraisal_rep_period_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    repId: { type: 'uuid' },
    period: { type: 'string', length: 7 },
    schemeId: { type: 'uuid' },
    result: { type: 'json' },
    total: { type: 'integer' },
    rating: { type: 'string', length: 1 },
    createdAt: { type: 'datetime' },
  },
});

export class Objective {
  id!: string;
  ownerRepId!: string;
  period!: string;
  title!: string;
  createdAt!: Date;
}

export const ObjectiveSchema = new EntitySchema<Objective>({
  class: Objective,
  tableName: 'objective',
  indexes: [{ properties: ['ownerRepId', 'period'], name: 'objective_owner_period_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    ownerRepId: { type: 'uuid' },
    period: { type: 'string', length: 7 },
    title: { type: 'string', length: 200 },
    createdAt: { type: 'datetime' },
  },
});

export class KeyResult {
  id!: string;
  objectiveId!: string;
  position!: number;
  title!: string;
  /** Hundredths. */
  target!: bigint;
  current!: bigint;
  unit!: string;
  updatedAt!: Date;
}

export const KeyResultSchema = new EntitySchema<KeyResult>({
  class: KeyResult,
  tableName: 'key_result',
  indexes: [{ properties: ['objectiveId'], name: 'key_result_objective_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    objectiveId: { type: 'uuid' },
    position: { type: 'integer' },
    title: { type: 'string', length: 200 },
    target: { type: new BigIntType('bigint') },
    current: { type: new BigIntType('bigint') },
    unit: { type: 'string', length: 30 },
    updatedAt: { type: 'datetime' },
  },
});

export class TrainingRecord {
  id!: string;
  repId!: string;
  course!: string;
  completedAt!: Date;
  /** Hundredths, 0-100; null when the course is not scored. */
  score?: number | null;
  /** Hundredths of an hour. */
  hours!: number;
  createdAt!: Date;
}

export const TrainingRecordSchema = new EntitySchema<TrainingRecord>({
  class: TrainingRecord,
  tableName: 'training_record',
  indexes: [{ properties: ['repId', 'completedAt'], name: 'training_record_rep_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    repId: { type: 'uuid' },
    course: { type: 'string', length: 200 },
    completedAt: { type: 'datetime' },
    score: { type: 'integer', nullable: true },
    hours: { type: 'integer' },
    createdAt: { type: 'datetime' },
  },
});

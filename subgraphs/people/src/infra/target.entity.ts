import { BigIntType, EntitySchema } from '@salesgraph/db';
import type { DecomposeInto, DecomposeMethod } from '../domain/decomposition';
import type { PeriodKind } from '../domain/period';
import type { ScopeKind, TargetMetric } from '../domain/target';

export class SalesTarget {
  id!: string;
  period!: string;
  periodKind!: PeriodKind;
  /** Sortable start of the period, "YYYY-MM". */
  periodStart!: string;
  scopeKind!: ScopeKind;
  /** '' for COMPANY. */
  scopeRef!: string;
  metric!: TargetMetric;
  /** Minor units for money metrics; a count for NEW_CUSTOMERS. */
  amount!: bigint;
  parentId?: string | null;
  rootId!: string;
  /** Set once the target has been decomposed (one decomposition per target). */
  decomposedInto?: DecomposeInto | null;
  method?: DecomposeMethod | null;
  createdAt!: Date;
}

export const SalesTargetSchema = new EntitySchema<SalesTarget>({
  class: SalesTarget,
  tableName: 'sales_target',
  uniques: [{ properties: ['period', 'scopeKind', 'scopeRef', 'metric'], name: 'sales_target_scope_uq' }],
  indexes: [
    { properties: ['parentId'], name: 'sales_target_parent_idx' },
    { properties: ['rootId'], name: 'sales_target_root_idx' },
    { properties: ['scopeKind', 'scopeRef'], name: 'sales_target_scope_idx' },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    period: { type: 'string', length: 7 },
    periodKind: { type: 'string', length: 8 },
    periodStart: { type: 'string', length: 7 },
    scopeKind: { type: 'string', length: 16 },
    scopeRef: { type: 'string', length: 60 },
    metric: { type: 'string', length: 16 },
    amount: { type: new BigIntType('bigint') },
    parentId: { type: 'uuid', nullable: true },
    rootId: { type: 'uuid' },
    decomposedInto: { type: 'string', length: 16, nullable: true },
    method: { type: 'string', length: 16, nullable: true },
    createdAt: { type: 'datetime' },
  },
});

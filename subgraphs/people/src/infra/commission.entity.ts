import { BigIntType, EntitySchema } from '@salesgraph/db';
import type { CommissionBand, CommissionBasis } from '../domain/commission';

export interface StoredTier {
  fromAttainment: string;
  rate: string;
}

export class CommissionPlan {
  id!: string;
  name!: string;
  basis!: CommissionBasis;
  /** Hundredths of a percent. */
  baseRate!: number;
  tiers!: StoredTier[];
  createdAt!: Date;
}

export const CommissionPlanSchema = new EntitySchema<CommissionPlan>({
  class: CommissionPlan,
  tableName: 'commission_plan',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 120, unique: 'commission_plan_name_uq' },
    basis: { type: 'string', length: 10 },
    baseRate: { type: 'integer' },
    tiers: { type: 'json' },
    createdAt: { type: 'datetime' },
  },
});

export class CommissionAssignment {
  id!: string;
  repId!: string;
  planId!: string;
  validFrom!: Date;
  createdAt!: Date;
}

export const CommissionAssignmentSchema = new EntitySchema<CommissionAssignment>({
  class: CommissionAssignment,
  tableName: 'commission_assignment',
  uniques: [{ properties: ['repId', 'validFrom'], name: 'commission_assignment_rep_from_uq' }],
  properties: {
    id: { type: 'uuid', primary: true },
    repId: { type: 'uuid' },
    planId: { type: 'uuid' },
    validFrom: { type: 'datetime' },
    createdAt: { type: 'datetime' },
  },
});

export interface StoredBand {
  fromAttainment: string;
  rate: string;
  basis: string;
}

export function storeBands(bands: CommissionBand[]): StoredBand[] {
  return bands.map((b) => ({ fromAttainment: b.fromAttainment.toString(), rate: b.rate.toString(), basis: b.basis.toString() }));
}

/** An immutable line of a rep's commission statement; a clawback is a new negative entry. */
export class CommissionEntry {
  id!: string;
  /** Idempotency key: "order:<id>", "payment:<id>", "clawback:<entry id>". */
  sourceKey!: string;
  repId!: string;
  planId!: string;
  orderId!: string;
  paymentId?: string | null;
  kind!: 'ACCRUAL' | 'CLAWBACK';
  month!: string;
  basisAmount!: bigint;
  amount!: bigint;
  targetId?: string | null;
  bands!: StoredBand[];
  explanation!: string;
  reversesId?: string | null;
  createdAt!: Date;
}

export const CommissionEntrySchema = new EntitySchema<CommissionEntry>({
  class: CommissionEntry,
  tableName: 'commission_entry',
  indexes: [
    { properties: ['repId', 'month'], name: 'commission_entry_rep_month_idx' },
    { properties: ['orderId'], name: 'commission_entry_order_idx' },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    sourceKey: { type: 'string', length: 80, unique: 'commission_entry_source_uq' },
    repId: { type: 'uuid' },
    planId: { type: 'uuid' },
    orderId: { type: 'uuid' },
    paymentId: { type: 'uuid', nullable: true },
    kind: { type: 'string', length: 10 },
    month: { type: 'string', length: 7 },
    basisAmount: { type: new BigIntType('bigint') },
    amount: { type: new BigIntType('bigint') },
    targetId: { type: 'uuid', nullable: true },
    bands: { type: 'json' },
    explanation: { type: 'string', length: 500 },
    reversesId: { type: 'uuid', nullable: true },
    createdAt: { type: 'datetime' },
  },
});

/** A payout of a rep's commissions for a period; entries are never edited by it. */
export class CommissionPayout {
  id!: string;
  repId!: string;
  period!: string;
  amount!: bigint;
  paidAt!: Date;
}

export const CommissionPayoutSchema = new EntitySchema<CommissionPayout>({
  class: CommissionPayout,
  tableName: 'commission_payout',
  indexes: [{ properties: ['repId', 'period'], name: 'commission_payout_rep_period_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    repId: { type: 'uuid' },
    period: { type: 'string', length: 7 },
    amount: { type: new BigIntType('bigint') },
    paidAt: { type: 'datetime' },
  },
});
